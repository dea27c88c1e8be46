/** The console's top: sign in, refuse people who coordinate nothing here, else the coordinator's shell. */
import { NotCoordinator } from './NotCoordinator';
import { route } from './router';
import { Shell } from './Shell';
import { SignIn } from './SignIn';
import { sessionState } from './session';

export function App() {
  const state = sessionState.value;
  if (state.kind === 'loading')
    return (
      <p class="console-loading" role="status">
        Loading…
      </p>
    );
  if (state.kind === 'signed-out') return <SignIn message={state.message} />;
  const { session } = state;
  const wanted = route.value.community;
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
