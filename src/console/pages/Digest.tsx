/**
 * The weekly digest: coordinators choose the day it goes to the community's webhooks, read it as it would
 * go out now, and read the digests already sent.
 */
import {
  type DigestFigures,
  digestFacts,
  digestTitle,
  WEEKDAYS,
  type Weekday,
} from '../../core/digest';
import { useAction } from '../../ui/use-action';
import { useResource } from '../../ui/use-resource';
import { api } from '../connection';
import { LoadError } from '../parts/form';
import { announce, announceError } from '../parts/Notice';

const dayName = (day: Weekday) => day[0]!.toUpperCase() + day.slice(1);

export function Digest({ community }: { community: string }) {
  const digest = useResource(() => api.digest(community), [community]);
  const choose = useAction(
    async (value: string) => {
      const day = value ? (value as Weekday) : null;
      await api.setDigestDay(community, day);
      announce(day ? `The digest goes out every ${dayName(day)}.` : 'The weekly digest is off.');
      await digest.reload();
    },
    { onError: announceError },
  );
  const data = digest.data;
  return (
    <section aria-labelledby="digest-heading">
      <h1 id="digest-heading">Weekly digest</h1>
      <p class="cop-muted">
        Once a week the community’s webhooks that listen to “digest.weekly” get what the week
        brought: newly featured practices, questions still waiting, new members, practices due for
        review and how often a practice helped someone.
      </p>
      <LoadError error={digest.error} />
      {data && (
        <>
          <div class="cop-field">
            <label for="digest-day">Day it goes out (UTC)</label>
            <select
              id="digest-day"
              disabled={choose.busy}
              value={data.day ?? ''}
              onChange={(e) => choose.run(e.currentTarget.value)}
            >
              <option value="">No digest</option>
              {WEEKDAYS.map((d) => (
                <option key={d} value={d}>
                  {dayName(d)}
                </option>
              ))}
            </select>
          </div>
          <h2>Preview</h2>
          <DigestCard digest={data.preview} />
          <h2>Sent</h2>
          {data.sent.length === 0 ? (
            <p>No digest has been sent yet.</p>
          ) : (
            data.sent.map((s) => (
              <details key={s.week}>
                <summary>
                  {s.week}, sent {s.sentAt.slice(0, 16).replace('T', ' ')} UTC
                </summary>
                <DigestCard digest={s.digest} />
              </details>
            ))
          )}
        </>
      )}
    </section>
  );
}

function DigestCard({ digest }: { digest: DigestFigures }) {
  return (
    <article class="cop-card" aria-label={digestTitle(digest)}>
      <h3>{digestTitle(digest)}</h3>
      <dl class="console-facts">
        {digestFacts(digest).map((f) => (
          <div key={f.name}>
            <dt>{f.name}</dt>
            <dd>{f.value}</dd>
          </div>
        ))}
      </dl>
    </article>
  );
}
