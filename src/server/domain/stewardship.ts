/**
 * Keeping the practice alive: owners say a practice is still right, readers say it helped, coordinators
 * name owners and tag stewards and see what is due for review; the stewardship job marks practices due
 * past their community's interval and tells each owner once.
 */
import { randomUUID } from 'node:crypto';
import { parseIntervals, reviewDays, reviewDueAt } from '../../core/stewardship';
import type { HelpedArgs, Notification, Steward } from '../../core/stewardship-schemas';
import type { Practice } from '../../core/types';
import type { Db, Principal, StoreContext } from '../context';
import {
  communityById,
  requireCoordinator,
  requireMember,
  requireUser,
  standingIn,
} from './access';
import { recordAudit } from './audit';
import { transact } from './changes';
import { badRequest, forbidden } from './errors';
import { periodicJobs } from './periodic';
import {
  announcePractice,
  getPractice,
  practiceForMember,
  practiceFromRow,
  practiceRow,
  selectPractices,
} from './practices';
import { enqueueWebhookEvent } from './webhooks';

const LIVE = ['captured', 'published'];

/**
 * "Still right": the owner (or a coordinator) verifies the practice at `now`, which starts its interval
 * again and clears "due". The version does not move: an edit someone made offline still applies.
 */
export async function verifyPractice(
  db: Db,
  principal: Principal,
  id: string,
  now: Date,
): Promise<Practice> {
  const { user, row, standing } = await practiceForMember(db, principal, id);
  const owner = row.owner_id ?? row.author_id;
  if (owner !== user.id && standing === 'member')
    throw forbidden('Only the practice’s owner or a coordinator can mark it still right.');
  if (!LIVE.includes(row.status))
    throw badRequest('not_live', 'An archived or rejected practice is not reviewed.');
  const at = now.toISOString();
  await db.updateTable('practices').set({ verified_at: at, due: 0 }).where('id', '=', id).execute();
  await recordAudit(
    db,
    user.id,
    row.community_id,
    'verify',
    'practice',
    id,
    { verifiedAt: row.verified_at },
    { verifiedAt: at },
  );
  await announcePractice(db, row);
  return getPractice(db, id);
}

/**
 * "This helped": counted once per person; saying it again changes nothing. The count is what everyone
 * sees; who said it and how is kept for the owner and for expert evidence.
 */
export async function markHelped(
  db: Db,
  principal: Principal,
  id: string,
  args: HelpedArgs,
): Promise<{ practice: Practice; counted: boolean }> {
  const { user, row } = await practiceForMember(db, principal, id);
  if (row.author_id === user.id)
    throw badRequest('own_practice', 'You cannot mark your own practice as helpful.');
  const inserted = await db
    .insertInto('practice_helped')
    .values({
      practice_id: id,
      user_id: user.id,
      community_id: row.community_id,
      how: args.how ?? null,
      note: args.note ?? null,
      created_at: new Date().toISOString(),
    })
    .onConflict((oc) => oc.columns(['practice_id', 'user_id']).doNothing())
    .executeTakeFirst();
  const counted = Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
  if (!counted && (args.how || args.note)) {
    // Saying how after the one-click "this helped" adds the detail; the count stays as it was.
    await db
      .updateTable('practice_helped')
      .set({
        ...(args.how && { how: args.how }),
        ...(args.note && { note: args.note }),
      })
      .where('practice_id', '=', id)
      .where('user_id', '=', user.id)
      .execute();
  }
  if (counted) {
    // Counted in SQL, so two people saying it at once both count.
    await db
      .updateTable('practices')
      .set((eb) => ({ helped_count: eb('helped_count', '+', 1) }))
      .where('id', '=', id)
      .execute();
    await announcePractice(db, row);
  }
  return { practice: await getPractice(db, id), counted };
}

export interface HelpedEntry {
  how: string | null;
  note: string | null;
  createdAt: string;
}

/** How a practice helped, for its owner and coordinators: the ways and notes, never who said them. */
export async function helpedNotes(db: Db, principal: Principal, id: string) {
  const { user, row, standing } = await practiceForMember(db, principal, id);
  if ((row.owner_id ?? row.author_id) !== user.id && standing === 'member')
    throw forbidden('Only the practice’s owner or a coordinator sees how it helped.');
  const rows = await db
    .selectFrom('practice_helped')
    .select(['how', 'note', 'created_at'])
    .where('practice_id', '=', id)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({ how: r.how, note: r.note, createdAt: r.created_at }));
}

/** A coordinator hands a practice to another member of its community to keep right. */
export async function setOwner(
  db: Db,
  principal: Principal,
  id: string,
  ownerId: string,
): Promise<Practice> {
  const { user } = requireUser(principal);
  const row = await practiceRow(db, id);
  const community = await communityById(db, row.community_id);
  await requireCoordinator(db, principal, community);
  await requireOwnerCandidate(db, community.id, community.slug, ownerId);
  await db.updateTable('practices').set({ owner_id: ownerId }).where('id', '=', id).execute();
  await recordAudit(
    db,
    user.id,
    row.community_id,
    'set-owner',
    'practice',
    id,
    { owner: row.owner_id ?? row.author_id },
    { owner: ownerId },
  );
  await announcePractice(db, row);
  return getPractice(db, id);
}

async function requireOwnerCandidate(db: Db, communityId: string, slug: string, userId: string) {
  const standing = await standingIn(
    db,
    {
      kind: 'user',
      via: 'token',
      user: { id: userId, email: '', name: '', isAdmin: false, createdAt: '' },
    },
    communityId,
  );
  if (!standing) throw badRequest('not_a_member', `The new owner must be a member of "${slug}".`);
}

/** The stewards of a community's tags. */
export async function listStewards(db: Db, principal: Principal, slug: string): Promise<Steward[]> {
  const { community } = await requireMember(db, principal, slug);
  const rows = await db
    .selectFrom('tag_stewards as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.tag', 's.user_id', 'u.name'])
    .where('s.community_id', '=', community.id)
    .orderBy('s.tag')
    .execute();
  return rows.map((r) => ({ tag: r.tag, userId: r.user_id, name: r.name }));
}

/**
 * Names (or, with null, removes) the steward of a tag. The steward owns the tag's live practices from now
 * on, those already captured included; removing a steward leaves owners as they are.
 */
export async function setSteward(
  db: Db,
  principal: Principal,
  slug: string,
  tag: string,
  userId: string | null,
): Promise<Steward[]> {
  const { user } = requireUser(principal);
  const { community } = await requireCoordinator(db, principal, slug);
  await db
    .deleteFrom('tag_stewards')
    .where('community_id', '=', community.id)
    .where('tag', '=', tag)
    .execute();
  if (userId) {
    await requireOwnerCandidate(db, community.id, community.slug, userId);
    await db
      .insertInto('tag_stewards')
      .values({
        community_id: community.id,
        tag,
        user_id: userId,
        created_at: new Date().toISOString(),
      })
      .execute();
    const owned = await db
      .selectFrom('practices as p')
      .innerJoin('practice_tags as t', 't.practice_id', 'p.id')
      .select('p.id')
      .where('p.community_id', '=', community.id)
      .where('t.tag', '=', tag)
      .where('p.status', 'in', LIVE)
      .execute();
    const ids = owned.map((r) => r.id);
    if (ids.length) {
      await db.updateTable('practices').set({ owner_id: userId }).where('id', 'in', ids).execute();
      for (const id of ids) await announcePractice(db, { id, community_id: community.id });
    }
  }
  await recordAudit(db, user.id, community.id, 'set-steward', 'tag', tag, null, { userId });
  return listStewards(db, principal, slug);
}

/** The coordinators' "Due for review" queue: live practices past their interval, longest overdue first. */
export async function dueQueue(db: Db, principal: Principal, slug: string): Promise<Practice[]> {
  const { community } = await requireCoordinator(db, principal, slug);
  const rows = await selectPractices(db)
    .where('p.community_id', '=', community.id)
    .where('p.due', '=', 1)
    .where('p.status', 'in', LIVE)
    .limit(500)
    .execute();
  return rows
    .map(practiceFromRow)
    .sort((a, b) => a.reviewDueAt.localeCompare(b.reviewDueAt) || a.id.localeCompare(b.id));
}

/** What the caller was told, newest first. */
export async function listNotifications(db: Db, principal: Principal): Promise<Notification[]> {
  const { user } = requireUser(principal);
  const rows = await db
    .selectFrom('notifications as n')
    .innerJoin('communities as c', 'c.id', 'n.community_id')
    .select(['n.id', 'n.kind', 'c.slug', 'n.entity_id', 'n.message', 'n.created_at', 'n.read_at'])
    .where('n.user_id', '=', user.id)
    .orderBy('n.created_at', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    community: r.slug,
    entityId: r.entity_id ?? '',
    text: r.message,
    createdAt: r.created_at,
    readAt: r.read_at,
  }));
}

const DAY = 86_400_000;

/**
 * Marks every live practice past its interval as due, and tells its owner (a notification) and the
 * community's webhooks (`practice.due`) in the same transaction. A practice already due is skipped, so
 * each falls due, and is announced, once per interval; verifying it starts the next one.
 */
export async function markDuePractices(ctx: StoreContext, now: Date): Promise<number> {
  const { db } = ctx.storage;
  // No interval is shorter than a day, so a practice verified or captured within the last day is not due.
  const recent = new Date(now.getTime() - DAY).toISOString();
  const candidates = await db
    .selectFrom('practices as p')
    .innerJoin('communities as c', 'c.id', 'p.community_id')
    .select([
      'p.id',
      'p.kind',
      'p.created_at',
      'p.verified_at',
      'c.review_interval_days',
      'c.review_intervals',
    ])
    .where('p.due', '=', 0)
    .where('p.status', 'in', LIVE)
    .where('p.merged_into', 'is', null)
    .where((eb) => eb(eb.fn.coalesce('p.verified_at', 'p.created_at'), '<', recent))
    .execute();
  const nowIso = now.toISOString();
  const due = candidates
    .filter(
      (r) =>
        reviewDueAt(
          r.verified_at ?? r.created_at,
          reviewDays(r.kind, r.review_interval_days, parseIntervals(r.review_intervals)),
        ) <= nowIso,
    )
    .map((r) => r.id);
  for (let i = 0; i < due.length; i += 100) {
    const chunk = due.slice(i, i + 100);
    await transact(ctx, async (trx) => {
      const rows = await selectPractices(trx)
        .where('p.id', 'in', chunk)
        .where('p.due', '=', 0)
        .execute();
      for (const row of rows) {
        await trx.updateTable('practices').set({ due: 1 }).where('id', '=', row.id).execute();
        await announcePractice(trx, row);
        const practice = practiceFromRow({ ...row, due: 1 });
        await trx
          .insertInto('notifications')
          .values({
            id: randomUUID(),
            user_id: practice.owner,
            kind: 'practice.due',
            community_id: row.community_id,
            entity_id: row.id,
            message: `“${practice.title.slice(0, 120)}” is due for review: is it still right?`,
            created_at: nowIso,
            read_at: null,
          })
          .execute();
        const owner = await trx
          .selectFrom('users')
          .select(['id', 'name'])
          .where('id', '=', practice.owner)
          .executeTakeFirst();
        await enqueueWebhookEvent(trx, row.community_id, 'practice.due', {
          practice: {
            id: row.id,
            title: practice.title,
            kind: practice.kind,
            tags: practice.tags,
            reviewDueAt: practice.reviewDueAt,
            verifiedAt: practice.verifiedAt,
            owner: owner ? { id: owner.id, name: owner.name } : null,
          },
        });
      }
    });
  }
  return due.length;
}

/**
 * The stewardship job: looks for practices falling due hourly (COP_REVIEW_CHECK_MS changes it); the first
 * call starts it for a store, later calls answer the running job (for its clock).
 */
export const startStewardship = periodicJobs(
  'checking practices due for review',
  markDuePractices,
  'COP_REVIEW_CHECK_MS',
  60 * 60_000,
);

/** The running job of a store (for its clock); started on demand. */
export const stewardship = (ctx: StoreContext) => startStewardship(ctx);
