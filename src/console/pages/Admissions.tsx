/**
 * How people come into a community, as its coordinator handles it: requests to join (approve or decline),
 * people found by name or email and added, and invitation links for people not yet in the store.
 */
import { useState } from 'preact/hooks';
import type { Candidate } from '../../core/accounts';
import { useAction } from '../../ui/use-action';
import { useResource } from '../../ui/use-resource';
import { api } from '../connection';
import {
  ActionButton,
  AddForm,
  AddPersonForm,
  FormError,
  type Role,
  RoleSelect,
  SubmitRow,
  TextField,
} from '../parts/form';
import { timeAgo } from '../parts/format';
import { announce, announceError } from '../parts/Notice';

/** Pending requests to join; deciding one tells the person. */
export function JoinRequests({
  community,
  onAdmitted,
}: {
  community: string;
  onAdmitted: () => void;
}) {
  const requests = useResource(() => api.joinRequests(community), [community]);
  const decide = useAction(
    async (id: string, name: string, approve: boolean) => {
      await api.decideRequest(community, id, approve);
      announce(approve ? `${name} is now a member.` : `${name}'s request was declined.`);
      requests.set((list) => list?.filter((r) => r.id !== id));
      if (approve) onAdmitted();
    },
    { onError: announceError },
  );
  return (
    <section aria-labelledby="requests-heading" class="console-add">
      <h2 id="requests-heading">Requests to join</h2>
      <FormError error={requests.error} />
      {requests.data?.length === 0 && <p class="cop-muted">Nobody is waiting.</p>}
      <ul class="console-list">
        {requests.data?.map((r) => (
          <li key={r.id}>
            {r.user.name}{' '}
            <span class="cop-muted">
              ({r.user.email}), asked {timeAgo(r.createdAt)}
            </span>{' '}
            <ActionButton small primary onClick={() => decide.run(r.id, r.user.name, true)}>
              Approve {r.user.name}
            </ActionButton>{' '}
            <ActionButton small onClick={() => decide.run(r.id, r.user.name, false)}>
              Decline {r.user.name}
            </ActionButton>
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

  const search = useAction(async () => setFound(await api.people(community, query.trim())), {
    onError: () => setFound(null),
  });
  const add = useAction(
    async (person: Candidate) => {
      await api.setRole(community, person.id, role);
      announce(`${person.name} added as ${role}.`);
      setFound(
        (list) => list?.map((p) => (p.id === person.id ? { ...p, state: role } : p)) ?? null,
      );
      onAdded();
    },
    { onError: announceError },
  );

  return (
    <AddForm id="find-people" heading="Add people" run={search.run}>
      <div class="cop-row">
        <TextField
          id="find-people"
          label="Find people by name or email"
          type="search"
          minLength={2}
          required
          grow
          value={query}
          onValue={setQuery}
        />
        <RoleSelect id="find-role" label="Add as" value={role} onChange={setRole} />
      </div>
      <SubmitRow error={search.error} label="Search people" primary={false} />
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
                <ActionButton small onClick={() => add.run(p)}>
                  Add {p.name}
                </ActionButton>
              )}
            </li>
          ))}
        </ul>
      )}
    </AddForm>
  );
}

/** Invites an email not yet in the store; the link is shown once, to send however the team talks. */
export function InviteByEmail({ community }: { community: string }) {
  const [link, setLink] = useState('');
  const invite = async (email: string, role: Role) => {
    setLink('');
    const { url } = await api.invite(community, email, role);
    setLink(url);
    announce(`Invitation for ${email} created: send them the link.`);
  };
  return (
    <AddPersonForm
      id="invite"
      heading="Invite someone new"
      labels={{ email: 'Email to invite', role: 'Invite as', submit: 'Create invitation link' }}
      add={invite}
    >
      {link && (
        <div class="cop-field">
          <label for="invite-link">Invitation link (works once, for 14 days)</label>
          <input id="invite-link" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
        </div>
      )}
    </AddPersonForm>
  );
}
