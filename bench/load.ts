/**
 * Store throughput under load (issue 2): 50 keep-alive connections on loopback sending mixed reads (pull,
 * practice lists, search, experts), against a bare one-row SQLite endpoint on the same framework in the
 * same run; the store runs in its own process, the generator (wrk, or a worker thread) in another.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureOutput } from '../test/helpers/child-process';
import { pick, prng } from './fixtures/corpus';
import { type DatasetManifest, type DatasetSpec, ROOT, sqliteDataset } from './fixtures/dataset';
import {
  generateLoad,
  type LoadOptions,
  type LoadRequest,
  type LoadResult,
} from './lib/load-generator';
import { freePort, rssOf, waitForHealth } from './lib/store-process';
import { runWrk, wrkPath } from './lib/wrk';
import type { Recorder } from './report';
import { type Engine, memberQueries, prepareStore } from './store';

export const CONNECTIONS = 50;

/** The read mix: every client polls, many browse, fewer search, fewest look for an expert. */
export const MIX = { pull: 0.4, list: 0.25, search: 0.2, experts: 0.15 } as const;
/** Of the pulls, those of a client that was away and catches up from far behind the head. */
const FAR_BEHIND = 0.1;

/**
 * `count` requests of 50 members, drawn from the mix: pulls near the head (some far behind), lists of a
 * community, a tag (the community's topics) or everything, searches of the member's words, expert topics.
 */
export function mixedRequests(manifest: DatasetManifest, count: number): LoadRequest[] {
  const rand = prng(11);
  const members = manifest.members.slice(0, CONNECTIONS);
  const requests: LoadRequest[] = [];
  for (let i = 0; i < count; i++) {
    const member = members[i % members.length]!;
    const { queries, topics } = memberQueries(manifest, member.communities);
    const community = pick(rand, member.communities);
    const r = rand();
    let path: string;
    if (r < MIX.pull) {
      // Mostly a client that is nearly caught up (the usual poll after a "pull now"); some come back from afar.
      const since =
        rand() < FAR_BEHIND
          ? Math.floor(rand() * manifest.headVersion)
          : manifest.headVersion - Math.floor(rand() * 200);
      path = `/api/v1/sync/pull?since=${since}&clientId=bench-load-${i % members.length}`;
    } else if (r < MIX.pull + MIX.list) {
      const tag = pick(rand, manifest.topics[community] ?? ['']);
      const lists = [
        `/api/v1/practices?community=${community}&limit=20`,
        '/api/v1/practices?limit=20',
        `/api/v1/practices?community=${community}&tag=${encodeURIComponent(tag)}&limit=20`,
        `/api/v1/practices?tag=${encodeURIComponent(tag)}&limit=20`,
      ];
      path = pick(rand, lists);
    } else if (r < MIX.pull + MIX.list + MIX.search) {
      path = `/api/v1/practices?q=${encodeURIComponent(pick(rand, queries))}&limit=20`;
    } else {
      path = `/api/v1/experts?topic=${encodeURIComponent(pick(rand, topics))}`;
    }
    requests.push({ path, token: member.token });
  }
  return requests;
}

/** Sends each request once, `concurrency` at a time, and answers the throughput in requests per second. */
async function onePass(url: string, requests: LoadRequest[], concurrency: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < requests.length) {
      const r = requests[next++]!;
      await new Promise<void>((resolve, reject) => {
        const req = http.get(
          `${url}${r.path}`,
          { agent, headers: r.token ? { authorization: `Bearer ${r.token}` } : {} },
          (res) => {
            res.resume();
            res.on('end', () =>
              res.statusCode === 200
                ? resolve()
                : reject(new Error(`${r.path}: ${res.statusCode}`)),
            );
          },
        );
        req.on('error', reject);
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return requests.length / ((performance.now() - started) / 1000);
}

/**
 * A person capturing practices while others read (issue 18): one POST every `1000 / perSecond` ms through
 * its own connection, until stopped; answers how many were captured and how many failed.
 */
export function startWriter(url: string, token: string, community: string, perSecond: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  let captured = 0;
  let failed = 0;
  let n = 0;
  const capture = () => {
    const body = JSON.stringify({ community, title: `Captured under load ${n++}`, tags: ['load'] });
    const req = http.request(
      `${url}/api/v1/practices`,
      {
        method: 'POST',
        agent,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 201 ? captured++ : failed++));
      },
    );
    req.on('error', () => failed++);
    req.end(body);
  };
  const timer = setInterval(capture, 1000 / perSecond);
  return {
    stop() {
      clearInterval(timer);
      agent.destroy();
      return { captured, failed };
    },
  };
}

/** How many practices a second the writer captures during the "reads while writing" runs. */
export const WRITES_PER_SECOND = 50;

export async function load(options: LoadOptions, generator: 'wrk' | 'node'): Promise<LoadResult> {
  const wrk = generator === 'wrk' ? wrkPath() : null;
  return wrk ? runWrk(wrk, options) : generateLoad(options);
}

export async function startBareServer(file: string) {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bench', 'fixtures', 'bare-server.ts'), file, String(port)],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  let log = '';
  captureOutput(child, (text) => {
    log += text;
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(`${url}/health`, child, () => log);
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

export async function benchLoad(
  rec: Recorder,
  options: { engine: Engine; spec: DatasetSpec; postgres: string | null; quick: boolean },
) {
  const { engine, spec, postgres, quick } = options;
  const section = `Store load (${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'})`;
  const generator = process.argv.includes('--generator=node') || !wrkPath() ? 'node' : 'wrk';
  const rounds = quick ? 1 : 3;
  const durationMs = quick ? 2_000 : 10_000;
  const prepared = await prepareStore(engine, spec, postgres, rec);
  const bareDir = mkdtempSync(join(tmpdir(), 'cop-bench-bare-'));
  const bareData = await sqliteDataset(spec, bareDir);
  const bare = await startBareServer(join(bareData.dataDir, 'cop.sqlite'));
  try {
    const { store, manifest } = prepared;
    const mixed = mixedRequests(manifest, 5_000);
    // The same mix with `Cache-Control: no-cache`: every answer computed, none served from the read cache.
    const computed = mixed.map((r) => ({ ...r, fresh: true }));
    const bareRequests: LoadRequest[] = [{ path: '/row' }];
    const rssIdle = store.rssMb();

    // Warm-up of both servers: JIT, statement caches, page cache.
    const warm = quick ? 500 : 3_000;
    await load(
      { url: bare.url, connections: CONNECTIONS, durationMs: warm, requests: bareRequests },
      generator,
    );
    await load(
      { url: store.url, connections: CONNECTIONS, durationMs: warm, requests: mixed },
      generator,
    );
    // Then every distinct request of the mix once, as a store sees a new day's first readers: the rounds
    // below measure the steady state, this pass the cold one.
    const cold = await onePass(store.url, mixed, CONNECTIONS);

    const rps: number[] = [];
    const p99: number[] = [];
    const p50: number[] = [];
    const bareRps: number[] = [];
    const ratio: number[] = [];
    const computedRps: number[] = [];
    const computedP99: number[] = [];
    const writingRps: number[] = [];
    const writingP99: number[] = [];
    const writingRatio: number[] = [];
    let writes = { captured: 0, failed: 0 };
    const writer = manifest.members[0]!;
    let used = '';
    let errors = 0;
    let requests = 0;
    const details: string[] = [];
    for (let round = 0; round < rounds; round++) {
      const base = await load(
        { url: bare.url, connections: CONNECTIONS, durationMs, requests: bareRequests },
        generator,
      );
      const mix = await load(
        { url: store.url, connections: CONNECTIONS, durationMs, requests: mixed },
        generator,
      );
      const slow = await load(
        { url: store.url, connections: CONNECTIONS, durationMs, requests: computed },
        generator,
      );
      // The same mix while someone captures: every write makes cached answers stale.
      const capturing = startWriter(
        store.url,
        writer.token,
        writer.communities[0]!,
        WRITES_PER_SECOND,
      );
      const busy = await load(
        { url: store.url, connections: CONNECTIONS, durationMs, requests: mixed },
        generator,
      );
      const wrote = capturing.stop();
      writes = { captured: writes.captured + wrote.captured, failed: writes.failed + wrote.failed };
      writingRps.push(busy.rps);
      writingP99.push(busy.p99Ms);
      writingRatio.push(busy.rps / base.rps);
      errors += busy.errors;
      requests += busy.requests;
      if (busy.errors) details.push(`store, while writing: ${busy.detail}`);
      used = mix.generator;
      errors += mix.errors + base.errors + slow.errors;
      requests += mix.requests + base.requests + slow.requests;
      if (mix.errors) details.push(`store: ${mix.detail}`);
      if (slow.errors) details.push(`store, computed: ${slow.detail}`);
      computedRps.push(slow.rps);
      computedP99.push(slow.p99Ms);
      if (base.errors) details.push(`bare: ${base.detail}`);
      bareRps.push(base.rps);
      rps.push(mix.rps);
      p50.push(mix.p50Ms);
      p99.push(mix.p99Ms);
      ratio.push(mix.rps / base.rps);
    }
    // A few failures under overload are a finding; many mean the benchmark measured errors, not work.
    if (errors > requests / 100)
      throw new Error(
        `${errors} of ${requests} requests failed (${details.join('; ')}):\n${store.output().slice(-2000)}`,
      );
    const rssAfter = store.rssMb();
    const note = `${CONNECTIONS} connections, ${durationMs / 1000} s per run, ${used}`;
    const sqlite = engine === 'sqlite';
    rec.add({
      section,
      name: 'mixed reads throughput',
      unit: 'req/s',
      runs: rps,
      goal: sqlite ? { op: '>=', value: 10_000 } : undefined,
      note,
    });
    rec.add({ section, name: 'mixed reads latency p50', unit: 'ms', runs: p50 });
    rec.add({
      section,
      name: 'mixed reads latency p99',
      unit: 'ms',
      runs: p99,
      goal: sqlite ? { op: '<', value: 25 } : undefined,
    });
    rec.add({
      section,
      name: 'mixed reads, first pass over the distinct requests (cold)',
      unit: 'req/s',
      runs: [cold],
      note: `${mixed.length} requests, each once, ${CONNECTIONS} at a time`,
    });
    rec.add({
      section,
      name: 'mixed reads, every answer computed (no-cache)',
      unit: 'req/s',
      runs: computedRps,
      note: 'Cache-Control: no-cache on every request: no answer from the read cache',
    });
    rec.add({ section, name: 'mixed reads, computed, p99', unit: 'ms', runs: computedP99 });
    rec.add({
      section,
      name: `mixed reads while capturing ${WRITES_PER_SECOND} practices/s`,
      unit: 'req/s',
      runs: writingRps,
      note: `${writes.captured} captured, ${writes.failed} failed`,
    });
    rec.add({
      section,
      name: 'mixed reads while capturing, p99',
      unit: 'ms',
      runs: writingP99,
      goal: sqlite ? { op: '<', value: 50 } : undefined,
    });
    rec.add({
      section,
      name: 'throughput ratio while capturing / bare',
      unit: '',
      runs: writingRatio,
      goal: sqlite ? { op: '>=', value: 0.25 } : undefined,
    });
    rec.add({ section, name: 'bare one-row SQLite endpoint (Hono)', unit: 'req/s', runs: bareRps });
    rec.add({
      section,
      name: 'throughput ratio mixed / bare',
      unit: '',
      runs: ratio,
      goal: sqlite ? { op: '>=', value: 0.4 } : undefined,
    });
    rec.add({
      section,
      name: 'failed requests under load',
      unit: '',
      runs: [errors],
      goal: { op: '=', value: 0 },
      note: details.join('; ') || undefined,
    });
    rec.add({ section, name: 'store RSS idle (after start)', unit: 'MB', runs: [rssIdle] });
    rec.add({ section, name: 'store RSS after load', unit: 'MB', runs: [rssAfter] });
    rec.add({ section, name: 'bare server RSS after load', unit: 'MB', runs: [rssOf(bare.pid)] });
    rec.note(`load mix ${engine}`, { mix: MIX, requests: mixed.length, generator: used });
  } finally {
    await bare.stop();
    rmSync(bareDir, { recursive: true, force: true });
    await prepared.dispose();
  }
}
