/**
 * A store job that runs now and then on the store's clock (practices falling due, the weekly digest):
 * one run at a time, a failed run logged and retried at the next interval, stopped when the store closes.
 */
import { type Clock, storeClock } from '../clock';
import type { StoreContext } from '../context';

export interface PeriodicOptions {
  /** The store's clock, replaceable in tests that age practices or move to another weekday. */
  now: Clock;
  /** How often the job runs. */
  intervalMs: number;
}

export class PeriodicJob<T> {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  #running: Promise<T> | undefined;

  /** `work` gets the clock's time; `what` names it in the log when it fails. */
  constructor(
    private readonly ctx: StoreContext,
    private readonly what: string,
    private readonly work: (now: Date) => Promise<T>,
    public options: PeriodicOptions,
  ) {}

  now(): Date {
    return this.options.now();
  }

  /** Runs first after `firstDelayMs`, then every interval, until the store closes. */
  start(firstDelayMs = 5_000): void {
    this.ctx.bus.subscribe(
      () => {},
      () => this.stop(),
    );
    this.#schedule(firstDelayMs);
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
  }

  /** Runs once now (or joins the run under way) and answers what the work answered. */
  runOnce(): Promise<T> {
    this.#running ??= Promise.resolve()
      .then(() => this.work(this.now()))
      .finally(() => {
        this.#running = undefined;
      });
    return this.#running;
  }

  #schedule(delayMs: number) {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.runOnce()
        .catch((error) => this.ctx.log.warn(`${this.what} failed`, { error: String(error) }))
        .finally(() => this.#schedule(this.options.intervalMs));
    }, delayMs);
    this.#timer.unref?.();
  }
}

/** Starts a store's job once (a second call answers the running one); it stops when the store closes. */
export function periodicJobs<T>(
  what: string,
  work: (ctx: StoreContext, now: Date) => Promise<T>,
  intervalEnv: string,
  defaultIntervalMs: number,
) {
  const jobs = new WeakMap<StoreContext, PeriodicJob<T>>();
  return (ctx: StoreContext, options: Partial<PeriodicOptions> = {}): PeriodicJob<T> => {
    const existing = jobs.get(ctx);
    if (existing) return existing;
    const job = new PeriodicJob(ctx, what, (now) => work(ctx, now), {
      now: storeClock(ctx.config.testClockFile),
      intervalMs: Number(process.env[intervalEnv]) || defaultIntervalMs,
      ...options,
    });
    jobs.set(ctx, job);
    job.start();
    return job;
  };
}
