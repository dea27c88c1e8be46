/**
 * Page work that must never hold up the page (reading it for prompts, anchoring highlights) runs a
 * slice at a time in the browser's idle periods, stopping when each period's deadline comes.
 */

/** The part of an idle callback's deadline the work uses. */
export interface IdleSlice {
  timeRemaining(): number;
}

/** Runs `work` when the browser is idle. */
export type IdleScheduler = (work: (slice: IdleSlice) => void) => void;

/** Leaves this much of each idle period to the browser. */
const SLICE_MARGIN_MS = 1;
/** Works at least this long per slice, so a page that is never idle (the callback timed out) still gets done. */
const MIN_SLICE_MS = 3;

/**
 * `requestIdleCallback` with a timeout, through `ctx` (the content script context, so nothing runs
 * once it is invalidated); where a browser has none, a timer with a fixed slice.
 */
export function idleScheduler(
  ctx: {
    requestIdleCallback(work: IdleRequestCallback, options?: IdleRequestOptions): number;
    setTimeout(work: () => void, ms: number): number;
  },
  timeout: number,
): IdleScheduler {
  if (typeof requestIdleCallback === 'function') {
    return (work) => ctx.requestIdleCallback(work, { timeout });
  }
  return (work) => ctx.setTimeout(() => work({ timeRemaining: () => MIN_SLICE_MS }), 16);
}

/**
 * Calls `step` in idle slices until it says it is done. `step` works while `more()` holds (the
 * slice has time left) and returns true when finished.
 */
export function inIdleSlices(
  idle: IdleScheduler,
  step: (more: () => boolean) => boolean,
  clock: { now(): number } = performance,
): Promise<void> {
  return new Promise((resolve) => {
    const slice = (deadline: IdleSlice) => {
      const until =
        clock.now() + Math.max(deadline.timeRemaining() - SLICE_MARGIN_MS, MIN_SLICE_MS);
      if (step(() => clock.now() < until)) resolve();
      else idle(slice);
    };
    idle(slice);
  });
}
