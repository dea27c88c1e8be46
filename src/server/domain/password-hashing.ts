/**
 * Password hashing (scrypt) runs on libuv's small worker pool, which file access and DNS share. A gate
 * caps how many hashes run at once and how many wait: a flood of sign-ins queues briefly, then is refused
 * with 429, instead of taking every CPU and every worker from the requests behind it.
 */
import { busy } from './errors';

export class HashingGate {
  #running = 0;
  #waiting: (() => void)[] = [];
  /** The most hashes ever seen running at once (for tests and diagnostics). */
  peak = 0;

  constructor(
    public concurrency: number,
    public queue: number,
  ) {}

  /** Runs `work` when a slot is free; refuses at once when the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.concurrency) {
      if (this.#waiting.length >= this.queue)
        throw busy(
          'busy',
          'The store is checking many passwords right now. Try again in a second.',
        );
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else this.#running += 1;
    this.peak = Math.max(this.peak, this.#running);
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      // The slot passes straight to the next in line, so #running stays counted.
      if (next) next();
      else this.#running -= 1;
    }
  }
}

/** The gate every password hash goes through; `configurePasswordHashing` sets its size at start. */
export const passwordHashing = new HashingGate(2, 64);

export function configurePasswordHashing(options: { concurrency: number; queue: number }) {
  passwordHashing.concurrency = Math.max(1, options.concurrency);
  passwordHashing.queue = Math.max(0, options.queue);
}
