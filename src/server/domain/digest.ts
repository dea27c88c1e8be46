/**
 * The weekly digest that publicises a community's successes: newly featured practices, questions still
 * waiting, new members, practices due for review and the week's "this helped". Coordinators choose the day
 * and preview it; on that day (or the first check after it in the same ISO week) one store process claims
 * the community's week with a row in `digests` and queues a `digest.weekly` event for its webhooks.
 */

import { digestText, isoWeek, isoWeekday, WEEKDAYS, type Weekday } from '../../core/digest';
import type { Digest, DigestAnswer } from '../../core/digest-schemas';
import { MEMBER_ROLES } from '../../core/kinds';
import type { Db, Principal, StoreContext } from '../context';
import { type CommunityRow, requireCoordinator, requireUser } from './access';
import { recordAudit } from './audit';
import { transact } from './changes';
import { periodicJobs } from './periodic';
import { webhookDispatcher } from './webhook-delivery';
import { enqueueWebhookEvent } from './webhooks';

const WEEK_MS = 7 * 86_400_000;
/** Titles listed per section; the counts say how many there are in all. */
const LISTED = 10;
const LIVE = ['captured', 'published'];

/** What the week up to `now` brought the community. */
export async function buildDigest(
  db: Db,
  community: Pick<CommunityRow, 'id' | 'slug' | 'name'>,
  now: Date,
): Promise<Digest> {
  const to = now.toISOString();
  const from = new Date(now.getTime() - WEEK_MS).toISOString();
  const [featured, waiting, waitingCount, newMembers, due, dueCount, helped] = await Promise.all([
    db
      .selectFrom('audit_log as a')
      .innerJoin('practices as p', 'p.id', 'a.entity_id')
      .select(['p.id', 'p.title'])
      .distinct()
      .where('a.community_id', '=', community.id)
      .where('a.entity', '=', 'practice')
      .where('a.action', '=', 'feature')
      .where('a.at', '>=', from)
      .where('a.at', '<=', to)
      .where('p.featured', '=', 1)
      .where('p.status', '=', 'published')
      .orderBy('p.title')
      .limit(LISTED)
      .execute(),
    openQuestions(db, community.id)
      .select(['id', 'title', 'created_at'])
      .orderBy('created_at')
      .limit(LISTED)
      .execute(),
    openQuestions(db, community.id)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
    db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('u.name')
      .where('m.community_id', '=', community.id)
      .where('m.role', 'in', MEMBER_ROLES)
      .where('m.joined_at', '>=', from)
      .where('m.joined_at', '<=', to)
      .orderBy('m.joined_at')
      .limit(50)
      .execute(),
    duePractices(db, community.id)
      .select(['id', 'title'])
      .orderBy('verified_at')
      .orderBy('created_at')
      .limit(LISTED)
      .execute(),
    duePractices(db, community.id)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
    db
      .selectFrom('practice_helped')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('community_id', '=', community.id)
      .where('created_at', '>=', from)
      .where('created_at', '<=', to)
      .executeTakeFirst(),
  ]);
  return {
    community: { slug: community.slug, name: community.name },
    week: isoWeek(now),
    from,
    to,
    featured,
    waiting: waiting.map((q) => ({ id: q.id, title: q.title, askedAt: q.created_at })),
    waitingCount: Number(waitingCount?.n ?? 0),
    newMembers: newMembers.map((m) => ({ name: m.name })),
    due,
    dueCount: Number(dueCount?.n ?? 0),
    helped: Number(helped?.n ?? 0),
  };
}

const openQuestions = (db: Db, communityId: string) =>
  db
    .selectFrom('questions')
    .where('community_id', '=', communityId)
    .where('status', '=', 'open')
    .where('answer_count', '=', 0);

const duePractices = (db: Db, communityId: string) =>
  db
    .selectFrom('practices')
    .where('community_id', '=', communityId)
    .where('due', '=', 1)
    .where('status', 'in', LIVE)
    .where('merged_into', 'is', null);

const weekdayName = (day: number | null): Weekday | null => (day ? WEEKDAYS[day - 1]! : null);

/** The console's digest page: the chosen day, the digest as it would go out now, and those sent. */
export async function digestView(
  db: Db,
  principal: Principal,
  slug: string,
  now: Date,
): Promise<DigestAnswer> {
  const { community } = await requireCoordinator(db, principal, slug);
  const preview = await buildDigest(db, community, now);
  const sent = await db
    .selectFrom('digests')
    .select(['week', 'sent_at', 'content'])
    .where('community_id', '=', community.id)
    .orderBy('week', 'desc')
    .limit(12)
    .execute();
  return {
    day: weekdayName(community.digest_day),
    preview,
    previewText: digestText(preview),
    sent: sent.map((s) => ({
      week: s.week,
      sentAt: s.sent_at,
      digest: JSON.parse(s.content) as Digest,
    })),
  };
}

/** A coordinator chooses the digest's day, or turns it off with null. */
export async function setDigestDay(
  db: Db,
  principal: Principal,
  slug: string,
  day: Weekday | null,
): Promise<void> {
  const { user } = requireUser(principal);
  const { community } = await requireCoordinator(db, principal, slug);
  const next = day ? WEEKDAYS.indexOf(day) + 1 : null;
  await db
    .updateTable('communities')
    .set({ digest_day: next })
    .where('id', '=', community.id)
    .execute();
  await recordAudit(
    db,
    user.id,
    community.id,
    'set-digest-day',
    'community',
    community.id,
    { day: weekdayName(community.digest_day) },
    { day },
  );
}

/**
 * Sends this week's digest of every community whose day has come and whose week nobody claimed yet.
 * The claim (a `digests` row keyed by community and week) and the queued deliveries commit together, so
 * however many store processes check at once, each community's week goes out exactly once.
 */
export async function sendWeeklyDigests(ctx: StoreContext, now: Date): Promise<string[]> {
  const { db } = ctx.storage;
  const week = isoWeek(now);
  const candidates = await db
    .selectFrom('communities as c')
    .select(['c.id', 'c.slug', 'c.name'])
    .where('c.digest_day', 'is not', null)
    .where('c.digest_day', '<=', isoWeekday(now))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('digests as d')
            .select('d.week')
            .whereRef('d.community_id', '=', 'c.id')
            .where('d.week', '=', week),
        ),
      ),
    )
    .execute();
  const sent: string[] = [];
  for (const community of candidates) {
    const claimed = await transact(ctx, async (trx) => {
      const digest = await buildDigest(trx, community, now);
      const claim = await trx
        .insertInto('digests')
        .values({
          community_id: community.id,
          week,
          sent_at: now.toISOString(),
          content: JSON.stringify(digest),
        })
        .onConflict((oc) => oc.columns(['community_id', 'week']).doNothing())
        .executeTakeFirst();
      if (Number(claim.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      await enqueueWebhookEvent(trx, community.id, 'digest.weekly', { digest });
      return true;
    });
    if (claimed) sent.push(community.slug);
  }
  // The digest's transaction records no change of synced data, so the dispatcher is told directly.
  if (sent.length) webhookDispatcher(ctx)?.kick();
  return sent;
}

/**
 * The digest job: checks hourly (COP_DIGEST_CHECK_MS changes it) whether a community's digest is due;
 * the first call starts it for a store, later calls answer the running job (for its clock).
 */
export const startDigests = periodicJobs(
  'sending weekly digests',
  sendWeeklyDigests,
  'COP_DIGEST_CHECK_MS',
  60 * 60_000,
);
