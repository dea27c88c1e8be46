/**
 * The community directory: every community with its domain, coordinators, size and recent activity,
 * where a person joins one (or asks to), leaves one, and an admin creates a new one.
 */
import { useState } from 'preact/hooks';
import type { DirectoryEntry } from '../../core/accounts';
import { useAction } from '../../ui/use-action';
import { useResource } from '../../ui/use-resource';
import { api } from '../connection';
import { ActionButton, AddForm, LoadError, SubmitRow, TextField } from '../parts/form';
import { timeAgo } from '../parts/format';
import { announce, announceError, Notice } from '../parts/Notice';
import { routeHref } from '../router';
import { loadSession, type Session, signOut } from '../session';

const STATE_TEXT: Record<DirectoryEntry['state'], string> = {
  coordinator: 'You coordinate this community.',
  member: 'You are a member.',
  sponsor: 'You sponsor this community: you see its overview.',
  requested: 'You asked to join; a coordinator will answer.',
  none: '',
};

export function Directory({ session }: { session: Session }) {
  const entries = useResource(() => api.shared.directory(), []);
  // The community whose join or leave is on its way.
  const [busy, setBusy] = useState<string | null>(null);

  const act = useAction(
    async (entry: DirectoryEntry, what: 'join' | 'leave') => {
      setBusy(entry.slug);
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
    },
    { onError: announceError },
  );
  const busySlug = act.busy ? busy : null;

  return (
    <main class="console-main console-directory">
      <header class="console-header">
        <div class="console-brand">CoP Kit</div>
        {session.coordinates.length > 0 && (
          <a href={routeHref(session.coordinates[0]!)}>Back to the console</a>
        )}
        <span class="console-user">{session.user.name}</span>
        <ActionButton small onClick={() => void signOut()}>
          Sign out
        </ActionButton>
      </header>
      <h1 id="directory-heading">Communities</h1>
      <p class="cop-muted">
        Find a community whose domain is yours. Open communities take you in at once; closed ones
        ask a coordinator first.
      </p>
      <Notice />
      <LoadError error={entries.error} />
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
                  disabled={busySlug === entry.slug}
                  onClick={() => act.run(entry, 'join')}
                >
                  {entry.open ? `Join ${entry.name}` : `Ask to join ${entry.name}`}
                </button>
              )}
              {entry.state !== 'none' && (
                <button
                  type="button"
                  class="cop-button"
                  disabled={busySlug === entry.slug}
                  onClick={() => act.run(entry, 'leave')}
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

  const create = useAction(async () => {
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
  });

  return (
    <AddForm id="create-community" heading="Create a community" run={create.run}>
      <TextField
        id="community-name"
        label="Community name"
        required
        value={name}
        onValue={(next) => {
          // Suggest a slug from the name until the admin types one of their own.
          if (!slug || slug === slugFrom(name)) setSlug(slugFrom(next));
          setName(next);
        }}
      />
      <TextField
        id="community-slug"
        label="Short name for links"
        required
        pattern="[a-z0-9][a-z0-9\-]{1,62}"
        value={slug}
        onValue={setSlug}
        hint="Lowercase letters, digits and dashes; widgets and links use it."
      />
      <TextField
        id="community-domain"
        label="Domain statement"
        required
        rows={3}
        value={domain}
        onValue={setDomain}
      />
      <SubmitRow error={create.error} busy={create.busy} label="Create community" />
    </AddForm>
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
