/** Questions and answers over REST (same effects as the createQuestion, createAnswer and acceptAnswer mutations). */
import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { CreateAnswerArgs, CreateQuestionArgs, EntityId, Slug } from '../../core/schemas';
import { readableCommunities, requireMember, requireUser } from '../domain/access';
import { transact } from '../domain/changes';
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
import { errorResponses as errors } from '../http/openapi';
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
        'Questions in the caller’s communities; mine=1 for the caller’s, routed=1 for those routed to the caller',
      request: {
        query: z.object({
          q: z.string().max(200).optional(),
          community: Slug.optional(),
          status: z.enum(['open', 'answered', 'closed']).optional(),
          mine: flag.optional(),
          routed: flag.optional(),
          order: z.enum(['newest', 'oldest']).default('newest'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
      },
      responses: { 200: { description: '{items}' }, ...errors },
    }),
    async (c) => {
      const { user } = requireUser(c.var.principal);
      const { db } = c.var.ctx.storage;
      const query = c.req.valid('query');
      const ids = query.community
        ? [(await requireMember(db, c.var.principal, query.community)).community.id]
        : (await readableCommunities(db, c.var.principal)).read;
      if (!ids.length) return c.json({ items: [] });
      let select = selectQuestions(db).where('q.community_id', 'in', ids);
      if (query.status) select = select.where('q.status', '=', query.status);
      if (query.mine) select = select.where('q.author_id', '=', user.id);
      if (query.routed) {
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
        if (!ranked.length) return c.json({ items: [] });
        const rows = await select.where('q.id', 'in', ranked).execute();
        const order = new Map(ranked.map((id, i) => [id, i]));
        rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
        return c.json({ items: await hydrateQuestions(db, rows.slice(0, query.limit)) });
      }
      const rows = await select
        .orderBy('q.created_at', query.order === 'oldest' ? 'asc' : 'desc')
        .limit(query.limit)
        .execute();
      return c.json({ items: await hydrateQuestions(db, rows) });
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
        body: {
          content: {
            'application/json': { schema: CreateQuestionArgs.extend({ id: EntityId.optional() }) },
          },
          required: true,
        },
      },
      responses: { 201: { description: '{question}' }, ...errors },
    }),
    (c) => {
      const args = c.req.valid('json');
      return restCreate(c, 'question', (trx) =>
        createQuestion(trx, c.var.principal, { ...args, id: args.id ?? randomUUID() }),
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/questions/{id}',
      tags: ['questions'],
      summary: 'A question with its answers',
      request: { params: z.object({ id: EntityId }) },
      responses: { 200: { description: '{question, answers}' }, ...errors },
    }),
    async (c) => {
      const { db } = c.var.ctx.storage;
      const question = await getQuestion(db, c.req.valid('param').id);
      await requireMember(db, c.var.principal, question.community);
      const rows = await selectAnswers(db)
        .where('a.question_id', '=', question.id)
        .orderBy('a.created_at')
        .execute();
      return c.json({ question, answers: rows.map((r) => answerFromRow(r, r.community_slug)) });
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
        body: {
          content: {
            'application/json': {
              schema: CreateAnswerArgs.omit({ questionId: true }).extend({
                id: EntityId.optional(),
              }),
            },
          },
          required: true,
        },
      },
      responses: { 201: { description: '{answer}' }, ...errors },
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
        body: {
          content: { 'application/json': { schema: z.object({ answerId: EntityId }) } },
          required: true,
        },
      },
      responses: { 200: { description: '{question}' }, ...errors },
    }),
    async (c) => {
      const question = await transact(c.var.ctx, (trx) =>
        acceptAnswer(trx, c.var.principal, {
          questionId: c.req.valid('param').id,
          answerId: c.req.valid('json').answerId,
        }),
      );
      return c.json({ question });
    },
  );

  return app;
}
