/**
 * Answers become practice: the asker or a coordinator turns an accepted answer into a captured practice,
 * credited to the answerer and linked back to the question; it then goes through review like any capture.
 */
import { randomUUID } from 'node:crypto';
import type { PracticeKind } from '../../core/kinds';
import { LIMITS } from '../../core/limits';
import type { Practice } from '../../core/types';
import { type Db, nowIso, type Principal } from '../context';
import { communityById, requireMember, requireUser } from './access';
import { recordAudit } from './audit';
import { recordChange } from './changes';
import { conflict, forbidden, notFound } from './errors';
import { freshPractice, getPractice, insertTags } from './practices';

export async function promoteAnswer(
  db: Db,
  principal: Principal,
  questionId: string,
  options: { title?: string; kind?: PracticeKind } = {},
): Promise<Practice> {
  const { user } = requireUser(principal);
  const question = await db
    .selectFrom('questions')
    .selectAll()
    .where('id', '=', questionId)
    .executeTakeFirst();
  if (!question) throw notFound(`The question ${questionId}`);
  const community = await communityById(db, question.community_id);
  const { standing } = await requireMember(db, principal, community);
  if (question.author_id !== user.id && standing === 'member')
    throw forbidden(
      'Only the person who asked, or a coordinator, can turn the answer into a practice.',
    );
  if (!question.accepted_answer_id)
    throw conflict(
      'no_accepted_answer',
      'Accept the answer that solved it first; then it can become a practice.',
    );
  const existing = await db
    .selectFrom('practices')
    .select('id')
    .where('from_question_id', '=', question.id)
    .executeTakeFirst();
  if (existing)
    throw conflict(
      'already_promoted',
      `This answer is already the practice ${existing.id}; edit that practice instead.`,
    );
  const answer = await db
    .selectFrom('answers')
    .select(['author_id', 'body'])
    .where('id', '=', question.accepted_answer_id)
    .executeTakeFirstOrThrow();
  const context = question.context
    ? (JSON.parse(question.context) as { url?: string; title?: string })
    : {};
  const id = randomUUID();
  const now = nowIso();
  const tags = JSON.parse(question.tags) as string[];
  // The question says what it is for; the accepted answer is the practice itself.
  const body = question.body ? `${answer.body}\n\n— Asked: ${question.body}` : answer.body;
  await db
    .insertInto('practices')
    .values({
      id,
      community_id: community.id,
      author_id: answer.author_id,
      title: options.title ?? question.title,
      body: body.slice(0, LIMITS.body),
      kind: options.kind ?? 'method',
      tags: question.tags,
      source_url: context.url ?? null,
      source_title: context.url ? (context.title ?? '') : null,
      quote_exact: null,
      quote_prefix: null,
      quote_suffix: null,
      ...freshPractice(now),
      from_question_id: question.id,
    })
    .execute();
  await insertTags(db, id, tags);
  await recordAudit(db, user.id, community.id, 'promote', 'practice', id, null, {
    fromQuestion: question.id,
    answer: question.accepted_answer_id,
  });
  await recordChange(db, { entity: 'practice', entityId: id, communityId: community.id });
  return getPractice(db, id);
}
