/**
 * How a finished single sign-on comes back to its client: the store redirects to the console or the
 * extension's redirect URL with a one-time code (or an error) in the fragment, which no server or Referer sees.
 */

/** Where a client starts single sign-on; `return_to` names where the one-time code goes. */
export const SSO_START_PATH = '/api/v1/auth/oidc/start';

export const SSO_CODE = 'sso_code';
export const SSO_ERROR = 'sso_error';
export const SSO_MESSAGE = 'sso_message';

export type SsoOutcome = { code: string } | { error: string; message: string };

/** Reads a return URL's fragment: the one-time code, or why the sign-in failed; null when it holds neither. */
export function ssoOutcome(hash: string): SsoOutcome | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const code = params.get(SSO_CODE);
  if (code) return { code };
  const error = params.get(SSO_ERROR);
  if (error)
    return { error, message: params.get(SSO_MESSAGE) ?? 'The single sign-on did not complete.' };
  return null;
}

/** The store's start URL for a sign-in that returns to `returnTo` (the console when omitted). */
export function ssoStartUrl(storeUrl: string, returnTo?: string): string {
  const url = new URL(SSO_START_PATH, storeUrl);
  if (returnTo) url.searchParams.set('return_to', returnTo);
  return url.toString();
}
