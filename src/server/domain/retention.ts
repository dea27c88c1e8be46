/**
 * Retention: rows that serve only for a while are deleted after a configurable period, so no table grows
 * forever — idempotency keys (a retry comes within minutes), revoked tokens (kept a while for the record),
 * resolved conflicts (tombstoned in the changes feed, so clients drop them too) and finished webhook
 * deliveries with their attempts. A periodic job in each store runs it and stops when the store closes.
 */
import type { Config } from '../config';
import type { StoreContext } from '../context';
import { recordChange, transact } from './changes';

/** Rows deleted per statement: each batch is a short transaction, whatever the backlog. */
const BATCH = 500;

export interface Pruned {
  idempotencyKeys: number;
  revokedTokens: number;
  resolvedConflicts: number;
  webhookDeliveries: number;
}

const before = (now: number, ms: number) => new Date(now - ms).toISOString();

/** Deletes everything older than its retention period; answers how many rows of each kind went. */
export async function pruneExpired(
  ctx: StoreContext,
  retention: Config['retention'] = ctx.config.retention,
  now = Date.now(),
  stopped: () => boolean = () => false,
): Promise<Pruned> {
  const { db } = ctx.storage;
  const pruned: Pruned = {
    idempotencyKeys: 0,
    revokedTokens: 0,
    resolvedConflicts: 0,
    webhookDeliveries: 0,
  };
  /** Runs `batch` until it deletes less than a full batch (or the store stops). */
  const drain = async (batch: () => Promise<number>) => {
    let total = 0;
    for (;;) {
      const n = await batch();
      total += n;
      if (n < BATCH || stopped()) return total;
    }
  };

  const keysBefore = before(now, retention.idempotencyKeysMs);
  pruned.idempotencyKeys = await drain(async () => {
    const rows = await db
      .selectFrom('idempotency_keys')
      .select(['user_id', 'key'])
      .where('created_at', '<', keysBefore)
      .limit(BATCH)
      .execute();
    for (const row of rows)
      await db
        .deleteFrom('idempotency_keys')
        .where('user_id', '=', row.user_id)
        .where('key', '=', row.key)
        .execute();
    return rows.length;
  });

  const tokensBefore = before(now, retention.revokedTokensMs);
  pruned.revokedTokens = await drain(async () => {
    const ids = (
      await db
        .selectFrom('api_tokens')
        .select('id')
        .where('revoked_at', 'is not', null)
        .where('revoked_at', '<', tokensBefore)
        .limit(BATCH)
        .execute()
    ).map((r) => r.id);
    if (ids.length) await db.deleteFrom('api_tokens').where('id', 'in', ids).execute();
    return ids.length;
  });

  const conflictsBefore = before(now, retention.resolvedConflictsMs);
  pruned.resolvedConflicts = await drain(() =>
    transact(ctx, async (trx) => {
      const rows = await trx
        .selectFrom('conflicts')
        .select(['id', 'community_id', 'author_id'])
        .where('resolved_at', 'is not', null)
        .where('resolved_at', '<', conflictsBefore)
        .limit(BATCH)
        .execute();
      if (!rows.length) return 0;
      for (const row of rows)
        await recordChange(trx, {
          entity: 'conflict',
          entityId: row.id,
          communityId: row.community_id,
          audience: row.author_id,
          op: 'delete',
        });
      await trx
        .deleteFrom('conflicts')
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      return rows.length;
    }),
  );

  const deliveriesBefore = before(now, retention.webhookDeliveriesMs);
  pruned.webhookDeliveries = await drain(() =>
    db.transaction().execute(async (trx) => {
      const ids = (
        await trx
          .selectFrom('webhook_deliveries')
          .select('id')
          .where('status', '!=', 'pending')
          .where('created_at', '<', deliveriesBefore)
          .limit(BATCH)
          .execute()
      ).map((r) => r.id);
      if (!ids.length) return 0;
      await trx.deleteFrom('webhook_attempts').where('delivery_id', 'in', ids).execute();
      await trx.deleteFrom('webhook_deliveries').where('id', 'in', ids).execute();
      return ids.length;
    }),
  );
  return pruned;
}

/** Prunes now and then every `retention.intervalMs`; stops when the store's change bus closes. */
export class RetentionJob {
  #timer: ReturnType<typeof setInterval> | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;
  /** How many passes have finished (for tests and diagnostics). */
  passes = 0;

  constructor(private readonly ctx: StoreContext) {}

  start(): void {
    this.ctx.bus.subscribe(
      () => {},
      () => this.stop(),
    );
    // The first pass waits a moment: start-up has more urgent work than housekeeping.
    const first = setTimeout(
      () => this.runOnce(),
      Math.min(10_000, this.ctx.config.retention.intervalMs),
    );
    first.unref?.();
    this.#timer = setInterval(() => this.runOnce(), this.ctx.config.retention.intervalMs);
    this.#timer.unref?.();
    this.#first = first;
  }

  #first: ReturnType<typeof setTimeout> | undefined;

  get stopped(): boolean {
    return this.#stopped;
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#first);
    clearInterval(this.#timer);
  }

  /** One pass, unless one is running already or the store has stopped. */
  runOnce(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    this.#running ??= pruneExpired(this.ctx, undefined, Date.now(), () => this.#stopped)
      .then((pruned) => {
        this.passes += 1;
        if (Object.values(pruned).some((n) => n > 0))
          this.ctx.log.info('pruned old rows', { ...pruned });
      })
      .catch((error: unknown) => {
        if (!this.#stopped)
          this.ctx.log.warn('pruning old rows failed; the next pass retries', {
            error: error instanceof Error ? error.message : String(error),
          });
      })
      .finally(() => {
        this.#running = undefined;
      });
    return this.#running;
  }
}

const jobs = new WeakMap<StoreContext, RetentionJob>();

/** Starts this store's retention job (once). */
export function startRetention(ctx: StoreContext): RetentionJob {
  let job = jobs.get(ctx);
  if (!job) {
    job = new RetentionJob(ctx);
    jobs.set(ctx, job);
    job.start();
  }
  return job;
}

export const retentionJob = (ctx: StoreContext) => jobs.get(ctx);
