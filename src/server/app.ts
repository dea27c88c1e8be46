/** Builds the store's HTTP app from its routes; `createApp()` lets tests call it without a port. */

import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { LIMITS } from '../core/limits';
import type { StoreContext } from './context';
import { authenticate } from './http/auth';
import { AppError } from './http/errors';
import { createRouter } from './http/hono';
import { renderReference } from './http/reference';
import { accountRoutes } from './routes/accounts';
import { assetRoutes } from './routes/assets';
import { communityRoutes } from './routes/communities';
import { expertRoutes } from './routes/experts';
import { practiceRoutes } from './routes/practices';
import { questionRoutes } from './routes/questions';
import { syncRoutes } from './routes/sync';

export const API_INFO = { title: 'CoP Kit store API', version: '1.0.0' };

export function createApp(ctx: StoreContext) {
  const app = createRouter();
  const api = createRouter();

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    ctx.log[status >= 500 ? 'error' : 'debug']('request', {
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
    c.header('X-Content-Type-Options', 'nosniff');
  });

  api.use(
    '*',
    cors({
      origin: (origin) => (ctx.config.allowedOrigins.includes(origin) ? origin : null),
      allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
      allowMethods: ['GET', 'POST', 'PUT', 'DELETE'],
      maxAge: 600,
    }),
  );
  api.use(
    '*',
    bodyLimit({
      maxSize: LIMITS.bodyBytes,
      onError: () => {
        throw new AppError(
          413,
          'body_too_large',
          `The request body is larger than ${LIMITS.bodyBytes / 1024} KB.`,
        );
      },
    }),
  );
  api.use('*', async (c, next) => {
    c.set('ctx', ctx);
    c.set('principal', await authenticate(ctx, c.req.header('authorization')));
    await next();
  });

  api.get('/health', (c) => c.json({ ok: true }));
  for (const routes of [
    accountRoutes(),
    communityRoutes(),
    syncRoutes(),
    practiceRoutes(),
    questionRoutes(),
    expertRoutes(),
  ]) {
    api.route('/', routes);
  }
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
  app.route('/', assetRoutes());

  app.onError((error, c) => {
    if (error instanceof AppError) return c.json(error.toBody(), error.status);
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
