/**
 * The wire shapes of signing in: which ways a store offers, the one-time code a single sign-on hands its
 * client, and the token it is exchanged for. Shared by the store's routes, the console and the extension.
 */
import { z } from 'zod';

/** `GET /api/v1/auth/config`: public, so a sign-in page can show the ways this store offers. */
export const SignInOptions = z.object({
  /** Email and password sign-in (off with COP_PASSWORD_LOGIN=off). */
  password: z.boolean(),
  /** Single sign-on through the organisation's OpenID Provider (COP_OIDC_ISSUER). */
  sso: z.boolean(),
});
export type SignInOptions = z.infer<typeof SignInOptions>;

/** Where a client starts single sign-on; `return_to` names where the one-time code goes. */
export const SSO_START_PATH = '/api/v1/auth/oidc/start';

/** The fragment keys a finished single sign-on returns with: a code, or an error code and sentence. */
export const SSO_CODE = 'sso_code';
export const SSO_ERROR = 'sso_error';
export const SSO_MESSAGE = 'sso_message';

export const SsoExchangeRequest = z.object({
  code: z.string().min(1).max(200).describe('The one-time code from the return URL fragment'),
});

const SignedInUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  isAdmin: z.boolean(),
  createdAt: z.string(),
});

/** A new API token and whom it is for (password login and the single sign-on exchange). */
export const SignedIn = z.object({ token: z.string(), user: SignedInUser });
export type SignedIn = z.infer<typeof SignedIn>;

/** Reads a return URL's fragment: the one-time code, or why the sign-in failed. */
export function ssoOutcome(
  hash: string,
): { code: string } | { error: string; message: string } | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const code = params.get(SSO_CODE);
  if (code) return { code };
  const error = params.get(SSO_ERROR);
  if (error)
    return { error, message: params.get(SSO_MESSAGE) ?? 'The single sign-on did not complete.' };
  return null;
}
