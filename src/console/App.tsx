/**
 * The console's top: sign in, redeem an invitation, the directory (where a person with no community
 * lands), the sponsor's overview, refuse people who coordinate nothing here, else the coordinator's shell.
 */
import { InvitationPage, pendingInvitation } from './InvitationPage';
import { NotCoordinator } from './NotCoordinator';
import { Directory } from './pages/Directory';
import { Overview } from './pages/Overview';
import { Profile } from './pages/Profile';
import { route } from './router';
import { Shell } from './Shell';
import { SignIn } from './SignIn';
import { sessionState, sponsors } from './session';

export function App() {
  const state = sessionState.value;
  if (state.kind === 'loading')
    return (
      <p class="console-loading" role="status">
        Loading…
      </p>
    );
  const { view, token } = route.value;
  const invitation = view === 'invitation' ? token : undefined;
  if (state.kind === 'signed-out') {
    if (invitation) return <InvitationPage token={invitation} session={null} />;
    return <SignIn message={state.message} />;
  }
  const { session } = state;
  // A sign-in that left this page (single sign-on) comes back to the invitation it was accepting.
  const waiting = invitation ?? pendingInvitation.read();
  if (waiting) return <InvitationPage token={waiting} session={session} />;
  if (view === 'directory') return <Directory session={session} />;
  if (view === 'profile') return <Profile />;
  if (view === 'overview') return <Overview />;
  const wanted = route.value.community;
  // Someone in no community yet is shown where to find one, not an empty console.
  if (!session.memberships.length && !session.user.isAdmin) return <Directory session={session} />;
  // A sponsor who curates nothing lands on what they came for.
  if (!session.coordinates.length && sponsors(session)) return <Overview />;
  if (!session.coordinates.length) return <NotCoordinator session={session} />;
  if (wanted && !session.coordinates.includes(wanted))
    return <NotCoordinator session={session} community={wanted} />;
  return (
    <Shell
      session={session}
      community={wanted ?? session.coordinates[0]!}
      page={route.value.page}
    />
  );
}
