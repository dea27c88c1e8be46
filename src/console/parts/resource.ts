/** Loads data for a page and keeps the loading, error and reload state together. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { describeError } from '../api';

export interface Resource<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => Promise<void>;
  /** Replaces the data locally, after a write whose answer already says what changed. */
  set: (update: (current: T | undefined) => T | undefined) => void;
}

export function useResource<T>(load: () => Promise<T>, deps: unknown[]): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const reload = useCallback(async () => {
    const call = ++latest.current;
    setLoading(true);
    try {
      const value = await load();
      if (call !== latest.current) return;
      setData(value);
      setError(null);
    } catch (e) {
      if (call === latest.current) setError(describeError(e));
    } finally {
      if (call === latest.current) setLoading(false);
    }
  }, deps);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload, set: (update) => setData(update) };
}
