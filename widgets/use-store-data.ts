/**
 * Loads what an element shows: the saved snapshot at once (if any), then the store's answer in
 * the background, which replaces it and becomes the next snapshot. Stale answers are dropped.
 */
import { useLayoutEffect } from 'preact/hooks';
import { ApiError, describeError } from '../src/client/api';
import { useResource } from '../src/ui/use-resource';
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
  // Saved snapshots are the verified person's own (see snapshots.ts).
  const owned = () =>
    snapshotKey
      ? conn.owner().then((owner) => owner && { owner, key: `${snapshotKey}|${owner.person}` })
      : Promise.resolve(null);
  const result = useResource(load, [snapshotKey, ...deps], {
    // A layout effect starts right after the first render; a plain effect would wait for a frame.
    early: true,
    saved: () => owned().then((found) => (found ? readSnapshot<T>(found.key) : undefined)),
    onData: (data) =>
      void owned().then((found) => found && writeSnapshot(found.key, data, found.owner)),
    // A failure leaves the saved snapshot shown, unless the store refused the token (then it is
    // deleted, and no longer shown).
    drops: (error) => error instanceof ApiError && error.status === 401,
    describeWith: (error) => describeError(error, conn.store),
  });

  // Marked when the content is in the DOM, not a frame later.
  useLayoutEffect(() => {
    if (result.data !== undefined || result.error) host.markFirstContent();
  }, [host, result.data, result.error]);

  const { data, fresh, loading, error, failure, reload } = result;
  const errorStatus = failure instanceof ApiError ? failure.status : 0;
  return { data, fresh, loading, error, errorStatus, reload: () => void reload() };
}

/** A snapshot key: the store, the element and the query (useStoreData adds the verified person). */
export function snapshotKey(
  conn: { store: string },
  element: string,
  query: Record<string, unknown>,
): string {
  return [conn.store, element, JSON.stringify(query)].join('|');
}
