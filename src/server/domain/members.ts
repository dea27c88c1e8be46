/**
 * Members as a coordinator sees them: role, declared expertise and a participation level computed
 * from what they did — peripheral (reads, endorses, asks), active (contributes), core (contributes a lot).
 */

import type { ExpressionBuilder } from 'kysely';
import type { Activity, MemberView, ParticipationLevel } from '../../core/console-responses';
import { type Db, nowIso, type Principal } from '../context';
import type { Database } from '../storage/schema';
import { requireCoordinator } from './access';
import { conflict, notFound } from './errors';
import { userRowByEmail } from './users';

// The answer shapes live in src/core/responses.ts, shared with the clients.
export type { Activity, MemberView, ParticipationLevel };

/** Contributions that make someone core over the period. */
export const CORE_CONTRIBUTIONS = 5;

/**
 * Capturing practices and answering questions are contributions. Any contribution makes a member
 * active; five or more make them core. Asking and endorsing are the first, peripheral steps.
 */
export function participationLevel(a: Pick<Activity, 'captures' | 'answers'>): ParticipationLevel {
  const contributions = a.captures + a.answers;
  if (contributions >= CORE_CONTRIBUTIONS) return 'core';
  if (contributions >= 1) return 'active';
  return 'peripheral';
}

export const emptyActivity = (): Activity => ({
  captures: 0,
  answers: 0,
  acceptedAnswers: 0,
  questions: 0,
  endorsements: 0,
  lastActiveAt: null,
});

type ActivityTable = 'practices' | 'questions' | 'answers' | 'endorsements';

/** Activity per user in one community between `from` (inclusive) and `to` (exclusive), ISO timestamps. */
export async function activityByUser(
  db: Db,
  communityId: string,
  from: string,
  to: string,
): Promise<Map<string, Activity>> {
  const out = new Map<string, Activity>();
  const touch = (userId: string, at: string, field: keyof Omit<Activity, 'lastActiveAt'>) => {
    const a = out.get(userId) ?? emptyActivity();
    a[field] += 1;
    if (!a.lastActiveAt || at > a.lastActiveAt) a.lastActiveAt = at;
    out.set(userId, a);
  };
  // Everything the community saw happen in the window.
  const inWindow = (eb: ExpressionBuilder<Database, ActivityTable>) =>
    eb.and([
      eb('community_id', '=', communityId),
      eb('created_at', '>=', from),
      eb('created_at', '<', to),
    ]);
  const [practices, questions, answers, endorsements] = await Promise.all([
    db
      .selectFrom('practices')
      .select(['author_id as user', 'created_at'])
      .where(inWindow)
      .execute(),
    db
      .selectFrom('questions')
      .select(['author_id as user', 'created_at'])
      .where(inWindow)
      .execute(),
    db
      .selectFrom('answers')
      .select(['author_id as user', 'created_at', 'accepted'])
      .where(inWindow)
      .execute(),
    db
      .selectFrom('endorsements')
      .select(['user_id as user', 'created_at'])
      .where(inWindow)
      .execute(),
  ]);
  for (const r of practices) touch(r.user, r.created_at, 'captures');
  for (const r of questions) touch(r.user, r.created_at, 'questions');
  for (const r of answers) {
    touch(r.user, r.created_at, 'answers');
    if (r.accepted === 1) out.get(r.user)!.acceptedAnswers += 1;
  }
  for (const r of endorsements) touch(r.user, r.created_at, 'endorsements');
  return out;
}

/** Levels describe the present, so they look at the last quarter. */
export const LEVEL_WINDOW_DAYS = 90;

export async function listMembers(
  db: Db,
  principal: Principal,
  slug: string,
  now = new Date(),
): Promise<MemberView[]> {
  const { community } = await requireCoordinator(db, principal, slug);
  const from = new Date(now.getTime() - LEVEL_WINDOW_DAYS * 86_400_000).toISOString();
  const activity = await activityByUser(db, community.id, from, nowIso());
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name', 'u.email', 'm.role', 'm.topics', 'm.hidden', 'm.joined_at'])
    .where('m.community_id', '=', community.id)
    .orderBy('u.name')
    .execute();
  return rows.map((r) => {
    const a = activity.get(r.id) ?? emptyActivity();
    return {
      user: { id: r.id, name: r.name, email: r.email },
      role: r.role,
      topics: JSON.parse(r.topics) as string[],
      hidden: r.hidden === 1,
      joinedAt: r.joined_at,
      level: participationLevel(a),
      activity: a,
    };
  });
}

/** The user with this email, for adding an existing account to a community. */
export async function userIdByEmail(db: Db, email: string): Promise<string> {
  const row = await userRowByEmail(db, email);
  if (!row) throw notFound(`A user with the email ${email}`);
  return row.id;
}

/** Refuses to add someone who is already a member (changing a role is a separate, explicit step). */
export async function ensureNotMember(db: Db, communityId: string, userId: string) {
  const row = await db
    .selectFrom('memberships')
    .select('role')
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (row) throw conflict('already_member', `This person is already a ${row.role} here.`);
}
