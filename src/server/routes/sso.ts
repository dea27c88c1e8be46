/**
 * Signing in through the organisation (OpenID Connect): the public sign-in options, the start of a flow,
 * the provider's callback (`/auth/oidc/callback`, the redirect URI to register) and the exchange of the
 * one-time code the callback hands back for an API token. The token never travels in a URL.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { SignedIn, SignInOptions, SsoExchangeRequest } from '../../core/sign-in';
import { SSO_CODE, SSO_ERROR, SSO_MESSAGE } from '../../core/sso-return';
import {
  beginFlow,
  issueHandoff,
  personFor,
  redeemHandoff,
  returnTarget,
  SignInRefused,
  takeFlow,
  withOutcome,
} from '../domain/sso';
import { issueToken, userFromRow } from '../domain/users';
import { AppError, badRequest } from '../http/errors';
import { createRouter, type Env } from '../http/hono';
import { ErrorBody, jsonBody, jsonContent, redirect } from '../http/openapi';
import { createRelyingParty, newFlowChecks, type RelyingParty } from '../http/openid';
import { RateLimiter } from '../http/rate-limit';

export const CALLBACK_PATH = '/api/v1/auth/oidc/callback';

/** A step of single sign-on in the browser: a redirect, or a refusal. */
const redirectStep = (description: string) => ({
  302: redirect(description),
  400: ErrorBody,
  401: ErrorBody,
  404: ErrorBody,
  429: ErrorBody,
  503: ErrorBody,
});

/** The store's address as the person's browser reaches it: COP_PUBLIC_URL, else this request's origin. */
const publicOrigin = (c: Context<Env>) => c.var.ctx.config.publicUrl ?? new URL(c.req.url).origin;

export function ssoRoutes() {
  const app = createRouter();
  // Each start keeps a row until it expires: one address cannot start flows without limit.
  const starts = new RateLimiter(30, 60_000);
  let party: RelyingParty | undefined;

  function relyingParty(c: Context<Env>): RelyingParty {
    const config = c.var.ctx.config.oidc;
    if (!config)
      throw new AppError(
        404,
        'not_found',
        'Single sign-on is not switched on for this store (COP_OIDC_ISSUER is not set). Sign in with email and password.',
      );
    party ??= createRelyingParty(config);
    return party;
  }

  app.openapi(
    createRoute({
      method: 'get',
      path: '/auth/config',
      tags: ['accounts'],
      summary: 'How people sign in to this store: password, single sign-on (public)',
      security: [],
      responses: {
        200: jsonContent(SignInOptions, 'The ways this store offers'),
        401: ErrorBody,
      },
    }),
    (c) => {
      // Public and the same for everyone: the extension reads it before it may reach the store.
      c.header('Access-Control-Allow-Origin', '*');
      const { config } = c.var.ctx;
      return c.json({ password: config.passwordLogin, sso: config.oidc !== null }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/auth/oidc/start',
      tags: ['accounts'],
      summary:
        'Start single sign-on: redirects to the organisation’s provider (authorization code with PKCE)',
      security: [],
      request: {
        query: z.object({
          return_to: z
            .string()
            .max(2000)
            .optional()
            .describe(
              'Where the one-time code goes: the store’s console (default) or an extension’s identity redirect URL',
            ),
        }),
      },
      responses: redirectStep('To the provider’s authorization endpoint'),
    }),
    async (c) => {
      const rp = relyingParty(c);
      const origin = publicOrigin(c);
      const target = returnTarget(c.req.valid('query').return_to, origin);
      if (!target)
        throw badRequest(
          'return_to_refused',
          'return_to must be this store’s console or a browser extension’s redirect URL.',
        );
      const address =
        (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
          ?.socket?.remoteAddress ?? 'local';
      const wait = starts.hit(address);
      if (wait !== null)
        throw new AppError(
          429,
          'too_many_attempts',
          `Too many sign-ins started from here. Try again in ${wait} seconds.`,
        );
      const checks = newFlowChecks();
      const authorization = await rp.authorizationUrl(`${origin}${CALLBACK_PATH}`, checks);
      await beginFlow(c.var.ctx.storage.db, checks, target);
      c.header('Cache-Control', 'no-store');
      return c.redirect(authorization.toString(), 302);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/auth/oidc/callback',
      tags: ['accounts'],
      summary:
        'The redirect URI: checks state, code (PKCE) and nonce, then returns to the console or extension with a one-time code',
      security: [],
      request: {
        query: z
          .object({
            state: z.string().max(512).optional(),
            code: z.string().max(4096).optional(),
            error: z.string().max(512).optional(),
          })
          .passthrough(),
      },
      responses: redirectStep(
        'To the console or extension, with the one-time code in the fragment',
      ),
    }),
    async (c) => {
      const rp = relyingParty(c);
      const { db } = c.var.ctx.storage;
      const { state } = c.req.valid('query');
      const flow = state ? await takeFlow(db, state) : null;
      if (!flow)
        throw badRequest(
          'sso_state_invalid',
          'This sign-in is unknown, has expired or was already finished. Start the sign-in again from CoP Kit.',
        );
      c.header('Cache-Control', 'no-store');
      try {
        const claims = await rp.finish(
          `${publicOrigin(c)}${CALLBACK_PATH}`,
          new URL(c.req.url).search,
          flow,
        );
        const user = await db
          .transaction()
          .execute((trx) => personFor(trx, claims, c.var.ctx.config.oidc!));
        const code = await issueHandoff(db, user.id);
        return c.redirect(withOutcome(flow.returnTo, { [SSO_CODE]: code }), 302);
      } catch (error) {
        if (!(error instanceof SignInRefused || error instanceof AppError)) throw error;
        c.var.ctx.log.info('single sign-on refused', { code: error.code });
        return c.redirect(
          withOutcome(flow.returnTo, { [SSO_ERROR]: error.code, [SSO_MESSAGE]: error.message }),
          302,
        );
      }
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/oidc/exchange',
      tags: ['accounts'],
      summary: 'Exchange the one-time code from a finished single sign-on for an API token',
      security: [],
      request: {
        body: jsonBody(SsoExchangeRequest),
      },
      responses: {
        200: jsonContent(SignedIn, 'A new API token and the user'),
        400: ErrorBody,
        401: ErrorBody,
      },
    }),
    async (c) => {
      const { db } = c.var.ctx.storage;
      const userId = await redeemHandoff(db, c.req.valid('json').code);
      const row = userId
        ? await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst()
        : undefined;
      if (!row)
        throw badRequest(
          'sso_code_invalid',
          'This sign-in code is unknown, has expired or was already used. Sign in again.',
        );
      const { token } = await issueToken(db, row.id, 'single sign-on');
      return c.json({ token, user: userFromRow(row) }, 200);
    },
  );

  return app;
}
