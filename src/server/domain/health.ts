/**
 * A community's health over a date range, for coordinators and sponsors: how much is captured and
 * published, whether questions get answered and how fast, who takes part and how deeply.
 */

import type {
  Contributor,
  HealthReport,
  MonthFigures,
  WeekFigures,
} from '../../core/console-responses';
import { MEMBER_ROLES } from '../../core/kinds';
import type { Db, Principal } from '../context';
import { requireCoordinator } from './access';
import { countAnsweredByExisting } from './answered-by-existing';
import { badRequest } from './errors';
import { activityByUser, participationLevel } from './members';

// The answer shapes live in src/core/responses.ts, shared with the clients.
export type { Contributor, HealthReport, MonthFigures, WeekFigures };

const RANK = { inactive: 0, peripheral: 1, active: 2, core: 3 } as const;

/** Monthly levels and movement, helped counts and verifications for the months touching [start, end). */
async function monthlyFigures(
  db: Db,
  communityId: string,
  start: number,
  end: number,
): Promise<MonthFigures[]> {
  const first = new Date(start);
  let cursor = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() - 1, 1);
  const members = await db
    .selectFrom('memberships')
    .select(['user_id', 'joined_at'])
    .where('community_id', '=', communityId)
    .where('role', 'in', MEMBER_ROLES)
    .execute();
  const out: MonthFigures[] = [];
  let previous = new Map<string, keyof typeof RANK>();
  let isFirst = true;
  while (cursor < end) {
    const d = new Date(cursor);
    const next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    const fromIso = new Date(cursor).toISOString();
    const toIso = new Date(next).toISOString();
    const [activity, helped, verified, reused] = await Promise.all([
      activityByUser(db, communityId, fromIso, toIso),
      db
        .selectFrom('practice_helped')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('community_id', '=', communityId)
        .where('created_at', '>=', fromIso)
        .where('created_at', '<', toIso)
        .executeTakeFirst(),
      verificationsIn(db, communityId, fromIso, toIso)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst(),
      countAnsweredByExisting(db, communityId, fromIso, toIso),
    ]);
    const asked = await questionsAnswered(db, communityId, fromIso, toIso);
    const levels = { peripheral: 0, active: 0, core: 0, inactive: 0 };
    const now = new Map<string, keyof typeof RANK>();
    let movedInward = 0;
    let movedOutward = 0;
    for (const m of members) {
      if (m.joined_at >= toIso) continue;
      const a = activity.get(m.user_id);
      const level = a ? participationLevel(a) : 'inactive';
      levels[level] += 1;
      now.set(m.user_id, level);
      const before = previous.get(m.user_id) ?? 'inactive';
      if (RANK[level] > RANK[before]) movedInward += 1;
      else if (RANK[level] < RANK[before]) movedOutward += 1;
    }
    // The month before the range only gives the starting levels.
    if (!isFirst)
      out.push({
        month: fromIso.slice(0, 7),
        levels,
        movedInward,
        movedOutward,
        helped: Number(helped?.n ?? 0),
        verifications: Number(verified?.n ?? 0),
        ...asked,
        answeredByExisting: reused,
      });
    isFirst = false;
    previous = now;
    cursor = next;
  }
  return out;
}

const verificationsIn = (db: Db, communityId: string, fromIso: string, toIso: string) =>
  db
    .selectFrom('audit_log')
    .where('community_id', '=', communityId)
    .where('action', '=', 'verify')
    .where('at', '>=', fromIso)
    .where('at', '<', toIso);

/**
 * The questions asked in [fromIso, toIso): how many, the share answered, and the median wait for a first
 * answer.
 */
async function questionsAnswered(db: Db, communityId: string, fromIso: string, toIso: string) {
  const rows = await db
    .selectFrom('questions as q')
    .leftJoin('answers as a', 'a.question_id', 'q.id')
    .select(['q.id', 'q.created_at', 'a.created_at as answered_at'])
    .where('q.community_id', '=', communityId)
    .where('q.created_at', '>=', fromIso)
    .where('q.created_at', '<', toIso)
    .execute();
  const firstAnswer = new Map<string, number | null>();
  for (const r of rows) {
    const asked = Date.parse(r.created_at);
    const at = r.answered_at ? Date.parse(r.answered_at) - asked : null;
    const known = firstAnswer.get(r.id);
    if (known === undefined || (at !== null && (known === null || at < known)))
      firstAnswer.set(r.id, at);
  }
  const waits = [...firstAnswer.values()].filter((w): w is number => w !== null);
  return {
    questions: firstAnswer.size,
    shareAnswered: firstAnswer.size ? waits.length / firstAnswer.size : null,
    medianFirstAnswerMs: median(waits),
  };
}

const DAY = 86_400_000;
export const MAX_RANGE_DAYS = 731;

/** The Monday 00:00 UTC on or before `t`. */
export function weekStartOf(t: number): number {
  const day = Math.floor(t / DAY) * DAY;
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  return day - weekday * DAY;
}

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Parses the range (YYYY-MM-DD, UTC, both days included) into [start, end) milliseconds. */
export function parseRange(from: string, to: string): { start: number; end: number } {
  const start = Date.parse(`${from}T00:00:00.000Z`);
  const end = Date.parse(`${to}T00:00:00.000Z`) + DAY;
  if (Number.isNaN(start) || Number.isNaN(end))
    throw badRequest('invalid_range', 'from and to must be dates written YYYY-MM-DD.');
  if (end <= start) throw badRequest('invalid_range', 'from must be on or before to.');
  if ((end - start) / DAY > MAX_RANGE_DAYS)
    throw badRequest('invalid_range', `Choose a range of at most ${MAX_RANGE_DAYS} days.`);
  return { start, end };
}

export async function communityHealth(
  db: Db,
  principal: Principal,
  slug: string,
  range: { from: string; to: string },
): Promise<HealthReport> {
  const { community } = await requireCoordinator(db, principal, slug);
  const { start, end } = parseRange(range.from, range.to);
  const fromIso = new Date(start).toISOString();
  const toIso = new Date(end).toISOString();

  const [practices, questions, firstAnswers, activity] = await Promise.all([
    db
      .selectFrom('practices')
      .select(['created_at', 'status'])
      .where('community_id', '=', community.id)
      .where('created_at', '>=', fromIso)
      .where('created_at', '<', toIso)
      .execute(),
    db
      .selectFrom('questions')
      .select(['id', 'created_at', 'answer_count'])
      .where('community_id', '=', community.id)
      .where('created_at', '>=', fromIso)
      .where('created_at', '<', toIso)
      .execute(),
    db
      .selectFrom('questions as q')
      .innerJoin('answers as a', 'a.question_id', 'q.id')
      .select(['q.id', 'q.created_at'])
      .select((eb) => eb.fn.min('a.created_at').as('first_answer_at'))
      .where('q.community_id', '=', community.id)
      .where('q.created_at', '>=', fromIso)
      .where('q.created_at', '<', toIso)
      .groupBy(['q.id', 'q.created_at'])
      .execute(),
    activityByUser(db, community.id, fromIso, toIso),
  ]);

  const weeks = new Map<string, WeekFigures>();
  for (let w = weekStartOf(start); w < end; w += 7 * DAY) {
    weeks.set(isoDay(w), {
      weekStart: isoDay(w),
      captures: 0,
      questions: 0,
      answers: 0,
      verifications: 0,
    });
  }
  const weekOf = (at: string) => weeks.get(isoDay(weekStartOf(Date.parse(at))));
  for (const p of practices) weekOf(p.created_at)!.captures += 1;
  for (const q of questions) weekOf(q.created_at)!.questions += 1;
  const [answerTimes, verifyTimes] = await Promise.all([
    db
      .selectFrom('answers')
      .select('created_at as at')
      .where('community_id', '=', community.id)
      .where('created_at', '>=', fromIso)
      .where('created_at', '<', toIso)
      .execute(),
    verificationsIn(db, community.id, fromIso, toIso).select('at').execute(),
  ]);
  for (const a of answerTimes) weekOf(a.at)!.answers += 1;
  for (const v of verifyTimes) weekOf(v.at)!.verifications += 1;

  const published = practices.filter((p) => p.status === 'published').length;
  const answered = questions.filter((q) => q.answer_count > 0).length;
  const waits = firstAnswers.map(
    (r) => Date.parse(String(r.first_answer_at)) - Date.parse(r.created_at),
  );

  const activeMembers = { peripheral: 0, active: 0, core: 0, total: 0 };
  for (const a of activity.values()) {
    activeMembers[participationLevel(a)] += 1;
    activeMembers.total += 1;
  }
  const contributorIds = [...activity.entries()]
    .filter(([, a]) => a.captures + a.answers > 0)
    .map(([id]) => id);
  const names = new Map(
    contributorIds.length
      ? (
          await db
            .selectFrom('users')
            .select(['id', 'name'])
            .where('id', 'in', contributorIds)
            .execute()
        ).map((u) => [u.id, u.name])
      : [],
  );
  const topContributors = contributorIds
    .map((id) => {
      const a = activity.get(id)!;
      return {
        user: { id, name: names.get(id) ?? 'Unknown' },
        captures: a.captures,
        answers: a.answers,
        acceptedAnswers: a.acceptedAnswers,
        contributions: a.captures + a.answers,
      };
    })
    .sort((a, b) => b.contributions - a.contributions || a.user.name.localeCompare(b.user.name))
    .slice(0, 10);

  return {
    range: { from: range.from, to: range.to },
    weeks: [...weeks.values()],
    captures: practices.length,
    published,
    sharePublished: practices.length ? published / practices.length : null,
    questions: questions.length,
    answered,
    shareAnswered: questions.length ? answered / questions.length : null,
    medianFirstAnswerMs: median(waits),
    activeMembers,
    topContributors,
    months: await monthlyFigures(db, community.id, start, end),
  };
}
