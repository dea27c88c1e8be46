import { useAction } from '../../ui/use-action';
import { useResource } from '../../ui/use-resource';
import type { MemberView } from '../api';
import { api } from '../connection';
import { AddPersonForm, LoadError, type Role, RoleSelect } from '../parts/form';
import { dateTime, timeAgo } from '../parts/format';
import { announce, announceError } from '../parts/Notice';
import { TableHead } from '../parts/TableHead';
import { FindPeople, InviteByEmail, JoinRequests } from './Admissions';

const LEVELS = [
  ['peripheral', 'Reads, endorses or asks; has not contributed in the last 90 days.'],
  ['active', 'Captured a practice or answered a question in the last 90 days.'],
  ['core', 'Five or more captures and answers in the last 90 days.'],
] as const;

export function Members({ community }: { community: string }) {
  const members = useResource(() => api.members(community), [community]);
  const add = async (email: string, role: Role) => {
    await api.addMember(community, email, role);
    announce(`${email} added as ${role}.`);
    await members.reload();
  };

  const changeRole = useAction(
    async (m: MemberView, next: Role) => {
      await api.setRole(community, m.user.id, next);
      members.set((list) => list?.map((x) => (x.user.id === m.user.id ? { ...x, role: next } : x)));
      announce(`${m.user.name} is now a ${next}.`);
    },
    { onError: announceError },
  );

  const remove = useAction(
    async (m: MemberView) => {
      if (!confirm(`Remove ${m.user.name} from this community? They lose access at once.`)) return;
      await api.removeMember(community, m.user.id);
      members.set((list) => list?.filter((x) => x.user.id !== m.user.id));
      announce(`${m.user.name} was removed.`);
    },
    { onError: announceError },
  );
  const reload = () => void members.reload();

  const counts = { peripheral: 0, active: 0, core: 0 };
  for (const m of members.data ?? []) counts[m.level] += 1;

  return (
    <section aria-labelledby="members-heading">
      <h1 id="members-heading">Members</h1>
      <dl class="console-levels">
        {LEVELS.map(([level, meaning]) => (
          <div key={level}>
            <dt>
              <span class={`console-level console-level--${level}`}>{level}</span> {counts[level]}
            </dt>
            <dd class="cop-muted">{meaning}</dd>
          </div>
        ))}
      </dl>
      <LoadError error={members.error} />
      {members.data && (
        <div class="console-scroll">
          <table class="console-table">
            <TableHead
              columns={[
                'Name',
                'Role',
                'Level',
                'Declared expertise',
                'Captures',
                'Answers',
                'Questions',
                'Endorsements',
                'Last active',
              ]}
              actions
            />
            <tbody>
              {members.data.map((m) => (
                <tr key={m.user.id} data-member={m.user.email}>
                  <th scope="row">
                    {m.user.name}
                    <br />
                    <span class="cop-muted">{m.user.email}</span>
                  </th>
                  <td>
                    <RoleSelect
                      ariaLabel={`Role of ${m.user.name}`}
                      value={m.role}
                      onChange={(next) => changeRole.run(m, next)}
                    />
                  </td>
                  <td>
                    <span class={`console-level console-level--${m.level}`}>{m.level}</span>
                  </td>
                  <td>
                    {m.topics.length ? m.topics.join(', ') : <span class="cop-muted">none</span>}
                    {m.hidden && <span class="cop-muted"> (hidden from expert lookup)</span>}
                  </td>
                  <td>{m.activity.captures}</td>
                  <td>
                    {m.activity.answers}
                    {m.activity.acceptedAnswers > 0 && ` (${m.activity.acceptedAnswers} accepted)`}
                  </td>
                  <td>{m.activity.questions}</td>
                  <td>{m.activity.endorsements}</td>
                  <td>
                    {m.activity.lastActiveAt ? (
                      <span title={dateTime(m.activity.lastActiveAt)}>
                        {timeAgo(m.activity.lastActiveAt)}
                      </span>
                    ) : (
                      <span class="cop-muted">not in 90 days</span>
                    )}
                  </td>
                  <td>
                    <button
                      type="button"
                      class="cop-button cop-button--small"
                      onClick={() => remove.run(m)}
                    >
                      Remove {m.user.name}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <JoinRequests community={community} onAdmitted={reload} />
      <FindPeople community={community} onAdded={reload} />
      <InviteByEmail community={community} />
      <AddPersonForm
        id="add-member"
        heading="Add a member by exact email"
        labels={{ email: 'Email of an existing account', role: 'Role', submit: 'Add member' }}
        add={add}
      />
    </section>
  );
}
