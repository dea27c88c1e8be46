/** Builds the store's HTTP app from its routes; `createApp()` lets tests call it without a port. */

import type { ServerResponse } from 'node:http';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { LIMITS } from '../core/limits';
import type { StoreContext } from './context';
import { demoTokenRoutes } from './demo/token';
import { startDigests } from './domain/digest';
import { configurePasswordHashing } from './domain/password-hashing';
import { startQuestionRouter } from './domain/question-router';
import { startRetention } from './domain/retention';
import { startStewardship } from './domain/stewardship';
import { startWebhookDispatcher } from './domain/webhook-delivery';
import { createAuthenticator } from './http/auth';
import { AppError, httpRefusal } from './http/errors';
import { createRouter } from './http/hono';
import { createReadCache } from './http/read-cache';
import { createReadScope } from './http/read-scope';
import { renderReference } from './http/reference';
import { throttleFor } from './http/throttle';
import { API_ROUTES } from './routes/api';
import { assetRoutes } from './routes/assets';

export const API_INFO = { title: 'CoP Kit store API', version: '1.0.0' };

/**
 * A header every answer carries, set on Node's response (merged into whatever Hono writes): Hono would
 * otherwise build a Headers object for every response, a measurable cost on cached reads.
 */
function sendAlways(c: Context, name: string, value: string) {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (outgoing) outgoing.setHeader(name, value);
  else c.header(name, value);
}

export function createApp(ctx: StoreContext) {
  const app = createRouter();
  // Webhook deliveries queued by writes go out from here; the dispatcher stops when the store closes.
  startWebhookDispatcher(ctx);
  // Old idempotency keys, revoked tokens, resolved conflicts and webhook deliveries are pruned from here.
  startRetention(ctx);
  // New questions are routed to people who can answer them, and routed again while nobody does.
  startQuestionRouter(ctx);
  // Practices past their review interval are marked due (and their owners told) from here, until close.
  startStewardship(ctx);
  // Each community's weekly digest goes to its webhooks from here, on the day its coordinators chose.
  startDigests(ctx);
  const api = createRouter();

  const logRequests = ctx.log.enabled('debug');
  app.use('*', async (c, next) => {
    const started = performance.now();
    sendAlways(c, 'X-Content-Type-Options', 'nosniff');
    await next();
    // What a write wrote is on disk before its reply acknowledges it (shared by the writes of the moment:
    // wal-sync.ts). Reads do not wait for others' writes to reach the disk.
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') await ctx.storage.durable();
    const status = c.res.status;
    if (status >= 500 || logRequests)
      ctx.log[status >= 500 ? 'error' : 'debug']('request', {
        method: c.req.method,
        path: c.req.path,
        status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      });
    // A body not read to its end (a refused request) is drained and its socket may then close: no reuse.
    const incoming = (c.env as { incoming?: { complete?: boolean } } | undefined)?.incoming;
    if (incoming && !incoming.complete) c.header('Connection', 'close');
  });

  const allowOrigins = cors({
    origin: (origin) => (ctx.config.allowedOrigins.includes(origin) ? origin : null),
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
    allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    maxAge: 600,
  });
  // Only cross-origin requests carry Origin. The CORS middleware appends Vary after the handler, which makes
  // Hono rebuild the response, so requests without Origin skip it; Vary: Origin is set up front instead.
  api.use('*', (c, next) => {
    sendAlways(c, 'Vary', 'Origin');
    return c.req.header('origin') ? allowOrigins(c, next) : next();
  });
  const limitBody = bodyLimit({
    maxSize: LIMITS.bodyBytes,
    onError: () => {
      throw new AppError(
        413,
        'body_too_large',
        `The request body is larger than ${LIMITS.bodyBytes / 1024} KB.`,
      );
    },
  });
  // bodyLimit reads c.req.raw, which builds a full Request; reads have no body to limit.
  api.use('*', (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next),
  );
  // Bodies are read strictly as UTF-8: a client in another encoding hears so instead of storing mojibake.
  api.use('*', async (c, next) => {
    if (/json/i.test(c.req.header('content-type') ?? '')) {
      const bytes = await c.req.arrayBuffer();
      try {
        const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(text);
      } catch {
        throw new AppError(400, 'invalid_utf8', 'The body is not valid UTF-8 text.');
      }
    }
    await next();
  });
  const authenticate = createAuthenticator(ctx);
  api.use('*', async (c, next) => {
    c.set('ctx', ctx);
    const stamp = await ctx.storage.stamp();
    c.set('stamp', stamp);
    c.set(
      'principal',
      await authenticate(c.req.header('authorization'), stamp.epoch, c.req.header('origin')),
    );
    await next();
  });
  // Writes are limited per token (sign-in also per account and address, in its route); refusals are 429.
  configurePasswordHashing(ctx.config.passwordHashing);
  api.use('*', throttleFor(ctx).writes);
  // The hot reads; writes and everything else always go to the database.
  // Each answer stays cached until something it shows changes in a community it covers.
  const reads = createReadCache(ctx.config.readCacheBytes, createReadScope(ctx.storage));
  api.use('/sync/pull', reads.middleware({ kinds: 'all', revalidate: false }));
  // A practice shows its community's slug and review interval, and the reader's endorsement.
  api.use('/practices', reads.middleware({ kinds: ['practice', 'endorsement', 'community'] }));
  // Expert scores decay over months; five minutes of the same ranking changes nothing anyone could see.
  api.use(
    '/experts',
    reads.middleware({
      kinds: ['practice', 'question', 'answer', 'endorsement', 'membership', 'community'],
      maxAgeMs: 5 * 60_000,
    }),
  );

  for (const routes of API_ROUTES) api.route('/', routes());
  api.notFound((c) =>
    c.json(
      { error: { code: 'not_found', message: `No API route ${c.req.method} ${c.req.path}.` } },
      404,
    ),
  );

  app.route('/api/v1', api);
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      ...API_INFO,
      description: 'Communities of practice: capture, ask, find an expert, sync.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
  });
  app.get('/api', (c) =>
    c.html(
      renderReference(
        app.getOpenAPI31Document({
          openapi: '3.1.0',
          info: API_INFO,
          servers: [{ url: '/api/v1' }],
        }) as Parameters<typeof renderReference>[0],
      ),
    ),
  );
  app.route('/', demoTokenRoutes(ctx));
  app.route('/', assetRoutes());

  app.onError((error, c) => {
    const refusal = httpRefusal(error);
    if (refusal) {
      // Every 429 says when to come back.
      if (refusal.status === 429)
        c.header('Retry-After', String((error instanceof AppError && error.retryAfter) || 1));
      return c.json(refusal.body, refusal.status);
    }
    if (error instanceof HTTPException && error.status === 415) {
      const message = 'Send the body as JSON with "Content-Type: application/json".';
      return c.json({ error: { code: 'unsupported_media_type', message } }, 415);
    }
    // The client hung up while sending: nobody is left to answer, and it is not a store fault.
    if (c.req.raw.signal.aborted || (error as { code?: unknown }).code === 'ECONNRESET') {
      ctx.log.debug('client closed the request', { method: c.req.method, path: c.req.path });
      const message = 'The connection closed before the request was complete.';
      return c.json({ error: { code: 'client_closed', message } }, 400);
    }
    // PostgreSQL refuses some text (a NUL character, say) that SQLite keeps: that is bad input, not a store fault.
    if (/^22[0-9A-Z]{3}$/.test(String((error as { code?: unknown }).code))) {
      const message = 'The request contains text the store cannot keep (such as a NUL character).';
      return c.json({ error: { code: 'invalid_text', message } }, 400);
    }
    // A full, read-only or failing disk: SQLite rolled the write back, or the log's sync failed before the
    // write was acknowledged (wal-sync.ts: it never reaches the disk); say so and let clients retry.
    if (
      /^(SQLITE_(FULL|READONLY|IOERR|CANTOPEN)|EROFS$|EIO$|ENOSPC$|EDQUOT$)/.test(
        String((error as { code?: unknown }).code),
      )
    ) {
      ctx.log.error('storage unavailable', { path: c.req.path, error: String(error) });
      return c.json(
        new AppError(
          503,
          'storage_unavailable',
          'The store cannot write to its disk right now (full or read-only). Nothing was saved; try again shortly.',
        ).toBody(),
        503,
      );
    }
    if (error instanceof HTTPException && error.status < 500) {
      const message = /json/i.test(error.message)
        ? 'The body is not valid JSON.'
        : error.message || 'Bad request.';
      return c.json(
        { error: { code: /json/i.test(error.message) ? 'invalid_json' : 'bad_request', message } },
        error.status,
      );
    }
    ctx.log.error('request failed', {
      method: c.req.method,
      path: c.req.path,
      error: String(error),
      stack: (error as Error).stack,
    });
    return c.json(
      {
        error: {
          code: 'internal',
          message: 'Something went wrong in the store. It has been logged; please try again.',
        },
      },
      500,
    );
  });
  app.notFound((c) =>
    c.json({ error: { code: 'not_found', message: `Nothing at ${c.req.path}.` } }, 404),
  );
  return app;
}
