/**
 * Looking after questions: routing one to people who can answer it, and closing it. Suggestions come
 * from the expert ranking, spread fairly: among the qualified experts the least loaded goes first, and
 * a rising member is included, because answering is how people move from the edge to the core.
 */

import type { RouteCandidate, RouteSuggestions } from '../../core/responses';
import type { Evidence, Person, Question } from '../../core/types';
import type { Db, Principal, StoreContext } from '../context';
import { nowIso } from '../context';
import { searchTerms } from '../storage/search';
import { communityById, requireCoordinator, requireUser } from './access';
import { recordAudit } from './audit';
import { recordChange } from './changes';
import { badRequest, notFound } from './errors';
import { rankExperts } from './experts';
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
 * Ranks everyone who knows the question's topics, then picks: the least loaded of the qualified
 * experts (ties to the higher score), and the best-scoring member who is not yet core.
 */
export async function suggestRoutes(
  ctx: StoreContext,
  principal: Principal,
  questionId: string,
): Promise<RouteSuggestions> {
  const db = ctx.storage.db;
  const question = await getQuestion(db, questionId);
  const { community } = await requireCoordinator(db, principal, question.community);
  const topics = questionTopics(question);
  const ranked = new Map<string, { user: Person; score: number; evidence: Evidence[] }>();
  for (const topic of topics) {
    for (const hit of await rankExperts(ctx, principal, {
      topic,
      community: community.slug,
      limit: 20,
    })) {
      const entry = ranked.get(hit.user.id) ?? { user: hit.user, score: 0, evidence: [] };
      entry.score += hit.score;
      entry.evidence.push(...hit.evidence);
      ranked.set(hit.user.id, entry);
    }
  }
  ranked.delete(question.author);
  const load = await openLoad(db, community.id);
  const from = new Date(Date.now() - LEVEL_WINDOW_DAYS * 86_400_000).toISOString();
  const activity = await activityByUser(db, community.id, from, nowIso());
  const candidates: RouteCandidate[] = [...ranked.values()]
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

  const open = candidates.filter((c) => !c.alreadyRouted);
  const best = open[0]?.score ?? 0;
  const qualified = open
    .filter((c) => c.score >= best * QUALIFIED_SHARE)
    .sort((a, b) => a.load - b.load || b.score - a.score);
  const suggested: RouteCandidate[] = [];
  for (const c of qualified.slice(0, EXPERTS_PER_QUESTION))
    suggested.push({ ...c, reason: 'expert' });
  const rising = open
    .filter((c) => c.level !== 'core' && !suggested.some((s) => s.user.id === c.user.id))
    .sort((a, b) => a.load - b.load || b.score - a.score)[0];
  if (rising) suggested.push({ ...rising, reason: 'rising' });
  // Without a rising member, a second expert keeps two people on the question.
  if (suggested.length < 2) {
    const next = qualified.find((c) => !suggested.some((s) => s.user.id === c.user.id));
    if (next) suggested.push({ ...next, reason: 'expert' });
  }
  const picked = new Set(suggested.map((s) => s.user.id));
  return { suggested, others: candidates.filter((c) => !picked.has(c.user.id)), topics };
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
    .select(['community_id', 'version'])
    .where('id', '=', questionId)
    .executeTakeFirstOrThrow();
  const community = await communityById(db, row.community_id);
  await requireCoordinator(db, principal, community);
  if (question.status === 'closed')
    throw badRequest('question_closed', 'This question is closed; reopen it before routing.');
  const members = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name'])
    .where('m.community_id', '=', community.id)
    .where('m.user_id', 'in', userIds)
    .execute();
  const missing = userIds.filter((id) => !members.some((m) => m.id === id));
  if (missing.length) throw notFound(`Members ${missing.join(', ')} of "${community.slug}"`);
  const fresh = members.filter((m) => !question.routedTo.includes(m.id));
  if (!fresh.length) return question;
  const now = nowIso();
  await db
    .insertInto('question_routes')
    .values(
      fresh.map((m) => ({
        question_id: questionId,
        user_id: m.id,
        routed_by: user.id,
        created_at: now,
      })),
    )
    .execute();
  await db
    .updateTable('questions')
    .set({ version: row.version + 1, updated_at: now })
    .where('id', '=', questionId)
    .execute();
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
  await recordChange(db, { entity: 'question', entityId: questionId, communityId: community.id });
  await enqueueWebhookEvent(db, community.id, 'question.routed', {
    question: { id: question.id, title: question.title, authorName: question.authorName },
    routedTo: fresh.map((m) => ({ id: m.id, name: m.name })),
    routedBy: { id: user.id, name: user.name },
  });
  return getQuestion(db, questionId);
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
  await requireCoordinator(db, principal, await communityById(db, row.community_id));
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
