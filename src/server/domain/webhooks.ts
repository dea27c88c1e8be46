/**
 * Community webhooks: which URL hears which events, the events queued for delivery in the same
 * transaction as the write that caused them, and the signed Slack- and Teams-compatible message.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Webhook, WebhookEvent } from '../../core/console-responses';
import { WEBHOOK_EVENTS } from '../../core/console-responses';
import { type DigestFigures, digestFacts, digestText, digestTitle } from '../../core/digest';
import { type Db, nowIso, type Principal } from '../context';
import type { OutboundPolicy } from '../http/outbound';
import type { Database } from '../storage/schema';
import { requireCoordinator, requireUser } from './access';
import { recordAudit } from './audit';
import { badRequest, notFound } from './errors';

// The answer shapes live in src/core/responses.ts, shared with the clients.
export type { Webhook, WebhookEvent };
export { WEBHOOK_EVENTS };

export interface WebhookInput {
  url: string;
  events: WebhookEvent[];
  enabled: boolean;
}

/** What an event carries; the message text is made from it at delivery, so retries send the same bytes. */
export interface WebhookPayload {
  community: { slug: string; name: string };
  data: Record<string, unknown>;
}

function webhookFromRow(row: Database['webhooks'], slug: string): Webhook {
  return {
    id: row.id,
    community: slug,
    url: row.url,
    secret: row.secret,
    events: JSON.parse(row.events) as WebhookEvent[],
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

export async function listWebhooks(db: Db, principal: Principal, slug: string): Promise<Webhook[]> {
  const { community } = await requireCoordinator(db, principal, slug);
  const rows = await db
    .selectFrom('webhooks')
    .selectAll()
    .where('community_id', '=', community.id)
    .orderBy('created_at')
    .execute();
  return rows.map((row) => webhookFromRow(row, community.slug));
}

async function webhookIn(db: Db, principal: Principal, slug: string, id: string) {
  const { community } = await requireCoordinator(db, principal, slug);
  const row = await db
    .selectFrom('webhooks')
    .selectAll()
    .where('id', '=', id)
    .where('community_id', '=', community.id)
    .executeTakeFirst();
  if (!row) throw notFound(`The webhook ${id} of "${slug}"`);
  return { community, row };
}

/** The audit log never shows the secret. */
const publicPart = (row: Pick<Database['webhooks'], 'url' | 'events' | 'enabled'>) => ({
  url: row.url,
  events: JSON.parse(row.events),
  enabled: row.enabled === 1,
});

/** A coordinator chooses where the store sends requests: not to what only the store's machine can reach. */
function requireReachable(url: string, policy: OutboundPolicy) {
  const why = policy.refusal(new URL(url));
  if (why) throw badRequest('webhook_url_not_allowed', `url: ${why}`);
}

export async function createWebhook(
  db: Db,
  principal: Principal,
  slug: string,
  input: WebhookInput,
  policy: OutboundPolicy,
): Promise<Webhook> {
  const { user } = requireUser(principal);
  const { community } = await requireCoordinator(db, principal, slug);
  requireReachable(input.url, policy);
  const now = nowIso();
  const row: Database['webhooks'] = {
    id: randomUUID(),
    community_id: community.id,
    url: input.url,
    secret: newSecret(),
    events: JSON.stringify(input.events),
    enabled: input.enabled ? 1 : 0,
    created_by: user.id,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('webhooks').values(row).execute();
  await recordAudit(
    db,
    user.id,
    community.id,
    'create-webhook',
    'webhook',
    row.id,
    null,
    publicPart(row),
  );
  return webhookFromRow(row, community.slug);
}

export async function updateWebhook(
  db: Db,
  principal: Principal,
  slug: string,
  id: string,
  input: Partial<WebhookInput> & { rotateSecret?: boolean },
  policy: OutboundPolicy,
): Promise<Webhook> {
  const { user } = requireUser(principal);
  const { community, row } = await webhookIn(db, principal, slug, id);
  if (input.url !== undefined) requireReachable(input.url, policy);
  const next: Database['webhooks'] = {
    ...row,
    ...(input.url !== undefined && { url: input.url }),
    ...(input.events !== undefined && { events: JSON.stringify(input.events) }),
    ...(input.enabled !== undefined && { enabled: input.enabled ? 1 : 0 }),
    ...(input.rotateSecret && { secret: newSecret() }),
    updated_at: nowIso(),
  };
  await db
    .updateTable('webhooks')
    .set({
      url: next.url,
      events: next.events,
      enabled: next.enabled,
      secret: next.secret,
      updated_at: next.updated_at,
    })
    .where('id', '=', id)
    .execute();
  await recordAudit(db, user.id, community.id, 'edit-webhook', 'webhook', id, publicPart(row), {
    ...publicPart(next),
    ...(input.rotateSecret ? { secretRotated: true } : {}),
  });
  return webhookFromRow(next, community.slug);
}

export async function deleteWebhook(
  db: Db,
  principal: Principal,
  slug: string,
  id: string,
): Promise<void> {
  const { user } = requireUser(principal);
  const { community, row } = await webhookIn(db, principal, slug, id);
  // Pending deliveries die with their webhook; the log of what was delivered goes too.
  const deliveries = db.selectFrom('webhook_deliveries').select('id').where('webhook_id', '=', id);
  await db.deleteFrom('webhook_attempts').where('delivery_id', 'in', deliveries).execute();
  await db.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
  await db.deleteFrom('webhooks').where('id', '=', id).execute();
  await recordAudit(
    db,
    user.id,
    community.id,
    'delete-webhook',
    'webhook',
    id,
    publicPart(row),
    null,
  );
}

/**
 * Set when a delivery is queued, so the dispatcher looks for work after a commit only when some may
 * be there, not after every write of a busy store. A rolled-back queueing costs one needless look.
 */
let queuedSinceLook = false;
export function takeQueuedHint(): boolean {
  const hint = queuedSinceLook;
  queuedSinceLook = false;
  return hint;
}

/**
 * Queues `event` for every enabled webhook of the community that listens to it. Runs inside the
 * caller's transaction, so an event is queued exactly when the write that caused it commits.
 */
export async function enqueueWebhookEvent(
  db: Db,
  communityId: string,
  event: WebhookEvent,
  data: Record<string, unknown>,
  only?: string,
): Promise<number> {
  let query = db
    .selectFrom('webhooks')
    .select(['id', 'events'])
    .where('community_id', '=', communityId)
    .where('enabled', '=', 1);
  if (only) query = query.where('id', '=', only);
  const hooks = (await query.execute()).filter((h) =>
    (JSON.parse(h.events) as string[]).includes(event),
  );
  if (!hooks.length) return 0;
  const community = await db
    .selectFrom('communities')
    .select(['slug', 'name'])
    .where('id', '=', communityId)
    .executeTakeFirstOrThrow();
  const payload: WebhookPayload = {
    community: { slug: community.slug, name: community.name },
    data,
  };
  await queueDeliveries(
    db,
    hooks.map((hook) => hook.id),
    communityId,
    event,
    payload,
  );
  return hooks.length;
}

/** Queues one delivery of `payload` to each of `webhookIds`, due at once; the worker is told. */
async function queueDeliveries(
  db: Db,
  webhookIds: string[],
  communityId: string,
  event: string,
  payload: WebhookPayload,
) {
  const now = nowIso();
  queuedSinceLook = true;
  await db
    .insertInto('webhook_deliveries')
    .values(
      webhookIds.map((webhookId) => ({
        id: randomUUID(),
        webhook_id: webhookId,
        community_id: communityId,
        event,
        payload: JSON.stringify(payload),
        status: 'pending' as const,
        attempts: 0,
        next_attempt_at: now,
        last_status: null,
        last_error: null,
        created_at: now,
        delivered_at: null,
      })),
    )
    .execute();
}

const quoteTitle = (s: unknown) => `“${String(s ?? '').slice(0, 200)}”`;

/** One line a person reads in Slack or Teams. */
export function webhookText(event: string, payload: WebhookPayload): string {
  const { data, community } = payload;
  const question = data.question as { title?: string; authorName?: string } | undefined;
  const practice = data.practice as { title?: string; authorName?: string } | undefined;
  switch (event) {
    case 'question.created':
      return `New question in ${community.name}: ${quoteTitle(question?.title)}, asked by ${question?.authorName ?? 'a member'}.`;
    case 'question.routed': {
      const names = ((data.routedTo as { name: string }[] | undefined) ?? []).map((p) => p.name);
      return `Question routed to ${names.join(', ') || 'experts'} in ${community.name}: ${quoteTitle(question?.title)}.`;
    }
    case 'practice.featured':
      return `Featured practice in ${community.name}: ${quoteTitle(practice?.title)} by ${practice?.authorName ?? 'a member'}.`;
    case 'practice.due': {
      const owner = (data.practice as { owner?: { name?: string } } | undefined)?.owner;
      return `Due for review in ${community.name}: ${quoteTitle(practice?.title)}; ${owner?.name ?? 'its owner'}, is it still right?`;
    }
    case 'digest.weekly':
      return digestText(data.digest as DigestFigures);
    default:
      return `Test message from CoP Kit for ${community.name}: this webhook works.`;
  }
}

/**
 * The JSON sent: Slack incoming webhooks and Teams incoming webhooks (MessageCard) both show `text`;
 * `event`, `community` and `data` are there for receivers that read the details.
 */
export function webhookBody(
  delivery: { id: string; event: string; created_at: string },
  payload: WebhookPayload,
  consoleUrl?: string,
): string {
  const text = webhookText(delivery.event, payload);
  const link = consoleUrl ? `${consoleUrl}#/c/${payload.community.slug}` : undefined;
  const digest = delivery.event === 'digest.weekly' ? (payload.data.digest as DigestFigures) : null;
  return JSON.stringify({
    text: link ? `${text}\n${link}` : text,
    ...(digest && digestLayout(digest)),
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: text.slice(0, 120),
    themeColor: '1d4ed8',
    id: delivery.id,
    event: delivery.event,
    createdAt: delivery.created_at,
    community: payload.community,
    data: payload.data,
  });
}

/** The digest laid out for each chat: Slack's blocks (a header, then one line per fact) and a Teams card's facts. */
function digestLayout(digest: DigestFigures) {
  const title = digestTitle(digest);
  const facts = digestFacts(digest);
  return {
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: facts
            .map((f) => `*${f.name}:* ${f.value}`)
            .join('\n')
            .slice(0, 3000),
        },
      },
    ],
    title,
    sections: [{ activityTitle: title, facts, markdown: true }],
  };
}

/** `sha256=<hex>` of HMAC-SHA256(secret, "<timestamp>.<body>"): the timestamp is signed so a capture cannot be replayed later. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does: recompute the signature and compare in constant time. */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Queues a test message (event "ping"), even when the webhook listens to nothing else yet. */
export async function queueTestDelivery(
  db: Db,
  principal: Principal,
  slug: string,
  id: string,
): Promise<void> {
  const { community } = await webhookIn(db, principal, slug, id);
  await queueDeliveries(db, [id], community.id, 'ping', {
    community: { slug: community.slug, name: community.name },
    data: {},
  });
}

/** Puts a delivery that gave up back in the queue, due now. */
export async function retryDelivery(
  db: Db,
  principal: Principal,
  slug: string,
  id: string,
  deliveryId: string,
): Promise<void> {
  await webhookIn(db, principal, slug, id);
  const result = await db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_at: nowIso() })
    .where('id', '=', deliveryId)
    .where('webhook_id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1)
    throw notFound(`A failed delivery ${deliveryId} of this webhook`);
}
