/**
 * One way to load what a view shows: the data, whether it is loading, the sentence of the last
 * failure, and `reload`. A load that a newer one overtook is dropped, so a fast switch of community
 * or query never shows the older answer. Used by the console's pages, the widgets (with a saved
 * copy to show at once) and the side panel.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { describeError } from '../client/api';

export interface Resource<T> {
  data: T | undefined;
  /** True once the load answered for the current deps (a saved copy shown meanwhile is not fresh). */
  fresh: boolean;
  loading: boolean;
  /** The sentence to show when the last load failed; empty while a load runs or after it succeeded. */
  error: string;
  /**
   * The last failure itself (e.g. to read an ApiError's status). It stays while a new load runs, so
   * what it decides (a sign-in prompt) does not flicker, and goes when a load succeeds.
   */
  failure: unknown;
  reload: () => Promise<void>;
  /** Replaces the data locally, after a write whose answer already says what changed. */
  set: (update: (current: T | undefined) => T | undefined) => void;
}

export interface ResourceOptions<T> {
  /** A copy to show until the load answers (a saved snapshot); it never replaces an answer. */
  saved?: () => Promise<T | undefined>;
  /** Called with every answer, e.g. to save it as the next snapshot. */
  onData?: (data: T) => void;
  /** True for failures after which the data shown must go (e.g. a refused token); default: keep it. */
  drops?: (error: unknown) => boolean;
  /** Turns a failure into its sentence (default: describeError). */
  describeWith?: (error: unknown) => string;
  /** Start in a layout effect, right after the first render rather than a frame later. */
  early?: boolean;
}

interface State<T> {
  data: T | undefined;
  fresh: boolean;
  loading: boolean;
  error: string;
  failure: unknown;
}

export function useResource<T>(
  load: () => Promise<T>,
  deps: unknown[],
  options: ResourceOptions<T> = {},
): Resource<T> {
  const [state, setState] = useState<State<T>>({
    data: undefined,
    fresh: false,
    loading: true,
    error: '',
    failure: undefined,
  });
  const latest = useRef(0);
  const opts = useRef(options);
  opts.current = options;

  const reload = useCallback(async () => {
    const call = ++latest.current;
    const current = () => call === latest.current;
    const { saved, onData, drops, describeWith = describeError } = opts.current;
    let answered = false;
    let dropped = false;
    setState((s) => ({ ...s, fresh: false, loading: true, error: '' }));
    saved?.().then(
      (copy) => {
        if (!current() || answered || dropped || copy === undefined) return;
        setState((s) => ({ ...s, data: copy }));
      },
      () => undefined,
    );
    try {
      const data = await load();
      answered = true;
      if (!current()) return;
      setState({ data, fresh: true, loading: false, error: '', failure: undefined });
      onData?.(data);
    } catch (error) {
      if (!current()) return;
      dropped = drops?.(error) ?? false;
      setState((s) => ({
        data: dropped ? undefined : s.data,
        fresh: false,
        loading: false,
        error: describeWith(error),
        failure: error,
      }));
    }
  }, deps);

  (options.early ? useLayoutEffect : useEffect)(() => {
    void reload();
    // Unmounted or overtaken: whatever is still on its way is dropped.
    return () => {
      latest.current += 1;
    };
  }, [reload]);

  const set = useCallback(
    (update: (current: T | undefined) => T | undefined) =>
      setState((s) => ({ ...s, data: update(s.data) })),
    [],
  );
  return { ...state, reload, set };
}
