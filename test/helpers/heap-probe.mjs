/**
 * Preloaded into a store child by the load test (NODE_OPTIONS="--expose-gc --import …"): on SIGUSR2 it runs a
 * full garbage collection and prints the live heap, so a leak shows as growth no collection reclaims.
 */
import { getHeapStatistics } from 'node:v8';

process.on('SIGUSR2', () => {
  globalThis.gc?.();
  process.stderr.write(`heap-probe heap=${getHeapStatistics().used_heap_size}\n`);
});
