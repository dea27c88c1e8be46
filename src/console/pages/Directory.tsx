/**
 * The community directory: every community with its domain, coordinators, size and recent activity,
 * where a person joins one (or asks to), leaves one, and an admin creates a new one.
 */
import { useState } from 'preact/hooks';
import type { DirectoryEntry } from '../../core/accounts';
import { describeError } from '../api';
import { api } from '../connection';
import { timeAgo } from '../parts/format';
import { announce, Notice } from '../parts/Notice';
import { useResource } from '../parts/resource';
import { routeHref } from '../router';
import { loadSession, type Session, signOut } from '../session';

const STATE_TEXT: Record<DirectoryEntry['state'], string> = {
  coordinator: 'You coordinate this community.',
  member: 'You are a member.',
  requested: 'You asked to join; a coordinator will answer.',
  none: '',
};

export function Directory({ session }: { session: Session }) {
  const entries = useResource(() => api.shared.directory(), []);
  const [busy, setBusy] = useState<string | null>(null);

  const act = async (entry: DirectoryEntry, what: 'join' | 'leave') => {
    setBusy(entry.slug);
    try {
      if (what === 'join') {
        const result = await api.shared.join(entry.slug);
        announce(
          result.membership
            ? `You joined ${entry.name}.`
            : `You asked to join ${entry.name}. You will be told when a coordinator answers.`,
        );
      } else {
        const result = await api.shared.leave(entry.slug);
        announce(
          result.withdrawn
            ? `You withdrew your request to join ${entry.name}.`
            : `You left ${entry.name}.`,
        );
      }
      await entries.reload();
      await loadSession();
    } catch (e) {
      announce(describeError(e), 'error');
    } finally {
      setBusy(null);
    }
  };

  return (
    <main class="console-main console-directory">
      <header class="console-header">
        <div class="console-brand">CoP Kit</div>
        {session.coordinates.length > 0 && (
          <a href={routeHref(session.coordinates[0]!)}>Back to the console</a>
        )}
        <span class="console-user">{session.user.name}</span>
        <button type="button" class="cop-button cop-button--small" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <h1 id="directory-heading">Communities</h1>
      <p class="cop-muted">
        Find a community whose domain is yours. Open communities take you in at once; closed ones
        ask a coordinator first.
      </p>
      <Notice />
      {entries.error && (
        <p class="cop-notice cop-notice--error" role="alert">
          {entries.error}
        </p>
      )}
      {entries.data && entries.data.length === 0 && (
        <p>There are no communities yet.{session.user.isAdmin && ' Create the first one below.'}</p>
      )}
      <ul class="console-directory-list" aria-labelledby="directory-heading">
        {entries.data?.map((entry) => (
          <li key={entry.slug} class="console-card" data-community={entry.slug}>
            <h2>{entry.name}</h2>
            <p>{entry.domain}</p>
            <p class="cop-muted">
              {entry.open ? 'Open: anyone may join.' : 'Closed: ask to join.'} {entry.memberCount}{' '}
              {entry.memberCount === 1 ? 'member' : 'members'}.{' '}
              {entry.coordinators.length > 0 &&
                `Coordinated by ${entry.coordinators.map((c) => c.name).join(', ')}. `}
              {entry.activity.lastActiveAt
                ? `Last active ${timeAgo(entry.activity.lastActiveAt)}; ${entry.activity.practices30d} practices and ${entry.activity.questions30d} questions in 30 days.`
                : 'No activity yet.'}
            </p>
            {STATE_TEXT[entry.state] && <p>{STATE_TEXT[entry.state]}</p>}
            <div class="cop-actions">
              {entry.state === 'none' && (
                <button
                  type="button"
                  class="cop-button cop-button--primary"
                  disabled={busy === entry.slug}
                  onClick={() => act(entry, 'join')}
                >
                  {entry.open ? `Join ${entry.name}` : `Ask to join ${entry.name}`}
                </button>
              )}
              {entry.state !== 'none' && (
                <button
                  type="button"
                  class="cop-button"
                  disabled={busy === entry.slug}
                  onClick={() => act(entry, 'leave')}
                >
                  {entry.state === 'requested'
                    ? `Withdraw request to join ${entry.name}`
                    : `Leave ${entry.name}`}
                </button>
              )}
              {(entry.state === 'coordinator' || session.user.isAdmin) && (
                <a href={routeHref(entry.slug)}>Curate {entry.name}</a>
              )}
            </div>
          </li>
        ))}
      </ul>
      {session.user.isAdmin && <CreateCommunity onCreated={() => entries.reload()} />}
    </main>
  );
}

/** Admins create communities here; the slug is what URLs and widgets name it by. */
export function CreateCommunity({ onCreated }: { onCreated: () => Promise<void> | void }) {
  const [slug, setSlug] = useState('');
  const [name, setName] = useState('');
  const [domain, setDomain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const create = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      const community = await api.createCommunity({
        slug: slug.trim(),
        name: name.trim(),
        domain: domain.trim(),
      });
      announce(`${community.name} was created.`);
      setSlug('');
      setName('');
      setDomain('');
      await loadSession();
      await onCreated();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="cop-form console-add" onSubmit={create} aria-labelledby="create-community-heading">
      <h2 id="create-community-heading">Create a community</h2>
      <div class="cop-field">
        <label for="community-name">Community name</label>
        <input
          id="community-name"
          required
          value={name}
          onInput={(e) => {
            const next = e.currentTarget.value;
            // Suggest a slug from the name until the admin types one of their own.
            if (!slug || slug === slugFrom(name)) setSlug(slugFrom(next));
            setName(next);
          }}
        />
      </div>
      <div class="cop-field">
        <label for="community-slug">Short name for links</label>
        <input
          id="community-slug"
          required
          pattern="[a-z0-9][a-z0-9\-]{1,62}"
          value={slug}
          onInput={(e) => setSlug(e.currentTarget.value)}
        />
        <p class="cop-muted">Lowercase letters, digits and dashes; widgets and links use it.</p>
      </div>
      <div class="cop-field">
        <label for="community-domain">Domain statement</label>
        <textarea
          id="community-domain"
          required
          rows={3}
          value={domain}
          onInput={(e) => setDomain(e.currentTarget.value)}
        />
      </div>
      {error && (
        <p class="cop-error" role="alert">
          {error}
        </p>
      )}
      <div class="cop-actions">
        <button type="submit" class="cop-button cop-button--primary" disabled={busy}>
          Create community
        </button>
      </div>
    </form>
  );
}

export const slugFrom = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
