/**
 * The last answer each element showed, kept in IndexedDB so a returning visitor sees it at once
 * while a fresh one is fetched. Snapshots are views (a query's result), not the sync replica in
 * src/client/db.ts: they need no membership and also hold what has no entity store (experts).
 */
const DB_NAME = 'cop-widgets';
const STORE = 'snapshots';
/** Older snapshots are still shown, but never once they are this old (ms). */
const MAX_AGE = 30 * 24 * 3600_000;

interface Snapshot<T> {
  key: string;
  at: number;
  value: T;
}

let opening: Promise<IDBDatabase | null> | undefined;

function open(): Promise<IDBDatabase | null> {
  opening ??= new Promise((resolve) => {
    try {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'key' });
      request.onsuccess = () => resolve(request.result);
      // Private modes and blocked storage: the elements simply work without a cache.
      request.onerror = () => resolve(null);
      request.onblocked = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
  return opening;
}

function run<T>(
  mode: IDBTransactionMode,
  act: (store: IDBObjectStore) => IDBRequest,
): Promise<T | undefined> {
  return open().then(
    (db) =>
      new Promise((resolve) => {
        if (!db) return resolve(undefined);
        try {
          const request = act(db.transaction(STORE, mode).objectStore(STORE));
          request.onsuccess = () => resolve(request.result as T);
          request.onerror = () => resolve(undefined);
        } catch {
          resolve(undefined);
        }
      }),
  );
}

/** The snapshot stored under `key`, if there is a recent one. */
export async function readSnapshot<T>(key: string): Promise<T | undefined> {
  const found = await run<Snapshot<T>>('readonly', (store) => store.get(key));
  return found && Date.now() - found.at < MAX_AGE ? found.value : undefined;
}

/** Replaces the snapshot under `key`; failures (quota, private mode) are ignored. */
export async function writeSnapshot<T>(key: string, value: T): Promise<void> {
  await run('readwrite', (store) =>
    store.put({ key, at: Date.now(), value } satisfies Snapshot<T>),
  );
}
