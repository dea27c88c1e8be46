/**
 * "Questions answered by existing knowledge", one figure from two signals: someone about to ask chose a
 * practice or an answered question that the ask form suggested (counted once per person and item), or a
 * question was answered by naming one of the community's practices (by its id, as a link to it does). The
 * value figures of the health report and the sponsors' overview read the sum.
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

/**
 * How many questions existing knowledge answered in a community in [from, to) (all time without them):
 * suggestions chosen in it, and questions asked in it whose answers name a practice of the community.
 */
export async function countAnsweredByExisting(
  db: Db,
  communityId: string,
  from?: string,
  to?: string,
): Promise<number> {
  const [chosen, cited] = await Promise.all([
    countChosenSuggestions(db, communityId, from, to),
    countAnsweredFromPractices(db, communityId, from, to),
  ]);
  return chosen + cited;
}

async function countChosenSuggestions(db: Db, communityId: string, from?: string, to?: string) {
  let query = db
    .selectFrom('answered_by_existing')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('community_id', '=', communityId);
  if (from) query = query.where('created_at', '>=', from);
  if (to) query = query.where('created_at', '<', to);
  return Number((await query.executeTakeFirst())?.n ?? 0);
}

const PRACTICE_ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** A LIKE pattern every answer naming an id matches (its three middle groups), to read only those. */
const MAY_NAME_AN_ID = '%-____-____-____-%';

/** Questions asked in [from, to) with an answer that names one of the community's practices by its id. */
async function countAnsweredFromPractices(db: Db, communityId: string, from?: string, to?: string) {
  let query = db
    .selectFrom('questions as q')
    .innerJoin('answers as a', 'a.question_id', 'q.id')
    .select(['q.id', 'a.body'])
    .where('q.community_id', '=', communityId)
    .where('a.body', 'like', MAY_NAME_AN_ID);
  if (from) query = query.where('q.created_at', '>=', from);
  if (to) query = query.where('q.created_at', '<', to);
  const citing = new Map<string, Set<string>>();
  for (const r of await query.execute())
    for (const id of r.body.match(PRACTICE_ID) ?? [])
      citing.set(id.toLowerCase(), (citing.get(id.toLowerCase()) ?? new Set()).add(r.id));
  const cited = [...citing.keys()];
  const answered = new Set<string>();
  for (let i = 0; i < cited.length; i += 500) {
    const found = await db
      .selectFrom('practices')
      .select('id')
      .where('community_id', '=', communityId)
      .where('id', 'in', cited.slice(i, i + 500))
      .execute();
    for (const p of found) for (const q of citing.get(p.id) ?? []) answered.add(q);
  }
  return answered.size;
}
