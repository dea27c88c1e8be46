/**
 * Signing in to the console: single sign-on when the store offers it, email and password unless switched
 * off, or an API token (how the store's admin signs in).
 */
import { useEffect, useState } from 'preact/hooks';
import type { SignInOptions } from '../core/sign-in';
import { ssoStartUrl } from '../core/sso-return';
import { describeError } from './api';
import { api } from './connection';
import { signInWithPassword, signInWithToken } from './session';

export function SignIn({ message }: { message?: string }) {
  const [mode, setMode] = useState<'password' | 'token'>('password');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(message ?? '');
  const [options, setOptions] = useState<SignInOptions>({ password: true, sso: false });

  useEffect(() => {
    api.shared
      .signInOptions()
      .then((offered) => {
        setOptions(offered);
        if (!offered.password) setMode('token');
      })
      .catch(() => undefined);
  }, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      if (mode === 'password') await signInWithPassword(email.trim(), password);
      else await signInWithToken(token);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="console-signin">
      <h1>CoP Kit console</h1>
      <p class="cop-muted">
        The coordinators’ workplace: curate practices, route questions, see how the community is
        doing.
      </p>
      {options.sso && (
        <div class="cop-actions console-signin__sso">
          <button
            type="button"
            class="cop-button cop-button--primary"
            onClick={() => location.assign(ssoStartUrl(location.origin))}
          >
            Sign in with SSO
          </button>
        </div>
      )}
      <form class="cop-form" onSubmit={submit} aria-label="Sign in">
        {mode === 'password' ? (
          <>
            <div class="cop-field">
              <label for="signin-email">Email</label>
              <input
                id="signin-email"
                type="email"
                autocomplete="username"
                required
                value={email}
                onInput={(e) => setEmail(e.currentTarget.value)}
              />
            </div>
            <div class="cop-field">
              <label for="signin-password">Password</label>
              <input
                id="signin-password"
                type="password"
                autocomplete="current-password"
                required
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            </div>
          </>
        ) : (
          <div class="cop-field">
            <label for="signin-token">API token</label>
            <input
              id="signin-token"
              type="password"
              required
              value={token}
              onInput={(e) => setToken(e.currentTarget.value)}
            />
            <span class="cop-hint">
              The admin token printed when the store first started works here.
            </span>
          </div>
        )}
        {error && (
          <p class="cop-error" role="alert">
            {error}
          </p>
        )}
        <div class="cop-actions">
          <button
            type="submit"
            class={`cop-button ${options.sso ? '' : 'cop-button--primary'}`}
            disabled={busy}
          >
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
          {options.password && (
            <button
              type="button"
              class="cop-button cop-button--link"
              onClick={() => setMode(mode === 'password' ? 'token' : 'password')}
            >
              {mode === 'password' ? 'Use an API token instead' : 'Use email and password instead'}
            </button>
          )}
        </div>
      </form>
    </main>
  );
}
