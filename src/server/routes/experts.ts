/** Who knows this: members ranked for a topic, with the evidence behind each rank. */
import { createRoute, z } from '@hono/zod-openapi';
import { ExpertList } from '../../core/responses';
import { Slug } from '../../core/schemas';
import { rankExperts } from '../domain/experts';
import { createRouter } from '../http/hono';
import { errorResponses as errors, jsonContent } from '../http/openapi';

export function expertRoutes() {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/experts',
      tags: ['experts'],
      summary:
        'Members ranked for a topic: {items: [{user, score, evidence}]}; anonymous callers see open communities, without emails',
      request: {
        query: z.object({
          topic: z.string().min(1, 'topic is required').max(200),
          community: Slug.optional(),
          limit: z.coerce.number().int().min(1).max(50).default(10),
        }),
      },
      responses: { 200: jsonContent(ExpertList, 'The members, best first'), ...errors },
    }),
    async (c) =>
      c.json({ items: await rankExperts(c.var.ctx, c.var.principal, c.req.valid('query')) }, 200),
  );
  return app;
}
