/**
 * Looking after questions: routing one to people who can answer it, and closing it. Suggestions come
 * from the expert ranking, spread fairly: among the qualified experts the least loaded goes first, and
 * a rising member is included, because answering is how people move from the edge to the core.
 */

import type { RouteCandidate, RouteSuggestions } from '../../core/console-responses';
import { MEMBER_ROLES } from '../../core/kinds';
import type { Evidence, Person, Question } from '../../core/types';
import type { Db, Principal, StoreContext } from '../context';
import { nowIso } from '../context';
import { searchTerms } from '../storage/search';
import { communityById, requireCoordinator, requireUser } from './access';
import { recordAudit } from './audit';
import { recordChange } from './changes';
import { badRequest, notFound } from './errors';
import { rankExpertsIn } from './experts';
import { activityByUser, emptyActivity, LEVEL_WINDOW_DAYS, participationLevel } from './members';
import { getQuestion } from './questions';
import { enqueueWebhookEvent } from './webhooks';

// The answer shapes live in src/core/responses.ts, shared with the clients.
export type { RouteCandidate, RouteSuggestions };

/** Experts scoring at least this share of the best score are interchangeable enough to rotate. */
export const QUALIFIED_SHARE = 0.25;
export const EXPERTS_PER_QUESTION = 1;

/** Words too general to look an expert up by. */
const FILLER = new Set(
  'about after again also been before best could does doing done each from have here into just know like make more most much need only other over same should some such than that their them then there these they this those through what when where which while will with would your how why who the and for are but not can our out you use using without within anyone someone something'.split(
    ' ',
  ),
);

/** The question's tags first, then its distinctive title words: each becomes one expert lookup. */
export function questionTopics(q: Pick<Question, 'title' | 'tags'>, max = 6): string[] {
  const words = searchTerms(q.title).filter((w) => w.length >= 4 && !FILLER.has(w));
  return [...new Set([...q.tags, ...words])].slice(0, max);
}

async function openLoad(db: Db, communityId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('question_routes as r')
    .innerJoin('questions as q', 'q.id', 'r.question_id')
    .select(['r.user_id'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('q.community_id', '=', communityId)
    .where('q.status', '=', 'open')
    .groupBy('r.user_id')
    .execute();
  return new Map(rows.map((r) => [r.user_id, Number(r.n)]));
}

/**
 * Everyone who knows the question's topics in its community, best first: never the asker, nor people who
 * hid from expert lookup (the ranking leaves them out), are away, or whose access was disabled.
 */
export async function rankRouteCandidates(
  ctx: StoreContext,
  question: Question,
  communityId: string,
  now = new Date(),
): Promise<RouteCandidate[]> {
  const db = ctx.storage.db;
  const topics = questionTopics(question);
  const ranked = new Map<string, { user: Person; score: number; evidence: Evidence[] }>();
  for (const topic of topics) {
    for (const hit of await rankExpertsIn(ctx, [communityId], topic, 20)) {
      const entry = ranked.get(hit.user.id) ?? { user: hit.user, score: 0, evidence: [] };
      entry.score += hit.score;
      entry.evidence.push(...hit.evidence);
      ranked.set(hit.user.id, entry);
    }
  }
  ranked.delete(question.author);
  if (ranked.size) {
    const unavailable = await db
      .selectFrom('users')
      .select('id')
      .where('id', 'in', [...ranked.keys()])
      .where((eb) =>
        eb.or([eb('disabled_at', 'is not', null), eb('away_until', '>', now.toISOString())]),
      )
      .execute();
    for (const { id } of unavailable) ranked.delete(id);
  }
  const load = await openLoad(db, communityId);
  const from = new Date(now.getTime() - LEVEL_WINDOW_DAYS * 86_400_000).toISOString();
  const activity = await activityByUser(db, communityId, from, now.toISOString());
  return [...ranked.values()]
    .map((c) => ({
      user: c.user,
      score: Math.round(c.score * 1000) / 1000,
      load: load.get(c.user.id) ?? 0,
      level: participationLevel(activity.get(c.user.id) ?? emptyActivity()),
      reason: 'candidate' as RouteCandidate['reason'],
      evidence: c.evidence.sort((a, b) => b.weight - a.weight).slice(0, 3),
      alreadyRouted: question.routedTo.includes(c.user.id),
    }))
    .sort((a, b) => b.score - a.score || a.user.name.localeCompare(b.user.name));
}

/**
 * The fair choice of `seats` people among candidates not yet routed to: qualified experts, the least
 * loaded first (ties to the higher score), and one seat for the best member who is not yet core.
 */
export function pickSeats(candidates: RouteCandidate[], seats: number): RouteCandidate[] {
  if (seats < 1) return [];
  const open = candidates.filter((c) => !c.alreadyRouted);
  const best = open[0]?.score ?? 0;
  const qualified = open
    .filter((c) => c.score >= best * QUALIFIED_SHARE)
    .sort((a, b) => a.load - b.load || b.score - a.score);
  const picked: RouteCandidate[] = [];
  const taken = (c: RouteCandidate) => picked.some((s) => s.user.id === c.user.id);
  for (const c of qualified.slice(0, Math.max(1, seats - 1)))
    picked.push({ ...c, reason: 'expert' });
  const rising = open
    .filter((c) => c.level !== 'core' && !taken(c))
    .sort((a, b) => a.load - b.load || b.score - a.score)[0];
  if (rising && picked.length < seats) picked.push({ ...rising, reason: 'rising' });
  // Without a rising member, more experts keep the seats filled.
  for (const c of qualified) {
    if (picked.length >= seats) break;
    if (!taken(c)) picked.push({ ...c, reason: 'expert' });
  }
  return picked;
}

/** The console's suggestions: the fair choice pre-selected, everyone else the ranking found below it. */
export async function suggestRoutes(
  ctx: StoreContext,
  principal: Principal,
  questionId: string,
): Promise<RouteSuggestions> {
  const db = ctx.storage.db;
  requireUser(principal);
  const question = await getQuestion(db, questionId);
  const { community } = await requireCoordinator(db, principal, question.community, {
    hidden: `The question ${questionId}`,
  });
  const candidates = await rankRouteCandidates(ctx, question, community.id);
  const suggested = pickSeats(candidates, EXPERTS_PER_QUESTION + 1);
  const picked = new Set(suggested.map((s) => s.user.id));
  return {
    suggested,
    others: candidates.filter((c) => !picked.has(c.user.id)),
    topics: questionTopics(question),
  };
}

/** Routes the question to these members: they see it in their routed questions, the webhook hears of it. */
export async function routeQuestion(
  db: Db,
  principal: Principal,
  questionId: string,
  userIds: string[],
): Promise<Question> {
  const { user } = requireUser(principal);
  const question = await getQuestion(db, questionId);
  const row = await db
    .selectFrom('questions')
    .select(['community_id'])
    .where('id', '=', questionId)
    .executeTakeFirstOrThrow();
  const community = await communityById(db, row.community_id);
  await requireCoordinator(db, principal, community, { hidden: `The question ${questionId}` });
  if (question.status === 'closed')
    throw badRequest('question_closed', 'This question is closed; reopen it before routing.');
  const members = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name', 'm.hidden'])
    .where('m.community_id', '=', community.id)
    .where('m.role', 'in', MEMBER_ROLES)
    .where('m.user_id', 'in', userIds)
    .execute();
  const missing = userIds.filter((id) => !members.some((m) => m.id === id));
  if (missing.length) throw notFound(`Members ${missing.join(', ')} of "${community.slug}"`);
  // Hiding is the person's choice and holds against a coordinator too; why they hide is not said.
  const hidden = members.filter((m) => m.hidden === 1);
  if (hidden.length)
    throw badRequest(
      'hidden_from_routing',
      `${hidden.map((m) => m.name).join(', ')} chose not to be found as an expert or routed questions; route the question to someone else.`,
      { userIds: hidden.map((m) => m.id) },
    );
  const fresh = members.filter((m) => !question.routedTo.includes(m.id));
  if (!fresh.length) return question;
  await addRoutes(db, question, community.id, fresh, { id: user.id, name: user.name });
  await recordAudit(
    db,
    user.id,
    community.id,
    'route',
    'question',
    questionId,
    { routedTo: question.routedTo },
    { routedTo: [...question.routedTo, ...fresh.map((m) => m.id)] },
  );
  return getQuestion(db, questionId);
}

/** The automatic router's name where a person's would be (in `routed_by` and the webhook message). */
export const ROUTER = { id: 'router', name: 'automatic routing' } as const;

/**
 * Routes the question to people not yet routed to it: they see it in their routed questions (the change
 * feed carries it to their extension), and the community's webhooks hear `question.routed`.
 */
export async function addRoutes(
  db: Db,
  question: Question,
  communityId: string,
  people: { id: string; name: string }[],
  routedBy: { id: string; name: string },
  now = nowIso(),
): Promise<void> {
  if (!people.length) return;
  await db
    .insertInto('question_routes')
    .values(
      people.map((m) => ({
        question_id: question.id,
        user_id: m.id,
        routed_by: routedBy.id,
        created_at: now,
      })),
    )
    .execute();
  await db
    .updateTable('questions')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', question.id)
    .execute();
  await recordChange(db, { entity: 'question', entityId: question.id, communityId });
  await enqueueWebhookEvent(db, communityId, 'question.routed', {
    question: { id: question.id, title: question.title, authorName: question.authorName },
    routedTo: people.map((m) => ({ id: m.id, name: m.name })),
    routedBy,
  });
}

/** Closes a question (it takes no more answers) or reopens it; coordinators only. */
export async function setQuestionClosed(
  db: Db,
  principal: Principal,
  questionId: string,
  closed: boolean,
  note?: string,
): Promise<Question> {
  const { user } = requireUser(principal);
  const row = await db
    .selectFrom('questions')
    .selectAll()
    .where('id', '=', questionId)
    .executeTakeFirst();
  if (!row) throw notFound(`The question ${questionId}`);
  await requireCoordinator(db, principal, await communityById(db, row.community_id), {
    hidden: `The question ${questionId}`,
  });
  const status = closed ? 'closed' : row.accepted_answer_id ? 'answered' : 'open';
  if (status === row.status) return getQuestion(db, questionId);
  await db
    .updateTable('questions')
    .set({ status, version: row.version + 1, updated_at: nowIso() })
    .where('id', '=', questionId)
    .execute();
  await recordAudit(
    db,
    user.id,
    row.community_id,
    closed ? 'close' : 'reopen',
    'question',
    questionId,
    { status: row.status },
    { status },
    note,
  );
  await recordChange(db, {
    entity: 'question',
    entityId: questionId,
    communityId: row.community_id,
  });
  return getQuestion(db, questionId);
}
