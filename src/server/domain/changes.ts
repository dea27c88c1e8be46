/** The global version and the changes feed: every write bumps the version once and records the entity's latest change. */
import { sql } from 'kysely';
import type { Db, StoreContext } from '../context';

export interface ChangeRecord {
  entity: string;
  entityId: string;
  communityId: string;
  /** Restricts the row to one user (plus the community's coordinators). */
  audience?: string | null;
  op?: 'put' | 'delete';
}

/**
 * Changes recorded inside `transact`, numbered together when its work is done: a pushed batch of twenty
 * mutations takes twenty versions with one update of the version row and one insert, not forty statements.
 */
const pending = new WeakMap<Db, ChangeRecord[]>();

/** Records a change: at once, or inside `transact` when the transaction's work is done. */
export async function recordChange(db: Db, change: ChangeRecord): Promise<void> {
  const collected = pending.get(db);
  if (collected) collected.push(change);
  else await numberChanges(db, [change]);
}

/** Numbers the changes collected so far in this transaction (before anything reads the version). */
export async function flushChanges(trx: Db): Promise<void> {
  const collected = pending.get(trx);
  if (!collected?.length) return;
  const changes = collected.splice(0);
  await numberChanges(trx, changes);
}

/**
 * Takes the next global versions and records the changes, in order; an entity changed twice keeps only
 * its last change (the feed holds each entity's latest). The version row's update lock serialises writers
 * on PostgreSQL, so versions become visible in order and a pull cursor never skips a late commit.
 */
async function numberChanges(db: Db, changes: ChangeRecord[]) {
  const latest = new Map<string, ChangeRecord>();
  for (const change of changes) {
    const key = `${change.entity}:${change.entityId}`;
    latest.delete(key);
    latest.set(key, change);
  }
  const { value: last } = await db
    .updateTable('meta')
    .set({ value: sql`value + ${latest.size}` })
    .where('key', '=', 'version')
    .returning('value')
    .executeTakeFirstOrThrow();
  const first = Number(last) - latest.size + 1;
  const rows = [...latest.values()].map((change, i) => ({
    entity: change.entity,
    entity_id: change.entityId,
    version: first + i,
    community_id: change.communityId,
    audience: change.audience ?? null,
    op: change.op ?? 'put',
  }));
  await db
    .insertInto('changes')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['entity', 'entity_id']).doUpdateSet((eb) => ({
        version: eb.ref('excluded.version'),
        community_id: eb.ref('excluded.community_id'),
        audience: eb.ref('excluded.audience'),
        op: eb.ref('excluded.op'),
      })),
    )
    .execute();
}

/**
 * Marks a write that changes what a read answers without a new version (a revoked token, a client's
 * lastMutationId), so cached principals and responses from before it are not used again.
 */
export async function bumpEpoch(db: Db): Promise<void> {
  await db.updateTable('meta').set({ value: sql`value + 1` }).where('key', '=', 'epoch').execute();
}

export async function currentVersion(db: Db): Promise<number> {
  const row = await db
    .selectFrom('meta')
    .select('value')
    .where('key', '=', 'version')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

/** Runs `work` in one transaction and, once it has committed, tells listeners that something changed. */
export async function transact<T>(ctx: StoreContext, work: (trx: Db) => Promise<T>): Promise<T> {
  let changedTo: number | undefined;
  const result = await ctx.storage.db.transaction().execute(async (trx) => {
    // On PostgreSQL the version row is locked first, so writers run one at a time as they do on SQLite:
    // a check-then-write (an edit's baseVersion, a counter, a client's lastMutationId) never races another.
    const before =
      ctx.storage.dialect === 'postgres'
        ? Number(
            (
              await trx
                .selectFrom('meta')
                .select('value')
                .where('key', '=', 'version')
                .forUpdate()
                .executeTakeFirstOrThrow()
            ).value,
          )
        : await currentVersion(trx);
    pending.set(trx, []);
    const value = await work(trx);
    await flushChanges(trx);
    const after = await currentVersion(trx);
    if (after !== before) {
      changedTo = after;
      await ctx.storage.announce(trx, after);
    }
    return value;
  });
  if (changedTo !== undefined) {
    ctx.bus.publish(changedTo);
    ctx.storage.indexSoon().catch((error: unknown) =>
      ctx.log.warn('indexing new practices for search failed; the next search retries', {
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  }
  return result;
}

/** Rolls back only `work` when it throws, keeping the rest of the transaction (one mutation of a batch). */
export async function withSavepoint<T>(trx: Db, work: () => Promise<T>): Promise<T> {
  // Changes collected by the work are forgotten with it when it fails.
  const collected = pending.get(trx);
  const before = collected?.length ?? 0;
  await sql`savepoint mutation`.execute(trx);
  try {
    const value = await work();
    await sql`release savepoint mutation`.execute(trx);
    return value;
  } catch (error) {
    collected?.splice(before);
    await sql`rollback to savepoint mutation`.execute(trx);
    await sql`release savepoint mutation`.execute(trx);
    throw error;
  }
}
