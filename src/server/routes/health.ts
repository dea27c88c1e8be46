/** `GET /health`: whether the store answers, for load balancers and the test harness; open to anyone. */
import { readFileSync } from 'node:fs';
import { createRoute } from '@hono/zod-openapi';
import { HealthCheck } from '../../core/responses';
import { createRouter } from '../http/hono';
import { jsonContent } from '../http/openapi';

/** The store speaks for the whole kit, so it reports package.json's version (one number for every part). */
const VERSION: string = JSON.parse(
  readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
).version;

export function healthRoutes() {
  const app = createRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/health',
      tags: ['store'],
      summary: 'Whether the store answers; `X-CoP-Version` carries its version',
      security: [],
      responses: { 200: jsonContent(HealthCheck, 'The store is up') },
    }),
    (c) => {
      c.header('X-CoP-Version', VERSION);
      return c.json({ ok: true as const }, 200);
    },
  );
  return app;
}
