import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBackoff, createScheduler, retryDelay } from './sync-scheduler';

afterEach(() => {
  vi.useRealTimers();
});

describe('retry backoff', () => {
  const options = { initialDelayMs: 1_000, maxDelayMs: 60_000 };

  it('doubles the delay with each failure in a row, up to the cap', () => {
    const top = (failures: number) => retryDelay(failures, { ...options, random: () => 0.999999 });
    expect([1, 2, 3, 4].map((n) => Math.round(top(n)))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(Math.round(top(7))).toBe(60_000);
    expect(Math.round(top(500))).toBe(60_000);
  });

  it('jitters within the upper half of the delay', () => {
    expect(retryDelay(3, { ...options, random: () => 0 })).toBe(2_000);
    expect(retryDelay(3, { ...options, random: () => 0.5 })).toBe(3_000);
  });

  it('starts over after a success', () => {
    const backoff = createBackoff({ ...options, random: () => 0 });
    expect([backoff.failed(), backoff.failed(), backoff.failed()]).toEqual([500, 1_000, 2_000]);
    backoff.reset();
    expect(backoff.failed()).toBe(500);
  });
});

/** A cycle that waits until released, counting its runs. */
function gatedCycle() {
  let release = () => {};
  const cycle = vi.fn(
    () =>
      new Promise<void>((resolve) => {
        release = resolve;
      }),
  );
  return { cycle, release: () => release() };
}

/** A scheduler of an instant cycle, on fake timers. */
function onFakeTimers() {
  vi.useFakeTimers();
  const cycle = vi.fn(async () => {});
  return { cycle, scheduler: createScheduler({ cycle, healthy: () => true }) };
}

describe('sync scheduler', () => {
  it('runs one cycle at a time; calls during it ask for one more round, not one each', async () => {
    const { cycle, release } = gatedCycle();
    const scheduler = createScheduler({ cycle, healthy: () => true });
    const first = scheduler.run();
    const second = scheduler.run();
    const third = scheduler.run();
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(cycle).toHaveBeenCalledTimes(1);
    release();
    await vi.waitFor(() => expect(cycle).toHaveBeenCalledTimes(2));
    release();
    await first;
    expect(cycle).toHaveBeenCalledTimes(2);
  });

  it('does not go round again after a failed cycle: the retry timer takes over', async () => {
    let cycles = 0;
    const scheduler = createScheduler({
      cycle: async () => {
        cycles++;
        if (cycles < 3) scheduler.again(); // bounded, so a regression fails instead of spinning
      },
      healthy: () => false,
    });
    await scheduler.run();
    expect(cycles).toBe(1);
  });

  it('retries after the delay while started, and never once stopped', async () => {
    const { cycle, scheduler } = onFakeTimers();
    scheduler.retryIn(100);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(cycle).not.toHaveBeenCalled(); // not started yet

    scheduler.start(0);
    scheduler.retryIn(100);
    scheduler.retryIn(200); // replaces the first
    await vi.advanceTimersByTimeAsync(1_000);
    expect(cycle).toHaveBeenCalledTimes(1);

    scheduler.retryIn(100);
    scheduler.stop();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(cycle).toHaveBeenCalledTimes(1);
  });

  it('runs on its interval until stopped', async () => {
    const { cycle, scheduler } = onFakeTimers();
    scheduler.start(1_000);
    await vi.advanceTimersByTimeAsync(3_500);
    expect(cycle).toHaveBeenCalledTimes(3);
    scheduler.stop();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(cycle).toHaveBeenCalledTimes(3); // none after stop
  });
});
