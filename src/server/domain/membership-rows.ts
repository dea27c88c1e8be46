/**
 * A person's rows in one community, keyed by the pair (community, person): their membership and their join
 * request, how a new membership starts, and the sync change every membership write records.
 */
import { type Db, nowIso } from '../context';
import type { Database } from '../storage/schema';
import { recordChange } from './changes';

export function membershipRow(db: Db, communityId: string, userId: string) {
  return db
    .selectFrom('memberships')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export function joinRequestRow(db: Db, communityId: string, userId: string) {
  return db
    .selectFrom('join_requests')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** A membership as it starts: no topics declared, visible to expert lookup, joined now. */
export function newMembership(
  communityId: string,
  userId: string,
  role: Database['memberships']['role'],
): Database['memberships'] {
  return {
    community_id: communityId,
    user_id: userId,
    role,
    topics: '[]',
    hidden: 0,
    joined_at: nowIso(),
  };
}

/** Tells sync clients that this person's membership changed (or, with `delete`, ended). */
export function recordMembershipChange(db: Db, communityId: string, userId: string, op?: 'delete') {
  return recordChange(db, {
    entity: 'membership',
    entityId: `${communityId}:${userId}`,
    communityId,
    ...(op ? { op } : {}),
  });
}
