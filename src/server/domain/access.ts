/**
 * Who may do what: members read their communities, coordinators curate theirs, admins everything. An embed
 * token (a person arriving through an intranet page) is a member at most, whatever the account may do
 * elsewhere: that cap is applied here, in the standing every route's check is built on.
 */
import { MEMBER_ROLES, type Role } from '../../core/kinds';
import type { Db, Principal, UserPrincipal } from '../context';
import type { Database } from '../storage/schema';
import { forbidden, notFound, unauthorized } from './errors';
import { newMembership, recordMembershipChange } from './membership-rows';

export type CommunityRow = Database['communities'];
export type Standing = 'admin' | 'coordinator' | 'member';

export function requireUser(principal: Principal): UserPrincipal {
  if (principal.kind !== 'user') throw unauthorized();
  return principal;
}

/** True when the caller acts with an account's own credentials (an API token), not through an embed token. */
const ownCredentials = (principal: UserPrincipal) => principal.via !== 'embed';

export function requireAdmin(principal: Principal): UserPrincipal {
  const user = requireUser(principal);
  if (!user.user.isAdmin || !ownCredentials(user)) throw forbidden('Only an admin can do this.');
  return user;
}

/**
 * Managing an account's API tokens takes the account's own credentials: an embed token must not mint a
 * longer-lived token (with the account's full rights) nor revoke the account's other sign-ins.
 */
export function requireOwnCredentials(principal: Principal): UserPrincipal {
  const user = requireUser(principal);
  if (!ownCredentials(user))
    throw forbidden(
      'An embed token cannot manage API tokens: sign in to the store with your account to do this.',
    );
  return user;
}

/** A demo token acts in the communities its claim names (the demo's) and nowhere else. */
const outsideDemo = (principal: UserPrincipal, slug: string) =>
  principal.demo === true && !(principal.embedCommunities ?? []).includes(slug);

/**
 * A pushed batch asks about the same community and the same member for every mutation. Inside one
 * transaction a found community or standing cannot change (no mutation edits communities or roles; an
 * embed join is not remembered, as a rejected mutation rolls it back), so each is read once per transaction.
 */
const readInTransaction = new WeakMap<Db, Map<string, unknown>>();

/** For the rare write that changes a role: later checks in its transaction read again. */
export const forgetReadsInTransaction = (db: Db) => readInTransaction.delete(db);

async function once<T>(db: Db, key: string, read: () => Promise<T | undefined>) {
  if (!db.isTransaction) return read();
  let known = readInTransaction.get(db);
  if (!known) {
    known = new Map();
    readInTransaction.set(db, known);
  }
  if (known.has(key)) return known.get(key) as T;
  const value = await read();
  if (value !== undefined) known.set(key, value);
  return value;
}

export async function communityBySlug(db: Db, slug: string): Promise<CommunityRow> {
  const row = await once(db, `community:${slug}`, () =>
    db.selectFrom('communities').selectAll().where('slug', '=', slug).executeTakeFirst(),
  );
  if (!row) throw notFound(`The community "${slug}"`);
  return row;
}

export async function communityById(db: Db, id: string): Promise<CommunityRow> {
  return db.selectFrom('communities').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function standingIn(
  db: Db,
  principal: Principal,
  communityId: string,
): Promise<Standing | null> {
  if (principal.kind !== 'user') return null;
  if (principal.user.isAdmin && ownCredentials(principal)) return 'admin';
  const role = await roleIn(db, communityId, principal.user.id);
  // A sponsor is not a member: they read the community's overview and nothing else (docs/security.md).
  if (!role || role === 'sponsor') return null;
  // The one place an embed token's rights are capped: a coordinator's account is a member through one.
  return ownCredentials(principal) ? role : 'member';
}

/** The person's membership role in the community, whatever it allows, or null. */
async function roleIn(db: Db, communityId: string, userId: string): Promise<Role | null> {
  const row = await once(db, `standing:${communityId}:${userId}`, () =>
    db
      .selectFrom('memberships')
      .select('role')
      .where('community_id', '=', communityId)
      .where('user_id', '=', userId)
      .executeTakeFirst(),
  );
  return row?.role ?? null;
}

/**
 * A check about a thing found by its id: a caller outside the thing's community hears that it does not
 * exist (404, worded as for a missing id), so no route confirms that an id exists in another community.
 */
export interface FoundById {
  /** How the 404 names the thing, exactly as its missing-id 404 does ("The practice 0193…"). */
  hidden: string;
}

/** The community, if the caller belongs to it (admins belong everywhere). */
export async function requireMember(
  db: Db,
  principal: Principal,
  community: string | CommunityRow,
  found?: FoundById,
) {
  const caller = requireUser(principal);
  const row = typeof community === 'string' ? await communityBySlug(db, community) : community;
  if (outsideDemo(caller, row.slug))
    throw forbidden(`A demo token works in the demo community only, not in "${row.slug}".`);
  let standing = await standingIn(db, principal, row.id);
  if (
    !standing &&
    caller.via === 'embed' &&
    joinsOnFirstUse(caller, row) &&
    !(await removedFrom(db, row.id, caller.user.id)) &&
    // A sponsor stays a sponsor: an intranet page does not turn them into a member.
    (await roleIn(db, row.id, caller.user.id)) === null
  ) {
    await joinAsMember(db, caller.user.id, row.id);
    standing = 'member';
  }
  if (!standing) {
    if (found) throw notFound(found.hidden);
    throw forbidden(`You are not a member of the community "${row.slug}".`);
  }
  return { community: row, standing };
}

/**
 * People arriving through an intranet page join an open community (one that anyone may read) on first use,
 * or any community the page's backend names in the token's `communities` claim: the first step is tiny.
 */
const joinsOnFirstUse = (caller: UserPrincipal, community: CommunityRow) =>
  (community.anonymous_read === 1 && !caller.demo) ||
  (caller.embedCommunities ?? []).includes(community.slug);

/** A coordinator removed the person: an embed token does not bring them back on its own. */
async function removedFrom(db: Db, communityId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('join_requests')
    .select('id')
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .where('status', '=', 'removed')
    .executeTakeFirst();
  return row !== undefined;
}

async function joinAsMember(db: Db, userId: string, communityId: string) {
  const join = async (trx: Db) => {
    await trx
      .insertInto('memberships')
      .values(newMembership(communityId, userId, 'member'))
      .onConflict((oc) => oc.columns(['community_id', 'user_id']).doNothing())
      .execute();
    await recordMembershipChange(trx, communityId, userId);
  };
  if (db.isTransaction) await join(db);
  else await db.transaction().execute(join);
}

/** The community, if the caller may read it: members, or anyone when the community is open to anonymous readers. */
export async function requireReader(db: Db, principal: Principal, slug: string) {
  const row = await communityBySlug(db, slug);
  if (principal.kind === 'anonymous') {
    if (row.anonymous_read !== 1) {
      throw unauthorized(
        `The community "${slug}" is not open to anonymous readers: sign in or use an embed token.`,
      );
    }
    return { community: row, standing: null };
  }
  return requireMember(db, principal, row);
}

export async function requireCoordinator(
  db: Db,
  principal: Principal,
  community: string | CommunityRow,
  found?: FoundById,
) {
  const { community: row, standing } = await requireMember(db, principal, community, found);
  if (standing === 'member') throw forbidden(`Only a coordinator of "${row.slug}" can do this.`);
  return { community: row, standing };
}

/** Ids of the communities the caller reads, and of those it coordinates. */
export async function readableCommunities(
  db: Db,
  principal: Principal,
): Promise<{ read: string[]; coordinate: string[] }> {
  if (principal.kind !== 'user') {
    const open = await db
      .selectFrom('communities')
      .select('id')
      .where('anonymous_read', '=', 1)
      .execute();
    return { read: open.map((r) => r.id), coordinate: [] };
  }
  if (principal.user.isAdmin && ownCredentials(principal)) {
    const all = (await db.selectFrom('communities').select('id').execute()).map((r) => r.id);
    return { read: all, coordinate: all };
  }
  let rows = await db
    .selectFrom('memberships')
    .select(['community_id', 'role'])
    .where('user_id', '=', principal.user.id)
    .where('role', 'in', MEMBER_ROLES)
    .execute();
  if (principal.demo) {
    // Only a demo token needs the demo's community ids; every other caller keeps the one-table read.
    const demo = principal.embedCommunities?.length
      ? await db
          .selectFrom('communities')
          .select('id')
          .where('slug', 'in', principal.embedCommunities)
          .execute()
      : [];
    const allowed = new Set(demo.map((c) => c.id));
    rows = rows.filter((r) => allowed.has(r.community_id));
  }
  return {
    read: rows.map((r) => r.community_id),
    // Through an embed token nobody coordinates (see standingIn).
    coordinate: ownCredentials(principal)
      ? rows.filter((r) => r.role === 'coordinator').map((r) => r.community_id)
      : [],
  };
}
