/** Sync: push mutations, pull changes, and a Server-Sent Events channel that only says "pull now". */
import { createRoute, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { ClientId, PushRequest } from '../../core/schemas';
import { requireUser } from '../domain/access';
import { currentVersion } from '../domain/changes';
import { PULL_LIMIT, pull, push } from '../domain/sync';
import { createRouter } from '../http/hono';
import { ErrorBody, errorResponses as errors } from '../http/openapi';

const HEARTBEAT_MS = 25_000;
/**
 * A stream ends after a while and the client reconnects (and pulls): the reconnection authenticates
 * again, so a revoked token's stream does not outlive it for long, and no proxy sees a connection forever.
 */
const STREAM_LIFETIME_MS = 10 * 60_000;

export function syncRoutes() {
  const app = createRouter();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/sync/push',
      tags: ['sync'],
      summary: 'Apply a batch of mutations in one transaction',
      description:
        'Mutation ids at or below the client’s lastMutationId are skipped; a gap answers 409 mutation_gap with details.expected. Each result is applied, skipped, rejected or conflict.',
      request: {
        body: { content: { 'application/json': { schema: PushRequest } }, required: true },
      },
      responses: { 200: { description: '{results, lastMutationId, version}' }, ...errors },
    }),
    async (c) => c.json(await push(c.var.ctx, c.var.principal, c.req.valid('json'))),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/sync/pull',
      tags: ['sync'],
      summary: 'Changes after a version, oldest first',
      request: {
        query: z.object({
          since: z.coerce.number().int().min(0).default(0),
          clientId: ClientId.optional(),
          limit: z.coerce.number().int().min(1).max(PULL_LIMIT).default(500),
        }),
      },
      responses: { 200: { description: '{changes, cursor, hasMore, lastMutationId}' }, ...errors },
    }),
    async (c) => c.json(await pull(c.var.ctx, c.var.principal, c.req.valid('query'))),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/sync/events',
      tags: ['sync'],
      summary: 'Server-Sent Events: `change` with {version} whenever something changed',
      responses: { 200: { description: 'text/event-stream' }, 401: ErrorBody },
    }),
    (c) => {
      requireUser(c.var.principal);
      const { bus, storage } = c.var.ctx;
      return streamSSE(c, async (stream) => {
        let wake = () => {};
        let latest = await currentVersion(storage.db);
        const unsubscribe = bus.subscribe(
          (version) => {
            latest = version;
            wake();
          },
          () => stream.abort(),
        );
        stream.onAbort(() => wake());
        await stream.writeSSE({ event: 'change', data: JSON.stringify({ version: latest }) });
        let sent = latest;
        const endAt = Date.now() + STREAM_LIFETIME_MS;
        while (!stream.aborted && Date.now() < endAt) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, HEARTBEAT_MS);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          if (stream.aborted) break;
          if (latest !== sent) {
            sent = latest;
            await stream.writeSSE({ event: 'change', data: JSON.stringify({ version: latest }) });
          } else {
            await stream.write(': keep-alive\n\n');
          }
        }
        unsubscribe();
      });
    },
  );

  return app;
}
