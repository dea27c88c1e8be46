/**
 * The options page: connect to a store (password or API token), sign out, see the sync state,
 * choose the sites where prompts and highlights appear (optional host permissions), and see what
 * the organisation set by policy.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { SignInOptions } from '../../core/sign-in';
import { VERSION } from '../../core/version';
import { ConnectForm, normaliseStoreUrl } from '../../ui/ConnectForm';
import { useT } from '../../ui/i18n';
import { OutdatedNotice } from '../../ui/OutdatedNotice';
import { SyncStatus } from '../../ui/SyncStatus';
import { enabledPatterns } from '../enabled-sites';
import type { SessionView, SyncView } from '../messages';
import { originPattern } from '../session';
import { signInWithOrganisation } from '../sso';
import { call, listenLive } from './background-link';
import { hasPolicy, message, OrganisationSettings } from './OrganisationSettings';
import { UnsentWork } from './UnsentWork';

/**
 * Asks for host permission for an origin. It must run inside the click's task (a user gesture),
 * so callers invoke it before any `await`.
 */
function requestOrigin(pattern: string): Promise<boolean> {
  return browser.permissions.request({ origins: [pattern] });
}

/** How a store lets people sign in; its answer is public (any origin may read it). */
async function signInOptions(storeUrl: string): Promise<SignInOptions> {
  const res = await fetch(new URL('/api/v1/auth/config', storeUrl), { credentials: 'omit' });
  if (!res.ok) throw new Error(`The store answered ${res.status}.`);
  return (await res.json()) as SignInOptions;
}

export function OptionsApp() {
  const t = useT();
  const [session, setSession] = useState<SessionView | null>(null);
  const [sync, setSync] = useState<SyncView>({ state: 'signed-out', pending: 0 });
  /** The email of someone whose unsent changes wait, when the person chose to sign in as them. */
  const [signInAs, setSignInAs] = useState<string | undefined>(undefined);

  useEffect(() => {
    call('session/get', {})
      .then(setSession)
      .catch(() => undefined);
    return listenLive((message) => {
      if (message.type === 'session') setSession(message.session);
      else if (message.type === 'sync') setSync(message.sync);
    });
  }, []);

  async function withPermission(storeUrl: string, granted: Promise<boolean>) {
    if (!(await granted)) {
      throw new Error(t('permissionDenied', { origin: new URL(storeUrl).origin }));
    }
  }

  return (
    <div class="cop-root cop-page cop-page--options">
      <header class="cop-page__header">
        <h1>CoP Kit</h1>
        <SyncStatus status={sync} />
      </header>
      <main>
        {sync.state === 'outdated' && <OutdatedNotice onReload={() => browser.runtime.reload()} />}
        <UnsentWork
          session={session}
          onSignInAs={async (work) => {
            if (session?.user) setSession(await call('session/signOut', {}));
            setSignInAs(work.user.email);
          }}
        />
        {session && (
          <ConnectForm
            key={signInAs ?? ''}
            email={signInAs}
            session={
              session.user && session.storeUrl
                ? { storeUrl: session.storeUrl, user: session.user }
                : null
            }
            managedStoreUrl={session.managedStoreUrl ?? undefined}
            storeUrl={session.storeUrl ?? undefined}
            notice={session.expired ? t('signInAgain') : undefined}
            onConnect={(credentials) => {
              const granted = requestOrigin(originPattern(credentials.storeUrl));
              return withPermission(credentials.storeUrl, granted).then(async () => {
                setSession(await call('session/connect', credentials));
              });
            }}
            onUseToken={(value) => {
              const granted = requestOrigin(originPattern(value.storeUrl));
              return withPermission(value.storeUrl, granted).then(async () => {
                setSession(await call('session/token', value));
              });
            }}
            signInOptions={signInOptions}
            onOrganisationSignIn={(storeUrl) => {
              const granted = requestOrigin(originPattern(storeUrl));
              return withPermission(storeUrl, granted).then(async () => {
                const code = await signInWithOrganisation(browser.identity, storeUrl);
                setSession(await call('session/sso', { storeUrl, code }));
              });
            }}
            onSignOut={async () => {
              setSession(await call('session/signOut', {}));
            }}
          />
        )}
        {hasPolicy(session?.managed) && <OrganisationSettings policy={session.managed} />}
        <EnabledSites
          storeUrl={session?.storeUrl ?? null}
          managedSites={session?.managed?.enabledSites ?? []}
        />
      </main>
      <footer class="cop-hint cop-page__footer">{message('versionLabel', [VERSION])}</footer>
    </div>
  );
}

/** The sites with prompts and highlights: exactly the origins the extension may access. */
function EnabledSites({
  storeUrl,
  managedSites,
}: {
  storeUrl: string | null;
  managedSites: string[];
}) {
  const t = useT();
  const id = useId();
  const [sites, setSites] = useState<string[]>([]);
  const [site, setSite] = useState('');
  const [error, setError] = useState('');

  const refresh = () =>
    browser.permissions
      .getAll()
      .then((all) => setSites(enabledPatterns(all.origins)))
      .catch(() => undefined);

  useEffect(() => {
    void refresh();
    const onChange = () => void refresh();
    browser.permissions.onAdded.addListener(onChange);
    browser.permissions.onRemoved.addListener(onChange);
    return () => {
      browser.permissions.onAdded.removeListener(onChange);
      browser.permissions.onRemoved.removeListener(onChange);
    };
  }, []);

  const storePattern = storeUrl ? originPattern(storeUrl) : null;

  function enable(event: Event) {
    event.preventDefault();
    const url = normaliseStoreUrl(site);
    if (!url) return setError(t('storeUrlInvalid'));
    setError('');
    requestOrigin(originPattern(url))
      .then((granted) => {
        if (granted) setSite('');
        else setError(t('permissionDenied', { origin: new URL(url).origin }));
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }

  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('enabledSites')}</h2>
      <p class="cop-hint">{t('enabledSitesHint')}</p>
      {sites.length === 0 ? (
        <p class="cop-muted">{t('noEnabledSites')}</p>
      ) : (
        <ul class="cop-sites">
          {sites.map((pattern) => (
            <li key={pattern}>
              <code>{pattern}</code>
              {pattern === storePattern ? (
                <span class="cop-hint">{t('storeSite')}</span>
              ) : managedSites.includes(pattern) ? (
                <span class="cop-hint" data-managed="true">
                  {message('orgSiteManaged')}
                </span>
              ) : (
                <button
                  type="button"
                  class="cop-button cop-button--small"
                  onClick={() => {
                    browser.permissions
                      .remove({ origins: [pattern] })
                      .then(refresh)
                      .catch(() => undefined);
                  }}
                >
                  {t('remove')}
                  <span class="cop-visually-hidden"> {pattern}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form class="cop-form" onSubmit={enable} noValidate style={{ marginTop: '8px' }}>
        <div class="cop-field">
          <label for={`${id}-site`}>{t('enableSite')}</label>
          <div class="cop-row">
            <input
              id={`${id}-site`}
              type="url"
              placeholder="https://intranet.example.org"
              value={site}
              style={{ flex: '1 1 200px', width: 'auto' }}
              onInput={(e) => setSite(e.currentTarget.value)}
            />
            <button type="submit" class="cop-button">
              {t('enable')}
            </button>
          </div>
        </div>
        {error && (
          <p class="cop-notice cop-notice--error" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
