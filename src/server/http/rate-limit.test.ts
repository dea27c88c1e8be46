import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit';

describe('the rate limiter', () => {
  it('refuses past the limit with the seconds left in the window', () => {
    const limiter = new RateLimiter(2, 60_000);
    expect(limiter.hit('a', 0)).toBeNull();
    expect(limiter.hit('a', 1)).toBeNull();
    expect(limiter.hit('a', 30_000)).toBe(30);
    expect(limiter.hit('a', 60_000)).toBeNull();
  });

  it('keeps its memory bounded under a spray of distinct keys, and still counts the keys in use', () => {
    const limiter = new RateLimiter(3, 60_000, 1000);
    limiter.hit('victim', 0);
    let largest = 0;
    for (let i = 0; i < 100_000; i++) {
      limiter.hit(`spray-${i}`, 1);
      if (i % 500 === 0) limiter.hit('victim', 1); // an account under attack stays remembered
      largest = Math.max(largest, limiter.size);
    }
    expect(largest).toBeLessThanOrEqual(1000);
    expect(limiter.hit('victim', 2)).not.toBeNull();
  });
});
