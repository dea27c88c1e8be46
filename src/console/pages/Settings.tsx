/** A community's settings: its name, domain statement, who may join and read, and its review intervals. */
import { useState } from 'preact/hooks';
import { PRACTICE_KINDS, type PracticeKind } from '../../core/kinds';
import type { Community } from '../../core/types';
import { useAction } from '../../ui/use-action';
import { api } from '../connection';
import { CheckField, SubmitRow, submitting, TextField } from '../parts/form';
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

  const save = useAction(async () => {
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
        <SubmitRow error={save.error} busy={save.busy} label="Save settings" />
      </form>
    </section>
  );
}
