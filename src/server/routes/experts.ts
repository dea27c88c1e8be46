/** Who knows this: members ranked for a topic, with the evidence behind each rank. */
import { createRoute, z } from '@hono/zod-openapi';
import { Slug } from '../../core/schemas';
import { rankExperts } from '../domain/experts';
import { createRouter, ErrorBody } from '../http/hono';

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
      responses: {
        200: { description: '{items}' },
        400: ErrorBody,
        401: ErrorBody,
        403: ErrorBody,
      },
    }),
    async (c) => {
      return c.json({ items: await rankExperts(c.var.ctx, c.var.principal, c.req.valid('query')) });
    },
  );
  return app;
}
