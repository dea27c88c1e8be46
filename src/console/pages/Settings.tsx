/** A community's settings: its name, domain statement, who may join and read, and its review intervals. */
import { useState } from 'preact/hooks';
import { PRACTICE_KINDS, type PracticeKind } from '../../core/kinds';
import type { Community } from '../../core/types';
import { describeError } from '../api';
import { api } from '../connection';
import { announce } from '../parts/Notice';
import { loadSession, type Session } from '../session';

const KIND_LABELS: Record<PracticeKind, string> = {
  method: 'Methods',
  story: 'Stories',
  case: 'Cases',
  tool: 'Tools',
  document: 'Documents',
  lesson: 'Lessons',
};

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
  const [reviewDays, setReviewDays] = useState(String(community.reviewIntervalDays));
  // Per kind: the text typed, '' meaning "the community's interval".
  const [byKind, setByKind] = useState<Record<string, string>>(
    Object.fromEntries(
      PRACTICE_KINDS.map((k) => [k, String(community.reviewIntervalsByKind?.[k] ?? '')]),
    ),
  );
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
        reviewIntervalDays: Number(reviewDays),
        reviewIntervalsByKind: Object.fromEntries(
          Object.entries(byKind)
            .filter(([, days]) => days.trim() !== '')
            .map(([kind, days]) => [kind, Number(days)]),
        ),
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
        <fieldset class="cop-field">
          <legend>Review intervals</legend>
          <p class="cop-muted">
            A practice is due for review this many days after it was last verified (or captured).
            Its owner is told once and marks it still right.
          </p>
          <label for="settings-review-days">Every practice (days)</label>
          <input
            id="settings-review-days"
            type="number"
            required
            min={1}
            max={3650}
            value={reviewDays}
            onInput={(e) => setReviewDays(e.currentTarget.value)}
          />
          <div class="console-kind-intervals">
            {PRACTICE_KINDS.map((kind) => (
              <div key={kind}>
                <label for={`settings-review-${kind}`}>{KIND_LABELS[kind]} (days)</label>
                <input
                  id={`settings-review-${kind}`}
                  type="number"
                  min={1}
                  max={3650}
                  placeholder={reviewDays}
                  value={byKind[kind]}
                  onInput={(e) => {
                    const value = e.currentTarget.value;
                    setByKind((current) => ({ ...current, [kind]: value }));
                  }}
                />
              </div>
            ))}
          </div>
          <p class="cop-muted">Leave a kind empty to use the interval of every practice.</p>
        </fieldset>
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
