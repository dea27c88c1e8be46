/**
 * Connecting to a store: Store URL, Email, Password and Connect, or an API token, and "Sign in with your
 * organisation" when the store offers single sign-on; once connected, "Connected as NAME" and Sign out.
 * A store URL set by the organisation is shown read-only.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import type { SignInOptions } from '../core/sign-in';
import { useT } from './i18n';
import { useAction } from './use-action';

export interface ConnectedSession {
  storeUrl: string;
  user: { name: string; email: string };
}

export interface Credentials {
  storeUrl: string;
  email: string;
  password: string;
}

interface Props {
  session: ConnectedSession | null;
  /** A store URL from enterprise policy: shown, not editable. */
  managedStoreUrl?: string;
  /** The last store URL used, to prefill the field. */
  storeUrl?: string;
  /** A problem to show above the form, e.g. an expired sign-in. */
  notice?: string;
  /** An email to prefill (signing in as someone whose changes wait). */
  email?: string;
  /**
   * Called synchronously from the submit event, so the host may ask for a permission
   * (which needs the person's gesture) before anything else. Rejects with a readable message.
   */
  onConnect: (credentials: Credentials) => Promise<void>;
  onUseToken: (value: { storeUrl: string; token: string }) => Promise<void>;
  onSignOut: () => Promise<void>;
  /** Asks a store how people sign in there; without it only passwords and tokens are offered. */
  signInOptions?: (storeUrl: string) => Promise<SignInOptions>;
  /** "Sign in with your organisation", called synchronously from the click (like onConnect). */
  onOrganisationSignIn?: (storeUrl: string) => Promise<void>;
}

/** What the store at `storeUrl` offers, asked again (after a pause in typing) when the address changes. */
function useSignInOptions(
  storeUrl: string | null,
  ask: Props['signInOptions'],
): SignInOptions | null {
  const [offered, setOffered] = useState<SignInOptions | null>(null);
  useEffect(() => {
    setOffered(null);
    if (!storeUrl || !ask) return;
    let current = true;
    const timer = setTimeout(() => {
      ask(storeUrl)
        .then((options) => current && setOffered(options))
        .catch(() => undefined);
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [storeUrl, ask]);
  return offered;
}

/** Normalises what a person typed into an origin-like URL; `null` if it is not http(s). */
export function normaliseStoreUrl(input: string): string | null {
  const trimmed = input.trim();
  if (!trimmed) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return null;
  }
}

export function ConnectForm(props: Props) {
  const t = useT();
  const id = useId();
  const [storeUrl, setStoreUrl] = useState(props.managedStoreUrl ?? props.storeUrl ?? '');
  const [email, setEmail] = useState(props.email ?? '');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  // What is missing or wrong in the form itself, found before anything is sent.
  const [invalid, setInvalid] = useState('');
  const connecting = useAction(async (action: () => Promise<void>) => {
    await action();
    setPassword('');
    setToken('');
  });
  const { busy } = connecting;
  const error = invalid || connecting.error;
  const setError = (message: string) => {
    connecting.clearError();
    setInvalid(message);
  };

  const effectiveUrl = props.managedStoreUrl ?? storeUrl;
  const offered = useSignInOptions(
    props.session ? null : normaliseStoreUrl(effectiveUrl),
    props.signInOptions,
  );
  const sso = offered?.sso === true && props.onOrganisationSignIn !== undefined;
  const passwords = offered?.password !== false;

  function run(action: () => Promise<void>) {
    setInvalid('');
    void connecting.run(action);
  }

  function connect(event: Event) {
    event.preventDefault();
    const url = normaliseStoreUrl(effectiveUrl);
    if (!url) return setError(t('storeUrlInvalid'));
    if (!email.trim() || !password) return setError(t('credentialsRequired'));
    // No await before this call: the host may need the gesture for a permission request.
    const pending = props.onConnect({ storeUrl: url, email: email.trim(), password });
    run(() => pending);
  }

  function signInWithOrganisation() {
    const url = normaliseStoreUrl(effectiveUrl);
    if (!url || !props.onOrganisationSignIn) return setError(t('storeUrlInvalid'));
    // No await before this call: the host may need the gesture for a permission request.
    const pending = props.onOrganisationSignIn(url);
    run(() => pending);
  }

  function submitToken(event: Event) {
    event.preventDefault();
    const url = normaliseStoreUrl(effectiveUrl);
    if (!url) return setError(t('storeUrlInvalid'));
    if (!token.trim()) return;
    const pending = props.onUseToken({ storeUrl: url, token: token.trim() });
    run(() => pending);
  }

  if (props.session) {
    return (
      <section class="cop-form" aria-labelledby={`${id}-heading`}>
        <h2 id={`${id}-heading`}>{t('connectHeading')}</h2>
        <p role="status" class="cop-notice cop-notice--ok">
          {t('connectedAs', { name: props.session.user.name })}
        </p>
        <p class="cop-hint">
          {props.session.user.email} · {props.session.storeUrl}
        </p>
        {error && (
          <p class="cop-notice cop-notice--error" role="alert">
            {error}
          </p>
        )}
        <div class="cop-actions" style={{ justifyContent: 'flex-start' }}>
          <button
            type="button"
            class="cop-button"
            disabled={busy}
            onClick={() => run(props.onSignOut)}
          >
            {t('signOut')}
          </button>
        </div>
      </section>
    );
  }

  return (
    <section class="cop-form" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('connectHeading')}</h2>
      {props.notice && (
        <p class="cop-notice cop-notice--warn" role="alert">
          {props.notice}
        </p>
      )}
      <form class="cop-form" onSubmit={connect} noValidate>
        <div class="cop-field">
          <label for={`${id}-url`}>{t('storeUrl')}</label>
          <input
            id={`${id}-url`}
            type="url"
            name="storeUrl"
            autoComplete="url"
            placeholder="https://cop.example.org"
            value={effectiveUrl}
            readOnly={!!props.managedStoreUrl}
            aria-describedby={props.managedStoreUrl ? `${id}-url-managed` : undefined}
            onInput={(e) => setStoreUrl(e.currentTarget.value)}
          />
          {props.managedStoreUrl && (
            <span id={`${id}-url-managed`} class="cop-hint" data-managed="true">
              {t('storeUrlManaged')}
            </span>
          )}
        </div>
        {sso && (
          <div class="cop-actions" style={{ justifyContent: 'flex-start' }}>
            <button
              type="button"
              class="cop-button cop-button--primary"
              disabled={busy}
              onClick={signInWithOrganisation}
            >
              {t('signInWithOrganisation')}
            </button>
          </div>
        )}
        {sso && passwords && <p class="cop-hint">{t('orPassword')}</p>}
        {passwords && (
          <>
            <div class="cop-field">
              <label for={`${id}-email`}>{t('email')}</label>
              <input
                id={`${id}-email`}
                type="email"
                name="email"
                autoComplete="username"
                value={email}
                onInput={(e) => setEmail(e.currentTarget.value)}
              />
            </div>
            <div class="cop-field">
              <label for={`${id}-password`}>{t('password')}</label>
              <input
                id={`${id}-password`}
                type="password"
                name="password"
                autoComplete="current-password"
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            </div>
            <div class="cop-actions" style={{ justifyContent: 'flex-start' }}>
              <button
                type="submit"
                class={`cop-button ${sso ? '' : 'cop-button--primary'}`}
                disabled={busy}
              >
                {busy ? t('connecting') : t('connect')}
              </button>
            </div>
          </>
        )}
        {error && (
          <p class="cop-notice cop-notice--error" role="alert">
            {error}
          </p>
        )}
      </form>
      <details>
        <summary>{t('orToken')}</summary>
        <form class="cop-form" onSubmit={submitToken} noValidate style={{ marginTop: '8px' }}>
          <div class="cop-field">
            <label for={`${id}-token`}>{t('apiToken')}</label>
            <input
              id={`${id}-token`}
              type="password"
              name="token"
              autoComplete="off"
              value={token}
              onInput={(e) => setToken(e.currentTarget.value)}
            />
          </div>
          <div class="cop-actions" style={{ justifyContent: 'flex-start' }}>
            <button type="submit" class="cop-button" disabled={busy}>
              {t('useToken')}
            </button>
          </div>
        </form>
      </details>
    </section>
  );
}
