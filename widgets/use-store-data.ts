/**
 * Loads what an element shows: the saved snapshot at once (if any), then the store's answer in
 * the background, which replaces it and becomes the next snapshot. Stale answers are dropped.
 */
import { useLayoutEffect, useState } from 'preact/hooks';
import { ApiError } from '../src/client/api';
import { useElement } from './element-base';
import { readSnapshot, writeSnapshot } from './snapshots';

export interface StoreData<T> {
  data: T | undefined;
  /** True once the store answered for the current query. */
  fresh: boolean;
  loading: boolean;
  /** The sentence to show when the last load failed. */
  error: string;
  /** The HTTP status of that failure (0: unreachable or not an HTTP failure). */
  errorStatus: number;
  reload(): void;
}

/**
 * `load` runs whenever `deps` change. `snapshotKey` names the saved copy (null: none, e.g. for
 * searches); it should include everything the answer depends on except the person, which is added
 * once the store has verified who holds the token.
 */
export function useStoreData<T>(
  snapshotKey: string | null,
  load: () => Promise<T>,
  deps: unknown[],
): StoreData<T> {
  const { host, conn } = useElement();
  const [state, setState] = useState<Omit<StoreData<T>, 'reload'>>({
    data: undefined,
    fresh: false,
    loading: true,
    error: '',
    errorStatus: 0,
  });
  const [nonce, setNonce] = useState(0);

  // A layout effect starts right after the first render; a plain effect would wait for a frame.
  useLayoutEffect(() => {
    let live = true;
    let answered = false;
    let refused = false;
    setState((s) => ({ ...s, fresh: false, loading: true, error: '' }));
    // Saved snapshots are the verified person's own (see snapshots.ts).
    const owned = snapshotKey
      ? conn.owner().then((owner) => owner && { owner, key: `${snapshotKey}|${owner.person}` })
      : Promise.resolve(null);
    owned
      .then((found) => (found ? readSnapshot<T>(found.key) : undefined))
      .then((saved) => {
        if (!live || answered || refused || saved === undefined) return;
        setState((s) => ({ ...s, data: saved }));
      });
    load().then(
      (data) => {
        answered = true;
        if (!live) return;
        setState({ data, fresh: true, loading: false, error: '', errorStatus: 0 });
        void owned.then((found) => found && writeSnapshot(found.key, data, found.owner));
      },
      (error: unknown) => {
        // A failure leaves `answered` false: the saved snapshot is still worth showing, unless the
        // store refused the token (then it is deleted, and no longer shown).
        if (!live) return;
        const errorStatus = error instanceof ApiError ? error.status : 0;
        refused = errorStatus === 401;
        setState((s) => ({
          ...s,
          data: refused ? undefined : s.data,
          loading: false,
          error: conn.describe(error),
          errorStatus,
        }));
      },
    );
    return () => {
      live = false;
    };
  }, [snapshotKey, nonce, ...deps]);

  // Marked when the content is in the DOM, not a frame later.
  useLayoutEffect(() => {
    if (state.data !== undefined || state.error) host.markFirstContent();
  }, [host, state.data, state.error]);

  return { ...state, reload: () => setNonce((n) => n + 1) };
}

/** A snapshot key: the store, the element and the query (useStoreData adds the verified person). */
export function snapshotKey(
  conn: { store: string },
  element: string,
  query: Record<string, unknown>,
): string {
  return [conn.store, element, JSON.stringify(query)].join('|');
}
