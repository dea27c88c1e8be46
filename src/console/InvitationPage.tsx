/**
 * An invitation link (`#/invitation/<token>`): someone new chooses a name and a password and arrives as a
 * member; someone signed in (by password or single sign-on) accepts it. The token is kept for this tab
 * while the person signs in another way, so the sign-in flow comes back here and redeems it.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Invitation } from '../core/accounts';
import { describeError } from './api';
import { api, tokenStore } from './connection';
import { DIRECTORY_HREF, routeHref } from './router';
import { SignIn } from './SignIn';
import { loadSession, type Session } from './session';

const PENDING_KEY = 'cop-pending-invitation';

/** The invitation a sign-in elsewhere left waiting in this tab, if any. */
export const pendingInvitation = {
  read: (): string | null => {
    try {
      return sessionStorage.getItem(PENDING_KEY);
    } catch {
      return null;
    }
  },
  write: (token: string) => {
    try {
      sessionStorage.setItem(PENDING_KEY, token);
    } catch {}
  },
  clear: () => {
    try {
      sessionStorage.removeItem(PENDING_KEY);
    } catch {}
  },
};

export function InvitationPage({ token, session }: { token: string; session: Session | null }) {
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const [error, setError] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [signIn, setSignIn] = useState(false);

  useEffect(() => {
    pendingInvitation.write(token);
    api.invitation(token).then(setInvitation, (e) => {
      pendingInvitation.clear();
      setError(describeError(e));
    });
  }, [token]);

  const arrive = async (slug: string) => {
    pendingInvitation.clear();
    await loadSession();
    location.hash = session?.user.isAdmin ? routeHref(slug) : DIRECTORY_HREF;
  };

  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setError('');
    try {
      await arrive(await work());
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const signUp = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const result = await api.signUpWithInvitation(token, name.trim(), password);
      tokenStore.write(result.token);
      return result.membership.community;
    });
  };
  const accept = () => void run(async () => (await api.acceptInvitation(token)).community);

  if (signIn && !session) return <SignIn message={`Sign in as ${invitation?.email} to accept.`} />;

  return (
    <main class="console-signin">
      <h1>{invitation ? `Join ${invitation.community.name}` : 'Invitation'}</h1>
      {invitation && (
        <>
          <p>{invitation.community.domain}</p>
          <p class="cop-muted">
            This invitation is for {invitation.email}, as {invitation.role}.
          </p>
        </>
      )}
      {error && (
        <p class="cop-error" role="alert">
          {error}
        </p>
      )}
      {invitation && session && (
        <div class="cop-actions">
          <button
            type="button"
            class="cop-button cop-button--primary"
            disabled={busy}
            onClick={accept}
          >
            Accept invitation
          </button>
        </div>
      )}
      {invitation && !session && (
        <>
          <form class="cop-form" onSubmit={signUp} aria-label="Create your account">
            <div class="cop-field">
              <label for="invite-name">Your name</label>
              <input
                id="invite-name"
                required
                autocomplete="name"
                value={name}
                onInput={(e) => setName(e.currentTarget.value)}
              />
            </div>
            <div class="cop-field">
              <label for="invite-password">Choose a password</label>
              <input
                id="invite-password"
                type="password"
                minLength={8}
                required
                autocomplete="new-password"
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            </div>
            <div class="cop-actions">
              <button type="submit" class="cop-button cop-button--primary" disabled={busy}>
                Create account and join
              </button>
            </div>
          </form>
          <p>
            Already have an account, or does your organisation sign you in?{' '}
            <button
              type="button"
              class="cop-button cop-button--link"
              onClick={() => setSignIn(true)}
            >
              Sign in to accept
            </button>
          </p>
        </>
      )}
    </main>
  );
}
