/**
 * `GET /communities/{slug}/<what>`: the reads of one community, either one of its lists answered as
 * `{items}` (prompts, members, …) or an answer shaped by a query (health, audit, …).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { itemsOf } from '../../core/responses';
import { Slug } from '../../core/schemas';
import type { Db, Principal } from '../context';
import type { createRouter } from '../http/hono';
import { errorResponses as errors, jsonContent } from '../http/openapi';

type Router = ReturnType<typeof createRouter>;

/** One of a community's lists: `list` gives its items. */
export function communityListRoute<T extends z.ZodType>(
  app: Router,
  route: { what: string; tags: string[]; summary: string; item: T; description?: string },
  list: (db: Db, principal: Principal, slug: string) => Promise<z.infer<T>[]>,
) {
  communityReadRoute(
    app,
    {
      ...route,
      query: z.object({}),
      answer: itemsOf(route.item),
      description: route.description ?? `The community’s ${route.what}`,
    },
    async (db, principal, slug) => ({ items: await list(db, principal, slug) }),
  );
}

/** A read of one community that takes the query `route.query`; `read` gives the whole answer. */
export function communityReadRoute<Q extends z.ZodObject, A extends z.ZodType>(
  app: Router,
  route: {
    what: string;
    tags: string[];
    summary: string;
    query: Q;
    answer: A;
    description: string;
  },
  read: (db: Db, principal: Principal, slug: string, query: z.infer<Q>) => Promise<z.infer<A>>,
) {
  // Typed as any query here, so that the handler's types do not depend on Q; `read` gets it as Q.
  const query: z.ZodObject = route.query;
  app.openapi(
    createRoute({
      method: 'get',
      path: `/communities/{slug}/${route.what}`,
      tags: route.tags,
      summary: route.summary,
      request: { params: z.object({ slug: Slug }), query },
      responses: { 200: jsonContent(route.answer, route.description), ...errors },
    }),
    async (c) =>
      c.json(
        await read(
          c.var.ctx.storage.db,
          c.var.principal,
          c.req.valid('param').slug,
          c.req.valid('query') as z.infer<Q>,
        ),
        200,
      ),
  );
}
