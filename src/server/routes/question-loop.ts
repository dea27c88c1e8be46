/** Closing the question loop over REST: my expertise and availability, and promoting an answer to practice. */
import { createRoute, z } from '@hono/zod-openapi';
import {
  ExistingKnowledge,
  ExistingKnowledgeReply,
  ExpertiseUpdate,
  MyExpertise,
  PromoteReply,
  PromoteRequest,
} from '../../core/question-loop';
import { EntityId, Slug } from '../../core/schemas';
import { recordAnsweredByExisting } from '../domain/answered-by-existing';
import { transact } from '../domain/changes';
import { myExpertise, updateMyExpertise } from '../domain/my-expertise';
import { promoteAnswer } from '../domain/promote';
import { createRouter } from '../http/hono';
import { errorResponses as errors, jsonBody, jsonContent } from '../http/openapi';

export function questionLoopRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/me/expertise',
      tags: ['experts'],
      summary:
        'My declared topics, whether I am hidden, the evidence the ranking sees, my load of open routed questions and my availability',
      request: { query: z.object({ community: Slug.optional() }) },
      responses: {
        200: jsonContent(MyExpertise, '{topics, hidden, evidence, load, …}'),
        ...errors,
      },
    }),
    async (c) =>
      c.json(
        await myExpertise(c.var.ctx.storage.db, c.var.principal, c.req.valid('query').community),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/me/expertise',
      tags: ['experts'],
      summary:
        'Set my topics and hidden (in all my communities, or only `community`), and when I am away, muted or in quiet hours',
      request: {
        body: jsonBody(ExpertiseUpdate),
      },
      responses: { 200: jsonContent(MyExpertise, 'My expertise as it now is'), ...errors },
    }),
    async (c) => {
      const update = c.req.valid('json');
      await transact(c.var.ctx, (trx) => updateMyExpertise(trx, c.var.principal, update));
      return c.json(
        await myExpertise(c.var.ctx.storage.db, c.var.principal, update.community),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/questions/{id}/promote',
      tags: ['questions'],
      summary:
        'Turn the accepted answer into a captured practice by the answerer, linked to the question (the asker or a coordinator)',
      request: {
        params: z.object({ id: EntityId }),
        body: jsonBody(PromoteRequest, false),
      },
      responses: { 201: jsonContent(PromoteReply, '{practice}'), ...errors },
    }),
    async (c) => {
      const options = c.req.valid('json') ?? {};
      const { id } = c.req.valid('param');
      const practice = await transact(c.var.ctx, (trx) =>
        promoteAnswer(trx, c.var.principal, id, options),
      );
      return c.json({ practice: { ...practice, fromQuestion: id } }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/answered-by-existing',
      tags: ['questions'],
      summary:
        'Someone about to ask chose a suggested practice or answered question instead: counted once per person and item for the value figures (member)',
      request: {
        body: jsonBody(ExistingKnowledge),
      },
      responses: {
        200: jsonContent(ExistingKnowledgeReply, 'Already counted for this person'),
        201: jsonContent(ExistingKnowledgeReply, 'Counted'),
        ...errors,
      },
    }),
    async (c) => {
      const item = c.req.valid('json');
      const result = await transact(c.var.ctx, (trx) =>
        recordAnsweredByExisting(trx, c.var.principal, item),
      );
      return c.json(result, result.recorded ? 201 : 200);
    },
  );

  return app;
}
