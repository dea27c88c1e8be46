/**
 * Automatic routing: a new question goes at once to the community's `routing_seats` people, chosen as the
 * console suggests; while nobody answers, every wait (COP_ROUTING_WAIT_HOURS, default 24) routes it to the
 * next people and marks it waiting for the coordinators. A periodic job that stops when the store closes.
 */
import type { StoreContext } from '../context';
import { recordChange, transact } from './changes';
import { getQuestion } from './questions';
import { addRoutes, pickSeats, ROUTER, rankRouteCandidates } from './routing';

export interface RouterOptions {
  /** How long a round waits for an answer before the next people are asked. */
  waitMs: number;
  /** Rounds after the first; then the question just waits for the coordinators. */
  maxEscalations: number;
  /** How often due questions are looked for (a post routes its own question at once). */
  intervalMs: number;
  /** The clock, so a test can move time on. */
  now: () => Date;
}

const HOUR = 3_600_000;

export function routerOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): RouterOptions {
  const hours = Number(env.COP_ROUTING_WAIT_HOURS);
  return {
    waitMs: env.COP_ROUTING_WAIT_HOURS && hours > 0 ? hours * HOUR : 24 * HOUR,
    maxEscalations: 2,
    intervalMs: 60_000,
    now: () => new Date(),
  };
}

export class QuestionRouter {
  #timer: ReturnType<typeof setInterval> | undefined;
  #unsubscribe: (() => void) | undefined;
  #running: Promise<number> | undefined;
  #stopped = false;

  constructor(
    private readonly ctx: StoreContext,
    readonly options: RouterOptions,
  ) {}

  start(): void {
    // Only the close matters here: questions synced in a push are picked up by the next tick.
    this.#unsubscribe = this.ctx.bus.subscribe(
      () => {},
      () => this.stop(),
    );
    this.#timer = setInterval(() => void this.tick(), this.options.intervalMs);
    this.#timer.unref?.();
    void this.tick();
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe?.();
    if (this.#timer) clearInterval(this.#timer);
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Routes every question whose round is due; one run at a time. Answers how many were looked at. */
  tick(): Promise<number> {
    if (this.#stopped) return Promise.resolve(0);
    this.#running ??= this.#routeDue().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #routeDue(): Promise<number> {
    const now = this.options.now().toISOString();
    let done = 0;
    try {
      const due = await this.ctx.storage.db
        .selectFrom('questions')
        .select('id')
        .where('route_due_at', '<=', now)
        .orderBy('route_due_at')
        .limit(100)
        .execute();
      for (const { id } of due) {
        if (this.#stopped) break;
        await this.route(id);
        done++;
      }
    } catch (error) {
      if (!this.#stopped) this.ctx.log.warn('routing questions failed', { error: String(error) });
    }
    return done;
  }

  /**
   * One round for one question, if it is due: picks the next people outside the write (the ranking reads a
   * lot), then claims the round with a conditional update, so two stores or a post and a tick never route
   * the same round twice. Answers the user ids routed in this round.
   */
  async route(questionId: string): Promise<string[]> {
    const { db } = this.ctx.storage;
    const now = this.options.now();
    const row = await db
      .selectFrom('questions as q')
      .innerJoin('communities as c', 'c.id', 'q.community_id')
      .select([
        'q.route_due_at',
        'q.routing_rounds',
        'q.status',
        'q.answer_count',
        'q.community_id',
        'c.routing_seats',
        'c.auto_routing',
      ])
      .where('q.id', '=', questionId)
      .executeTakeFirst();
    if (!row?.route_due_at || row.route_due_at > now.toISOString()) return [];
    const done = row.status !== 'open' || row.answer_count > 0 || row.auto_routing !== 1;
    const escalation = row.routing_rounds > 0;
    let picked: { id: string; name: string }[] = [];
    if (!done) {
      const question = await getQuestion(db, questionId);
      const candidates = await rankRouteCandidates(this.ctx, question, row.community_id, now);
      picked = pickSeats(candidates, row.routing_seats).map((c) => c.user);
    }
    const last = done || row.routing_rounds >= this.options.maxEscalations;
    return transact(this.ctx, async (trx) => {
      const claimed = await trx
        .updateTable('questions')
        .set((eb) => ({
          route_due_at: last ? null : new Date(now.getTime() + this.options.waitMs).toISOString(),
          routing_rounds: eb('routing_rounds', '+', 1),
          // A round that passed without an answer: the coordinators see the question waiting.
          waiting_since: done
            ? null
            : escalation
              ? eb.fn.coalesce('waiting_since', eb.val(now.toISOString()))
              : null,
        }))
        .where('id', '=', questionId)
        .where('route_due_at', '=', row.route_due_at)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1 || done) return [];
      // Someone routed by hand since the ranking ran is not routed twice.
      const question = await getQuestion(trx, questionId);
      const fresh = picked.filter((p) => !question.routedTo.includes(p.id));
      await addRoutes(trx, question, row.community_id, fresh, ROUTER, now.toISOString());
      if (escalation && !fresh.length) {
        // Nobody new to ask: the waiting mark still reaches the coordinators' pull.
        await trx
          .updateTable('questions')
          .set((eb) => ({ version: eb('version', '+', 1), updated_at: now.toISOString() }))
          .where('id', '=', questionId)
          .execute();
        await recordChange(trx, {
          entity: 'question',
          entityId: questionId,
          communityId: row.community_id,
        });
      }
      return fresh.map((p) => p.id);
    });
  }
}

const routers = new WeakMap<StoreContext, QuestionRouter>();

/** Starts routing for this store (once); it stops when the store closes. */
export function startQuestionRouter(
  ctx: StoreContext,
  options: Partial<RouterOptions> = {},
): QuestionRouter {
  const existing = routers.get(ctx);
  if (existing) return existing;
  const router = new QuestionRouter(ctx, { ...routerOptionsFromEnv(), ...options });
  routers.set(ctx, router);
  router.start();
  return router;
}

export const questionRouter = (ctx: StoreContext) => routers.get(ctx);
