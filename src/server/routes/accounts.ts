/** Users, password login, the caller's profile and API tokens. */
import { createRoute, z } from '@hono/zod-openapi';
import { AccountAnswers } from '../../core/accounts';
import { EMAIL_REFUSED, normalizeEmail } from '../../core/email';
import { LIMITS } from '../../core/limits';
import { text } from '../../core/schemas';
import { SignedIn } from '../../core/sign-in';
import { requireAdmin, requireOwnCredentials, requireUser } from '../domain/access';
import { transact } from '../domain/changes';
import { membershipsOf } from '../domain/communities';
import { signUpWithInvitation } from '../domain/invitations';
import { markRead, recentNotifications } from '../domain/notifications';
import { DISABLED_MESSAGE, listSessions, revokeSession, setDisabled } from '../domain/sessions';
import { createUser, issueToken, userFromRow, verifyPassword } from '../domain/users';
import { AppError, badRequest, notFound, unauthorized } from '../http/errors';
import { createRouter } from '../http/hono';
import {
  ErrorBody,
  errorResponses,
  jsonBody as json,
  jsonContent,
  noContent,
} from '../http/openapi';
import { throttleFor } from '../http/throttle';

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

/** The client that makes a session, so the person recognises it in their list of sessions. */
const userAgent = (c: { req: { header(name: string): string | undefined } }) =>
  c.req.header('user-agent') ?? null;

export function accountRoutes() {
  const app = createRouter();

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
      responses: {
        201: jsonContent(AccountAnswers.created, 'The user and an API token'),
        ...errorResponses,
      },
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
      responses: {
        200: jsonContent(SignedIn, 'A new API token and the user'),
        ...errorResponses,
        429: ErrorBody,
      },
    }),
    async (c) => {
      if (!c.var.ctx.config.passwordLogin)
        throw new AppError(
          403,
          'password_login_off',
          'This store signs people in through their organisation only: use "Sign in with SSO" in the console or "Sign in with your organisation" in the extension.',
        );
      const { email, password } = c.req.valid('json');
      const attempt = throttleFor(c.var.ctx).loginAttempt(c, email);
      const { db } = c.var.ctx.storage;
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('email', '=', email)
        .executeTakeFirst();
      if (!(await verifyPassword(password, row?.password_hash ?? null)) || !row)
        throw unauthorized('Email or password is wrong.');
      attempt.succeeded();
      if (row.disabled_at) throw unauthorized(DISABLED_MESSAGE);
      const { token } = await issueToken(db, row.id, 'login', undefined, userAgent(c));
      return c.json({ token, user: userFromRow(row) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/me',
      tags: ['accounts'],
      summary: 'The caller, their memberships and their latest notifications',
      responses: {
        200: jsonContent(
          AccountAnswers.me,
          'The caller, their memberships and what they have been told lately',
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const principal = requireUser(c.var.principal);
      const { db } = c.var.ctx.storage;
      const [memberships, notifications] = await Promise.all([
        membershipsOf(db, principal.user.id),
        recentNotifications(db, principal.user.id),
      ]);
      // Through an embed token a person acts as a member at most (domain/access.ts), so a coordinator shows
      // as a member; a sponsor stays a sponsor, who reads less than a member.
      return c.json(
        {
          user: principal.user,
          memberships:
            principal.via === 'embed'
              ? memberships.map((m) => ({
                  ...m,
                  role: m.role === 'coordinator' ? ('member' as const) : m.role,
                }))
              : memberships,
          notifications,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/tokens',
      tags: ['accounts'],
      summary: 'Create another API token for the caller',
      request: { body: json(z.object({ name: text(80, 1) })) },
      responses: {
        201: jsonContent(AccountAnswers.token, 'The token, shown once'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { user } = requireOwnCredentials(c.var.principal);
      const { id, token } = await issueToken(
        c.var.ctx.storage.db,
        user.id,
        c.req.valid('json').name,
        undefined,
        userAgent(c),
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
      responses: { 204: noContent('Revoked'), ...errorResponses },
    }),
    async (c) => {
      const principal = requireOwnCredentials(c.var.principal);
      const id = c.req.valid('param').id;
      const tokenId = id === 'current' ? principal.tokenId : id;
      const revoked =
        tokenId &&
        (await transact(c.var.ctx, (trx) =>
          revokeSession(trx, principal.user.id, tokenId, 'revoke-session'),
        ));
      if (!revoked) throw notFound('The token');
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/logout',
      tags: ['accounts'],
      summary: 'Sign out: revokes the API token of this request at once',
      responses: { 204: noContent('Signed out; the token no longer works'), ...errorResponses },
    }),
    async (c) => {
      const principal = requireUser(c.var.principal);
      if (!principal.tokenId)
        throw badRequest(
          'not_revocable',
          'An embed token cannot be signed out here: it ends when it expires, and the page that made it signs you out.',
        );
      const tokenId = principal.tokenId;
      await transact(c.var.ctx, (trx) =>
        revokeSession(trx, principal.user.id, tokenId, 'sign-out'),
      );
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/me/sessions',
      tags: ['accounts'],
      summary:
        'The caller’s sessions that still work: where each was made and when it was last used (revoke with DELETE /tokens/{id})',
      responses: {
        200: jsonContent(AccountAnswers.sessions, 'The caller’s sessions'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const principal = requireOwnCredentials(c.var.principal);
      const items = await listSessions(
        c.var.ctx.storage.db,
        principal.user.id,
        principal.tokenId,
        c.var.ctx.config,
      );
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/me/notifications/read',
      tags: ['accounts'],
      summary: 'Mark the caller’s notifications read (the named ones, or all)',
      request: {
        body: json(z.object({ ids: z.array(z.string().max(64)).max(100).optional() }), false),
      },
      responses: {
        200: jsonContent(AccountAnswers.read, 'How many notifications were marked read'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { user } = requireUser(c.var.principal);
      const { ids } = c.req.valid('json') ?? {};
      return c.json({ read: await markRead(c.var.ctx.storage.db, user.id, ids) }, 200);
    },
  );

  for (const disabled of [true, false]) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/users/{id}/${disabled ? 'disable' : 'enable'}`,
        tags: ['accounts'],
        summary: disabled
          ? 'Disable a person (admin): every token of theirs stops working at once; what they wrote stays'
          : 'Enable a disabled person again (admin); they sign in afresh',
        request: { params: z.object({ id: z.string().max(64) }) },
        responses: { 200: jsonContent(AccountAnswers.user, 'The user'), ...errorResponses },
      }),
      async (c) => {
        const { user: actor } = requireAdmin(c.var.principal);
        const user = await transact(c.var.ctx, (trx) =>
          setDisabled(trx, actor, c.req.valid('param').id, disabled),
        );
        return c.json({ user }, 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/invitation',
      tags: ['accounts'],
      summary:
        'Accept an invitation as someone new: choose a name and a password; returns a token, the user and the membership',
      request: {
        body: json(
          z.object({ token: z.string().max(200), name: text(LIMITS.name, 1), password: Password }),
        ),
      },
      responses: {
        201: jsonContent(AccountAnswers.signedIn, 'A new account, its token and its membership'),
        ...errorResponses,
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const result = await transact(c.var.ctx, (trx) =>
        signUpWithInvitation(trx, { ...body, userAgent: userAgent(c) }),
      );
      return c.json(result, 201);
    },
  );

  return app;
}
