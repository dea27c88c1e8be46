/** Communities, their members' roles, and each member's declared expertise. */

import { randomUUID } from 'node:crypto';
import type { CommunityPatch, Role, SetExpertiseArgs } from '../../core/schemas';
import { parseIntervals } from '../../core/stewardship';
import type { Community, Membership } from '../../core/types';
import { type Db, nowIso, type Principal } from '../context';
import type { Database } from '../storage/schema';
import {
  forgetReadsInTransaction,
  readableCommunities,
  requireCoordinator,
  requireMember,
  requireUser,
} from './access';
import { settleOnAdmission } from './admission';
import { recordAudit } from './audit';
import { recordChange } from './changes';
import { conflict, notFound } from './errors';
import { membershipRow, newMembership, recordMembershipChange } from './membership-rows';

export function communityFromRow(row: Database['communities']): Community {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    domain: row.domain,
    anonymousRead: row.anonymous_read === 1,
    open: row.open === 1,
    reviewIntervalDays: row.review_interval_days,
    reviewIntervalsByKind: parseIntervals(row.review_intervals) ?? {},
    routingSeats: row.routing_seats,
    autoRouting: row.auto_routing === 1,
    createdAt: row.created_at,
  };
}

export function membershipFromRow(
  row: Database['memberships'],
  slug: string,
): Membership & { id: string } {
  return {
    id: `${row.community_id}:${row.user_id}`,
    community: slug,
    userId: row.user_id,
    role: row.role,
    topics: JSON.parse(row.topics) as string[],
    hidden: row.hidden === 1,
    joinedAt: row.joined_at,
  };
}

/** A membership as the API shows it (sync clients key it by the pair; the API does not). */
export function membershipView(row: Database['memberships'], slug: string): Membership {
  const { id: _id, ...membership } = membershipFromRow(row, slug);
  return membership;
}

export async function createCommunity(
  db: Db,
  input: { slug: string; name: string; domain: string; anonymousRead?: boolean },
): Promise<Community> {
  const taken = await db
    .selectFrom('communities')
    .select('id')
    .where('slug', '=', input.slug)
    .executeTakeFirst();
  if (taken)
    throw conflict('slug_taken', `A community with the slug "${input.slug}" already exists.`);
  const row: Database['communities'] = {
    id: randomUUID(),
    slug: input.slug,
    name: input.name,
    domain: input.domain,
    anonymous_read: input.anonymousRead ? 1 : 0,
    created_at: nowIso(),
    // A community anyone may read is one anyone may join; the others ask.
    open: input.anonymousRead ? 1 : 0,
    review_interval_days: 90,
    routing_seats: 3,
    auto_routing: 1,
    digest_day: null,
    review_intervals: null,
  };
  await db.insertInto('communities').values(row).execute();
  await recordChange(db, { entity: 'community', entityId: row.id, communityId: row.id });
  return communityFromRow(row);
}

export async function listCommunities(db: Db, principal: Principal): Promise<Community[]> {
  const { read } = await readableCommunities(db, principal);
  if (!read.length) return [];
  const rows = await db
    .selectFrom('communities')
    .selectAll()
    .where('id', 'in', read)
    .orderBy('name')
    .execute();
  return rows.map(communityFromRow);
}

export async function membershipsOf(db: Db, userId: string): Promise<Membership[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('communities as c', 'c.id', 'm.community_id')
    .selectAll('m')
    .select('c.slug')
    .where('m.user_id', '=', userId)
    .execute();
  return rows.map(({ slug, ...row }) => membershipView(row, slug));
}

/** Adds a member or changes a role; admins and the community's coordinators may. */
export async function setMembership(
  db: Db,
  principal: Principal,
  slug: string,
  userId: string,
  role: Role,
): Promise<Membership> {
  const { user: actor } = requireUser(principal);
  const { community } = await requireCoordinator(db, principal, slug);
  const target = await db
    .selectFrom('users')
    .select('id')
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!target) throw notFound(`The user ${userId}`);
  const existing = await membershipRow(db, community.id, userId);
  if (existing) {
    await db
      .updateTable('memberships')
      .set({ role })
      .where('community_id', '=', community.id)
      .where('user_id', '=', userId)
      .execute();
  } else {
    await db
      .insertInto('memberships')
      .values(newMembership(community.id, userId, role))
      .execute();
  }
  forgetReadsInTransaction(db);
  await settleOnAdmission(db, community, userId, actor.id);
  await recordAudit(
    db,
    actor.id,
    community.id,
    'set-role',
    'membership',
    userId,
    existing ? { role: existing.role } : null,
    {
      role,
    },
  );
  return announceMembership(db, community, userId);
}

/** Tells sync clients about the membership just written, and returns it as they will see it. */
export async function announceMembership(
  db: Db,
  community: { id: string; slug: string },
  userId: string,
): Promise<Membership> {
  await recordMembershipChange(db, community.id, userId);
  return membershipView((await membershipRow(db, community.id, userId))!, community.slug);
}

/** A member declares what they know (or hides from expert lookup) in one community. */
export async function setExpertise(
  db: Db,
  principal: Principal,
  args: SetExpertiseArgs,
): Promise<void> {
  const { user } = requireUser(principal);
  const { community, standing } = await requireMember(db, principal, args.community);
  const values = { topics: JSON.stringify(args.topics), hidden: args.hidden ? 1 : 0 };
  if (standing === 'admin') {
    if (!(await membershipRow(db, community.id, user.id)))
      await db
        .insertInto('memberships')
        .values({ ...newMembership(community.id, user.id, 'coordinator'), ...values })
        .execute();
  }
  await db
    .updateTable('memberships')
    .set(values)
    .where('community_id', '=', community.id)
    .where('user_id', '=', user.id)
    .execute();
  await recordMembershipChange(db, community.id, user.id);
}

/** A coordinator (or an admin) edits the community's name, domain, openness and settings. */
export async function updateCommunity(
  db: Db,
  principal: Principal,
  slug: string,
  patch: CommunityPatch,
): Promise<Community> {
  const { user } = requireUser(principal);
  const { community: row } = await requireCoordinator(db, principal, slug);
  const flag = (value: boolean | undefined) => (value === undefined ? undefined : value ? 1 : 0);
  const changes: Partial<Database['communities']> = {
    name: patch.name,
    domain: patch.domain,
    open: flag(patch.open),
    anonymous_read: flag(patch.anonymousRead),
    review_interval_days: patch.reviewIntervalDays,
    review_intervals:
      patch.reviewIntervalsByKind === undefined
        ? undefined
        : Object.keys(patch.reviewIntervalsByKind).length
          ? JSON.stringify(patch.reviewIntervalsByKind)
          : null,
    routing_seats: patch.routingSeats,
    auto_routing: flag(patch.autoRouting),
  };
  const set = Object.fromEntries(
    Object.entries(changes).filter(
      ([key, value]) => value !== undefined && value !== row[key as keyof typeof row],
    ),
  ) as Partial<Database['communities']>;
  if (!Object.keys(set).length) return communityFromRow(row);
  await db.updateTable('communities').set(set).where('id', '=', row.id).execute();
  forgetReadsInTransaction(db);
  const updated = { ...row, ...set };
  const before = Object.fromEntries(Object.keys(set).map((k) => [k, row[k as keyof typeof row]]));
  await recordAudit(db, user.id, row.id, 'update-community', 'community', row.id, before, set);
  await recordChange(db, { entity: 'community', entityId: row.id, communityId: row.id });
  return communityFromRow(updated);
}
