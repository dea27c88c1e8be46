/** Practices over REST: search and list, capture (same effect as createPractice), curation, endorsement. */
import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { PracticeAnswer, PracticeList, PracticeView } from '../../core/responses';
import {
  CreatePracticeArgs,
  EntityId,
  PracticeKind,
  PracticeStatus,
  ReviewAction,
  Slug,
  Tag,
} from '../../core/schemas';
import { requireMember, requireUser } from '../domain/access';
import { transact } from '../domain/changes';
import { createPractice, endorsePractice, getPractice, reviewPractice } from '../domain/practices';
import { findPractices } from '../domain/search';
import { createRouter } from '../http/hono';
import { errorResponses as errors, jsonBody, jsonContent } from '../http/openapi';
import { restCreate } from './rest-create';

export function practiceRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/practices',
      tags: ['practices'],
      summary: 'List practices, ranked by relevance when q is given (with <mark> highlights)',
      request: {
        query: z.object({
          q: z.string().max(200).optional(),
          community: Slug.optional(),
          tag: Tag.optional(),
          kind: PracticeKind.optional(),
          status: PracticeStatus.optional(),
          limit: z.coerce.number().int().min(1).max(100).default(20),
          sort: z.enum(['default', 'helped']).optional(),
        }),
      },
      responses: { 200: jsonContent(PracticeList, 'The practices, best first'), ...errors },
    }),
    async (c) =>
      c.json({ items: await findPractices(c.var.ctx, c.var.principal, c.req.valid('query')) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/practices',
      tags: ['practices'],
      summary: 'Capture a practice (same effect as the createPractice mutation)',
      request: {
        headers: z.object({ 'idempotency-key': z.string().optional() }),
        body: jsonBody(CreatePracticeArgs.extend({ id: EntityId.optional() })),
      },
      responses: { 201: jsonContent(PracticeAnswer, 'The captured practice'), ...errors },
    }),
    (c) => {
      const args = c.req.valid('json');
      const id = args.id ?? randomUUID();
      return restCreate(c, 'practice', async (trx) => {
        await createPractice(trx, c.var.principal, { ...args, id });
        return getPractice(trx, id);
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/practices/{id}',
      tags: ['practices'],
      summary: 'One practice',
      request: { params: z.object({ id: EntityId }) },
      responses: { 200: jsonContent(PracticeAnswer, 'The practice'), ...errors },
    }),
    async (c) => {
      const { db } = c.var.ctx.storage;
      const { id } = c.req.valid('param');
      // Signed in first: an anonymous caller hears 401 whether the id exists or not.
      requireUser(c.var.principal);
      const practice = await getPractice(db, id);
      await requireMember(db, c.var.principal, practice.community, {
        hidden: `The practice ${id}`,
      });
      return c.json({ practice }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/practices/{id}/review',
      tags: ['curation'],
      summary: 'Publish, reject, archive or feature a practice (coordinator)',
      request: {
        params: z.object({ id: EntityId }),
        body: jsonBody(ReviewAction),
      },
      responses: { 200: jsonContent(PracticeView, 'The practice, reviewed'), ...errors },
    }),
    async (c) => {
      const practice = await transact(c.var.ctx, (trx) =>
        reviewPractice(trx, c.var.principal, c.req.valid('param').id, c.req.valid('json')),
      );
      return c.json(practice, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/practices/{id}/endorse',
      tags: ['practices'],
      summary: 'Endorse a practice (or withdraw with {endorse: false})',
      request: {
        params: z.object({ id: EntityId }),
        body: jsonBody(z.object({ endorse: z.boolean().default(true) }), false),
      },
      responses: { 200: jsonContent(PracticeAnswer, 'The practice'), ...errors },
    }),
    async (c) => {
      const practiceId = c.req.valid('param').id;
      const endorse = c.req.valid('json')?.endorse ?? true;
      const practice = await transact(c.var.ctx, async (trx) => {
        await endorsePractice(trx, c.var.principal, { practiceId, endorse });
        return getPractice(trx, practiceId);
      });
      return c.json({ practice }, 200);
    },
  );

  return app;
}
