/**
 * The IndexedDB cache (via idb): one store per synced entity, the outbox of pending mutations,
 * the problems the store reported, and sync metadata. Survives browser restarts.
 */
import {
  type DBSchema,
  type IDBPDatabase,
  type IDBPTransaction,
  openDB,
  type StoreNames,
} from 'idb';
import { ENTITY_NAMES } from '../core/entities';
import { newId } from '../core/ids';
import type { Change, EntityMap, EntityName, Mutation, MutationResult, User } from '../core/types';

/** One object store per entity a pull carries. */
export { ENTITY_NAMES };

/** A row the cache holds for some entity. */
export type Row = EntityMap[EntityName];

/** One cached row as it is after a write; `row` undefined means it is gone. */
export type CacheChange = {
  [E in EntityName]: { entity: E; id: string; row?: EntityMap[E] };
}[EntityName];

/** A cached row an optimistic write changed, with the row as it was before (to undo it). */
export interface Touch {
  entity: EntityName;
  id: string;
  before?: Row;
}

/** A mutation waiting in the outbox until the store answers it. */
export interface PendingMutation extends Mutation {
  /** When it was queued; optimistic rows use it for their timestamps, so replays are stable. */
  queuedAt: string;
  /** Who queued it (the optimistic author). */
  by: { id: string; name: string };
  touches: Touch[];
  /** Facts read from the cache when it was queued, for its optimistic effect. */
  derived?: Record<string, unknown>;
}

/** A mutation the store refused (never retried) or could not apply without a conflict. */
export interface Problem {
  /** The mutation id. */
  id: number;
  mutation: Mutation;
  result: Extract<MutationResult, { status: 'rejected' | 'conflict' }>;
  at: string;
}

export interface MetaMap {
  /** This browser profile's identity towards the store (mutation ids count per client). */
  clientId: string;
  /** The id the next queued mutation gets. */
  nextMutationId: number;
  /** The pull cursor: the store's global version this cache has seen. */
  cursor: number;
  /** The highest mutation id the store has applied for this client. */
  lastMutationId: number;
  /** The signed-in person, used as the author of optimistic writes. */
  user: User | null;
  /** Writes the store applied whose rows the next pull brings; their optimistic rows stay until then. */
  settled: PendingMutation[];
}
export type MetaKey = keyof MetaMap;

type Index<K extends string> = Record<K, IDBValidKey>;

/**
 * Indexes only where a lookup needs one: every index is written with every row, and a first sync writes
 * thousands. Lists and search read the in-memory index built from all rows, not IndexedDB indexes.
 */
export interface CacheSchema extends DBSchema {
  community: { key: string; value: EntityMap['community'] };
  membership: {
    key: string;
    value: EntityMap['membership'];
    indexes: Index<'community_userId'>;
  };
  practice: { key: string; value: EntityMap['practice'] };
  question: { key: string; value: EntityMap['question'] };
  answer: { key: string; value: EntityMap['answer']; indexes: Index<'questionId'> };
  endorsement: {
    key: string;
    value: EntityMap['endorsement'];
    indexes: Index<'practiceId_userId'>;
  };
  prompt: { key: string; value: EntityMap['prompt'] };
  conflict: { key: string; value: EntityMap['conflict'] };
  outbox: { key: number; value: PendingMutation };
  problems: { key: number; value: Problem };
  meta: { key: MetaKey; value: MetaMap[MetaKey] };
}

export type CacheDb = IDBPDatabase<CacheSchema>;
export type CacheStoreName = StoreNames<CacheSchema>;
/** A read-write transaction over some of the cache's stores. */
export type CacheTx = IDBPTransaction<CacheSchema, ArrayLike<CacheStoreName>, 'readwrite'>;
type AnyTx = IDBPTransaction<CacheSchema, ArrayLike<CacheStoreName>, IDBTransactionMode>;

export const CACHE_VERSION = 2;

/** Indexes version 1 had and nothing looked anything up by: dropped when a version 1 cache is opened. */
const UNUSED_SINCE_2: [CacheStoreName, string[]][] = [
  ['community', ['slug']],
  ['membership', ['community', 'userId']],
  ['practice', ['community', 'author', 'status', 'updatedAt', 'sourceUrl']],
  ['question', ['community', 'author', 'status', 'updatedAt']],
  ['answer', ['community', 'author']],
  ['endorsement', ['practiceId', 'userId']],
  ['prompt', ['community']],
  ['conflict', ['community', 'entityId', 'author']],
];

/**
 * Opens (creating or upgrading) the cache database `name`. When another tab opens a newer version,
 * this connection closes at once (idb's `blocking`) so that tab's upgrade is not held up; this tab's
 * code is then the older one, which cannot reopen the upgraded cache, and is told by `onOutdated`
 * (e.g. to ask for a reload).
 */
export function openCache(
  name = 'cop-kit',
  options: { onOutdated?: () => void } = {},
): Promise<CacheDb> {
  let opened: CacheDb | undefined;
  return openDB<CacheSchema>(name, CACHE_VERSION, {
    blocking() {
      opened?.close();
      options.onOutdated?.();
    },
    upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
        db.createObjectStore('community', { keyPath: 'id' });
        db.createObjectStore('membership', { keyPath: 'id' }).createIndex('community_userId', [
          'community',
          'userId',
        ]);
        db.createObjectStore('practice', { keyPath: 'id' });
        db.createObjectStore('question', { keyPath: 'id' });
        db.createObjectStore('answer', { keyPath: 'id' }).createIndex('questionId', 'questionId');
        db.createObjectStore('endorsement', { keyPath: 'id' }).createIndex('practiceId_userId', [
          'practiceId',
          'userId',
        ]);
        db.createObjectStore('prompt', { keyPath: 'id' });
        db.createObjectStore('conflict', { keyPath: 'id' });
        db.createObjectStore('outbox', { keyPath: 'id' });
        db.createObjectStore('problems', { keyPath: 'id' });
        db.createObjectStore('meta');
        return;
      }
      if (oldVersion < 2) {
        for (const [store, indexes] of UNUSED_SINCE_2) {
          const objectStore = tx.objectStore(store) as unknown as IDBObjectStore;
          for (const index of indexes)
            if (objectStore.indexNames.contains(index)) objectStore.deleteIndex(index);
        }
      }
    },
  }).then((db) => {
    opened = db;
    return db;
  });
}

/** Reads one metadata value, in a transaction of its own or in `tx`. */
export async function getMeta<K extends MetaKey>(
  source: CacheDb | AnyTx,
  key: K,
): Promise<MetaMap[K] | undefined> {
  const value =
    'mode' in source ? await source.objectStore('meta').get(key) : await source.get('meta', key);
  return value as MetaMap[K] | undefined;
}

/** Writes one metadata value, in a transaction of its own or in `tx`. */
export async function setMeta<K extends MetaKey>(
  source: CacheDb | CacheTx,
  key: K,
  value: MetaMap[K],
): Promise<void> {
  if ('mode' in source) await source.objectStore('meta').put(value, key);
  else await source.put('meta', value, key);
}

/** This cache's client id, created once (atomically, so two tabs agree on it). */
export async function getClientId(db: CacheDb): Promise<string> {
  const existing = await getMeta(db, 'clientId');
  if (existing) return existing;
  const tx = db.transaction('meta', 'readwrite');
  const store = tx.objectStore('meta');
  const stored = (await store.get('clientId')) as string | undefined;
  const id = stored || newId();
  if (!stored) await store.put(id, 'clientId');
  await tx.done;
  return id;
}

/** A loosely typed view of one entity store: callers pick the store by a runtime name. */
interface RowStore {
  get(id: string): Promise<Row | undefined>;
  put(row: Row): Promise<unknown>;
  delete(id: string): Promise<void>;
}
export function rowStore(tx: AnyTx, entity: EntityName): RowStore {
  return tx.objectStore(entity) as unknown as RowStore;
}

export interface ApplyOptions {
  /** The cursor the page was pulled from: if the cache moved on meanwhile (another tab), nothing is applied. */
  since?: number;
  /** The store's `lastMutationId` for this client, saved in the same transaction. */
  lastMutationId?: number;
  /** Runs inside the same transaction after the rows are written (the outbox re-applies pending writes). */
  afterApply?: (tx: CacheTx, changes: Change[], written: Map<string, CacheChange>) => Promise<void>;
}

export const changeKey = (entity: EntityName, id: string) => `${entity}\u0000${id}`;

/**
 * Writes a pulled page in one transaction: puts rows, deletes tombstones, stores the cursor.
 * Returns the rows as they now are, or `null` when `since` no longer matched (pull again).
 */
export async function applyChanges(
  db: CacheDb,
  changes: Change[],
  cursor: number,
  options: ApplyOptions = {},
): Promise<CacheChange[] | null> {
  const tx = db.transaction([...ENTITY_NAMES, 'meta', 'outbox'], 'readwrite') as CacheTx;
  const meta = tx.objectStore('meta');
  if (options.since !== undefined) {
    const current = ((await meta.get('cursor')) as number | undefined) ?? 0;
    if (current !== options.since) {
      tx.abort();
      await tx.done.catch(() => {});
      return null;
    }
  }
  const written = new Map<string, CacheChange>();
  const requests: Promise<unknown>[] = [];
  for (const change of changes) {
    const store = rowStore(tx, change.entity);
    // Issued together (IndexedDB runs a transaction's requests in order): awaiting each one would cost a
    // round trip to the browser's database process per row.
    requests.push(change.op === 'put' ? store.put(change.data) : store.delete(change.id));
    written.set(changeKey(change.entity, change.id), {
      entity: change.entity,
      id: change.id,
      row: change.op === 'put' ? change.data : undefined,
    } as CacheChange);
  }
  await Promise.all(requests);
  const current = ((await meta.get('cursor')) as number | undefined) ?? 0;
  if (cursor > current || options.since !== undefined) await meta.put(cursor, 'cursor');
  if (options.lastMutationId !== undefined) {
    await meta.put(options.lastMutationId, 'lastMutationId');
  }
  await options.afterApply?.(tx, changes, written);
  await tx.done;
  return [...written.values()];
}

/** All rows of one entity (e.g. to build the search index at start). */
export function allRows<E extends EntityName>(db: CacheDb, entity: E): Promise<EntityMap[E][]> {
  return db.getAll(entity) as Promise<EntityMap[E][]>;
}

/** Pending mutations in id order (the order they must reach the store). */
export function pendingMutations(db: CacheDb, limit?: number): Promise<PendingMutation[]> {
  return db.getAll('outbox', undefined, limit);
}

export function pendingCount(db: CacheDb): Promise<number> {
  return db.count('outbox');
}

export function listProblems(db: CacheDb): Promise<Problem[]> {
  return db.getAll('problems');
}

/** Removes a problem once the person has seen or resolved it. */
export function dismissProblem(db: CacheDb, id: number): Promise<void> {
  return db.delete('problems', id);
}

/**
 * Starts this cache afresh for another person on the same browser profile: synced rows, problems,
 * cursor and client id go (the store ties a client id to one user). Pending mutations belong to
 * the previous person, so unless `discardPending` is set nothing changes while any remain;
 * returns whether the reset happened.
 */
export async function resetForNewUser(
  db: CacheDb,
  user: User | null,
  options: { discardPending?: boolean } = {},
): Promise<boolean> {
  const tx = db.transaction([...ENTITY_NAMES, 'meta', 'problems', 'outbox'], 'readwrite');
  const outbox = tx.objectStore('outbox');
  if (!options.discardPending && (await outbox.count()) > 0) {
    await tx.done;
    return false;
  }
  const meta = tx.objectStore('meta');
  await Promise.all([
    ...ENTITY_NAMES.map((name) => tx.objectStore(name).clear()),
    tx.objectStore('problems').clear(),
    outbox.clear(),
    ...(['cursor', 'clientId', 'nextMutationId', 'lastMutationId', 'settled'] as const).map((key) =>
      meta.delete(key),
    ),
    meta.put(user, 'user'),
  ]);
  await tx.done;
  return true;
}
