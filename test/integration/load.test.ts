/**
 * Load on loopback: many clients listen on the live channel while writers push and pull. No errors,
 * no lost or doubled writes, every listener hears about the last write, and the store's memory is flat.
 * `npm test` runs a short version; COP_LOAD=1 runs the full one (500 listeners, 50 writers, 60 s);
 * COP_LOAD_LISTENERS, COP_LOAD_WRITERS and COP_LOAD_SECONDS override either.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createEventParser } from '../../src/client/events';
import { makeCommunity, makeUser } from '../helpers/api';
import { startStore, type TestStore } from '../helpers/store';

const FULL = process.env.COP_LOAD === '1';
const setting = (name: string, full: number, short: number) =>
  Number(process.env[name] ?? (FULL ? full : short));
const LISTENERS = setting('COP_LOAD_LISTENERS', 500, 100);
const WRITERS = setting('COP_LOAD_WRITERS', 50, 10);
const DURATION_MS = setting('COP_LOAD_SECONDS', 60, 10) * 1_000;
/**
 * Growth from the warmed-up start to the end (both after a full GC in the store) that still counts as flat:
 * resident memory (what the brief asks for; V8 and malloc keep some pages) and the live JS heap (sharper).
 */
const RSS_BOUND_MB = FULL ? 128 : 64;
const HEAP_BOUND_MB = 16;
const COMMUNITY = 'load';

const HEAP_PROBE = fileURLToPath(new URL('../helpers/heap-probe.mjs', import.meta.url));

/** Asks the store (via the preloaded probe) for a full GC; returns its live heap and then its RSS, in MB. */
async function probe(store: TestStore, pid: number) {
  const seen = store.output().split('heap-probe').length;
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 100; i++) {
    const parts = store.output().split('heap-probe');
    if (parts.length > seen) {
      const m = (parts.at(-1) as string).match(/heap=(\d+)/);
      if (m) return { heap: Number(m[1]) / 2 ** 20, rss: rssMb(pid) };
    }
    await sleep(50);
  }
  throw new Error('the store did not answer the heap probe');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The store child's pid, found by its data directory (the helper does not expose it). */
function storePid(dataDir: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (environ.includes(`COP_DATA_DIR=${dataDir}`)) return Number(entry);
    } catch {}
  }
  throw new Error(`no process serves ${dataDir}`);
}

const rssMb = (pid: number) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return Number(line?.[1]) / 1024;
};

interface Listener {
  /** The highest version a `change` event announced. */
  version: number;
  events: number;
  error?: string;
  abort: AbortController;
  done: Promise<void>;
}

/** One client on `GET /sync/events`, read with fetch like the real client does. */
function listen(url: string, token: string): Promise<Listener> {
  const abort = new AbortController();
  const listener = { version: 0, events: 0, abort } as Listener;
  return new Promise((opened, failed) => {
    listener.done = (async () => {
      try {
        const response = await fetch(`${url}/api/v1/sync/events`, {
          headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
          signal: abort.signal,
        });
        if (response.status !== 200 || !response.body)
          throw new Error(`events answered ${response.status}`);
        opened(listener);
        const parser = createEventParser((event) => {
          if (event.event !== 'change') return;
          listener.events++;
          listener.version = Math.max(listener.version, JSON.parse(event.data).version);
        });
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) throw new Error('the store ended the stream');
          parser.push(value);
        }
      } catch (error) {
        if (!abort.signal.aborted) {
          listener.error = String(error);
          failed(error);
        }
      }
    })();
  });
}

describe(`load: ${LISTENERS} listeners, ${WRITERS} writers, ${DURATION_MS / 1000} s`, () => {
  let store: TestStore;
  const listeners: Listener[] = [];
  /** Live heap growth over the run divided by the change events delivered, in bytes. */
  let retainedPerEvent: number | undefined;

  afterAll(async () => {
    for (const l of listeners) l.abort.abort();
    await Promise.all(listeners.map((l) => l.done));
    await store?.dispose();
  });

  it(
    'serves every listener and writer without errors, losing and doubling nothing, with flat memory',
    async () => {
      store = await startStore({
        env: {
          NODE_OPTIONS: `--expose-gc --import ${HEAP_PROBE}`,
          // Hundreds of simulated listeners share ten readers' tokens, and writers push flat out.
          COP_STREAMS_PER_TOKEN: '10000',
          COP_WRITES_PER_MINUTE: '1000000',
        },
      });
      const pid = storePid(store.dataDir);
      const writers = await Promise.all(
        Array.from({ length: WRITERS }, (_, i) =>
          makeUser(store.url, store.adminToken, `Writer ${i}`),
        ),
      );
      const readers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => makeUser(store.url, store.adminToken, `Reader ${i}`)),
      );
      await makeCommunity(store.url, store.adminToken, COMMUNITY, [
        ...writers.map((w) => [w.id, 'member'] as [string, 'member']),
        ...readers.map((r) => [r.id, 'member'] as [string, 'member']),
      ]);

      for (let i = 0; i < LISTENERS; i += 50) {
        const batch = Array.from({ length: Math.min(50, LISTENERS - i) }, (_, j) =>
          listen(store.url, (readers[(i + j) % readers.length] as (typeof readers)[number]).token),
        );
        listeners.push(...(await Promise.all(batch)));
      }

      const errors: string[] = [];
      /** Practice ids the store answered `applied` for. */
      const acknowledged: string[] = [];
      let pushes = 0;
      /** Push round trips in ms. */
      const latencies: number[] = [];
      let pulls = 0;
      let lastVersion = 0;
      const lastMutation = new Map<string, number>();

      /** Connections the network reset before any answer, retried as the sync client would. */
      const resets: string[] = [];
      async function call(url: string, init: RequestInit) {
        for (let attempt = 1; ; attempt++) {
          try {
            const res = await fetch(url, init);
            return { status: res.status, body: await res.json() };
          } catch (error) {
            const cause = String((error as { cause?: unknown }).cause ?? error);
            if (attempt === 3) throw new Error(`${init.method ?? 'GET'} failed 3 times: ${cause}`);
            resets.push(cause);
          }
        }
      }

      async function write(writer: (typeof writers)[number], index: number, until: number) {
        const clientId = `load-writer-${index}`;
        let next = 1;
        let cursor = 0;
        const headers = {
          authorization: `Bearer ${writer.token}`,
          'content-type': 'application/json',
        };
        while (Date.now() < until) {
          const mutations = Array.from({ length: 1 + (next % 3) }, () => ({
            id: next++,
            name: 'createPractice',
            args: {
              id: crypto.randomUUID(),
              community: COMMUNITY,
              title: `Writer ${index} practice ${next}`,
              body: 'Written under load.',
            },
          }));
          try {
            const sent = performance.now();
            const res = await call(`${store.url}/api/v1/sync/push`, {
              method: 'POST',
              headers,
              body: JSON.stringify({ clientId, mutations }),
            });
            const body = res.body;
            latencies.push(performance.now() - sent);
            pushes++;
            if (res.status !== 200) {
              errors.push(`push ${res.status} ${JSON.stringify(body)}`);
              return;
            }
            for (const [k, r] of (body.results as { id: number; status: string }[]).entries()) {
              // `skipped` only after a retry whose first attempt the store had applied.
              if (r.status === 'applied' || r.status === 'skipped')
                acknowledged.push(mutations[k]!.args.id);
              else errors.push(`mutation ${r.id}: ${r.status}`);
            }
            lastVersion = Math.max(lastVersion, body.version);
            lastMutation.set(clientId, body.lastMutationId);

            for (;;) {
              const pulled = await call(
                `${store.url}/api/v1/sync/pull?since=${cursor}&clientId=${clientId}&limit=500`,
                { headers },
              );
              const page = pulled.body;
              pulls++;
              if (pulled.status !== 200) {
                errors.push(`pull ${pulled.status} ${JSON.stringify(page)}`);
                return;
              }
              cursor = page.cursor;
              if (!page.hasMore) break;
            }
          } catch (error) {
            errors.push(String(error));
            return;
          }
          await sleep(50 + Math.random() * 200);
        }
      }

      // Warm up, then take the baseline.
      await Promise.all(writers.map((w, i) => write(w, i + 1_000, Date.now() + 1_000)));
      await sleep(2_000);
      const start = await probe(store, pid);

      const started = Date.now();
      await Promise.all(writers.map((w, i) => write(w, i, started + DURATION_MS)));
      const elapsed = Date.now() - started;

      // Every listener hears about the last write.
      const deadline = Date.now() + 20_000;
      while (listeners.some((l) => l.version < lastVersion) && Date.now() < deadline)
        await sleep(100);
      const behind = listeners.filter((l) => l.version < lastVersion).length;
      const broken = listeners.filter((l) => l.error).map((l) => l.error);

      await sleep(3_000);
      const rssBeforeGc = rssMb(pid);
      const end = await probe(store, pid);

      const db = new Database(join(store.dataDir, 'cop.sqlite'), {
        readonly: true,
        fileMustExist: true,
      });
      let lost = 0;
      let duplicated = 0;
      try {
        const count = db.prepare('select count(*) n from practices where id = ?');
        for (const id of acknowledged) {
          const n = (count.get(id) as { n: number }).n;
          if (n === 0) lost++;
          if (n > 1) duplicated += n - 1;
        }
        const stored = (
          db
            .prepare(
              'select count(*) n from practices p join communities c on c.id = p.community_id where c.slug = ?',
            )
            .get(COMMUNITY) as { n: number }
        ).n;
        duplicated += Math.max(0, stored - acknowledged.length);
        const clients = db
          .prepare(
            "select client_id, last_mutation_id from sync_clients where client_id like 'load-writer-%'",
          )
          .all() as { client_id: string; last_mutation_id: number }[];
        for (const c of clients)
          expect(c.last_mutation_id, c.client_id).toBe(lastMutation.get(c.client_id));
      } finally {
        db.close();
      }

      const events = listeners.reduce((n, l) => n + l.events, 0);
      retainedPerEvent = ((end.heap - start.heap) * 2 ** 20) / Math.max(1, events);
      latencies.sort((a, b) => a - b);
      const percentile = (p: number) =>
        (latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0).toFixed(
          0,
        );
      console.log(
        [
          `load: ${LISTENERS} listeners, ${WRITERS} writers for ${(elapsed / 1000).toFixed(1)} s on loopback`,
          `  ${pushes} pushes, ${pulls} pulls, ${acknowledged.length} writes acknowledged, ${events} change events delivered`,
          `  push round trip: p50 ${percentile(0.5)} ms, p95 ${percentile(0.95)} ms, max ${percentile(1)} ms`,
          `  errors: ${errors.length + broken.length}; connection resets retried: ${resets.length}${resets.length ? ` (${[...new Set(resets)].join(', ')})` : ''}; listeners behind the last write (version ${lastVersion}): ${behind}`,
          `  writes lost: ${lost}, writes duplicated: ${duplicated}`,
          `  store RSS after a full GC: ${start.rss.toFixed(1)} MB after warm-up, ${end.rss.toFixed(1)} MB at the end (${rssBeforeGc.toFixed(1)} MB before that GC; bound +${RSS_BOUND_MB} MB)`,
          `  store live heap after a full GC: ${start.heap.toFixed(1)} MB -> ${end.heap.toFixed(1)} MB (bound +${HEAP_BOUND_MB} MB; ${retainedPerEvent.toFixed(0)} bytes retained per change event delivered)`,
        ].join('\n'),
      );
      expect(errors.slice(0, 5)).toEqual([]);
      // A reset of a reused keep-alive socket can happen to any HTTP client; it must stay rare.
      expect(resets.length).toBeLessThanOrEqual(Math.max(2, (pushes + pulls) / 100));
      expect(broken.slice(0, 5)).toEqual([]);
      expect(behind).toBe(0);
      expect(lost).toBe(0);
      expect(duplicated).toBe(0);
      expect(acknowledged.length).toBeGreaterThan(WRITERS * 3);
      expect(end.rss).toBeLessThan(start.rss + RSS_BOUND_MB);
      expect(end.heap).toBeLessThan(start.heap + HEAP_BOUND_MB);
    },
    (FULL ? 180 : 60) * 1_000,
  );

  // @hono/node-server 1.19 piped a streamed response with `return reader.read().then(flow)`, a promise
  // chain that kept ~100 bytes per chunk alive until the stream ended; 2.x no longer chains. The full run
  // is long enough to measure the retention reliably.
  (FULL ? it : it.skip)('retains no memory per change event on open event streams', () => {
    expect(retainedPerEvent).toBeDefined();
    expect(retainedPerEvent as number).toBeLessThan(16);
  });
});
