/**
 * The wire shapes of signing in: which ways a store offers, the one-time code a single sign-on hands its
 * client, and the token it is exchanged for. Shared by the store's routes, the console and the extension.
 */
import { z } from 'zod';
import { UserView } from './responses';

/** `GET /api/v1/auth/config`: public, so a sign-in page can show the ways this store offers. */
export const SignInOptions = z.object({
  /** Email and password sign-in (off with COP_PASSWORD_LOGIN=off). */
  password: z.boolean(),
  /** Single sign-on through the organisation's OpenID Provider (COP_OIDC_ISSUER). */
  sso: z.boolean(),
});
export type SignInOptions = z.infer<typeof SignInOptions>;

export const SsoExchangeRequest = z.object({
  code: z.string().min(1).max(200).describe('The one-time code from the return URL fragment'),
});

/** A new API token and whom it is for (password login and the single sign-on exchange). */
export const SignedIn = z.object({ token: z.string(), user: UserView });
export type SignedIn = z.infer<typeof SignedIn>;
