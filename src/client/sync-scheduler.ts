/**
 * When the sync loop runs: one cycle at a time (calls during a cycle ask for one more round, not
 * another loop), on an interval, and after failures on a retry timer that backs off.
 */

export interface BackoffOptions {
  /** The first retry's delay; each failure in a row doubles it, up to `maxDelayMs`. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** The jitter source (0 ≤ x < 1). */
  random: () => number;
}

/**
 * The delay before retrying after `failures` failures in a row: doubling from the initial delay to
 * the cap, then a random point in its upper half, so many clients do not retry in step.
 */
export function retryDelay(failures: number, options: BackoffOptions): number {
  const base = Math.min(
    options.maxDelayMs,
    options.initialDelayMs * 2 ** Math.min(Math.max(failures, 1) - 1, 16),
  );
  return base / 2 + options.random() * (base / 2);
}

/** Counts failures in a row and answers the next retry's delay. */
export function createBackoff(options: BackoffOptions) {
  let failures = 0;
  return {
    /** Records a failure; answers how long to wait before retrying. */
    failed: () => retryDelay(++failures, options),
    /** A success, or a sign that retrying at once is worth it (the network came back). */
    reset() {
      failures = 0;
    },
  };
}

export interface SchedulerOptions {
  /** One sync cycle. It never throws: failures are the cycle's to report and to schedule a retry for. */
  cycle: () => Promise<void>;
  /** Whether to go round again when more was asked for; false after a failure (the retry timer takes over). */
  healthy: () => boolean;
}

export interface Scheduler {
  /** Runs a cycle now, or, if one is running, asks for one more round after it; resolves when done. */
  run(): Promise<void>;
  /** Asks the running loop for one more round (e.g. writes were queued while it pushed). */
  again(): void;
  /** Runs again after `delay` ms (replacing an earlier retry), unless stopped. */
  retryIn(delay: number): void;
  /** Starts the periodic run (`intervalMs` 0: none) and allows retries. */
  start(intervalMs: number): void;
  /** Stops the timers; a running cycle finishes. */
  stop(): void;
  readonly stopped: boolean;
}

export function createScheduler({ cycle, healthy }: SchedulerOptions): Scheduler {
  let running: Promise<void> | null = null;
  let more = false;
  let stopped = true;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let intervalTimer: ReturnType<typeof setInterval> | undefined;

  function run(): Promise<void> {
    if (running) {
      more = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          more = false;
          clearTimeout(retryTimer);
          await cycle();
          // After a failure the retry timer takes over; looping here would hammer the store.
        } while (more && healthy());
      } finally {
        running = null;
      }
    })();
    return running;
  }

  return {
    run,
    again() {
      more = true;
    },
    retryIn(delay) {
      if (stopped) return;
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => void run(), delay);
    },
    start(intervalMs) {
      stopped = false;
      if (intervalMs > 0) intervalTimer = setInterval(() => void run(), intervalMs);
    },
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      clearInterval(intervalTimer);
    },
    get stopped() {
      return stopped;
    },
  };
}
