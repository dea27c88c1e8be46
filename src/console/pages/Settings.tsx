/** A community's settings: its name, domain statement, whether anyone may join, and anonymous reading. */
import { useState } from 'preact/hooks';
import type { Community } from '../../core/types';
import { useAction } from '../../ui/use-action';
import { api } from '../connection';
import { CheckField, SubmitRow, submitting, TextField } from '../parts/form';
import { announce } from '../parts/Notice';
import { loadSession, type Session } from '../session';

export function Settings({ community, session }: { community: string; session: Session }) {
  const current = session.communities.find((c) => c.slug === community);
  if (!current) return <p class="cop-muted">This community is not among the ones you read.</p>;
  return <SettingsForm key={current.slug} community={current} />;
}

function SettingsForm({ community }: { community: Community }) {
  const [name, setName] = useState(community.name);
  const [domain, setDomain] = useState(community.domain);
  const [open, setOpen] = useState(community.open);
  const [anonymousRead, setAnonymousRead] = useState(community.anonymousRead);

  const save = useAction(async () => {
    await api.updateCommunity(community.slug, {
      name: name.trim(),
      domain: domain.trim(),
      open,
      anonymousRead,
    });
    announce('Settings saved.');
    // The header and the switcher show the new name.
    await loadSession();
  });

  return (
    <section aria-labelledby="settings-heading">
      <h1 id="settings-heading">Settings</h1>
      <form class="cop-form" onSubmit={submitting(save.run)}>
        <TextField
          id="settings-name"
          label="Name"
          required
          maxLength={120}
          value={name}
          onValue={setName}
        />
        <TextField
          id="settings-domain"
          label="Domain statement"
          required
          rows={3}
          value={domain}
          onValue={setDomain}
          hint="The area of inquiry and its key issues: what people come here to learn."
        />
        <CheckField
          label="Anyone may join"
          checked={open}
          onChange={setOpen}
          hint="Otherwise people ask to join, and a coordinator approves or declines under Members."
        />
        <CheckField
          label="Anyone may read published practices without signing in"
          checked={anonymousRead}
          onChange={setAnonymousRead}
        />
        <SubmitRow error={save.error} busy={save.busy} label="Save settings" />
      </form>
    </section>
  );
}
