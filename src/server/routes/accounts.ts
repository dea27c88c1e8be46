/** Users, password login, the caller's profile and API tokens. */
import { createRoute, z } from '@hono/zod-openapi';
import { EMAIL_REFUSED, normalizeEmail } from '../../core/email';
import { LIMITS } from '../../core/limits';
import { text } from '../../core/schemas';
import { requireAdmin, requireOwnCredentials, requireUser } from '../domain/access';
import { membershipsOf } from '../domain/communities';
import { createUser, issueToken, revokeToken, userFromRow, verifyPassword } from '../domain/users';
import { AppError, notFound, unauthorized } from '../http/errors';
import { createRouter } from '../http/hono';
import { ErrorBody, jsonBody as json } from '../http/openapi';
import { RateLimiter } from '../http/rate-limit';

/** Emails are compared in one form everywhere (core/email.ts): NFKC, lower case, plain addresses only. */
const Email = z
  .string()
  .max(LIMITS.email)
  .transform((e, check) => {
    const normal = normalizeEmail(e);
    if (!normal) check.addIssue({ code: 'custom', message: EMAIL_REFUSED });
    return normal ?? z.NEVER;
  });
const Password = z.string().min(8, 'must be at least 8 characters').max(200);
const ok = (description: string) => ({
  200: { description },
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
});

export function accountRoutes() {
  const app = createRouter();
  const logins = new RateLimiter(10, 15 * 60_000);

  app.openapi(
    createRoute({
      method: 'post',
      path: '/users',
      tags: ['accounts'],
      summary: 'Create a user (admin); returns the user and an API token',
      request: {
        body: json(
          z.object({
            email: Email,
            name: text(LIMITS.name, 1),
            password: Password.optional(),
            admin: z.boolean().optional(),
          }),
        ),
      },
      responses: { ...ok('created'), 201: { description: 'The user and a token' }, 409: ErrorBody },
    }),
    async (c) => {
      requireAdmin(c.var.principal);
      const body = c.req.valid('json');
      const { db } = c.var.ctx.storage;
      const result = await db.transaction().execute(async (trx) => {
        const user = await createUser(trx, {
          email: body.email,
          name: body.name,
          password: body.password,
          isAdmin: body.admin,
        });
        const { token } = await issueToken(trx, user.id, 'created by admin');
        return { user, token };
      });
      return c.json(result, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/login',
      tags: ['accounts'],
      summary: 'Sign in with email and password; returns a new API token',
      request: { body: json(z.object({ email: Email, password: z.string().min(1).max(200) })) },
      responses: { ...ok('A token and the user'), 429: ErrorBody },
    }),
    async (c) => {
      const { email, password } = c.req.valid('json');
      // The socket's address, not X-Forwarded-For: a client could name any address there and get a fresh window.
      const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)
        ?.incoming?.socket;
      const address = socket?.remoteAddress ?? 'local';
      const key = `${address}|${email}`;
      const wait = logins.hit(key);
      if (wait !== null)
        throw new AppError(
          429,
          'too_many_attempts',
          `Too many sign-in attempts. Try again in ${wait} seconds.`,
        );
      const { db } = c.var.ctx.storage;
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('email', '=', email)
        .executeTakeFirst();
      if (!(await verifyPassword(password, row?.password_hash ?? null)) || !row)
        throw unauthorized('Email or password is wrong.');
      logins.reset(key);
      const { token } = await issueToken(db, row.id, 'login');
      return c.json({ token, user: userFromRow(row) });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/me',
      tags: ['accounts'],
      summary: 'The caller and their memberships',
      responses: ok('The caller'),
    }),
    async (c) => {
      const principal = requireUser(c.var.principal);
      const memberships = await membershipsOf(c.var.ctx.storage.db, principal.user.id);
      // Through an embed token a person acts as a member only (domain/access.ts), so that is the role shown.
      return c.json({
        user: principal.user,
        memberships:
          principal.via === 'embed'
            ? memberships.map((m) => ({ ...m, role: 'member' as const }))
            : memberships,
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/tokens',
      tags: ['accounts'],
      summary: 'Create another API token for the caller',
      request: { body: json(z.object({ name: text(80, 1) })) },
      responses: { ...ok('created'), 201: { description: 'The token, shown once' } },
    }),
    async (c) => {
      const { user } = requireOwnCredentials(c.var.principal);
      const { id, token } = await issueToken(
        c.var.ctx.storage.db,
        user.id,
        c.req.valid('json').name,
      );
      return c.json({ id, token }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/tokens/{id}',
      tags: ['accounts'],
      summary:
        'Revoke one of the caller’s tokens; `current` revokes the token of this request (sign out)',
      request: { params: z.object({ id: z.string().max(64) }) },
      responses: { 204: { description: 'Revoked' }, 404: ErrorBody, 401: ErrorBody },
    }),
    async (c) => {
      const principal = requireOwnCredentials(c.var.principal);
      const id = c.req.valid('param').id;
      const tokenId = id === 'current' ? principal.tokenId : id;
      if (!tokenId || !(await revokeToken(c.var.ctx.storage.db, principal.user.id, tokenId))) {
        throw notFound('The token');
      }
      return c.body(null, 204);
    },
  );

  return app;
}
