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

/** What the store has answered but a pull has not yet shown: kept so their rows stay as written until then. */
async function settledEntries(tx: CacheTx): Promise<PendingMutation[]> {
  return ((await tx.objectStore('meta').get('settled')) as PendingMutation[] | undefined) ?? [];
}

/**
 * Brings cached rows back to "what the store last said, with the writes it has not yet shown laid on
 * top". Each affected row starts from its base (the row just pulled, else the row as it was before
 * the oldest write still held that touched it); the mutations `drop` selects leave, and the rest are
 * applied again, oldest first. A row is affected if it was pulled or a dropped mutation touched it.
 *
 * Dropping restores the base rather than trusting the store to send a correction: a write the store
 * applied without changing anything (an endorsement the same person made from another device) sends
 * nothing back, and an effect laid on a row that already holds it (the answer to a lost push
 * arrived with the pull) would otherwise count twice.
 */
async function rebase(
  tx: CacheTx,
  pulled: ReadonlySet<string>,
  drop: (entry: PendingMutation, settled: boolean) => boolean,
  written: Map<string, CacheChange>,
): Promise<void> {
  const outbox = tx.objectStore('outbox');
  const settled = await settledEntries(tx);
  const queued = await outbox.getAll();
  const held = [
    ...settled.map((entry) => ({ entry, settled: true })),
    ...queued.map((entry) => ({ entry, settled: false })),
  ];
  const bases = new Map<string, Touch>();
  const affected = new Set<string>();
  let leaving = 0;
  for (const { entry, settled: answered } of held) {
    const dropped = drop(entry, answered);
    if (dropped) leaving++;
    for (const touch of entry.touches) {
      const key = changeKey(touch.entity, touch.id);
      if (pulled.has(key)) affected.add(key);
      else if (!bases.has(key)) bases.set(key, touch);
      if (dropped) affected.add(key);
    }
  }
  if (affected.size === 0 && leaving === 0) return;
  for (const [key, { entity, id, before }] of bases) {
    if (!affected.has(key)) continue;
    await writeRow(tx, entity, id, before);
    written.set(key, { entity, id, row: before } as CacheChange);
  }
  const keptSettled: PendingMutation[] = [];
  for (const { entry, settled: answered } of held) {
    if (drop(entry, answered)) {
      if (!answered) await outbox.delete(entry.id);
      continue;
    }
    let changed = false;
    for (const touch of entry.touches) {
      const key = changeKey(touch.entity, touch.id);
      if (!affected.has(key)) continue;
      const store = rowStore(tx, touch.entity);
      const before = await store.get(touch.id);
      const after = applyEffect(entry, touch.entity, touch.id, before);
      await writeRow(tx, touch.entity, touch.id, after);
      touch.before = before;
      changed = true;
      written.set(key, { entity: touch.entity, id: touch.id, row: after } as CacheChange);
    }
    if (answered) keptSettled.push(entry);
    else if (changed) await outbox.put(entry);
  }
  await saveSettled(tx, keptSettled);
}

async function saveSettled(tx: CacheTx, entries: PendingMutation[]) {
  const meta = tx.objectStore('meta');
  if (entries.length > 0) await meta.put(entries, 'settled');
  else await meta.delete('settled');
}

export interface PulledPage {
  /** The store's `lastMutationId` for this client, read with the page. */
  lastMutationId?: number;
  /** Whether this page brought the cache up to the store's version (no more pages follow). */
  complete?: boolean;
}

/**
 * Hook for `applyChanges`: pulled rows replace cached ones and pending writes are laid on top again.
 * Once the cache is caught up, the writes the store has shown are done with: those it answered, and
 * those up to its `lastMutationId` (applied, though the answer to their push was lost on the way).
 * Stand-in endorsements give way to the store's real rows.
 */
export async function rebaseOnPulled(
  tx: CacheTx,
  changes: Change[],
  written: Map<string, CacheChange>,
  page: PulledPage = {},
): Promise<void> {
  const { lastMutationId, complete = true } = page;
  // A store that has seen ids this cache never handed out did not apply our pending writes.
  const behind = lastMutationId !== undefined && (await renumberIfBehind(tx, lastMutationId));
  const shown = complete && !behind ? (lastMutationId ?? 0) : 0;
  await rebase(
    tx,
    new Set(written.keys()),
    (entry, answered) => complete && (answered || entry.id <= shown),
    written,
  );
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
 * Records the store's answer to a push in one transaction: answered mutations leave the outbox
 * (applied ones wait, still shown, for the pull that brings their rows), refused ones become
 * problems and their optimistic effects are undone.
 */
export async function settleResults(db: CacheDb, response: PushResponse): Promise<ResultsOutcome> {
  const tx = db.transaction([...WRITE_STORES, 'problems'], 'readwrite') as unknown as CacheTx;
  const outbox = tx.objectStore('outbox');
  const problemStore = tx.objectStore('problems');
  const at = new Date().toISOString();
  const written = new Map<string, CacheChange>();
  const refused = new Set<number>();
  const answered = await settledEntries(tx);
  const problems: Problem[] = [];
  let settled = 0;

  for (const result of response.results) {
    const entry = await outbox.get(result.id);
    if (!entry) continue; // another tab settled it already
    settled++;
    if (result.status === 'rejected' || result.status === 'conflict') {
      const problem: Problem = {
        id: entry.id,
        mutation: { id: entry.id, name: entry.name, args: entry.args },
        result,
        at,
      };
      await problemStore.put(problem);
      problems.push(problem);
      refused.add(entry.id);
    } else {
      answered.push(entry);
      await outbox.delete(entry.id);
    }
  }
  await saveSettled(tx, answered);
  if (refused.size > 0) await rebase(tx, new Set(), (entry) => refused.has(entry.id), written);
  await tx.objectStore('meta').put(response.lastMutationId, 'lastMutationId');
  await renumberIfBehind(tx, response.lastMutationId);
  await tx.done;
  return { changes: [...written.values()], problems, settled };
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
export async function renumberIfBehind(tx: CacheTx, lastMutationId: number): Promise<boolean> {
  const meta = tx.objectStore('meta');
  const next = ((await meta.get('nextMutationId')) as number | undefined) ?? 1;
  if (lastMutationId < next) return false;
  await renumber(tx, lastMutationId + 1);
  return true;
}
