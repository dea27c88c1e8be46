/**
 * The options page's "Set by your organisation" section: what enterprise policy fixed (store,
 * enabled sites, recommended communities), so people see where a setting they cannot change comes from.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { ManagedPolicy } from '../settings';

/** The message names of `public/_locales` (typed by WXT from messages.json). */
type MessageName = Parameters<typeof browser.i18n.getMessage>[0];

/** Extension-page words from `_locales` (the shared UI catalogue stays free of policy terms). */
export function message(key: MessageName, substitutions?: string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

export function hasPolicy(policy: ManagedPolicy | undefined): policy is ManagedPolicy {
  return (
    !!policy &&
    (policy.storeUrl !== null || policy.enabledSites.length > 0 || policy.communities.length > 0)
  );
}

/** Which of the organisation's sites the extension may access now, following permission changes. */
export function useAllowedSites(sites: string[]): Record<string, boolean> {
  const [allowed, setAllowed] = useState<Record<string, boolean>>({});
  const key = sites.join(' ');
  useEffect(() => {
    const list = key ? key.split(' ') : [];
    const refresh = () => {
      Promise.all(
        list.map(async (site) => [site, await browser.permissions.contains({ origins: [site] })]),
      )
        .then((entries) => setAllowed(Object.fromEntries(entries)))
        .catch(() => undefined);
    };
    refresh();
    browser.permissions.onAdded.addListener(refresh);
    browser.permissions.onRemoved.addListener(refresh);
    return () => {
      browser.permissions.onAdded.removeListener(refresh);
      browser.permissions.onRemoved.removeListener(refresh);
    };
  }, [key]);
  return allowed;
}

export function OrganisationSettings({ policy }: { policy: ManagedPolicy }) {
  const id = useId();
  const allowed = useAllowedSites(policy.enabledSites);
  const missing = policy.enabledSites.filter((site) => allowed[site] === false);

  function allowMissing() {
    // Inside the click's task: permission requests need the person's gesture.
    browser.permissions.request({ origins: missing }).catch(() => undefined);
  }

  return (
    <section aria-labelledby={`${id}-heading`} data-managed="true">
      <h2 id={`${id}-heading`}>{message('orgHeading')}</h2>
      <p class="cop-hint">{message('orgIntro')}</p>
      <dl class="cop-policy">
        {policy.storeUrl && (
          <>
            <dt>{message('orgStore')}</dt>
            <dd>
              <code>{policy.storeUrl}</code>
            </dd>
          </>
        )}
        {policy.enabledSites.length > 0 && (
          <>
            <dt>{message('orgSites')}</dt>
            <dd>
              <ul class="cop-sites" aria-label={message('orgSites')}>
                {policy.enabledSites.map((site) => (
                  <li key={site} data-allowed={String(allowed[site] === true)}>
                    <code>{site}</code>
                    <span class="cop-hint">
                      {allowed[site] ? message('orgSiteAllowed') : message('orgSiteNeedsAccess')}
                    </span>
                  </li>
                ))}
              </ul>
              {missing.length > 0 && (
                <button type="button" class="cop-button" onClick={allowMissing}>
                  {message('orgAllowSites')}
                </button>
              )}
            </dd>
          </>
        )}
        {policy.communities.length > 0 && (
          <>
            <dt>{message('orgCommunities')}</dt>
            <dd>{policy.communities.join(', ')}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
