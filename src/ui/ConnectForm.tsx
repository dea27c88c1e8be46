/**
 * Connecting to a store: Store URL, Email, Password and Connect, or an API token, and "Sign in with your
 * organisation" when the store offers single sign-on; once connected, "Connected as NAME" and Sign out.
 * A store URL set by the organisation is shown read-only.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useState } from 'preact/hooks';
import type { SignInOptions } from '../core/sign-in';
import { type MessageKey, useT } from './i18n';
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

export interface ConnectFormProps {
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
  ask: ConnectFormProps['signInOptions'],
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

export function ConnectForm(props: ConnectFormProps) {
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
            <CredentialField formId={id} name="email" value={email} onInput={setEmail} />
            <CredentialField formId={id} name="password" value={password} onInput={setPassword} />
            <SubmitRow primary={!sso} disabled={busy}>
              {busy ? t('connecting') : t('connect')}
            </SubmitRow>
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
          <CredentialField formId={id} name="token" value={token} onInput={setToken} />
          <SubmitRow primary={false} disabled={busy}>
            {t('useToken')}
          </SubmitRow>
        </form>
      </details>
    </section>
  );
}

/** The sign-in fields: their label and what the browser's password manager should make of them. */
const CREDENTIALS = {
  email: { label: 'email', input: { type: 'email', autoComplete: 'username' } },
  password: { label: 'password', input: { type: 'password', autoComplete: 'current-password' } },
  token: { label: 'apiToken', input: { type: 'password', autoComplete: 'off' } },
} as const satisfies Record<
  string,
  { label: MessageKey; input: { type: string; autoComplete: string } }
>;

/** One labelled field of the sign-in forms. */
function CredentialField(props: {
  formId: string;
  name: keyof typeof CREDENTIALS;
  value: string;
  onInput: (value: string) => void;
}) {
  const t = useT();
  const { label, input } = CREDENTIALS[props.name];
  const id = `${props.formId}-${props.name}`;
  return (
    <div class="cop-field">
      <label for={id}>{t(label)}</label>
      <input
        id={id}
        name={props.name}
        {...input}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </div>
  );
}

/** A form's submit button, on the left as the sign-in forms place it. */
function SubmitRow(props: { primary: boolean; disabled: boolean; children: ComponentChildren }) {
  return (
    <div class="cop-actions" style={{ justifyContent: 'flex-start' }}>
      <button
        type="submit"
        class={props.primary ? 'cop-button cop-button--primary' : 'cop-button'}
        disabled={props.disabled}
      >
        {props.children}
      </button>
    </div>
  );
}
