/** Times `work` `rounds` times after one warm-up run (for the JIT): one value in ms per run. */
export function timed(rounds: number, work: () => unknown): number[] {
  work();
  return Array.from({ length: rounds }, () => {
    const t0 = performance.now();
    work();
    return performance.now() - t0;
  });
}
