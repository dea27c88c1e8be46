/**
 * Sends queued webhook deliveries: signed POSTs, retried with exponential backoff until the receiver
 * answers 2xx or the attempts run out, each attempt kept for the console's delivery log.
 */

import type { DeliveryAttempt, DeliveryLogEntry } from '../../core/console-responses';
import type { Db, Principal, StoreContext } from '../context';
import { nowIso } from '../context';
import { type OutboundPolicy, outboundPolicy } from '../http/outbound';
import { requireCoordinator } from './access';
import { notFound } from './errors';
import { signWebhook, takeQueuedHint, type WebhookPayload, webhookBody } from './webhooks';

// The answer shapes live in src/core/responses.ts, shared with the clients.
export type { DeliveryAttempt, DeliveryLogEntry };

export interface DeliveryOptions {
  /** The first retry waits this long; each next one twice as long (capped at an hour). */
  backoffMs: number;
  maxAttempts: number;
  timeoutMs: number;
  /** Where the console is, for the link in each message; none when the store does not know its address. */
  consoleUrl?: string;
  /** Sends one delivery and answers the receiver's status (refusing addresses webhooks may not reach). */
  post: OutboundPolicy['post'];
}

const HOUR = 3_600_000;

/** What the delivery log says of a target that was refused, unreachable or silent. */
export const NOT_DELIVERED = 'Not delivered.';

export function deliveryOptionsFromEnv(
  ctx: StoreContext,
  env: NodeJS.ProcessEnv = process.env,
): DeliveryOptions {
  const num = (value: string | undefined, fallback: number) => {
    const n = Number(value);
    return value && Number.isFinite(n) && n >= 0 ? n : fallback;
  };
  const publicUrl =
    env.COP_PUBLIC_URL?.replace(/\/+$/, '') ||
    (ctx.config.port ? `http://${ctx.config.host}:${ctx.config.port}` : undefined);
  return {
    backoffMs: num(env.COP_WEBHOOK_BACKOFF_MS, 15_000),
    maxAttempts: Math.max(1, num(env.COP_WEBHOOK_MAX_ATTEMPTS, 8)),
    timeoutMs: num(env.COP_WEBHOOK_TIMEOUT_MS, 10_000),
    consoleUrl: publicUrl ? `${publicUrl}/console` : undefined,
    post: outboundPolicy(ctx.config.webhookHosts).post,
  };
}

/** The wait before retry number `attempt` (1 = the first retry). */
export const backoffDelay = (attempt: number, baseMs: number) =>
  Math.min(baseMs * 2 ** Math.max(0, attempt - 1), HOUR);

type DeliveryRow = Awaited<ReturnType<typeof dueDeliveries>>[number];

function dueDeliveries(db: Db, now: string, limit: number) {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
}

export class WebhookDispatcher {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = false;
  #unsubscribe: (() => void) | undefined;
  readonly #inflight = new Set<AbortController>();

  constructor(
    private readonly ctx: StoreContext,
    readonly options: DeliveryOptions,
  ) {}

  /** Delivers what is due now, and after any commit that may have queued an event. */
  start(): void {
    this.#unsubscribe = this.ctx.bus.subscribe(
      () => {
        if (takeQueuedHint()) this.kick();
      },
      () => this.stop(),
    );
    this.kick();
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe?.();
    if (this.#timer) clearTimeout(this.#timer);
    for (const controller of this.#inflight) controller.abort();
  }

  /** Runs soon; several kicks in a burst make one run. */
  kick(delayMs = 20): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#schedule(delayMs);
  }

  #schedule(delayMs: number) {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#run(), delayMs);
    this.#timer.unref?.();
  }

  async #run(): Promise<void> {
    if (this.#stopped || this.#running) return;
    this.#running = this.runDue()
      .then(() => undefined)
      .catch((error) => this.ctx.log.warn('webhook delivery failed', { error: String(error) }))
      .finally(() => {
        this.#running = undefined;
      });
    await this.#running;
    if (this.#stopped) return;
    if (this.#again) {
      this.#again = false;
      this.#schedule(0);
      return;
    }
    await this.#scheduleNextDue().catch(() => {});
  }

  async #scheduleNextDue() {
    const next = await this.ctx.storage.db
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.min('next_attempt_at').as('at'))
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (this.#stopped || !next?.at) return;
    // Long waits are re-checked every half minute, so a restarted store or another process is noticed.
    this.#schedule(Math.min(Math.max(0, Date.parse(String(next.at)) - Date.now()), 30_000));
  }

  /** Delivers every due delivery once; returns how many were attempted. */
  async runDue(): Promise<number> {
    let attempted = 0;
    for (;;) {
      const due = await dueDeliveries(this.ctx.storage.db, nowIso(), 20);
      if (!due.length || this.#stopped) return attempted;
      await Promise.all(due.map((d) => this.#attempt(d)));
      attempted += due.length;
    }
  }

  /** Claims the delivery (another store process may be looking at it too), then posts it. */
  async #attempt(delivery: DeliveryRow): Promise<void> {
    const db = this.ctx.storage.db;
    const lease = new Date(Date.now() + this.options.timeoutMs + 60_000).toISOString();
    const claimed = await db
      .updateTable('webhook_deliveries')
      .set({ next_attempt_at: lease })
      .where('id', '=', delivery.id)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '=', delivery.next_attempt_at)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return;
    const hook = await db
      .selectFrom('webhooks')
      .selectAll()
      .where('id', '=', delivery.webhook_id)
      .executeTakeFirst();
    const attempt = delivery.attempts + 1;
    if (hook?.enabled !== 1) {
      await this.#finish(delivery, attempt, {
        status: null,
        error: 'The webhook was disabled before this could be delivered.',
        ms: 0,
        giveUp: true,
      });
      return;
    }
    const body = webhookBody(
      delivery,
      JSON.parse(delivery.payload) as WebhookPayload,
      this.options.consoleUrl,
    );
    const timestamp = String(Math.floor(Date.now() / 1000));
    const controller = new AbortController();
    this.#inflight.add(controller);
    const timer = setTimeout(() => controller.abort(), this.options.timeoutMs);
    const started = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      status = await this.options.post(hook.url, {
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'CoP-Kit-Webhooks/1',
          'X-CoP-Event': delivery.event,
          'X-CoP-Delivery': delivery.id,
          'X-CoP-Timestamp': timestamp,
          'X-CoP-Signature': signWebhook(hook.secret, timestamp, body),
        },
        body,
        signal: controller.signal,
      });
      if (status < 200 || status >= 300) error = `The receiver answered ${status}.`;
    } catch (cause) {
      // The log a coordinator reads says only this: naming the refusal, the connection error or a timeout
      // would turn webhooks into a scanner of the store's network. The operator's log has the detail.
      error = NOT_DELIVERED;
      this.ctx.log.info('webhook not delivered', {
        webhook: hook.id,
        delivery: delivery.id,
        reason: controller.signal.aborted
          ? `no answer within ${this.options.timeoutMs} ms`
          : String((cause as Error).message ?? cause).slice(0, 500),
      });
    } finally {
      clearTimeout(timer);
      this.#inflight.delete(controller);
    }
    if (this.#stopped && status === null) return;
    await this.#finish(delivery, attempt, {
      status,
      error,
      ms: Math.round(performance.now() - started),
      giveUp: error !== null && attempt >= this.options.maxAttempts,
    });
  }

  async #finish(
    delivery: DeliveryRow,
    attempt: number,
    result: { status: number | null; error: string | null; ms: number; giveUp: boolean },
  ) {
    const db = this.ctx.storage.db;
    const now = nowIso();
    await db
      .insertInto('webhook_attempts')
      .values({
        delivery_id: delivery.id,
        attempt,
        at: now,
        status: result.status,
        error: result.error,
        ms: result.ms,
      })
      .execute();
    const ok = result.error === null;
    await db
      .updateTable('webhook_deliveries')
      .set({
        attempts: attempt,
        last_status: result.status,
        last_error: result.error,
        status: ok ? 'delivered' : result.giveUp ? 'failed' : 'pending',
        delivered_at: ok ? now : null,
        next_attempt_at:
          ok || result.giveUp
            ? null
            : new Date(Date.now() + backoffDelay(attempt, this.options.backoffMs)).toISOString(),
      })
      .where('id', '=', delivery.id)
      .execute();
  }
}

const dispatchers = new WeakMap<StoreContext, WebhookDispatcher>();

/** Starts delivering for this store; it stops when the store closes (the change bus closes). */
export function startWebhookDispatcher(
  ctx: StoreContext,
  options: Partial<DeliveryOptions> = {},
): WebhookDispatcher {
  const existing = dispatchers.get(ctx);
  if (existing) return existing;
  const dispatcher = new WebhookDispatcher(ctx, { ...deliveryOptionsFromEnv(ctx), ...options });
  dispatchers.set(ctx, dispatcher);
  dispatcher.start();
  return dispatcher;
}

export const webhookDispatcher = (ctx: StoreContext) => dispatchers.get(ctx);

/** The newest deliveries of one webhook with every attempt: what the console's delivery log shows. */
export async function deliveryLog(
  db: Db,
  principal: Principal,
  slug: string,
  webhookId: string,
  limit: number,
): Promise<DeliveryLogEntry[]> {
  const { community } = await requireCoordinator(db, principal, slug);
  const hook = await db
    .selectFrom('webhooks')
    .select('id')
    .where('id', '=', webhookId)
    .where('community_id', '=', community.id)
    .executeTakeFirst();
  if (!hook) throw notFound(`The webhook ${webhookId} of "${slug}"`);
  const rows = await db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('webhook_id', '=', webhookId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  const attempts = rows.length
    ? await db
        .selectFrom('webhook_attempts')
        .selectAll()
        .where(
          'delivery_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('attempt')
        .execute()
    : [];
  return rows.map((row) => ({
    id: row.id,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    lastStatus: row.last_status,
    lastError: row.last_error,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
    tries: attempts
      .filter((a) => a.delivery_id === row.id)
      .map((a) => ({ attempt: a.attempt, at: a.at, status: a.status, error: a.error, ms: a.ms })),
  }));
}
