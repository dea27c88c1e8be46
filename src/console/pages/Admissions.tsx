/**
 * How people come into a community, as its coordinator handles it: requests to join (approve or decline),
 * people found by name or email and added, and invitation links for people not yet in the store.
 */
import { useState } from 'preact/hooks';
import type { Candidate } from '../../core/accounts';
import { describeError } from '../api';
import { api } from '../connection';
import { timeAgo } from '../parts/format';
import { announce } from '../parts/Notice';
import { useResource } from '../parts/resource';

type Role = 'member' | 'coordinator';

/** Pending requests to join; deciding one tells the person. */
export function JoinRequests({
  community,
  onAdmitted,
}: {
  community: string;
  onAdmitted: () => void;
}) {
  const requests = useResource(() => api.joinRequests(community), [community]);
  const decide = async (id: string, name: string, approve: boolean) => {
    try {
      await api.decideRequest(community, id, approve);
      announce(approve ? `${name} is now a member.` : `${name}'s request was declined.`);
      requests.set((list) => list?.filter((r) => r.id !== id));
      if (approve) onAdmitted();
    } catch (e) {
      announce(describeError(e), 'error');
    }
  };
  return (
    <section aria-labelledby="requests-heading" class="console-add">
      <h2 id="requests-heading">Requests to join</h2>
      {requests.error && (
        <p class="cop-error" role="alert">
          {requests.error}
        </p>
      )}
      {requests.data?.length === 0 && <p class="cop-muted">Nobody is waiting.</p>}
      <ul class="console-list">
        {requests.data?.map((r) => (
          <li key={r.id}>
            {r.user.name}{' '}
            <span class="cop-muted">
              ({r.user.email}), asked {timeAgo(r.createdAt)}
            </span>{' '}
            <button
              type="button"
              class="cop-button cop-button--small cop-button--primary"
              onClick={() => decide(r.id, r.user.name, true)}
            >
              Approve {r.user.name}
            </button>{' '}
            <button
              type="button"
              class="cop-button cop-button--small"
              onClick={() => decide(r.id, r.user.name, false)}
            >
              Decline {r.user.name}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Finds people already in the store by name or the start of their email, and adds one. */
export function FindPeople({ community, onAdded }: { community: string; onAdded: () => void }) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Candidate[] | null>(null);
  const [role, setRole] = useState<Role>('member');
  const [error, setError] = useState('');

  const search = async (event: Event) => {
    event.preventDefault();
    setError('');
    try {
      setFound(await api.people(community, query.trim()));
    } catch (e) {
      setFound(null);
      setError(describeError(e));
    }
  };
  const add = async (person: Candidate) => {
    try {
      await api.setRole(community, person.id, role);
      announce(`${person.name} added as ${role}.`);
      setFound(
        (list) => list?.map((p) => (p.id === person.id ? { ...p, state: role } : p)) ?? null,
      );
      onAdded();
    } catch (e) {
      announce(describeError(e), 'error');
    }
  };

  return (
    <form class="cop-form console-add" onSubmit={search} aria-labelledby="find-people-heading">
      <h2 id="find-people-heading">Add people</h2>
      <div class="cop-row">
        <div class="cop-field console-grow">
          <label for="find-people">Find people by name or email</label>
          <input
            id="find-people"
            type="search"
            minLength={2}
            required
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
          />
        </div>
        <div class="cop-field">
          <label for="find-role">Add as</label>
          <select
            id="find-role"
            value={role}
            onChange={(e) => setRole(e.currentTarget.value as Role)}
          >
            <option value="member">member</option>
            <option value="coordinator">coordinator</option>
          </select>
        </div>
      </div>
      <div class="cop-actions">
        <button type="submit" class="cop-button">
          Search people
        </button>
      </div>
      {error && (
        <p class="cop-error" role="alert">
          {error}
        </p>
      )}
      {found && found.length === 0 && (
        <p class="cop-muted">
          Nobody found. Invite them by email below if they are not in the store yet.
        </p>
      )}
      {found && found.length > 0 && (
        <ul class="console-list" aria-label="People found">
          {found.map((p) => (
            <li key={p.id}>
              {p.name} <span class="cop-muted">({p.email})</span>{' '}
              {p.state === 'member' || p.state === 'coordinator' ? (
                <span class="cop-muted">already a {p.state}</span>
              ) : (
                <button type="button" class="cop-button cop-button--small" onClick={() => add(p)}>
                  Add {p.name}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}

/** Invites an email not yet in the store; the link is shown once, to send however the team talks. */
export function InviteByEmail({ community }: { community: string }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [link, setLink] = useState('');
  const [error, setError] = useState('');
  const invite = async (event: Event) => {
    event.preventDefault();
    setError('');
    setLink('');
    try {
      const { url } = await api.invite(community, email.trim(), role);
      setLink(url);
      announce(`Invitation for ${email.trim()} created: send them the link.`);
      setEmail('');
    } catch (e) {
      setError(describeError(e));
    }
  };
  return (
    <form class="cop-form console-add" onSubmit={invite} aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite someone new</h2>
      <div class="cop-row">
        <div class="cop-field console-grow">
          <label for="invite-email">Email to invite</label>
          <input
            id="invite-email"
            type="email"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </div>
        <div class="cop-field">
          <label for="invite-role">Invite as</label>
          <select
            id="invite-role"
            value={role}
            onChange={(e) => setRole(e.currentTarget.value as Role)}
          >
            <option value="member">member</option>
            <option value="coordinator">coordinator</option>
          </select>
        </div>
      </div>
      <div class="cop-actions">
        <button type="submit" class="cop-button cop-button--primary">
          Create invitation link
        </button>
      </div>
      {error && (
        <p class="cop-error" role="alert">
          {error}
        </p>
      )}
      {link && (
        <div class="cop-field">
          <label for="invite-link">Invitation link (works once, for 14 days)</label>
          <input id="invite-link" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
        </div>
      )}
    </form>
  );
}
