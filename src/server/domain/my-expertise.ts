/**
 * My expertise, in my hands: the topics I declared, whether I hide from lookup and routing, the evidence
 * the ranking sees, how many routed questions I hold, and when I do not want to be asked or told.
 */
import { MEMBER_ROLES } from '../../core/kinds';
import type { ExpertiseUpdate, MyExpertise, QuietHours } from '../../core/question-loop';
import type { Evidence } from '../../core/types';
import type { Db, Principal } from '../context';
import { requireMember, requireUser } from './access';
import { notFound } from './errors';
import { recordMembershipChange } from './membership-rows';

const RECENT = 5;

export async function myExpertise(
  db: Db,
  principal: Principal,
  community?: string,
): Promise<MyExpertise> {
  const { user } = requireUser(principal);
  let memberships = db
    .selectFrom('memberships as m')
    .innerJoin('communities as c', 'c.id', 'm.community_id')
    .select(['c.id', 'c.slug', 'm.topics', 'm.hidden'])
    .where('m.user_id', '=', user.id)
    .where('m.role', 'in', MEMBER_ROLES);
  if (community) {
    const { community: row } = await requireMember(db, principal, community);
    memberships = memberships.where('c.id', '=', row.id);
  }
  const rows = await memberships.orderBy('c.slug').execute();
  const ids = rows.map((r) => r.id);
  const communities = rows.map((r) => ({
    community: r.slug,
    topics: JSON.parse(r.topics) as string[],
    hidden: r.hidden === 1,
  }));
  const person = await db
    .selectFrom('users')
    .select(['away_until', 'notify_muted', 'quiet_hours'])
    .where('id', '=', user.id)
    .executeTakeFirstOrThrow();
  const empty = { practices: 0, acceptedAnswers: 0, endorsements: 0, items: [] as Evidence[] };
  const evidence = ids.length ? await evidenceOf(db, user.id, ids) : empty;
  const load = ids.length
    ? Number(
        (
          await db
            .selectFrom('question_routes as r')
            .innerJoin('questions as q', 'q.id', 'r.question_id')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('r.user_id', '=', user.id)
            .where('q.status', '=', 'open')
            .where('q.community_id', 'in', ids)
            .executeTakeFirstOrThrow()
        ).n,
      )
    : 0;
  return {
    topics: [...new Set(communities.flatMap((c) => c.topics))].sort(),
    hidden: communities.some((c) => c.hidden),
    communities,
    evidence,
    load,
    awayUntil: person.away_until,
    muted: person.notify_muted === 1,
    quietHours: person.quiet_hours ? (JSON.parse(person.quiet_hours) as QuietHours) : null,
  };
}

/** The same evidence expert lookup weighs, counted for one person and its most recent items listed. */
async function evidenceOf(db: Db, userId: string, communityIds: string[]) {
  const practices = await db
    .selectFrom('practices')
    .select(['id', 'title', 'created_at', 'endorsement_count'])
    .where('author_id', '=', userId)
    .where('community_id', 'in', communityIds)
    .where('status', '=', 'published')
    .orderBy('created_at', 'desc')
    .execute();
  const answers = await db
    .selectFrom('answers as a')
    .innerJoin('questions as q', 'q.id', 'a.question_id')
    .select(['q.id', 'q.title', 'a.created_at'])
    .where('a.author_id', '=', userId)
    .where('a.accepted', '=', 1)
    .where('a.community_id', 'in', communityIds)
    .orderBy('a.created_at', 'desc')
    .execute();
  const endorsements = practices.reduce((n, p) => n + p.endorsement_count, 0);
  const items: Evidence[] = [
    ...practices.slice(0, RECENT).map((p) => ({
      kind: 'practice' as const,
      id: p.id,
      title: p.title,
      at: p.created_at,
      weight: 2,
    })),
    ...answers.slice(0, RECENT).map((a) => ({
      kind: 'answer' as const,
      id: a.id,
      title: a.title,
      at: a.created_at,
      weight: 3,
    })),
    ...practices
      .filter((p) => p.endorsement_count > 0)
      .slice(0, RECENT)
      .map((p) => ({
        kind: 'endorsement' as const,
        id: p.id,
        title: `${p.endorsement_count} endorsement${p.endorsement_count === 1 ? '' : 's'} of “${p.title}”`,
        at: p.created_at,
        weight: 0.5 * Math.min(p.endorsement_count, 10),
      })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  return { practices: practices.length, acceptedAnswers: answers.length, endorsements, items };
}

/**
 * Changes my topics and visibility (in every community I belong to, or only `community`) and my
 * availability; the same membership rows the setExpertise mutation writes, so both stay consistent.
 */
export async function updateMyExpertise(
  db: Db,
  principal: Principal,
  update: ExpertiseUpdate,
): Promise<void> {
  const { user } = requireUser(principal);
  let targets = db
    .selectFrom('memberships')
    .select('community_id')
    .where('user_id', '=', user.id)
    .where('role', 'in', MEMBER_ROLES);
  if (update.community) {
    const { community } = await requireMember(db, principal, update.community);
    targets = targets.where('community_id', '=', community.id);
  }
  const communityIds = (await targets.execute()).map((r) => r.community_id);
  if (update.community && !communityIds.length)
    throw notFound(`Your membership of "${update.community}"`);
  const membership = {
    ...(update.topics ? { topics: JSON.stringify(update.topics) } : {}),
    ...(update.hidden !== undefined ? { hidden: update.hidden ? 1 : 0 } : {}),
  };
  if (Object.keys(membership).length && communityIds.length) {
    await db
      .updateTable('memberships')
      .set(membership)
      .where('user_id', '=', user.id)
      .where('community_id', 'in', communityIds)
      .execute();
    for (const communityId of communityIds) await recordMembershipChange(db, communityId, user.id);
  }
  const person = {
    ...(update.awayUntil !== undefined
      ? { away_until: update.awayUntil && new Date(update.awayUntil).toISOString() }
      : {}),
    ...(update.muted !== undefined ? { notify_muted: update.muted ? 1 : 0 } : {}),
    ...(update.quietHours !== undefined
      ? { quiet_hours: update.quietHours && JSON.stringify(update.quietHours) }
      : {}),
  };
  if (Object.keys(person).length)
    await db.updateTable('users').set(person).where('id', '=', user.id).execute();
}
