/** A community's settings: its name, domain statement, whether anyone may join, and anonymous reading. */
import { useState } from 'preact/hooks';
import type { Community } from '../../core/types';
import { describeError } from '../api';
import { api } from '../connection';
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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      await api.updateCommunity(community.slug, {
        name: name.trim(),
        domain: domain.trim(),
        open,
        anonymousRead,
      });
      announce('Settings saved.');
      // The header and the switcher show the new name.
      await loadSession();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="settings-heading">
      <h1 id="settings-heading">Settings</h1>
      <form class="cop-form" onSubmit={save}>
        <div class="cop-field">
          <label for="settings-name">Name</label>
          <input
            id="settings-name"
            required
            maxLength={120}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </div>
        <div class="cop-field">
          <label for="settings-domain">Domain statement</label>
          <textarea
            id="settings-domain"
            required
            rows={3}
            value={domain}
            onInput={(e) => setDomain(e.currentTarget.value)}
          />
          <p class="cop-muted">
            The area of inquiry and its key issues: what people come here to learn.
          </p>
        </div>
        <div class="cop-field">
          <label>
            <input
              type="checkbox"
              checked={open}
              onChange={(e) => setOpen(e.currentTarget.checked)}
            />{' '}
            Anyone may join
          </label>
          <p class="cop-muted">
            Otherwise people ask to join, and a coordinator approves or declines under Members.
          </p>
        </div>
        <div class="cop-field">
          <label>
            <input
              type="checkbox"
              checked={anonymousRead}
              onChange={(e) => setAnonymousRead(e.currentTarget.checked)}
            />{' '}
            Anyone may read published practices without signing in
          </label>
        </div>
        {error && (
          <p class="cop-error" role="alert">
            {error}
          </p>
        )}
        <div class="cop-actions">
          <button type="submit" class="cop-button cop-button--primary" disabled={busy}>
            Save settings
          </button>
        </div>
      </form>
    </section>
  );
}
