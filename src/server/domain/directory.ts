/**
 * The community directory (every community, so people can find one and join) and the member search a
 * coordinator adds people with: found by name or the start of an email, a few at a time.
 */

import { sql } from 'kysely';
import type { Candidate, DirectoryEntry, DirectoryState } from '../../core/accounts';
import { MEMBER_ROLES } from '../../core/kinds';
import type { Db, Principal } from '../context';
import { requireCoordinator, requireUser } from './access';
import { communityFromRow } from './communities';
import { badRequest } from './errors';

const MONTH_MS = 30 * 86_400_000;
/** People a member search answers with at most: enough to pick from, too few to list everyone. */
export const CANDIDATES = 10;

const countBy = (rows: { id: string; n: number | string | bigint }[]) =>
  new Map(rows.map((r) => [r.id, Number(r.n)]));

/** Every community with its coordinators, size, recent activity and where the caller stands. */
export async function directory(db: Db, principal: Principal): Promise<DirectoryEntry[]> {
  const { user } = requireUser(principal);
  const since = new Date(Date.now() - MONTH_MS).toISOString();
  const [communities, members, coordinators, practices, questions, latest, mine, asked] =
    await Promise.all([
      db.selectFrom('communities').selectAll().orderBy('name').execute(),
      db
        .selectFrom('memberships')
        .select(['community_id as id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('role', 'in', MEMBER_ROLES)
        .groupBy('community_id')
        .execute(),
      db
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['m.community_id', 'u.id', 'u.name'])
        .where('m.role', '=', 'coordinator')
        .where('u.disabled_at', 'is', null)
        .orderBy('u.name')
        .execute(),
      db
        .selectFrom('practices')
        .select(['community_id as id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('created_at', '>=', since)
        .groupBy('community_id')
        .execute(),
      db
        .selectFrom('questions')
        .select(['community_id as id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('created_at', '>=', since)
        .groupBy('community_id')
        .execute(),
      sql<{ id: string; at: string }>`select community_id as id, max(created_at) as at from (
          select community_id, created_at from practices
          union all select community_id, created_at from questions
          union all select community_id, created_at from answers) activity
        group by community_id`.execute(db),
      db
        .selectFrom('memberships')
        .select(['community_id', 'role'])
        .where('user_id', '=', user.id)
        .execute(),
      db
        .selectFrom('join_requests')
        .select('community_id')
        .where('user_id', '=', user.id)
        .where('status', '=', 'pending')
        .execute(),
    ]);
  const memberCount = countBy(members);
  const practiceCount = countBy(practices);
  const questionCount = countBy(questions);
  const lastActive = new Map(latest.rows.map((r) => [r.id, r.at]));
  const role = new Map(mine.map((m) => [m.community_id, m.role]));
  const pending = new Set(asked.map((r) => r.community_id));
  return communities.map((row) => ({
    ...communityFromRow(row),
    coordinators: coordinators
      .filter((c) => c.community_id === row.id)
      .map(({ id, name }) => ({ id, name })),
    memberCount: memberCount.get(row.id) ?? 0,
    activity: {
      practices30d: practiceCount.get(row.id) ?? 0,
      questions30d: questionCount.get(row.id) ?? 0,
      lastActiveAt: lastActive.get(row.id) ?? null,
    },
    state: role.get(row.id) ?? (pending.has(row.id) ? 'requested' : 'none'),
  }));
}

/** LIKE treats % and _ as wildcards: a search for them finds them literally. */
const literal = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * People a coordinator of the community may add: names containing the query, or emails starting with it
 * (so a search for a domain lists nobody), at most CANDIDATES of them, disabled accounts left out.
 */
export async function searchPeople(
  db: Db,
  principal: Principal,
  slug: string,
  query: string,
): Promise<Candidate[]> {
  const { community } = await requireCoordinator(db, principal, slug);
  const q = query.trim().toLowerCase();
  if (q.length < 2)
    throw badRequest('query_too_short', 'Type at least two letters of a name or an email.');
  const anywhere = `%${literal(q)}%`;
  const start = `${literal(q)}%`;
  const rows = await db
    .selectFrom('users as u')
    .leftJoin('memberships as m', (join) =>
      join.onRef('m.user_id', '=', 'u.id').on('m.community_id', '=', community.id),
    )
    .leftJoin('join_requests as r', (join) =>
      join
        .onRef('r.user_id', '=', 'u.id')
        .on('r.community_id', '=', community.id)
        .on('r.status', '=', 'pending'),
    )
    .select(['u.id', 'u.name', 'u.email', 'm.role', 'r.id as request_id'])
    .where('u.disabled_at', 'is', null)
    .where((eb) =>
      eb.or([
        sql<boolean>`lower(u.name) like ${anywhere} escape '\\'`,
        sql<boolean>`lower(u.email) like ${start} escape '\\'`,
      ]),
    )
    .orderBy('u.name')
    .limit(CANDIDATES)
    .execute();
  return rows.map((r) => {
    const state: DirectoryState = r.role ?? (r.request_id ? 'requested' : 'none');
    return { id: r.id, name: r.name, email: r.email, state };
  });
}
