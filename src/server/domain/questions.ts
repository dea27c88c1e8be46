/** Questions asked from where people work, their answers, and the accepted answer. */

import type { Selectable } from 'kysely';
import type { AcceptAnswerArgs, CreateAnswerArgs, CreateQuestionArgs } from '../../core/schemas';
import type { Answer, Question } from '../../core/types';
import { type Db, nowIso, type Principal } from '../context';
import type { Database } from '../storage/schema';
import { communityById, requireMember, requireUser } from './access';
import { recordChange } from './changes';
import { conflict, forbidden, notFound } from './errors';
import { isRetriedCreate } from './retried-create';
import { refuseSecrets } from './secret-guard';
import { enqueueWebhookEvent } from './webhooks';

type QuestionRow = Selectable<Database['questions']> & {
  author_name: string;
  community_slug: string;
};
type AnswerRow = Database['answers'] & { author_name: string };

export function questionFromRow(row: QuestionRow, routedTo: string[]): Question {
  return {
    id: row.id,
    community: row.community_slug,
    title: row.title,
    body: row.body,
    tags: JSON.parse(row.tags) as string[],
    context: row.context ? (JSON.parse(row.context) as Question['context']) : null,
    status: row.status,
    acceptedAnswerId: row.accepted_answer_id,
    routedTo,
    ...(row.waiting_since ? { waitingSince: row.waiting_since } : {}),
    author: row.author_id,
    authorName: row.author_name,
    answerCount: row.answer_count,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function answerFromRow(row: AnswerRow, communitySlug: string): Answer {
  return {
    id: row.id,
    questionId: row.question_id,
    community: communitySlug,
    body: row.body,
    author: row.author_id,
    authorName: row.author_name,
    accepted: row.accepted === 1,
    createdAt: row.created_at,
  };
}

export const selectQuestions = (db: Db) =>
  db
    .selectFrom('questions as q')
    .innerJoin('users as u', 'u.id', 'q.author_id')
    .innerJoin('communities as c', 'c.id', 'q.community_id')
    .selectAll('q')
    .select(['u.name as author_name', 'c.slug as community_slug']);

export const selectAnswers = (db: Db) =>
  db
    .selectFrom('answers as a')
    .innerJoin('users as u', 'u.id', 'a.author_id')
    .innerJoin('communities as c', 'c.id', 'a.community_id')
    .selectAll('a')
    .select(['u.name as author_name', 'c.slug as community_slug']);

/** Loads whole questions (with the people they were routed to) for the given rows. */
export async function hydrateQuestions(db: Db, rows: QuestionRow[]): Promise<Question[]> {
  if (!rows.length) return [];
  const routes = await db
    .selectFrom('question_routes')
    .select(['question_id', 'user_id'])
    .where(
      'question_id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  return rows.map((row) =>
    questionFromRow(
      row,
      routes.filter((r) => r.question_id === row.id).map((r) => r.user_id),
    ),
  );
}

export async function getQuestion(db: Db, id: string): Promise<Question> {
  const row = await selectQuestions(db).where('q.id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`The question ${id}`);
  const [question] = await hydrateQuestions(db, [row]);
  return question!;
}

export async function getAnswer(db: Db, id: string): Promise<Answer> {
  const row = await selectAnswers(db).where('a.id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`The answer ${id}`);
  return answerFromRow(row, row.community_slug);
}

const announce = (db: Db, entity: 'question' | 'answer', id: string, communityId: string) =>
  recordChange(db, { entity, entityId: id, communityId });

export async function createQuestion(
  db: Db,
  principal: Principal,
  args: CreateQuestionArgs,
): Promise<Question> {
  const { user } = requireUser(principal);
  const { community } = await requireMember(db, principal, args.community);
  refuseSecrets('question', {
    title: args.title,
    details: args.body,
    'selection from the page': args.context?.selection,
    'page title': args.context?.title,
    'page address': args.context?.url,
  });
  if (await isRetriedCreate(db, 'questions', args.id, user.id, 'question'))
    return getQuestion(db, args.id);
  // The question router picks it up once this commits (a REST post waits for it: see routes/questions.ts).
  const now = nowIso();
  await db
    .insertInto('questions')
    .values({
      id: args.id,
      community_id: community.id,
      author_id: user.id,
      title: args.title,
      body: args.body,
      tags: JSON.stringify(args.tags),
      context:
        args.context && Object.keys(args.context).length ? JSON.stringify(args.context) : null,
      status: 'open',
      accepted_answer_id: null,
      answer_count: 0,
      version: 1,
      created_at: now,
      updated_at: now,
      route_due_at: community.auto_routing === 1 ? now : null,
    })
    .execute();
  await announce(db, 'question', args.id, community.id);
  // Added by the console: community webhooks hear of new questions (queued in this transaction).
  await enqueueWebhookEvent(db, community.id, 'question.created', {
    question: { id: args.id, title: args.title, tags: args.tags, authorName: user.name },
  });
  return getQuestion(db, args.id);
}

async function questionRow(db: Db, id: string) {
  const row = await db.selectFrom('questions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`The question ${id}`);
  return row;
}

export async function createAnswer(
  db: Db,
  principal: Principal,
  args: CreateAnswerArgs,
): Promise<Answer> {
  const { user } = requireUser(principal);
  const question = await questionRow(db, args.questionId);
  await requireMember(db, principal, await communityById(db, question.community_id), {
    hidden: `The question ${args.questionId}`,
  });
  refuseSecrets('answer', { text: args.body });
  if (await isRetriedCreate(db, 'answers', args.id, user.id, 'answer'))
    return getAnswer(db, args.id);
  if (question.status === 'closed')
    throw conflict('question_closed', 'This question is closed; it takes no more answers.');
  await db
    .insertInto('answers')
    .values({
      id: args.id,
      question_id: question.id,
      community_id: question.community_id,
      author_id: user.id,
      body: args.body,
      accepted: 0,
      created_at: nowIso(),
    })
    .execute();
  await db
    .updateTable('questions')
    .set({
      answer_count: question.answer_count + 1,
      version: question.version + 1,
      updated_at: nowIso(),
      // Answered: no more rounds of routing, and no longer waiting.
      route_due_at: null,
      waiting_since: null,
    })
    .where('id', '=', question.id)
    .execute();
  await announce(db, 'answer', args.id, question.community_id);
  await announce(db, 'question', question.id, question.community_id);
  return getAnswer(db, args.id);
}

/** The asker (or a coordinator) marks the answer that solved it; accepted answers count as expertise. */
export async function acceptAnswer(
  db: Db,
  principal: Principal,
  args: AcceptAnswerArgs,
): Promise<Question> {
  const { user } = requireUser(principal);
  const question = await questionRow(db, args.questionId);
  const { standing } = await requireMember(
    db,
    principal,
    await communityById(db, question.community_id),
    { hidden: `The question ${args.questionId}` },
  );
  if (question.author_id !== user.id && standing === 'member') {
    throw forbidden('Only the person who asked, or a coordinator, can accept an answer.');
  }
  const answer = await db
    .selectFrom('answers')
    .select(['id', 'question_id'])
    .where('id', '=', args.answerId)
    .executeTakeFirst();
  if (!answer || answer.question_id !== question.id)
    throw notFound(`The answer ${args.answerId} to this question`);
  if (question.accepted_answer_id === answer.id) return getQuestion(db, question.id);
  if (question.accepted_answer_id) {
    await db
      .updateTable('answers')
      .set({ accepted: 0 })
      .where('id', '=', question.accepted_answer_id)
      .execute();
    await announce(db, 'answer', question.accepted_answer_id, question.community_id);
  }
  await db.updateTable('answers').set({ accepted: 1 }).where('id', '=', answer.id).execute();
  await db
    .updateTable('questions')
    .set({
      accepted_answer_id: answer.id,
      status: 'answered',
      version: question.version + 1,
      updated_at: nowIso(),
    })
    .where('id', '=', question.id)
    .execute();
  await announce(db, 'answer', answer.id, question.community_id);
  await announce(db, 'question', question.id, question.community_id);
  return getQuestion(db, question.id);
}
