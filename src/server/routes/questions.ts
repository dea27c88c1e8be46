/** Questions and answers over REST (same effects as the createQuestion, createAnswer and acceptAnswer mutations). */
import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { AnswerCreated, QuestionAnswer, QuestionList, QuestionThread } from '../../core/responses';
import { CreateAnswerArgs, CreateQuestionArgs, EntityId, Slug } from '../../core/schemas';
import type { Question } from '../../core/types';
import { readableCommunities, requireMember, requireUser } from '../domain/access';
import { transact } from '../domain/changes';
import { questionRouter } from '../domain/question-router';
import {
  acceptAnswer,
  answerFromRow,
  createAnswer,
  createQuestion,
  getQuestion,
  hydrateQuestions,
  selectAnswers,
  selectQuestions,
} from '../domain/questions';
import { createRouter } from '../http/hono';
import { idempotent } from '../http/idempotency';
import { errorResponses as errors, jsonBody, jsonContent } from '../http/openapi';
import { searchQuestionIds } from '../storage/search';
import { restCreate } from './rest-create';

const flag = z.enum(['1', 'true', '0', 'false']).transform((v) => v === '1' || v === 'true');
const idemHeader = z.object({ 'idempotency-key': z.string().optional() });

export function questionRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/questions',
      tags: ['questions'],
      summary:
        'Questions in the caller’s communities; mine=1 for the caller’s, for=me (or routed=1) for those routed to the caller',
      request: {
        query: z.object({
          q: z.string().max(200).optional(),
          community: Slug.optional(),
          status: z.enum(['open', 'answered', 'closed']).optional(),
          mine: flag.optional(),
          routed: flag.optional(),
          for: z
            .literal('me')
            .optional()
            .meta({ description: 'for=me: the questions routed to the caller (as routed=1)' }),
          waiting: flag
            .optional()
            .meta({ description: 'waiting=1: nobody answered after a round of routing' }),
          order: z.enum(['newest', 'oldest']).default('newest'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
      responses: { 200: jsonContent(QuestionList, 'The questions'), ...errors },
    }),
    async (c) => {
      const { user } = requireUser(c.var.principal);
      const { db } = c.var.ctx.storage;
      const query = c.req.valid('query');
      const ids = query.community
        ? [(await requireMember(db, c.var.principal, query.community)).community.id]
        : (await readableCommunities(db, c.var.principal)).read;
      if (!ids.length) return c.json({ items: [] }, 200);
      let select = selectQuestions(db).where('q.community_id', 'in', ids);
      if (query.status) select = select.where('q.status', '=', query.status);
      if (query.mine) select = select.where('q.author_id', '=', user.id);
      if (query.waiting) select = select.where('q.waiting_since', 'is not', null);
      if (query.routed || query.for === 'me') {
        select = select.where((eb) =>
          eb.exists(
            eb
              .selectFrom('question_routes as r')
              .select('r.user_id')
              .whereRef('r.question_id', '=', 'q.id')
              .where('r.user_id', '=', user.id),
          ),
        );
      }
      if (query.q?.trim()) {
        // Ranked by relevance: the engine picks candidates, the filters above narrow them.
        const ranked = await searchQuestionIds(db, c.var.ctx.storage.dialect, query.q, ids, 200);
        if (!ranked.length) return c.json({ items: [] }, 200);
        const rows = await select.where('q.id', 'in', ranked).execute();
        const order = new Map(ranked.map((id, i) => [id, i]));
        rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
        return c.json({ items: await hydrateQuestions(db, rows.slice(0, query.limit)) }, 200);
      }
      const rows = await select
        .orderBy('q.created_at', query.order === 'oldest' ? 'asc' : 'desc')
        .limit(query.limit)
        .execute();
      return c.json({ items: await hydrateQuestions(db, rows) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/questions',
      tags: ['questions'],
      summary: 'Ask the community (same effect as createQuestion)',
      request: {
        headers: idemHeader,
        body: jsonBody(CreateQuestionArgs.extend({ id: EntityId.optional() })),
      },
      responses: {
        201: jsonContent(QuestionAnswer, 'The question, with whom it was routed to'),
        ...errors,
      },
    }),
    async (c) => {
      const args = c.req.valid('json');
      const { user } = requireUser(c.var.principal);
      const { ctx } = c.var;
      const created = await transact(ctx, (trx) =>
        idempotent(trx, user.id, c.req.header('idempotency-key'), async () => ({
          status: 201,
          body: {
            question: await createQuestion(trx, c.var.principal, {
              ...args,
              id: args.id ?? randomUUID(),
            }),
          },
        })),
      );
      // Routed at once, after the question's write committed; a retry reads it as it now is.
      const { id } = (created.body as { question: Question }).question;
      await questionRouter(ctx)?.route(id);
      return c.json({ question: await getQuestion(ctx.storage.db, id) }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/questions/{id}',
      tags: ['questions'],
      summary: 'A question with its answers',
      request: { params: z.object({ id: EntityId }) },
      responses: { 200: jsonContent(QuestionThread, 'The question and its answers'), ...errors },
    }),
    async (c) => {
      const { db } = c.var.ctx.storage;
      const { id } = c.req.valid('param');
      // Signed in first: an anonymous caller hears 401 whether the id exists or not.
      requireUser(c.var.principal);
      const question = await getQuestion(db, id);
      await requireMember(db, c.var.principal, question.community, {
        hidden: `The question ${id}`,
      });
      const rows = await selectAnswers(db)
        .where('a.question_id', '=', question.id)
        .orderBy('a.created_at')
        .execute();
      return c.json(
        { question, answers: rows.map((r) => answerFromRow(r, r.community_slug)) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/questions/{id}/answers',
      tags: ['questions'],
      summary: 'Answer a question (same effect as createAnswer)',
      request: {
        params: z.object({ id: EntityId }),
        headers: idemHeader,
        body: jsonBody(
          CreateAnswerArgs.omit({ questionId: true }).extend({ id: EntityId.optional() }),
        ),
      },
      responses: { 201: jsonContent(AnswerCreated, 'The answer'), ...errors },
    }),
    async (c) => {
      const args = c.req.valid('json');
      const questionId = c.req.valid('param').id;
      return restCreate(c, 'answer', (trx) =>
        createAnswer(trx, c.var.principal, { ...args, questionId, id: args.id ?? randomUUID() }),
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/questions/{id}/accept',
      tags: ['questions'],
      summary: 'Accept an answer (the asker or a coordinator)',
      request: {
        params: z.object({ id: EntityId }),
        body: jsonBody(z.object({ answerId: EntityId })),
      },
      responses: { 200: jsonContent(QuestionAnswer, 'The question'), ...errors },
    }),
    async (c) => {
      const question = await transact(c.var.ctx, (trx) =>
        acceptAnswer(trx, c.var.principal, {
          questionId: c.req.valid('param').id,
          answerId: c.req.valid('json').answerId,
        }),
      );
      return c.json({ question }, 200);
    },
  );

  return app;
}
