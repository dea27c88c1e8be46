/**
 * Sign in with your organisation: the store's single sign-on in the browser's own sign-in window
 * (`identity.launchWebAuthFlow`, Chrome and Firefox). The store returns to the extension's redirect URL
 * with a one-time code in the fragment; the background exchanges it for a token over POST.
 */
import { type SsoOutcome, ssoOutcome, ssoStartUrl } from '../core/sso-return';

/** The part of `browser.identity` this needs (a fake in tests). */
export interface IdentityApi {
  getRedirectURL(path?: string): string;
  launchWebAuthFlow(details: { url: string; interactive?: boolean }): Promise<string | undefined>;
}

/** Runs the organisation's sign-in for `storeUrl` and returns the one-time code; rejects with a sentence. */
export async function signInWithOrganisation(
  identity: IdentityApi,
  storeUrl: string,
): Promise<string> {
  const redirect = identity.getRedirectURL('sso');
  let returned: string | undefined;
  try {
    returned = await identity.launchWebAuthFlow({
      url: ssoStartUrl(storeUrl, redirect),
      interactive: true,
    });
  } catch (error) {
    throw new Error(
      `The sign-in window closed before the sign-in finished (${
        error instanceof Error ? error.message : String(error)
      }). Try again.`,
    );
  }
  let outcome: SsoOutcome | null = null;
  try {
    outcome = returned ? ssoOutcome(new URL(returned).hash) : null;
  } catch {}
  if (!outcome) throw new Error('The store did not finish the sign-in. Try again.');
  if ('error' in outcome) throw new Error(outcome.message);
  return outcome.code;
}
