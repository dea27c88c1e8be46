/**
 * A fixed-window limiter keyed by anything (an address, an account, a token). Its memory is bounded: it
 * remembers at most `maxKeys` keys, and under a spray of distinct keys the least recently seen go first.
 */
export class RateLimiter {
  #hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
    readonly maxKeys = 10_000,
  ) {}

  /** How many keys are remembered (at most `maxKeys`). */
  get size(): number {
    return this.#hits.size;
  }

  /** Counts an attempt; returns the seconds to wait when the limit is reached, else null. */
  hit(key: string, now = Date.now()): number | null {
    const entry = this.#hits.get(key);
    if (entry) this.#hits.delete(key); // re-inserted below: the Map's order is the order of last use
    if (!entry || entry.resetAt <= now) {
      this.#remember(key, { count: 1, resetAt: now + this.windowMs });
      return this.max < 1 ? Math.ceil(this.windowMs / 1000) : null;
    }
    entry.count += 1;
    this.#remember(key, entry);
    return entry.count > this.max ? Math.max(1, Math.ceil((entry.resetAt - now) / 1000)) : null;
  }

  /** Whether a key is refused right now, without counting an attempt. */
  waiting(key: string, now = Date.now()): number | null {
    const entry = this.#hits.get(key);
    if (!entry || entry.resetAt <= now || entry.count < this.max) return null;
    return Math.max(1, Math.ceil((entry.resetAt - now) / 1000));
  }

  reset(key: string): void {
    this.#hits.delete(key);
  }

  #remember(key: string, entry: { count: number; resetAt: number }) {
    // Full: forget the least recently seen key (the Map's first), expired or not — a sprayer's own, mostly.
    // One deletion per insertion keeps every hit O(1) however many keys arrive.
    if (this.#hits.size >= this.maxKeys) {
      const oldest = this.#hits.keys().next().value;
      if (oldest !== undefined) this.#hits.delete(oldest);
    }
    this.#hits.set(key, entry);
  }
}
