/**
 * Joining and leaving: one click into an open community, a request a coordinator approves or declines for
 * a closed one, a coordinator removing someone. The person is told each outcome; the audit trail keeps all.
 */
import { randomUUID } from 'node:crypto';
import type { JoinRequest } from '../../core/accounts';
import type { Role } from '../../core/kinds';
import type { Membership } from '../../core/types';
import { type Db, nowIso, type Principal } from '../context';
import type { Database } from '../storage/schema';
import {
  type CommunityRow,
  communityBySlug,
  forgetReadsInTransaction,
  requireCoordinator,
  requireUser,
} from './access';
import { recordAudit } from './audit';
import { announceMembership, membershipView } from './communities';
import { conflict, forbidden, notFound } from './errors';
import {
  joinRequestRow,
  membershipRow,
  newMembership,
  recordMembershipChange,
} from './membership-rows';
import { notify } from './notifications';

type RequestRow = Database['join_requests'];

export type JoinOutcome =
  | { status: 200; membership: Membership }
  | { status: 202; request: JoinRequest };

async function requestView(db: Db, row: RequestRow, slug: string): Promise<JoinRequest> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('id', '=', row.user_id)
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    community: slug,
    user,
    status: row.status === 'removed' ? 'declined' : row.status,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
  };
}

/** Makes the person a member (role `member` unless given), recording the change for sync. */
export async function admit(
  db: Db,
  community: CommunityRow,
  userId: string,
  role: Role = 'member',
): Promise<Membership> {
  await db
    .insertInto('memberships')
    .values(newMembership(community.id, userId, role))
    .onConflict((oc) => oc.columns(['community_id', 'user_id']).doNothing())
    .execute();
  forgetReadsInTransaction(db);
  return announceMembership(db, community, userId);
}

/** Joins an open community at once, or asks to join a closed one. */
export async function joinCommunity(
  db: Db,
  principal: Principal,
  slug: string,
): Promise<JoinOutcome> {
  const { user } = requireUser(principal);
  const community = await communityBySlug(db, slug);
  const member = await membershipRow(db, community.id, user.id);
  if (member) return { status: 200, membership: membershipView(member, slug) };
  const request = await joinRequestRow(db, community.id, user.id);
  if (request?.status === 'removed')
    throw forbidden(
      `A coordinator removed you from "${community.name}": ask one of its coordinators to add you again.`,
    );
  if (community.open === 1) {
    if (request) await db.deleteFrom('join_requests').where('id', '=', request.id).execute();
    const membership = await admit(db, community, user.id);
    await recordAudit(db, user.id, community.id, 'join', 'membership', user.id, null, {
      role: 'member',
    });
    return { status: 200, membership };
  }
  if (request?.status === 'pending')
    return { status: 202, request: await requestView(db, request, slug) };
  const row: RequestRow = {
    id: request?.id ?? randomUUID(),
    community_id: community.id,
    user_id: user.id,
    status: 'pending',
    created_at: nowIso(),
    decided_at: null,
    decided_by: null,
  };
  // Asking again after a decline starts a new request in the same row: one row per person and community.
  if (request) {
    await db
      .updateTable('join_requests')
      .set({ status: 'pending', created_at: row.created_at, decided_at: null, decided_by: null })
      .where('id', '=', row.id)
      .execute();
  } else {
    await db.insertInto('join_requests').values(row).execute();
  }
  await recordAudit(db, user.id, community.id, 'request-join', 'join-request', row.id, null, {
    status: 'pending',
  });
  const coordinators = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('community_id', '=', community.id)
    .where('role', '=', 'coordinator')
    .execute();
  for (const { user_id } of coordinators)
    await notify(
      db,
      user_id,
      community.id,
      'join-requested',
      `${user.name} asks to join ${community.name}.`,
    );
  return { status: 202, request: await requestView(db, row, slug) };
}

/** Refuses to leave a community without a coordinator. */
async function keepACoordinator(db: Db, community: CommunityRow, userId: string, message: string) {
  const others = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('community_id', '=', community.id)
    .where('role', '=', 'coordinator')
    .where('user_id', '!=', userId)
    .executeTakeFirst();
  if (!others) throw conflict('last_coordinator', message);
}

async function endMembership(db: Db, community: CommunityRow, userId: string) {
  await db
    .deleteFrom('memberships')
    .where('community_id', '=', community.id)
    .where('user_id', '=', userId)
    .execute();
  // The next check in this transaction, and every later request, reads the membership again.
  forgetReadsInTransaction(db);
  await recordMembershipChange(db, community.id, userId, 'delete');
}

/** The caller leaves, or withdraws a pending request. */
export async function leaveCommunity(db: Db, principal: Principal, slug: string) {
  const { user } = requireUser(principal);
  const community = await communityBySlug(db, slug);
  const member = await membershipRow(db, community.id, user.id);
  const request = await joinRequestRow(db, community.id, user.id);
  const withdrawn = request?.status === 'pending';
  if (!member && !withdrawn)
    throw conflict(
      'not_member',
      `You are not a member of "${community.name}" and have not asked to join it.`,
    );
  if (member?.role === 'coordinator')
    await keepACoordinator(
      db,
      community,
      user.id,
      `You are the last coordinator of "${community.name}": make another member coordinator before you leave.`,
    );
  if (member) {
    await endMembership(db, community, user.id);
    await recordAudit(
      db,
      user.id,
      community.id,
      'leave',
      'membership',
      user.id,
      {
        role: member.role,
      },
      null,
    );
  }
  if (request && request.status !== 'removed')
    await db.deleteFrom('join_requests').where('id', '=', request.id).execute();
  if (withdrawn)
    await recordAudit(
      db,
      user.id,
      community.id,
      'withdraw-request',
      'join-request',
      request.id,
      {
        status: 'pending',
      },
      null,
    );
  return { left: Boolean(member), withdrawn };
}

/** A coordinator (or an admin) removes someone; access ends with their next request. */
export async function removeMember(db: Db, principal: Principal, slug: string, userId: string) {
  const { user: actor } = requireUser(principal);
  const { community, standing } = await requireCoordinator(db, principal, slug);
  const member = await membershipRow(db, community.id, userId);
  if (!member) throw notFound(`A member ${userId} of "${slug}"`);
  if (member.role === 'coordinator' && standing !== 'admin')
    await keepACoordinator(
      db,
      community,
      userId,
      `That is the last coordinator of "${community.name}": make another member coordinator first.`,
    );
  await endMembership(db, community, userId);
  // Kept so the person cannot rejoin an open community (or be joined again by an embed token) alone.
  const request = await joinRequestRow(db, community.id, userId);
  const decided = { status: 'removed' as const, decided_at: nowIso(), decided_by: actor.id };
  if (request)
    await db.updateTable('join_requests').set(decided).where('id', '=', request.id).execute();
  else
    await db
      .insertInto('join_requests')
      .values({
        id: randomUUID(),
        community_id: community.id,
        user_id: userId,
        created_at: decided.decided_at,
        ...decided,
      })
      .execute();
  await recordAudit(
    db,
    actor.id,
    community.id,
    'remove-member',
    'membership',
    userId,
    {
      role: member.role,
    },
    null,
  );
  await notify(
    db,
    userId,
    community.id,
    'membership-removed',
    `A coordinator removed you from ${community.name}.`,
  );
}

/** The community's pending requests, oldest first (coordinators). */
export async function listJoinRequests(
  db: Db,
  principal: Principal,
  slug: string,
): Promise<JoinRequest[]> {
  const { community } = await requireCoordinator(db, principal, slug);
  const rows = await db
    .selectFrom('join_requests as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select([
      'r.id',
      'r.status',
      'r.created_at',
      'r.decided_at',
      'u.id as user_id',
      'u.name',
      'u.email',
    ])
    .where('r.community_id', '=', community.id)
    .where('r.status', '=', 'pending')
    .orderBy('r.created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    community: slug,
    user: { id: r.user_id, name: r.name, email: r.email },
    status: 'pending' as const,
    createdAt: r.created_at,
    decidedAt: r.decided_at,
  }));
}

/** A coordinator approves (the person becomes a member) or declines a pending request; the person is told. */
export async function decideJoinRequest(
  db: Db,
  principal: Principal,
  slug: string,
  requestId: string,
  approve: boolean,
): Promise<{ request: JoinRequest; membership: Membership | null }> {
  const { user: actor } = requireUser(principal);
  const { community } = await requireCoordinator(db, principal, slug);
  const row = await db
    .selectFrom('join_requests')
    .selectAll()
    .where('id', '=', requestId)
    .where('community_id', '=', community.id)
    .executeTakeFirst();
  if (!row || row.status === 'removed') throw notFound(`The request to join ${requestId}`);
  if (row.status !== 'pending')
    throw conflict('already_decided', `This request was already ${row.status}.`);
  const decided = {
    status: approve ? ('approved' as const) : ('declined' as const),
    decided_at: nowIso(),
    decided_by: actor.id,
  };
  await db.updateTable('join_requests').set(decided).where('id', '=', row.id).execute();
  const membership = approve ? await admit(db, community, row.user_id) : null;
  await recordAudit(
    db,
    actor.id,
    community.id,
    approve ? 'approve-join' : 'decline-join',
    'join-request',
    row.id,
    { status: 'pending' },
    { status: decided.status, userId: row.user_id },
  );
  await notify(
    db,
    row.user_id,
    community.id,
    approve ? 'join-approved' : 'join-declined',
    approve
      ? `Your request to join ${community.name} was approved: welcome.`
      : `Your request to join ${community.name} was declined.`,
  );
  return { request: await requestView(db, { ...row, ...decided }, slug), membership };
}
