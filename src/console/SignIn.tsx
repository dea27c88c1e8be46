/**
 * Signing in to the console: single sign-on when the store offers it, email and password unless switched
 * off, or an API token (how the store's admin signs in).
 */
import { useEffect, useState } from 'preact/hooks';
import type { SignInOptions } from '../core/sign-in';
import { ssoStartUrl } from '../core/sso-return';
import { useAction } from '../ui/use-action';
import { api } from './connection';
import { SubmitRow, submitting, TextField } from './parts/form';
import { signInWithPassword, signInWithToken } from './session';

export function SignIn({ message }: { message?: string }) {
  const [mode, setMode] = useState<'password' | 'token'>('password');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
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

  const submit = useAction(() =>
    mode === 'password' ? signInWithPassword(email.trim(), password) : signInWithToken(token),
  );
  // Why the person is asked to sign in (e.g. an expired session) shows until they first try.
  const [asked, setAsked] = useState(false);
  const error = asked ? submit.error : (message ?? '');

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
      <form
        class="cop-form"
        onSubmit={submitting(() => {
          setAsked(true);
          return submit.run();
        })}
        aria-label="Sign in"
      >
        {mode === 'password' ? (
          <>
            <TextField
              id="signin-email"
              label="Email"
              type="email"
              autocomplete="username"
              required
              value={email}
              onValue={setEmail}
            />
            <TextField
              id="signin-password"
              label="Password"
              type="password"
              autocomplete="current-password"
              required
              value={password}
              onValue={setPassword}
            />
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
        <SubmitRow
          error={error}
          busy={submit.busy}
          primary={!options.sso}
          label={submit.busy ? 'Signing in…' : 'Sign in'}
        >
          {options.password && (
            <button
              type="button"
              class="cop-button cop-button--link"
              onClick={() => setMode(mode === 'password' ? 'token' : 'password')}
            >
              {mode === 'password' ? 'Use an API token instead' : 'Use email and password instead'}
            </button>
          )}
        </SubmitRow>
      </form>
    </main>
  );
}
