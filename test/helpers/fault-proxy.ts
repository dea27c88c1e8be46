/**
 * A fault-injecting HTTP proxy on loopback for reliability tests: with a seeded random source it drops,
 * delays, duplicates, reorders and cuts requests between sync clients and a real store.
 */
import {
  Agent,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { seededRandom } from '../../src/core/seeded-random';

/**
 * - `drop`: the connection is reset before anything reaches the store.
 * - `delay`: forwarded after a pause.
 * - `duplicate`: forwarded, and a second copy follows a little later (its answer is thrown away).
 * - `reorder`: held back until a later request went through (or a short time passed), then forwarded.
 * - `cut`: forwarded; the store answers (and has committed), but the connection breaks part-way
 *   through the response.
 */
export const FAULT_KINDS = ['drop', 'delay', 'duplicate', 'reorder', 'cut'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultProxyOptions {
  /** The store's origin, e.g. `http://127.0.0.1:1234`. */
  target: string;
  /** Seeds the random source that picks faults, so a failing run can be replayed (timing permitting). */
  seed: number;
  /** The share of requests that get a fault while faults are on (0–1). */
  rate?: number;
  /** Which faults to inject (all by default). */
  kinds?: readonly FaultKind[];
  /** Longest pause for `delay` and for the second copy of `duplicate`. */
  maxDelayMs?: number;
  /** Longest time `reorder` holds a request when nothing overtakes it. */
  maxHoldMs?: number;
}

export interface FaultProxy {
  /** `http://127.0.0.1:PORT`: clients use this as the store URL. */
  url: string;
  /** Turns fault injection on or off; requests in flight finish as they were planned. */
  enabled: boolean;
  /** Faults injected so far, by kind. */
  readonly faults: Record<FaultKind, number>;
  /** Requests forwarded untouched. */
  readonly clean: number;
  /** Every fault injected, for a failing test's message: `kind METHOD path`. */
  readonly log: readonly string[];
  /** Resolves when nothing is held, delayed or in flight (late duplicates included). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
  'host',
]);

function forwardable(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) out[name] = value;
  }
  return out;
}

interface Upstream {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const random = seededRandom(options.seed);
  const rate = options.rate ?? 0.35;
  const kinds = options.kinds ?? FAULT_KINDS;
  const maxDelay = options.maxDelayMs ?? 500;
  const maxHold = options.maxHoldMs ?? 700;
  // Many clients and late duplicates at once: never queue behind Node's socket limit.
  const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

  const faults = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  const log: string[] = [];
  let clean = 0;
  let enabled = true;
  let busy = 0;
  let idleWaiters: (() => void)[] = [];
  /** Requests held back by `reorder`: released when a later one has gone through. */
  let held: (() => void)[] = [];
  const sockets = new Set<Socket>();

  const track = async <T>(work: () => Promise<T>): Promise<T> => {
    busy++;
    try {
      return await work();
    } finally {
      busy--;
      if (busy === 0) {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const w of waiters) w();
      }
    }
  };

  const releaseHeld = () => {
    const release = held;
    held = [];
    for (const r of release) r();
  };

  /** Sends one buffered request to the store and buffers its answer. */
  const forward = (req: IncomingMessage, body: Buffer): Promise<Upstream> =>
    new Promise((resolve, reject) => {
      const upstream = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...forwardable(req.headers), 'content-length': String(body.length) },
          agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 502,
              headers: res.headers,
              body: Buffer.concat(chunks),
            }),
          );
          res.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });

  const reply = (res: ServerResponse, upstream: Upstream, cutAt?: number) => {
    const headers = forwardable(upstream.headers);
    headers['content-length'] = String(upstream.body.length);
    res.writeHead(upstream.status, headers);
    if (cutAt === undefined) {
      res.end(upstream.body);
      return;
    }
    // Part of the body, then the connection breaks: the client cannot tell whether the store committed.
    res.write(upstream.body.subarray(0, cutAt), () => res.socket?.destroy());
  };

  const fail = (res: ServerResponse) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ error: { code: 'bad_gateway', message: 'The store did not answer.' } }),
    );
  };

  /** The live channel is streamed, not buffered; it can be dropped or cut after a while. */
  const stream = (req: IncomingMessage, res: ServerResponse, fault: FaultKind | null) => {
    if (fault === 'drop') {
      req.socket.destroy();
      return;
    }
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: forwardable(req.headers),
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, forwardable(up.headers));
        up.pipe(res);
        if (fault === 'cut') {
          const timer = setTimeout(
            () => {
              up.destroy();
              res.socket?.destroy();
            },
            200 + random() * 2_000,
          );
          res.on('close', () => clearTimeout(timer));
        }
      },
    );
    upstream.on('error', () => res.socket?.destroy());
    res.on('close', () => upstream.destroy());
    upstream.end();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const fault =
      enabled && random() < rate ? (kinds[Math.floor(random() * kinds.length)] ?? null) : null;
    const what = `${req.method} ${req.url?.split('?')[0]}`;
    if (req.url?.startsWith('/api/v1/sync/events')) {
      if (fault === 'drop' || fault === 'cut') {
        faults[fault]++;
        log.push(`${fault} ${what}`);
      } else clean++;
      stream(req, res, fault === 'drop' || fault === 'cut' ? fault : null);
      return;
    }

    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (fault) {
      faults[fault]++;
      log.push(`${fault} ${what}`);
    } else clean++;

    await track(async () => {
      try {
        switch (fault) {
          case 'drop':
            req.socket.destroy();
            return;
          case 'delay':
            await sleep(random() * maxDelay);
            break;
          case 'reorder':
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, 50 + random() * maxHold);
              held.push(() => {
                clearTimeout(timer);
                resolve();
              });
            });
            break;
          case 'duplicate': {
            const pause = random() * maxDelay;
            void track(async () => {
              await sleep(pause);
              await forward(req, body).catch(() => undefined);
            });
            break;
          }
          default:
        }
        const upstream = await forward(req, body);
        // Anything held back before this one now arrives after it.
        if (fault !== 'reorder') releaseHeld();
        if (fault === 'cut') reply(res, upstream, Math.floor(random() * upstream.body.length));
        else reply(res, upstream);
      } catch {
        fail(res);
      }
    });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => fail(res));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A client that vanishes mid-request must not take the test process down.
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get enabled() {
      return enabled;
    },
    set enabled(value: boolean) {
      enabled = value;
      if (!value) releaseHeld();
    },
    faults,
    get clean() {
      return clean;
    },
    log,
    idle: () =>
      busy === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        releaseHeld();
        for (const socket of sockets) socket.destroy();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}
