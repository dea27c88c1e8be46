/**
 * The last answer each element showed, kept in IndexedDB so a returning visitor sees it at once
 * while a fresh one is fetched. Snapshots are views (a query's result), not the sync replica in
 * src/client/db.ts: they need no membership and also hold what has no entity store (experts).
 *
 * What one person saw is theirs only: every snapshot belongs to the person the store verified
 * (never a token's unverified claims), lives no longer than the token it was fetched with, and is
 * deleted when the store refuses that token (see connection.ts).
 */
const DB_NAME = 'cop-widgets';
/** Version 2 keys snapshots by the verified person; version 1's (keyed by a token's claims) are dropped. */
const DB_VERSION = 2;
const SNAPSHOTS = 'snapshots';
const PEOPLE = 'people';
/** Snapshots are never kept longer than this (ms), whatever their token allows. */
export const MAX_AGE = 30 * 24 * 3600_000;

/** Whose a snapshot is: the store, the person it verified (or "anonymous") and until when it may be kept. */
export interface Owner {
  store: string;
  person: string;
  /** ms since the epoch: the token's expiry, or at most MAX_AGE from now. */
  until: number;
}

interface Snapshot<T> extends Owner {
  key: string;
  at: number;
  value: T;
}

/** A token (by its SHA-256, never the token itself) the store has verified as a person. */
interface KnownToken extends Owner {
  key: string;
}

let opening: Promise<IDBDatabase | null> | undefined;

function open(): Promise<IDBDatabase | null> {
  opening ??= new Promise<IDBDatabase | null>((resolve) => {
    try {
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        for (const name of [SNAPSHOTS, PEOPLE])
          if (db.objectStoreNames.contains(name)) db.deleteObjectStore(name);
        db.createObjectStore(SNAPSHOTS, { keyPath: 'key' });
        db.createObjectStore(PEOPLE, { keyPath: 'key' });
      };
      request.onsuccess = () => resolve(request.result);
      // Private modes and blocked storage: the elements simply work without a cache.
      request.onerror = () => resolve(null);
      request.onblocked = () => resolve(null);
    } catch {
      resolve(null);
    }
  }).then(async (db) => {
    if (db) await removeWhere(db, (record) => record.until <= Date.now());
    return db;
  });
  return opening;
}

function run<T>(
  name: string,
  mode: IDBTransactionMode,
  act: (store: IDBObjectStore) => IDBRequest,
): Promise<T | undefined> {
  return open().then(
    (db) =>
      new Promise((resolve) => {
        if (!db) return resolve(undefined);
        try {
          const request = act(db.transaction(name, mode).objectStore(name));
          request.onsuccess = () => resolve(request.result as T);
          request.onerror = () => resolve(undefined);
        } catch {
          resolve(undefined);
        }
      }),
  );
}

/** Deletes every snapshot and known token that `doomed` picks (expired ones at open, a refused person's). */
function removeWhere(db: IDBDatabase, doomed: (record: Owner) => boolean): Promise<void> {
  return new Promise((resolve) => {
    try {
      const tx = db.transaction([SNAPSHOTS, PEOPLE], 'readwrite');
      for (const name of [SNAPSHOTS, PEOPLE]) {
        const cursor = tx.objectStore(name).openCursor();
        cursor.onsuccess = () => {
          const at = cursor.result;
          if (!at) return;
          if (doomed(at.value as Owner)) at.delete();
          at.continue();
        };
      }
      tx.oncomplete = () => resolve();
      tx.onerror = () => resolve();
      tx.onabort = () => resolve();
    } catch {
      resolve();
    }
  });
}

const current = (record: { at?: number; until: number } | undefined) =>
  !!record && record.until > Date.now() && Date.now() - (record.at ?? Date.now()) < MAX_AGE;

/** The snapshot stored under `key`, if there is one its owner may still see. */
export async function readSnapshot<T>(key: string): Promise<T | undefined> {
  const found = await run<Snapshot<T>>(SNAPSHOTS, 'readonly', (store) => store.get(key));
  return current(found) ? found!.value : undefined;
}

/** Replaces the snapshot under `key`, owned by `owner`; failures (quota, private mode) are ignored. */
export async function writeSnapshot<T>(key: string, value: T, owner: Owner): Promise<void> {
  const until = Math.min(owner.until, Date.now() + MAX_AGE);
  await run(SNAPSHOTS, 'readwrite', (store) =>
    store.put({ ...owner, until, key, at: Date.now(), value } satisfies Snapshot<T>),
  );
}

/** Remembers that the store verified the token with this digest as `owner.person`, until the token expires. */
export async function rememberToken(digest: string, owner: Owner): Promise<void> {
  const key = `${owner.store}|${digest}`;
  await run(PEOPLE, 'readwrite', (store) => store.put({ ...owner, key } satisfies KnownToken));
}

/** Whom the store verified the token with this digest as, if that is still current. */
export async function recallToken(store: string, digest: string): Promise<Owner | undefined> {
  const found = await run<KnownToken>(PEOPLE, 'readonly', (s) => s.get(`${store}|${digest}`));
  return current(found) ? found : undefined;
}

/** Deletes everything saved for `person` from `store`: their snapshots and the tokens known as theirs. */
export async function forgetPerson(store: string, person: string): Promise<void> {
  const db = await open();
  if (db) await removeWhere(db, (record) => record.store === store && record.person === person);
}
