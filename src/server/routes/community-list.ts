/** `GET /communities/{slug}/<what>`: one of a community's lists, answered as `{items}` (prompts, members, …). */
import { createRoute, z } from '@hono/zod-openapi';
import { itemsOf } from '../../core/responses';
import { Slug } from '../../core/schemas';
import type { Db, Principal } from '../context';
import type { createRouter } from '../http/hono';
import { errorResponses as errors, jsonContent } from '../http/openapi';

export function communityListRoute<T extends z.ZodType>(
  app: ReturnType<typeof createRouter>,
  route: { what: string; tags: string[]; summary: string; item: T },
  list: (db: Db, principal: Principal, slug: string) => Promise<z.infer<T>[]>,
) {
  app.openapi(
    createRoute({
      method: 'get',
      path: `/communities/{slug}/${route.what}`,
      tags: route.tags,
      summary: route.summary,
      request: { params: z.object({ slug: Slug }) },
      responses: {
        200: jsonContent(itemsOf(route.item), `The community’s ${route.what}`),
        ...errors,
      },
    }),
    async (c) =>
      c.json(
        { items: await list(c.var.ctx.storage.db, c.var.principal, c.req.valid('param').slug) },
        200,
      ),
  );
}
