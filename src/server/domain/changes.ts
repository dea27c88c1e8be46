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
 * Takes the next global version and records the change. The meta row's update lock serialises writers
 * on PostgreSQL, so versions become visible in order and a pull cursor never skips a late commit.
 */
export async function recordChange(db: Db, change: ChangeRecord): Promise<number> {
  const { value: version } = await db
    .updateTable('meta')
    .set({ value: sql`value + 1` })
    .where('key', '=', 'version')
    .returning('value')
    .executeTakeFirstOrThrow();
  const row = {
    entity: change.entity,
    entity_id: change.entityId,
    version,
    community_id: change.communityId,
    audience: change.audience ?? null,
    op: change.op ?? 'put',
  };
  await db
    .insertInto('changes')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['entity', 'entity_id']).doUpdateSet({
        version: row.version,
        community_id: row.community_id,
        audience: row.audience,
        op: row.op,
      }),
    )
    .execute();
  return version;
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
    const value = await work(trx);
    const after = await currentVersion(trx);
    if (after !== before) changedTo = after;
    return value;
  });
  if (changedTo !== undefined) ctx.bus.publish(changedTo);
  return result;
}

/** Rolls back only `work` when it throws, keeping the rest of the transaction (one mutation of a batch). */
export async function withSavepoint<T>(trx: Db, work: () => Promise<T>): Promise<T> {
  await sql`savepoint mutation`.execute(trx);
  try {
    const value = await work();
    await sql`release savepoint mutation`.execute(trx);
    return value;
  } catch (error) {
    await sql`rollback to savepoint mutation`.execute(trx);
    await sql`release savepoint mutation`.execute(trx);
    throw error;
  }
}
