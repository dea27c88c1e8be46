/** The weekly digest over REST: read and preview it, and choose its day (coordinator). */
import { createRoute, z } from '@hono/zod-openapi';
import { DigestAnswer, DigestSettingsArgs } from '../../core/digest-schemas';
import { Slug } from '../../core/schemas';
import { transact } from '../domain/changes';
import { digestView, setDigestDay, startDigests } from '../domain/digest';
import { createRouter } from '../http/hono';
import { errorResponses as errors, jsonBody as json, jsonContent } from '../http/openapi';

const params = z.object({ slug: Slug });
const answer = jsonContent(DigestAnswer, '{day, preview, previewText, sent}');

export function digestRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/communities/{slug}/digest',
      tags: ['digest'],
      summary:
        'The weekly digest: its day, a preview as it would go out now, and those sent (coordinator)',
      request: { params },
      responses: { 200: answer, ...errors },
    }),
    async (c) => {
      const now = startDigests(c.var.ctx).now();
      const view = await digestView(
        c.var.ctx.storage.db,
        c.var.principal,
        c.req.valid('param').slug,
        now,
      );
      return c.json(view, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/communities/{slug}/digest',
      tags: ['digest'],
      summary:
        'Choose the day the weekly digest goes to the webhooks, or null for none (coordinator)',
      request: {
        params,
        body: json(DigestSettingsArgs),
      },
      responses: { 200: answer, ...errors },
    }),
    async (c) => {
      const { slug } = c.req.valid('param');
      await transact(c.var.ctx, (trx) =>
        setDigestDay(trx, c.var.principal, slug, c.req.valid('json').day),
      );
      const now = startDigests(c.var.ctx).now();
      return c.json(await digestView(c.var.ctx.storage.db, c.var.principal, slug, now), 200);
    },
  );

  return app;
}
