/**
 * Mixed traffic (issue 18): hundreds of distinct reads of 50 members (pulls near the head and some far
 * behind, lists by community and tag, searches, expert topics) while a writer captures 50 practices a
 * second, side by side with the bare one-row endpoint in the same run. At 20,000 and 100,000 practices on
 * SQLite with the read cache on and off, and on PostgreSQL with two store processes sharing the database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DatasetManifest, type DatasetSpec, sqliteDataset } from './fixtures/dataset';
import type { LoadRequest, LoadResult } from './lib/load-generator';
import { cpuMsOf, type StoreProcess, startStoreProcess } from './lib/store-process';
import { wrkPath } from './lib/wrk';
import {
  CONNECTIONS,
  load,
  mixedRequests,
  startBareServer,
  startWriter,
  WRITES_PER_SECOND,
} from './load';
import type { Recorder } from './report';
import { prepareStore, storeSpec } from './store';

/** Distinct requests in the mix: every one is asked again and again, as members poll and browse. */
const DISTINCT = 600;

const sized = (practices: number): DatasetSpec => ({
  ...storeSpec(false),
  name: practices === 100_000 ? 'store' : `mixed-${practices / 1000}k`,
  practices,
});

interface Run {
  quick: boolean;
  generator: 'wrk' | 'node';
}

/**
 * Rounds of: the bare endpoint alone, then the mix on `stores` (connections shared among them) while the
 * writer captures through the first. Each figure has one value per round.
 */
async function measure(
  rec: Recorder,
  section: string,
  stores: StoreProcess[],
  manifest: DatasetManifest,
  bareUrl: string,
  { quick, generator }: Run,
) {
  const rounds = quick ? 2 : 3;
  const durationMs = quick ? 2_000 : 8_000;
  const requests = mixedRequests(manifest, DISTINCT);
  const share = Math.floor(CONNECTIONS / stores.length);
  const onStores = (ms: number) =>
    Promise.all(
      stores.map((store) =>
        load({ url: store.url, connections: share, durationMs: ms, requests }, generator),
      ),
    );
  // Warm-up: JIT, statement caches, page cache, and the read cache's first answers.
  await load(
    { url: bareUrl, connections: CONNECTIONS, durationMs: quick ? 500 : 2_000, requests: BARE },
    generator,
  );
  await onStores(quick ? 1_000 : 3_000);
  const figures = {
    rps: [] as number[],
    p50: [] as number[],
    p99: [] as number[],
    cpu: [] as number[],
  };
  const bare = { rps: [] as number[], p50: [] as number[], p99: [] as number[] };
  const ratio: number[] = [];
  let captured = 0;
  let failedWrites = 0;
  let failed = 0;
  let sent = 0;
  const writer = manifest.members[0]!;
  for (let round = 0; round < rounds; round++) {
    const base = await load(
      { url: bareUrl, connections: CONNECTIONS, durationMs, requests: BARE },
      generator,
    );
    const capturing = startWriter(
      stores[0]!.url,
      writer.token,
      writer.communities[0]!,
      WRITES_PER_SECOND,
    );
    const cpuBefore = stores.map((store) => cpuMsOf(store.pid));
    const results = await onStores(durationMs);
    const wrote = capturing.stop();
    const cpuMs = stores.reduce((sum, store, i) => sum + cpuMsOf(store.pid) - cpuBefore[i]!, 0);
    captured += wrote.captured;
    failedWrites += wrote.failed;
    const mix = combined(results);
    failed += mix.errors + base.errors;
    sent += mix.requests + base.requests;
    figures.rps.push(mix.rps);
    figures.p50.push(mix.p50Ms);
    figures.p99.push(mix.p99Ms);
    figures.cpu.push(cpuMs / (mix.requests + wrote.captured));
    bare.rps.push(base.rps);
    bare.p50.push(base.p50Ms);
    bare.p99.push(base.p99Ms);
    ratio.push(mix.rps / base.rps);
  }
  if (failed > sent / 100)
    throw new Error(`${failed} of ${sent} requests failed:\n${stores[0]!.output().slice(-2000)}`);
  const note = `${DISTINCT} distinct requests, ${CONNECTIONS} connections, ${durationMs / 1000} s × ${rounds} rounds, ${generator}; ${captured} captured (${failedWrites} failed)`;
  rec.add({ section, name: 'mixed + writer throughput', unit: 'req/s', runs: figures.rps, note });
  rec.add({ section, name: 'mixed + writer p50', unit: 'ms', runs: figures.p50 });
  rec.add({
    section,
    name: 'mixed + writer p99',
    unit: 'ms',
    runs: figures.p99,
    goal: { op: '<=', value: 50 },
  });
  rec.add({
    section,
    name: 'store CPU per request',
    unit: 'ms',
    runs: figures.cpu,
    note: 'user + system time of the store processes over the round / requests answered (reads and captures)',
  });
  rec.add({ section, name: 'bare one-row endpoint', unit: 'req/s', runs: bare.rps });
  rec.add({ section, name: 'bare p50', unit: 'ms', runs: bare.p50 });
  rec.add({ section, name: 'bare p99', unit: 'ms', runs: bare.p99 });
  rec.add({
    section,
    name: 'ratio mixed + writer / bare',
    unit: '',
    runs: ratio,
    goal: { op: '>=', value: 0.25 },
  });
  rec.add({
    section,
    name: 'failed requests',
    unit: '',
    runs: [failed],
    goal: { op: '=', value: 0 },
  });
}

const BARE: LoadRequest[] = [{ path: '/row' }];

/** Several generators at once, as one: throughput adds up; the slowest one's percentiles stand. */
function combined(results: LoadResult[]) {
  const sum = (f: (r: LoadResult) => number) => results.reduce((total, r) => total + f(r), 0);
  const slowest = (f: (r: LoadResult) => number) => Math.max(...results.map(f));
  return {
    requests: sum((r) => r.requests),
    errors: sum((r) => r.errors),
    rps: sum((r) => r.rps),
    p50Ms: slowest((r) => r.p50Ms),
    p99Ms: slowest((r) => r.p99Ms),
  };
}

export async function benchMixed(
  rec: Recorder,
  { quick, postgres }: { quick: boolean; postgres: string | null },
) {
  const run: Run = {
    quick,
    generator: process.argv.includes('--generator=node') || !wrkPath() ? 'node' : 'wrk',
  };
  // `--practices=20000` measures one size only (a full run takes both).
  const only = process.argv.find((a) => a.startsWith('--practices='))?.split('=')[1];
  const specs = quick
    ? [storeSpec(true)]
    : (only?.split(',').map(Number) ?? [20_000, 100_000]).map(sized);
  for (const spec of specs) {
    const size = `${spec.practices / 1000}k`;
    const bareDir = mkdtempSync(join(tmpdir(), 'cop-bench-bare-'));
    const bareData = await sqliteDataset(spec, bareDir);
    const bare = await startBareServer(join(bareData.dataDir, 'cop.sqlite'));
    try {
      for (const cache of ['on', 'off'] as const) {
        const prepared = await prepareStore(
          'sqlite',
          spec,
          null,
          rec,
          cache === 'off' ? { COP_READ_CACHE_MB: '0' } : {},
        );
        try {
          const section = `Mixed traffic, SQLite, ${size} practices, read cache ${cache}`;
          await measure(rec, section, [prepared.store], prepared.manifest, bare.url, run);
        } finally {
          await prepared.dispose();
        }
      }
      // Two store processes on one PostgreSQL, at the smaller size only (seeding 100k there takes long).
      if (postgres && spec === specs[0]) {
        const prepared = await prepareStore('postgres', spec, postgres, rec);
        const dataDir = mkdtempSync(join(tmpdir(), 'cop-bench-second-'));
        let second: StoreProcess | undefined;
        try {
          second = await startStoreProcess({ dataDir, databaseUrl: prepared.databaseUrl });
          const section = `Mixed traffic, PostgreSQL, ${size} practices, two store processes`;
          await measure(rec, section, [prepared.store, second], prepared.manifest, bare.url, run);
        } finally {
          await second?.stop();
          await prepared.dispose();
          rmSync(dataDir, { recursive: true, force: true });
        }
      }
    } finally {
      await bare.stop();
      rmSync(bareDir, { recursive: true, force: true });
    }
  }
}
