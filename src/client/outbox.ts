/**
 * The outbox: every local write is queued here with the next mutation id and shown at once in
 * the cache; it leaves only when the store answers it (applied, skipped, rejected or conflict).
 */
import { newId } from '../core/ids';
import type { MutationArgsOf } from '../core/schemas';
import type { Change, EntityName, MutationName, PushResponse } from '../core/types';
import {
  type CacheChange,
  type CacheDb,
  type CacheTx,
  changeKey,
  ENTITY_NAMES,
  type PendingMutation,
  type Problem,
  type Row,
  rowStore,
  type Touch,
} from './db';
import { applyEffect, localEndorsementId, planEffect } from './optimistic';

/** Mutations that create an entity: their `id` may be left out and is then generated. */
type Creating = 'createPractice' | 'createQuestion' | 'createAnswer';

/** Arguments as callers give them: entity ids of new things are optional. */
export type MutateArgs<N extends MutationName> = N extends Creating
  ? Omit<MutationArgsOf<N>, 'id'> & { id?: string }
  : MutationArgsOf<N>;

export interface EnqueueResult<N extends MutationName = MutationName> {
  mutation: PendingMutation & { name: N; args: MutationArgsOf<N> };
  /** The cached rows the optimistic write changed, as they are now. */
  changes: CacheChange[];
}

const WRITE_STORES = ['meta', 'outbox', ...ENTITY_NAMES] as const;

/**
 * Queues a mutation and applies its optimistic effect, all in one transaction: two tabs of the
 * same origin share the counter, and IndexedDB serialises their transactions, so ids never repeat.
 */
export async function enqueue<N extends MutationName>(
  db: CacheDb,
  name: N,
  args: MutateArgs<N>,
): Promise<EnqueueResult<N>> {
  const withId = { ...args } as Record<string, unknown>;
  if (isCreating(name) && !withId.id) withId.id = newId();

  const tx = db.transaction(WRITE_STORES, 'readwrite') as unknown as CacheTx;
  const meta = tx.objectStore('meta');
  const outbox = tx.objectStore('outbox');
  const user = (await meta.get('user')) as { id: string; name: string } | null | undefined;
  const by = { id: user?.id ?? '', name: user?.name ?? '' };

  const counter = (await meta.get('nextMutationId')) as number | undefined;
  const lastApplied = ((await meta.get('lastMutationId')) as number | undefined) ?? 0;
  const lastQueued = (await outbox.openKeyCursor(null, 'prev'))?.key ?? 0;
  const id = Math.max(counter ?? 1, lastApplied + 1, lastQueued + 1);

  const queuedAt = new Date().toISOString();
  const plan = await planEffect(tx, name, withId, by);
  const entry: PendingMutation = {
    id,
    name,
    args: withId,
    queuedAt,
    by,
    touches: [],
    ...(plan.derived ? { derived: plan.derived } : {}),
  };
  const written = new Map<string, CacheChange>();
  for (const { entity, id: rowId } of plan.touches) {
    const store = rowStore(tx, entity);
    const before = await store.get(rowId);
    const after = applyEffect(entry, entity, rowId, before);
    await writeRow(tx, entity, rowId, after);
    entry.touches.push({ entity, id: rowId, before });
    written.set(changeKey(entity, rowId), { entity, id: rowId, row: after } as CacheChange);
  }
  await outbox.add(entry);
  await meta.put(id + 1, 'nextMutationId');
  await tx.done;
  return {
    mutation: entry as EnqueueResult<N>['mutation'],
    changes: [...written.values()],
  };
}

function isCreating(name: MutationName): name is Creating {
  return name === 'createPractice' || name === 'createQuestion' || name === 'createAnswer';
}

async function writeRow(tx: CacheTx, entity: EntityName, id: string, row: Row | undefined) {
  const store = rowStore(tx, entity);
  if (row) await store.put(row);
  else await store.delete(id);
}

/**
 * Re-applies the optimistic effects of pending mutations to the rows in `keys`, oldest first,
 * from whatever those rows now hold (a newer server row, or the state before an undone write).
 */
export async function replayPending(
  tx: CacheTx,
  keys: Set<string>,
  written: Map<string, CacheChange>,
): Promise<void> {
  if (keys.size === 0) return;
  const outbox = tx.objectStore('outbox');
  const entries = await outbox.getAll();
  for (const entry of entries) {
    let changed = false;
    for (const touch of entry.touches) {
      const key = changeKey(touch.entity, touch.id);
      if (!keys.has(key)) continue;
      const store = rowStore(tx, touch.entity);
      const before = await store.get(touch.id);
      const after = applyEffect(entry, touch.entity, touch.id, before);
      await writeRow(tx, touch.entity, touch.id, after);
      touch.before = before;
      changed = true;
      written.set(key, { entity: touch.entity, id: touch.id, row: after } as CacheChange);
    }
    if (changed) await outbox.put(entry);
  }
}

/**
 * Hook for `applyChanges`: pulled rows replace cached ones, then pending writes are laid on
 * top again, and stand-in endorsements give way to the store's real rows.
 */
export async function rebaseOnPulled(
  tx: CacheTx,
  changes: Change[],
  written: Map<string, CacheChange>,
): Promise<void> {
  await replayPending(tx, new Set(written.keys()), written);
  const endorsements = rowStore(tx, 'endorsement');
  for (const change of changes) {
    if (change.entity !== 'endorsement' || change.op !== 'put') continue;
    if (change.data.id === localEndorsementId(change.data.practiceId)) continue;
    const localId = localEndorsementId(change.data.practiceId);
    const local = await endorsements.get(localId);
    if (local && 'userId' in local && local.userId === change.data.userId) {
      await endorsements.delete(localId);
      written.set(changeKey('endorsement', localId), { entity: 'endorsement', id: localId });
    }
  }
}

export interface ResultsOutcome {
  /** Cached rows changed by undoing refused writes. */
  changes: CacheChange[];
  /** Newly recorded problems (rejected or conflicting mutations). */
  problems: Problem[];
  /** How many mutations left the outbox. */
  settled: number;
}

/**
 * Records the store's answer to a push in one transaction: answered mutations leave the outbox,
 * refused ones become problems and their optimistic effects are undone.
 */
export async function settleResults(db: CacheDb, response: PushResponse): Promise<ResultsOutcome> {
  const tx = db.transaction([...WRITE_STORES, 'problems'], 'readwrite') as unknown as CacheTx;
  const outbox = tx.objectStore('outbox');
  const problemStore = tx.objectStore('problems');
  const at = new Date().toISOString();
  const written = new Map<string, CacheChange>();
  const undone = new Set<string>();
  const problems: Problem[] = [];
  let settled = 0;

  for (const result of response.results) {
    const entry = await outbox.get(result.id);
    if (!entry) continue; // another tab settled it already
    if (result.status === 'rejected' || result.status === 'conflict') {
      const problem: Problem = {
        id: entry.id,
        mutation: { id: entry.id, name: entry.name, args: entry.args },
        result,
        at,
      };
      await problemStore.put(problem);
      problems.push(problem);
      await undo(tx, entry.touches, written, undone);
    }
    await outbox.delete(result.id);
    settled++;
  }
  await replayPending(tx, undone, written);
  await tx.objectStore('meta').put(response.lastMutationId, 'lastMutationId');
  await renumberIfBehind(tx, response.lastMutationId);
  await tx.done;
  return { changes: [...written.values()], problems, settled };
}

async function undo(
  tx: CacheTx,
  touches: Touch[],
  written: Map<string, CacheChange>,
  undone: Set<string>,
) {
  for (const touch of [...touches].reverse()) {
    await writeRow(tx, touch.entity, touch.id, touch.before);
    const key = changeKey(touch.entity, touch.id);
    undone.add(key);
    written.set(key, { entity: touch.entity, id: touch.id, row: touch.before } as CacheChange);
  }
}

/**
 * Gives the pending mutations consecutive ids from `firstId` on, keeping their order. Used when
 * the store expects another id than ours (`mutation_gap`, e.g. after it was restored from a backup).
 */
export async function renumberPending(db: CacheDb, firstId: number): Promise<void> {
  const tx = db.transaction(['outbox', 'meta'], 'readwrite') as unknown as CacheTx;
  await renumber(tx, firstId);
  await tx.done;
}

async function renumber(tx: CacheTx, firstId: number) {
  const outbox = tx.objectStore('outbox');
  const entries = await outbox.getAll();
  if (entries.length > 0 && entries[0]?.id !== firstId) {
    await outbox.clear();
    let id = firstId;
    for (const entry of entries) await outbox.add({ ...entry, id: id++ });
  }
  await tx.objectStore('meta').put(firstId + entries.length, 'nextMutationId');
}

/**
 * If the store has seen ids this cache never handed out (restored profile, copied database),
 * new and pending mutations would be skipped as "already applied": move them past its last id.
 */
export async function renumberIfBehind(tx: CacheTx, lastMutationId: number): Promise<void> {
  const meta = tx.objectStore('meta');
  const next = ((await meta.get('nextMutationId')) as number | undefined) ?? 1;
  if (lastMutationId >= next) await renumber(tx, lastMutationId + 1);
}
