/**
 * "Answered by existing knowledge": someone about to ask chose a practice or an answered question that
 * the ask form suggested. Counted once per person and item; the value figures of the health report and
 * the sponsors' overview read the count.
 */
import type { ExistingKnowledge } from '../../core/question-loop';
import { type Db, nowIso, type Principal } from '../context';
import { communityById, requireMember, requireUser } from './access';
import { notFound } from './errors';

/** Records the choice; `recorded` is false when this person had already chosen this item. */
export async function recordAnsweredByExisting(
  db: Db,
  principal: Principal,
  item: ExistingKnowledge,
): Promise<{ recorded: boolean }> {
  const { user } = requireUser(principal);
  const what = item.kind === 'practice' ? `The practice ${item.id}` : `The question ${item.id}`;
  const row = await (item.kind === 'practice'
    ? db.selectFrom('practices').select('community_id').where('id', '=', item.id)
    : db.selectFrom('questions').select('community_id').where('id', '=', item.id)
  ).executeTakeFirst();
  if (!row) throw notFound(what);
  await requireMember(db, principal, await communityById(db, row.community_id), { hidden: what });
  const inserted = await db
    .insertInto('answered_by_existing')
    .values({
      kind: item.kind,
      entity_id: item.id,
      user_id: user.id,
      community_id: row.community_id,
      created_at: nowIso(),
    })
    .onConflict((oc) => oc.columns(['kind', 'entity_id', 'user_id']).doNothing())
    .executeTakeFirst();
  return { recorded: Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 };
}

/** How many questions existing knowledge answered in a community since `from` (all time without it). */
export async function countAnsweredByExisting(
  db: Db,
  communityId: string,
  from?: string,
  to?: string,
) {
  let query = db
    .selectFrom('answered_by_existing')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('community_id', '=', communityId);
  if (from) query = query.where('created_at', '>=', from);
  if (to) query = query.where('created_at', '<', to);
  return Number((await query.executeTakeFirst())?.n ?? 0);
}
