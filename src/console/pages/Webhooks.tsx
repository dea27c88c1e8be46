/**
 * Webhooks that tell a Slack or Teams channel about new and routed questions and featured practices,
 * with their signing secret and a delivery log that refreshes while it is open.
 */
import { useEffect, useState } from 'preact/hooks';
import { useAction } from '../../ui/use-action';
import { useResource } from '../../ui/use-resource';
import type { DeliveryLogEntry, Webhook, WebhookEvent } from '../api';
import { api } from '../connection';
import { ActionButton, AddForm, LoadError, SubmitRow, TextField } from '../parts/form';
import { dateTime, timeAgo } from '../parts/format';
import { announce, announceError } from '../parts/Notice';
import { TableHead } from '../parts/TableHead';

const EVENTS: [WebhookEvent, string][] = [
  ['question.created', 'New questions'],
  ['question.routed', 'Routed questions'],
  ['practice.featured', 'Featured practices'],
  ['practice.due', 'Practices due for review'],
];

export function Webhooks({ community }: { community: string }) {
  const hooks = useResource(() => api.webhooks(community), [community]);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<Set<WebhookEvent>>(new Set(EVENTS.map(([e]) => e)));

  const add = useAction(async () => {
    const hook = await api.addWebhook(community, url.trim(), [...events]);
    hooks.set((list) => [...(list ?? []), hook]);
    setUrl('');
    announce('Webhook added. Copy its signing secret to the receiver.');
  });

  return (
    <section aria-labelledby="webhooks-heading">
      <h1 id="webhooks-heading">Webhooks</h1>
      <p class="cop-muted">
        Each event is POSTed as JSON that Slack and Teams incoming webhooks show as a message. Every
        request carries <code>X-CoP-Signature: sha256=…</code>, the HMAC-SHA256 of{' '}
        <code>timestamp.body</code> with the secret (timestamp in <code>X-CoP-Timestamp</code>).
        Failed deliveries are retried with growing waits.
      </p>
      <LoadError error={hooks.error} />
      {hooks.data?.length === 0 && <p class="cop-muted">No webhooks yet.</p>}
      {hooks.data?.map((hook) => (
        <WebhookItem
          key={hook.id}
          community={community}
          hook={hook}
          onChange={(next) =>
            hooks.set((list) =>
              next === null
                ? list?.filter((h) => h.id !== hook.id)
                : list?.map((h) => (h.id === hook.id ? next : h)),
            )
          }
        />
      ))}
      <AddForm id="add-hook" heading="Add a webhook" run={add.run}>
        <TextField
          id="hook-url"
          label="Webhook URL"
          type="url"
          required
          placeholder="https://hooks.slack.com/services/…"
          value={url}
          onValue={setUrl}
        />
        <fieldset>
          <legend>Notify about</legend>
          {EVENTS.map(([value, label]) => (
            <label key={value} class="console-check">
              <input
                type="checkbox"
                checked={events.has(value)}
                onChange={() => {
                  const next = new Set(events);
                  if (next.has(value)) next.delete(value);
                  else next.add(value);
                  setEvents(next);
                }}
              />{' '}
              {label}
            </label>
          ))}
        </fieldset>
        <SubmitRow
          error={add.error}
          busy={add.busy}
          disabled={events.size === 0}
          label="Add webhook"
        />
      </AddForm>
    </section>
  );
}

function WebhookItem({
  community,
  hook,
  onChange,
}: {
  community: string;
  hook: Webhook;
  onChange: (next: Webhook | null) => void;
}) {
  const log = useResource(() => api.deliveries(community, hook.id), [community, hook.id]);
  const [showSecret, setShowSecret] = useState(false);
  // The log refreshes every two seconds while the page is open, so retries show as they happen.
  useEffect(() => {
    const timer = setInterval(() => void log.reload(), 2_000);
    return () => clearInterval(timer);
  }, [log.reload]);

  const act = useAction((work: () => Promise<void>) => work(), { onError: announceError }).run;

  return (
    <article class="console-hook" aria-label={`Webhook ${hook.url}`}>
      <h2>
        <code>{hook.url}</code>
      </h2>
      <p>
        {hook.enabled ? 'On' : 'Off'} · notifies about{' '}
        {hook.events.map((e) => EVENTS.find(([v]) => v === e)?.[1] ?? e).join(', ')}
      </p>
      <p>
        Signing secret:{' '}
        {showSecret ? (
          <code data-secret>{hook.secret}</code>
        ) : (
          <span aria-hidden="true">••••••••</span>
        )}{' '}
        <button
          type="button"
          class="cop-button cop-button--link"
          onClick={() => setShowSecret(!showSecret)}
        >
          {showSecret ? 'Hide secret' : 'Show secret'}
        </button>
      </p>
      <div class="cop-actions">
        <ActionButton
          small
          onClick={() =>
            act(async () => {
              await api.testWebhook(community, hook.id);
              announce('Test message queued.');
              setTimeout(() => void log.reload(), 500);
            })
          }
        >
          Send test
        </ActionButton>
        <ActionButton
          small
          onClick={() =>
            act(async () =>
              onChange(await api.updateWebhook(community, hook.id, { enabled: !hook.enabled })),
            )
          }
        >
          {hook.enabled ? 'Turn off' : 'Turn on'}
        </ActionButton>
        <ActionButton
          small
          onClick={() =>
            act(async () => {
              onChange(await api.updateWebhook(community, hook.id, { rotateSecret: true }));
              setShowSecret(true);
              announce('New secret made; the old one no longer signs.');
            })
          }
        >
          New secret
        </ActionButton>
        <ActionButton
          small
          onClick={() =>
            act(async () => {
              if (!confirm(`Remove the webhook ${hook.url} and its delivery log?`)) return;
              await api.deleteWebhook(community, hook.id);
              onChange(null);
              announce('Webhook removed.');
            })
          }
        >
          Remove
        </ActionButton>
      </div>
      <DeliveryLog
        entries={log.data ?? []}
        onRetry={(d) =>
          act(async () => {
            await api.retryDelivery(community, hook.id, d.id);
            await log.reload();
          })
        }
      />
    </article>
  );
}

const STATE: Record<DeliveryLogEntry['status'], string> = {
  pending: 'retrying',
  delivered: 'delivered',
  failed: 'gave up',
};

function DeliveryLog({
  entries,
  onRetry,
}: {
  entries: DeliveryLogEntry[];
  onRetry: (d: DeliveryLogEntry) => void;
}) {
  if (!entries.length) return <p class="cop-muted">Nothing delivered yet.</p>;
  return (
    <table class="console-table" aria-label="Delivery log">
      <TableHead columns={['When', 'Event', 'State', 'Attempts', 'Responses']} />
      <tbody>
        {entries.map((d) => (
          <tr key={d.id} data-delivery={d.status}>
            <td title={dateTime(d.createdAt)}>{timeAgo(d.createdAt)}</td>
            <td>{d.event}</td>
            <td>
              {d.status === 'pending' && d.attempts === 0 ? 'queued' : STATE[d.status]}
              {d.status === 'pending' && d.nextAttemptAt && d.attempts > 0 && (
                <span class="cop-muted"> (next {timeAgo(d.nextAttemptAt)})</span>
              )}
              {d.status === 'failed' && (
                <button
                  type="button"
                  class="cop-button cop-button--link"
                  onClick={() => onRetry(d)}
                >
                  Retry
                </button>
              )}
            </td>
            <td>{d.attempts}</td>
            <td>
              {d.tries.map((t) => (
                <span key={t.attempt} class="console-try" title={t.error ?? `${t.ms} ms`}>
                  {t.status ?? 'no answer'}
                </span>
              ))}
              {d.lastError && <span class="cop-muted"> {d.lastError}</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
