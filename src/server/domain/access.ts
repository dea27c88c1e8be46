/** Who may do what: members read their communities, coordinators curate theirs, admins everything. */
import type { Db, Principal, UserPrincipal } from '../context';
import { forbidden, notFound, unauthorized } from '../http/errors';
import type { Database } from '../storage/schema';

export type CommunityRow = Database['communities'];
export type Standing = 'admin' | 'coordinator' | 'member';

export function requireUser(principal: Principal): UserPrincipal {
  if (principal.kind !== 'user') throw unauthorized();
  return principal;
}

export function requireAdmin(principal: Principal): UserPrincipal {
  const user = requireUser(principal);
  if (!user.user.isAdmin) throw forbidden('Only an admin can do this.');
  return user;
}

export async function communityBySlug(db: Db, slug: string): Promise<CommunityRow> {
  const row = await db
    .selectFrom('communities')
    .selectAll()
    .where('slug', '=', slug)
    .executeTakeFirst();
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
  if (principal.user.isAdmin) return 'admin';
  const row = await db
    .selectFrom('memberships')
    .select('role')
    .where('community_id', '=', communityId)
    .where('user_id', '=', principal.user.id)
    .executeTakeFirst();
  return row?.role ?? null;
}

/** The community, if the caller belongs to it (admins belong everywhere). */
export async function requireMember(
  db: Db,
  principal: Principal,
  community: string | CommunityRow,
) {
  requireUser(principal);
  const row = typeof community === 'string' ? await communityBySlug(db, community) : community;
  const standing = await standingIn(db, principal, row.id);
  if (!standing) throw forbidden(`You are not a member of the community "${row.slug}".`);
  return { community: row, standing };
}

export async function requireCoordinator(
  db: Db,
  principal: Principal,
  community: string | CommunityRow,
) {
  const { community: row, standing } = await requireMember(db, principal, community);
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
  if (principal.user.isAdmin) {
    const all = (await db.selectFrom('communities').select('id').execute()).map((r) => r.id);
    return { read: all, coordinate: all };
  }
  const rows = await db
    .selectFrom('memberships')
    .select(['community_id', 'role'])
    .where('user_id', '=', principal.user.id)
    .execute();
  return {
    read: rows.map((r) => r.community_id),
    coordinate: rows.filter((r) => r.role === 'coordinator').map((r) => r.community_id),
  };
}
