/**
 * An invitation link (`#/invitation/<token>`): someone new chooses a name and a password and arrives as a
 * member; someone signed in (by password or single sign-on) accepts it. The token is kept for this tab
 * while the person signs in another way, so the sign-in flow comes back here and redeems it.
 */
import { useState } from 'preact/hooks';
import { useAction } from '../ui/use-action';
import { useResource } from '../ui/use-resource';
import { api, tokenStore } from './connection';
import { FormError, SubmitRow, submitting, TextField } from './parts/form';
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
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [signIn, setSignIn] = useState(false);

  const loaded = useResource(() => {
    pendingInvitation.write(token);
    return api.invitation(token).catch((e) => {
      pendingInvitation.clear();
      throw e;
    });
  }, [token]);
  const invitation = loaded.data;

  const arrive = async (slug: string) => {
    pendingInvitation.clear();
    await loadSession();
    location.hash = session?.user.isAdmin ? routeHref(slug) : DIRECTORY_HREF;
  };

  const signUp = useAction(async () => {
    const result = await api.signUpWithInvitation(token, name.trim(), password);
    tokenStore.write(result.token);
    await arrive(result.membership.community);
  });
  const accept = useAction(async () => arrive((await api.acceptInvitation(token)).community));
  const busy = signUp.busy || accept.busy;

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
      <FormError error={loaded.error || signUp.error || accept.error} />
      {invitation && session && (
        <div class="cop-actions">
          <button
            type="button"
            class="cop-button cop-button--primary"
            disabled={busy}
            onClick={() => void accept.run()}
          >
            Accept invitation
          </button>
        </div>
      )}
      {invitation && !session && (
        <>
          <form class="cop-form" onSubmit={submitting(signUp.run)} aria-label="Create your account">
            <TextField
              id="invite-name"
              label="Your name"
              required
              autocomplete="name"
              value={name}
              onValue={setName}
            />
            <TextField
              id="invite-password"
              label="Choose a password"
              type="password"
              minLength={8}
              required
              autocomplete="new-password"
              value={password}
              onValue={setPassword}
            />
            <SubmitRow busy={busy} label="Create account and join" />
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
