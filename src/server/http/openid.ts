/**
 * The store as an OpenID Connect relying party, through `openid-client` (panva's certified library): discovery
 * from the issuer, the authorization request (code flow with PKCE S256, state and nonce) and the checked code
 * exchange. What the store keeps between the two steps lives in the database (domain/sso.ts).
 */
import * as openid from 'openid-client';
import type { OidcConfig } from '../config';
import { type FlowChecks, type IdentityClaims, SignInRefused } from '../domain/sso';
import { AppError } from './errors';

export interface RelyingParty {
  /** The provider's authorization endpoint URL for a new flow. */
  authorizationUrl(redirectUri: string, checks: FlowChecks): Promise<URL>;
  /** Checks the authorization response (state, iss), exchanges its code (PKCE) and checks the ID token (nonce, aud, signature). */
  finish(redirectUri: string, query: string, checks: FlowChecks): Promise<IdentityClaims>;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export const newFlowChecks = (): FlowChecks => ({
  state: openid.randomState(),
  nonce: openid.randomNonce(),
  codeVerifier: openid.randomPKCECodeVerifier(),
});

export function createRelyingParty(config: OidcConfig): RelyingParty {
  const issuer = new URL(config.issuer);
  // Plain http only for a provider on this machine (a test or a developer's provider); anything else is https.
  const insecure = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname);
  let discovered: Promise<openid.Configuration> | undefined;

  /** Discovery once per process; a failure is retried on the next sign-in instead of being remembered. */
  function configuration(): Promise<openid.Configuration> {
    discovered ??= openid
      .discovery(
        issuer,
        config.clientId,
        undefined,
        config.clientSecret ? openid.ClientSecretPost(config.clientSecret) : openid.None(),
        { execute: insecure ? [openid.allowInsecureRequests] : [], timeout: 10 },
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw new AppError(
          503,
          'sso_unavailable',
          `The organisation's sign-in service at ${config.issuer} cannot be reached right now (${String(
            (error as Error).message ?? error,
          )}). Try again shortly, or ask your administrator.`,
        );
      });
    return discovered;
  }

  return {
    async authorizationUrl(redirectUri, checks) {
      const settings = await configuration();
      return openid.buildAuthorizationUrl(settings, {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        state: checks.state,
        nonce: checks.nonce,
        code_challenge: await openid.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: 'S256',
      });
    },

    async finish(redirectUri, query, checks) {
      const settings = await configuration();
      // The redirect URI as registered (COP_PUBLIC_URL behind a proxy), not as this process was reached.
      const current = new URL(redirectUri);
      current.search = query;
      let tokens: Awaited<ReturnType<typeof openid.authorizationCodeGrant>>;
      try {
        tokens = await openid.authorizationCodeGrant(settings, current, {
          pkceCodeVerifier: checks.codeVerifier,
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        throw refusal(error);
      }
      const verified = tokens.claims();
      if (!verified) throw new SignInRefused('sso_failed', 'The provider sent no ID token.');
      let claims: Record<string, unknown> = verified;
      // Some providers put only `sub` in the ID token and the rest behind the userinfo endpoint.
      if (!verified.email && tokens.access_token && settings.serverMetadata().userinfo_endpoint) {
        try {
          const info = await openid.fetchUserInfo(settings, tokens.access_token, verified.sub);
          claims = { ...info, ...verified };
        } catch (error) {
          throw refusal(error);
        }
      }
      const text = (value: unknown) =>
        typeof value === 'string' && value.trim() ? value.trim() : null;
      return {
        issuer: verified.iss,
        subject: verified.sub,
        // Microsoft Entra ID sends the sign-in address as preferred_username when `email` is not configured.
        email:
          text(claims.email) ??
          (/@/.test(String(claims.preferred_username)) ? text(claims.preferred_username) : null),
        emailVerified:
          typeof claims.email_verified === 'boolean' ? claims.email_verified : undefined,
        name: text(claims.name),
      };
    },
  };
}

/** Turns what openid-client threw into a sentence a person can act on. */
function refusal(error: unknown): SignInRefused {
  if (error instanceof openid.AuthorizationResponseError) {
    return new SignInRefused(
      'sso_refused',
      `Your organisation's sign-in did not complete (${error.error}${
        error.error_description ? `: ${error.error_description}` : ''
      }). Try again, or ask your administrator whether you may use CoP Kit.`,
    );
  }
  if (error instanceof openid.ResponseBodyError && error.error === 'invalid_grant') {
    return new SignInRefused(
      'sso_code_invalid',
      'The sign-in code from your organisation has expired or was already used. Start the sign-in again.',
    );
  }
  // openid-client wraps oauth4webapi's error, whose cause names the claim that did not match.
  let cause: unknown = error;
  for (let depth = 0; depth < 3 && cause && !(cause as { claim?: string }).claim; depth++)
    cause = (cause as { cause?: unknown }).cause;
  if ((cause as { claim?: string } | undefined)?.claim === 'nonce') {
    return new SignInRefused(
      'sso_nonce_mismatch',
      'The sign-in answer does not belong to the sign-in this browser started (its nonce differs). Start the sign-in again.',
    );
  }
  return new SignInRefused(
    'sso_failed',
    `The sign-in answer from your organisation could not be verified (${(error as Error).message}). Start the sign-in again.`,
  );
}
