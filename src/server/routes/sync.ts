/** Sync: push mutations, pull changes, and a Server-Sent Events channel that only says "pull now". */
import { createRoute, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { PullAnswer, PushAnswer } from '../../core/responses';
import { ClientId, PushRequest } from '../../core/schemas';
import { requireUser } from '../domain/access';
import { currentVersion } from '../domain/changes';
import { PULL_LIMIT, pull, push } from '../domain/sync';
import { createRouter } from '../http/hono';
import {
  ErrorBody,
  errorResponses as errors,
  eventStream,
  jsonBody,
  jsonContent,
} from '../http/openapi';
import { throttleFor } from '../http/throttle';

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
      request: { body: jsonBody(PushRequest) },
      responses: { 200: jsonContent(PushAnswer, 'One result per mutation'), ...errors },
    }),
    async (c) => c.json(await push(c.var.ctx, c.var.principal, c.req.valid('json')), 200),
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
      responses: { 200: jsonContent(PullAnswer, 'The changes and the next cursor'), ...errors },
    }),
    async (c) => c.json(await pull(c.var.ctx, c.var.principal, c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/sync/events',
      tags: ['sync'],
      summary: 'Server-Sent Events: `change` with {version} whenever something changed',
      responses: {
        200: eventStream(
          'Stays open about ten minutes; the client reconnects and pulls',
          '`event: change` with data `{"version": N}`, and `: keep-alive` comments',
        ),
        401: ErrorBody,
        429: ErrorBody,
      },
    }),
    (c) => {
      const principal = requireUser(c.var.principal);
      const { bus, storage } = c.var.ctx;
      const release = throttleFor(c.var.ctx).openStream(c, principal);
      return streamSSE(c, async (stream) => {
        stream.onAbort(release);
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
        release();
      });
    },
  );

  return app;
}
