/** The sync protocol of DESIGN.md: idempotent pushes by client mutation id, and pulls of the changes feed by cursor. */
import { sql } from 'kysely';
import type { z } from 'zod';
import type { PushRequest } from '../../core/schemas';
import type {
  Change,
  EntityName,
  MutationResult,
  PullResponse,
  PushResponse,
} from '../../core/types';
import { type Db, nowIso, type Principal, type StoreContext } from '../context';
import { readableCommunities, requireUser } from './access';
import { bumpEpoch, currentVersion, flushChanges, transact, withSavepoint } from './changes';
import { communityFromRow, membershipFromRow } from './communities';
import { conflictFromRow } from './curation';
import { conflict, DomainError, forbidden } from './errors';
import { applyMutation } from './mutations';
import { practiceFromRow, selectPractices } from './practices';
import { promptFromRow } from './prompts';
import { answerFromRow, hydrateQuestions, selectAnswers, selectQuestions } from './questions';

type Push = z.output<typeof PushRequest>;

/** A mutation was rejected while the batch ran without savepoints: that attempt is rolled back. */
class RejectedMutation extends Error {}

/**
 * Applies a batch in one transaction. Ids at or below the client's `lastMutationId` are skipped (a retry),
 * a gap refuses the whole batch, and a rejected or conflicting mutation still advances the id: it is never retried.
 *
 * Most batches apply whole, so they run first without a savepoint per mutation (on SQLite every savepoint
 * also makes the full-text index write a segment of its own). If a mutation is rejected, that attempt is
 * rolled back and the batch runs again with each mutation in a savepoint, so the others still apply.
 */
export async function push(
  ctx: StoreContext,
  principal: Principal,
  request: Push,
): Promise<PushResponse> {
  try {
    return await pushBatch(ctx, principal, request, false);
  } catch (error) {
    if (!(error instanceof RejectedMutation)) throw error;
    return pushBatch(ctx, principal, request, true);
  }
}

async function pushBatch(
  ctx: StoreContext,
  principal: Principal,
  request: Push,
  isolated: boolean,
): Promise<PushResponse> {
  const { user } = requireUser(principal);
  return transact(ctx, async (trx) => {
    const client = await lockClient(ctx, trx, request.clientId);
    if (client && client.user_id !== user.id)
      throw forbidden('This clientId belongs to another user; generate a new one.');
    const previous = client ? Number(client.last_mutation_id) : 0;
    const before = await currentVersion(trx);
    let last = previous;
    const results: MutationResult[] = [];
    for (const mutation of request.mutations) {
      if (mutation.id <= last) {
        results.push({ id: mutation.id, status: 'skipped' });
        continue;
      }
      if (mutation.id !== last + 1) {
        throw conflict(
          'mutation_gap',
          `Mutation ${mutation.id} arrived before ${last + 1}; send the missing mutations first.`,
          {
            expected: last + 1,
          },
        );
      }
      results.push(await applyOne(trx, principal, mutation, isolated));
      last = mutation.id;
    }
    await trx
      .insertInto('sync_clients')
      .values({
        client_id: request.clientId,
        user_id: user.id,
        last_mutation_id: last,
        updated_at: nowIso(),
      })
      .onConflict((oc) =>
        oc.column('client_id').doUpdateSet({ last_mutation_id: last, updated_at: nowIso() }),
      )
      .execute();
    await flushChanges(trx);
    const version = await currentVersion(trx);
    // Pulls report lastMutationId. An applied mutation changes the pusher's communities, which is enough
    // for their cached pulls; a batch of only rejected (or unchanged) mutations advances it without a version.
    if (last !== previous && version === before) await bumpEpoch(trx);
    return { results, lastMutationId: last, version };
  });
}

async function applyOne(
  trx: Db,
  principal: Principal,
  mutation: Push['mutations'][number],
  isolated: boolean,
): Promise<MutationResult> {
  const apply = () => applyMutation(trx, principal, mutation.name, mutation.args);
  try {
    const outcome = await (isolated ? withSavepoint(trx, apply) : apply());
    return { id: mutation.id, ...outcome };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (!isolated) throw new RejectedMutation();
    return { id: mutation.id, status: 'rejected', error: error.toBody().error };
  }
}

/** On PostgreSQL the client row is locked so two pushes from one client cannot interleave. */
async function lockClient(ctx: StoreContext, trx: Db, clientId: string) {
  const query = trx.selectFrom('sync_clients').selectAll().where('client_id', '=', clientId);
  return (ctx.storage.dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
}

export const PULL_LIMIT = 1000;

/** Rows changed after `since` in the caller's communities, oldest first, with tombstones for deletes. */
export async function pull(
  ctx: StoreContext,
  principal: Principal,
  { since, clientId, limit = 500 }: { since: number; clientId?: string; limit?: number },
): Promise<PullResponse> {
  const { user } = requireUser(principal);
  const db = ctx.storage.db;
  // The head is read first: rows committed after it wait for the next pull instead of being skipped by the cursor.
  const head = await currentVersion(db);
  const { read, coordinate } = await readableCommunities(db, principal);
  const lastMutationId = clientId
    ? Number(
        (
          await db
            .selectFrom('sync_clients')
            .select('last_mutation_id')
            .where('client_id', '=', clientId)
            .where('user_id', '=', user.id)
            .executeTakeFirst()
        )?.last_mutation_id ?? 0,
      )
    : 0;
  if (!read.length)
    return {
      changes: [],
      cursor: Math.max(since, head),
      hasMore: false,
      lastMutationId,
    };
  const rows = await db
    .selectFrom('changes')
    .selectAll()
    .where('version', '>', since)
    .where('version', '<=', head)
    .where('community_id', 'in', read)
    .where((eb) =>
      eb.or([
        eb('audience', 'is', null),
        eb('audience', '=', user.id),
        ...(coordinate.length ? [eb('community_id', 'in', coordinate)] : []),
      ]),
    )
    .orderBy('version')
    .limit(limit + 1)
    .execute();
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  const data = await loadEntities(
    db,
    page.filter((r) => r.op === 'put'),
  );
  const changes: Change[] = [];
  for (const row of page) {
    const entity = row.entity as EntityName;
    const version = Number(row.version);
    const item = data.get(`${entity}:${row.entity_id}`);
    if (row.op === 'delete' || !item)
      changes.push({ entity, id: row.entity_id, op: 'delete', version } as Change);
    else changes.push({ entity, id: row.entity_id, op: 'put', version, data: item } as Change);
  }
  // Without more rows the cursor jumps to the head, so changes outside the caller's view are not scanned again.
  const cursor = hasMore ? Number(page.at(-1)!.version) : Math.max(since, head);
  return { changes, cursor, hasMore, lastMutationId };
}

async function loadEntities(
  db: Db,
  rows: { entity: string; entity_id: string }[],
): Promise<Map<string, unknown>> {
  const ids = (entity: string) => rows.filter((r) => r.entity === entity).map((r) => r.entity_id);
  const out = new Map<string, unknown>();
  const put = (entity: string, id: string, value: unknown) => out.set(`${entity}:${id}`, value);
  const slugs = new Map(
    (await db.selectFrom('communities').select(['id', 'slug']).execute()).map((c) => [
      c.id,
      c.slug,
    ]),
  );

  const slugOf = (row: { community_id: string }) => slugs.get(row.community_id) ?? '';
  /** Puts the changed `entity`s that `fetch` reads by id, each as `view` shows it to clients. */
  const load = async <R extends { id: string }>(
    entity: string,
    fetch: (ids: string[]) => Promise<R[]>,
    view: (row: R) => unknown,
  ) => {
    const wanted = ids(entity);
    if (!wanted.length) return;
    for (const row of await fetch(wanted)) put(entity, row.id, view(row));
  };

  await load(
    'practice',
    (ids) => selectPractices(db).where('p.id', 'in', ids).execute(),
    practiceFromRow,
  );
  await load(
    'question',
    async (ids) =>
      hydrateQuestions(db, await selectQuestions(db).where('q.id', 'in', ids).execute()),
    (q) => q,
  );
  await load(
    'answer',
    (ids) => selectAnswers(db).where('a.id', 'in', ids).execute(),
    (row) => answerFromRow(row, row.community_slug),
  );
  await load(
    'community',
    (ids) => db.selectFrom('communities').selectAll().where('id', 'in', ids).execute(),
    communityFromRow,
  );
  const membershipIds = ids('membership');
  if (membershipIds.length) {
    const rows = await db
      .selectFrom('memberships')
      .selectAll()
      .where(sql<string>`community_id || ':' || user_id`, 'in', membershipIds)
      .execute();
    for (const row of rows) {
      const m = membershipFromRow(row, slugOf(row));
      put('membership', m.id, m);
    }
  }
  await load(
    'endorsement',
    (ids) => db.selectFrom('endorsements').selectAll().where('id', 'in', ids).execute(),
    (row) => ({
      id: row.id,
      practiceId: row.practice_id,
      community: slugOf(row),
      userId: row.user_id,
      createdAt: row.created_at,
    }),
  );
  await load(
    'prompt',
    (ids) => db.selectFrom('prompt_rules').selectAll().where('id', 'in', ids).execute(),
    (row) => promptFromRow(row, slugOf(row)),
  );
  await load(
    'conflict',
    (ids) => db.selectFrom('conflicts').selectAll().where('id', 'in', ids).execute(),
    (row) => conflictFromRow(row, slugOf(row)),
  );
  return out;
}
