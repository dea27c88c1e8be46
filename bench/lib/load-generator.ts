/**
 * A closed-loop HTTP/1.1 load generator on raw keep-alive sockets (load-worker.mjs) in worker threads, so it
 * never shares an event loop with the store. Used when `wrk` is not installed; same inputs, same outputs.
 */
import { Worker } from 'node:worker_threads';

export interface LoadRequest {
  path: string;
  token?: string;
  /** Sends `Cache-Control: no-cache`: the store computes the answer instead of serving a remembered one. */
  fresh?: boolean;
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationMs: number;
  requests: LoadRequest[];
  /** Worker threads sharing the connections (default 1: on two cores the store needs the other). */
  threads?: number;
}

export interface LoadResult {
  requests: number;
  /** Responses that were not 2xx, timeouts, and sockets that failed. */
  errors: number;
  /** What the errors were. */
  detail: string;
  seconds: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  generator: string;
}

/** What one worker thread is given (see load-worker.mjs). */
interface WorkerInput {
  host: string;
  port: number;
  connections: number;
  durationMs: number;
  requests: LoadRequest[];
  offset: number;
}

interface WorkerOutput {
  requests: number;
  errors: number;
  seconds: number;
  latencies: Float64Array;
}

/** Runs the load in worker threads and merges their latencies. */
export async function generateLoad(options: LoadOptions): Promise<LoadResult> {
  const threads = options.threads ?? 1;
  const { hostname, port } = new URL(options.url);
  const outputs = await Promise.all(
    Array.from({ length: threads }, (_, t) => {
      const input: WorkerInput = {
        host: hostname,
        port: Number(port),
        connections: Math.ceil(options.connections / threads),
        durationMs: options.durationMs,
        requests: options.requests,
        offset: Math.floor((t * options.requests.length) / threads),
      };
      return new Promise<WorkerOutput>((resolve, reject) => {
        // Plain JavaScript: a worker thread does not inherit the tsx loader.
        const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), {
          workerData: input,
        });
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    }),
  );
  const all = new Float64Array(outputs.reduce((n, o) => n + o.latencies.length, 0));
  let at = 0;
  for (const o of outputs) {
    all.set(o.latencies, at);
    at += o.latencies.length;
  }
  all.sort();
  const q = (p: number) =>
    all[Math.min(all.length - 1, Math.ceil(p * all.length) - 1)] ?? Number.NaN;
  const requests = outputs.reduce((n, o) => n + o.requests, 0);
  const seconds = Math.max(...outputs.map((o) => o.seconds));
  return {
    requests,
    errors: outputs.reduce((n, o) => n + o.errors, 0),
    detail: 'non-2xx responses and socket errors',
    seconds,
    rps: requests / seconds,
    p50Ms: q(0.5),
    p90Ms: q(0.9),
    p99Ms: q(0.99),
    maxMs: all[all.length - 1] ?? Number.NaN,
    generator: `node worker (${threads} thread${threads === 1 ? '' : 's'}, raw keep-alive sockets)`,
  };
}
