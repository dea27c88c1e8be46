/**
 * The sponsor's overview: for each community they sponsor (every community for an admin), its health,
 * the value it gives and how well its practice is kept. Counts and shares only: a sponsor supports the
 * community and does not watch people, so no one's name appears, and the only titles are featured successes.
 */

import { MEMBER_ROLES } from '../../core/kinds';
import type {
  CommunityOverview,
  OverviewAnswer,
  SponsorArgs,
} from '../../core/stewardship-schemas';
import { type Db, nowIso, type Principal } from '../context';
import { forgetReadsInTransaction, requireAdmin, requireUser } from './access';
import { countAnsweredByExisting } from './answered-by-existing';
import { recordAudit } from './audit';
import { setMembership } from './communities';
import { badRequest, conflict, forbidden, notFound } from './errors';
import { csvTable } from './export';
import { median } from './health';
import { activityByUser, participationLevel } from './members';
import { recordMembershipChange } from './membership-rows';

const DAY = 86_400_000;
/** The window "recent" figures cover. */
const RECENT_DAYS = 90;

/**
 * The admin's way to make a person a sponsor of some communities (sponsor memberships, the same rows a
 * coordinator sets in Members) or of every community (`store_sponsors`), or no sponsor at all. It replaces
 * the person's sponsorships; a membership with another role is left alone and named in a 409.
 */
export async function setSponsor(db: Db, principal: Principal, userId: string, args: SponsorArgs) {
  const { user: admin } = requireAdmin(principal);
  const target = await db
    .selectFrom('users')
    .select('id')
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!target) throw notFound(`The person ${userId}`);
  if (args.sponsor && args.communities && !args.communities.length)
    throw badRequest(
      'no_communities',
      'Name at least one community to sponsor, or leave communities out for all of them.',
    );
  const wanted = args.sponsor && args.communities ? args.communities : [];
  const communities = wanted.length
    ? await db
        .selectFrom('communities')
        .select(['id', 'slug'])
        .where('slug', 'in', wanted)
        .execute()
    : [];
  const missing = wanted.filter((s) => !communities.some((c) => c.slug === s));
  if (missing.length) throw notFound(`The community "${missing[0]}"`);
  const roles = await db
    .selectFrom('memberships as m')
    .innerJoin('communities as c', 'c.id', 'm.community_id')
    .select(['m.community_id', 'm.role', 'c.slug'])
    .where('m.user_id', '=', userId)
    .execute();
  const member = roles.find((r) => r.role !== 'sponsor' && wanted.includes(r.slug));
  if (member)
    throw conflict(
      'already_member',
      `This person is a ${member.role} of "${member.slug}": a membership has one role, so change it in the community's Members instead.`,
    );
  for (const r of roles)
    if (r.role === 'sponsor' && !wanted.includes(r.slug)) {
      await db
        .deleteFrom('memberships')
        .where('community_id', '=', r.community_id)
        .where('user_id', '=', userId)
        .execute();
      await recordMembershipChange(db, r.community_id, userId, 'delete');
    }
  for (const c of communities)
    if (!roles.some((r) => r.community_id === c.id))
      await setMembership(db, principal, c.slug, userId, 'sponsor');
  const everywhere = args.sponsor && !args.communities;
  await db.deleteFrom('store_sponsors').where('user_id', '=', userId).execute();
  if (everywhere)
    await db
      .insertInto('store_sponsors')
      .values({ user_id: userId, created_at: nowIso() })
      .execute();
  forgetReadsInTransaction(db);
  const named = everywhere ? ['*'] : communities.map((c) => c.slug).sort();
  await recordAudit(db, admin.id, null, 'set-sponsor', 'user', userId, null, {
    communities: named,
  });
  return { userId, sponsor: named.length > 0, communities: named };
}

/**
 * The community ids the caller may see in the overview: every one for an admin or a store-wide sponsor,
 * those they hold a sponsor membership of otherwise; 403 for everyone else.
 */
async function overviewScope(db: Db, principal: Principal): Promise<string[] | 'all'> {
  const { user } = requireUser(principal);
  if (user.isAdmin) return 'all';
  const [everywhere, rows] = await Promise.all([
    db
      .selectFrom('store_sponsors')
      .select('user_id')
      .where('user_id', '=', user.id)
      .executeTakeFirst(),
    db
      .selectFrom('memberships')
      .select('community_id')
      .where('user_id', '=', user.id)
      .where('role', '=', 'sponsor')
      .execute(),
  ]);
  if (everywhere) return 'all';
  if (!rows.length) throw forbidden('Only a sponsor or an admin can see the overview.');
  return rows.map((r) => r.community_id);
}

export async function overview(db: Db, principal: Principal, now: Date): Promise<OverviewAnswer> {
  const scope = await overviewScope(db, principal);
  let query = db.selectFrom('communities').select(['id', 'slug', 'name']).orderBy('slug');
  if (scope !== 'all') query = query.where('id', 'in', scope);
  const communities = await query.execute();
  const out: CommunityOverview[] = [];
  for (const c of communities) out.push(await communityOverview(db, c, now));
  return { generatedAt: now.toISOString(), communities: out };
}

async function communityOverview(
  db: Db,
  c: { id: string; slug: string; name: string },
  now: Date,
): Promise<CommunityOverview> {
  const to = now.toISOString();
  const from = new Date(now.getTime() - RECENT_DAYS * DAY).toISOString();
  const [members, activity, practices, questions, firstAnswers, helpedRecent, featured, reuse] =
    await Promise.all([
      db
        .selectFrom('memberships')
        .select('user_id')
        .where('community_id', '=', c.id)
        .where('role', 'in', MEMBER_ROLES)
        .execute(),
      activityByUser(db, c.id, from, to),
      db
        .selectFrom('practices')
        .select(['status', 'verified_at', 'due', 'helped_count', 'pending_revision', 'created_at'])
        .where('community_id', '=', c.id)
        .where('merged_into', 'is', null)
        .execute(),
      db
        .selectFrom('questions')
        .select(['created_at', 'answer_count'])
        .where('community_id', '=', c.id)
        .execute(),
      db
        .selectFrom('questions as q')
        .innerJoin('answers as a', 'a.question_id', 'q.id')
        .select(['q.id', 'q.created_at'])
        .select((eb) => eb.fn.min('a.created_at').as('first_answer_at'))
        .where('q.community_id', '=', c.id)
        .where('q.created_at', '>=', from)
        .groupBy(['q.id', 'q.created_at'])
        .execute(),
      db
        .selectFrom('practice_helped')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('community_id', '=', c.id)
        .where('created_at', '>=', from)
        .executeTakeFirst(),
      db
        .selectFrom('practices')
        .select(['id', 'title', 'helped_count'])
        .where('community_id', '=', c.id)
        .where('featured', '=', 1)
        .where('status', '=', 'published')
        .orderBy('helped_count', 'desc')
        .orderBy('updated_at', 'desc')
        .limit(5)
        .execute(),
      Promise.all([
        countAnsweredByExisting(db, c.id),
        countAnsweredByExisting(db, c.id, from),
      ]).then(([all, recent]) => ({ all, recent })),
    ]);
  const memberIds = new Set(members.map((m) => m.user_id));
  const levels = { core: 0, active: 0, peripheral: 0, inactive: 0 };
  for (const [userId, a] of activity) if (memberIds.has(userId)) levels[participationLevel(a)] += 1;
  levels.inactive = Math.max(0, memberIds.size - levels.core - levels.active - levels.peripheral);
  const live = practices.filter((p) => p.status === 'captured' || p.status === 'published');
  const due = live.filter((p) => p.due === 1).length;
  const answered = questions.filter((q) => q.answer_count > 0).length;
  return {
    slug: c.slug,
    name: c.name,
    health: {
      members: memberIds.size,
      levels,
      captures90d: practices.filter((p) => p.created_at >= from).length,
      questions90d: questions.filter((q) => q.created_at >= from).length,
    },
    value: {
      helped: practices.reduce((sum, p) => sum + p.helped_count, 0),
      helped90d: Number(helpedRecent?.n ?? 0),
      answeredByExisting: reuse.all,
      answeredByExisting90d: reuse.recent,
      questionsAnswered: answered,
      shareAnswered: questions.length ? answered / questions.length : null,
      medianFirstAnswerMs: median(
        firstAnswers.map((r) => Date.parse(String(r.first_answer_at)) - Date.parse(r.created_at)),
      ),
    },
    stewardship: {
      practices: live.length,
      verified: live.filter((p) => p.verified_at).length,
      shareCurrent: live.length ? (live.length - due) / live.length : null,
      due,
      pendingRevisions: live.filter((p) => p.pending_revision).length,
    },
    featured: featured.map((p) => ({ id: p.id, title: p.title, helpedCount: p.helped_count })),
  };
}

const OVERVIEW_COLUMNS = [
  'slug',
  'name',
  'members',
  'core',
  'active',
  'peripheral',
  'inactive',
  'captures_90d',
  'questions_90d',
  'helped',
  'helped_90d',
  'answered_by_existing',
  'answered_by_existing_90d',
  'questions_answered',
  'share_answered',
  'median_first_answer_hours',
  'practices',
  'verified',
  'share_current',
  'due',
  'pending_revisions',
  'featured',
] as const;

const share = (value: number | null) => (value === null ? '' : value.toFixed(3));

/** The overview as a spreadsheet: one row per community, shares as fractions, featured titles joined. */
export function overviewToCsv(answer: OverviewAnswer): string {
  return csvTable(
    OVERVIEW_COLUMNS,
    answer.communities.map((c) => [
      c.slug,
      c.name,
      c.health.members,
      c.health.levels.core,
      c.health.levels.active,
      c.health.levels.peripheral,
      c.health.levels.inactive,
      c.health.captures90d,
      c.health.questions90d,
      c.value.helped,
      c.value.helped90d,
      c.value.answeredByExisting,
      c.value.answeredByExisting90d,
      c.value.questionsAnswered,
      share(c.value.shareAnswered),
      c.value.medianFirstAnswerMs === null
        ? ''
        : (c.value.medianFirstAnswerMs / 3_600_000).toFixed(1),
      c.stewardship.practices,
      c.stewardship.verified,
      share(c.stewardship.shareCurrent),
      c.stewardship.due,
      c.stewardship.pendingRevisions,
      c.featured.map((f) => f.title).join('; '),
    ]),
  );
}
