/** What a member who is not a coordinator sees: why the console is closed to them and what to do. */
import { DIRECTORY_HREF, routeHref } from './router';
import { type Session, signOut } from './session';

export function NotCoordinator({ session, community }: { session: Session; community?: string }) {
  const name = (slug: string) => session.communities.find((c) => c.slug === slug)?.name ?? slug;
  // A sponsor membership is not one to capture or ask in.
  const memberOf = session.memberships.filter((m) => m.role !== 'sponsor').map((m) => m.community);
  return (
    <main class="console-refused">
      <h1>You are not a coordinator here</h1>
      <p>
        You are signed in as <strong>{session.user.name}</strong> ({session.user.email}).{' '}
        {community
          ? `You do not coordinate ${name(community)}, so its console is closed to you.`
          : 'You do not coordinate any community, so the console has nothing for you.'}
      </p>
      <p>
        The console is where coordinators curate practices and route questions. To become one, ask a
        coordinator of your community or an admin to give you the coordinator role.
        {memberOf.length > 0 &&
          ` Meanwhile you can capture, ask and answer in ${memberOf.map(name).join(', ')} from the extension or your intranet.`}
      </p>
      {community && session.coordinates.length > 0 && (
        <p>
          Communities you coordinate:{' '}
          {session.coordinates.map((slug, i) => (
            <span key={slug}>
              {i > 0 && ', '}
              <a href={routeHref(slug)}>{name(slug)}</a>
            </span>
          ))}
        </p>
      )}
      <p>
        <a href={DIRECTORY_HREF}>Find more communities in the directory</a>
      </p>
      <button type="button" class="cop-button" onClick={() => void signOut()}>
        Sign out
      </button>
    </main>
  );
}
