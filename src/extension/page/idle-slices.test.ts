import { afterEach, expect, test, vi } from 'vitest';
import { idleScheduler, inIdleSlices } from './idle-slices';

afterEach(() => {
  vi.unstubAllGlobals();
});

const ctx = () => ({
  requestIdleCallback: vi.fn((work: IdleRequestCallback) => {
    work({ didTimeout: false, timeRemaining: () => 10 });
    return 1;
  }),
  setTimeout: vi.fn((work: () => void) => {
    work();
    return 1;
  }),
});

test('idle periods come from requestIdleCallback with a timeout, through the script context', () => {
  vi.stubGlobal('requestIdleCallback', () => 0);
  const c = ctx();
  const work = vi.fn();
  idleScheduler(c, 2_000)(work);
  expect(c.requestIdleCallback).toHaveBeenCalledWith(work, { timeout: 2_000 });
  expect(c.setTimeout).not.toHaveBeenCalled();
});

test('a browser without requestIdleCallback gets timers with a short fixed slice', () => {
  vi.stubGlobal('requestIdleCallback', undefined);
  const c = ctx();
  const remaining: number[] = [];
  idleScheduler(c, 2_000)((slice) => remaining.push(slice.timeRemaining()));
  expect(c.requestIdleCallback).not.toHaveBeenCalled();
  expect(remaining).toEqual([3]);
});

test('work goes on slice after slice until it says it is done', async () => {
  let steps = 0;
  let slices = 0;
  const idle = (work: (s: { timeRemaining(): number }) => void) => {
    slices++;
    queueMicrotask(() => work({ timeRemaining: () => 0 }));
  };
  let t = 0;
  await inIdleSlices(
    idle,
    (more) => {
      do steps++;
      while (steps < 10 && more());
      return steps >= 10;
    },
    { now: () => t++ },
  );
  expect(steps).toBe(10);
  expect(slices).toBeGreaterThan(1);
});
