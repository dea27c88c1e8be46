/**
 * One way to run a write from a button or a form: `busy` while it runs (to disable the control), the
 * sentence of its failure in `error`, and `retry` to run the last call again. The failure is caught
 * and shown, never thrown at the caller: `run` resolves `undefined` when the work failed.
 */
import { useCallback, useRef, useState } from 'preact/hooks';
import { describeError } from '../client/api';

export interface Action<A extends unknown[], R> {
  run: (...args: A) => Promise<R | undefined>;
  /** True while a call runs; a control that starts the action is disabled meanwhile. */
  busy: boolean;
  /** The sentence to show for the last call's failure; empty when it succeeded or is running. */
  error: string;
  /** Runs the last call again with the same arguments (nothing when there was none). */
  retry: () => Promise<R | undefined>;
  /** Forgets the shown failure (e.g. when the form is edited). */
  clearError: () => void;
}

export interface ActionOptions {
  /** Turns a failure into its sentence (default: describeError). */
  describeWith?: (error: unknown) => string;
  /** Told of every failure as well, e.g. to announce it where the action has no place for `error`. */
  onError?: (message: string, error: unknown) => void;
}

export function useAction<A extends unknown[], R>(
  work: (...args: A) => Promise<R>,
  options: ActionOptions = {},
): Action<A, R> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  // The latest closures, so `run` stays one function across renders yet sees the current state.
  const latest = useRef({ work, options });
  latest.current = { work, options };
  const last = useRef<A | null>(null);

  const run = useCallback(async (...args: A): Promise<R | undefined> => {
    last.current = args;
    setBusy(true);
    setError('');
    try {
      return await latest.current.work(...args);
    } catch (e) {
      const { describeWith = describeError, onError } = latest.current.options;
      const message = describeWith(e);
      setError(message);
      onError?.(message, e);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);

  const retry = useCallback(
    () => (last.current ? run(...last.current) : Promise.resolve(undefined)),
    [run],
  );
  const clearError = useCallback(() => setError(''), []);
  return { run, busy, error, retry, clearError };
}
