/**
 * Store latency (issue 2): p50/p95 of pull (100 changes), push (a batch of 20 createPractice), search and
 * expert lookup, one client over real HTTP on loopback, against a store seeded with 100,000 practices.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '../src/core/ids';
import { pick, practiceText, prng, searchQueries, TOPICS, topicWords } from './fixtures/corpus';
import {
  type DatasetManifest,
  type DatasetSpec,
  postgresBase,
  postgresDataset,
  sqliteDataset,
} from './fixtures/dataset';
import { expectOk, httpClient } from './lib/http';
import { type StoreProcess, startStoreProcess } from './lib/store-process';
import { ascending, quantile, type Recorder } from './report';

export type Engine = 'sqlite' | 'postgres';

export const storeSpec = (quick: boolean): DatasetSpec => ({
  name: 'store',
  practices: quick ? 5_000 : 100_000,
  users: quick ? 500 : 2_000,
  communities: 50,
  maxMembershipsPerUser: 4,
  questionRatio: 0.2,
  seed: 2,
});

export interface PreparedStore {
  engine: Engine;
  store: StoreProcess;
  manifest: DatasetManifest;
  /** The PostgreSQL database the store runs on, for more processes on the same data. */
  databaseUrl?: string;
  dispose(): Promise<void>;
}

/** Engines to measure: SQLite always, PostgreSQL when DATABASE_URL is set or the local server answers. */
export async function availableEngines(): Promise<{ engines: Engine[]; postgres: string | null }> {
  const postgres = await postgresBase();
  return { engines: postgres ? ['sqlite', 'postgres'] : ['sqlite'], postgres };
}

/** A store child process on a fresh copy of the cached data set. */
export async function prepareStore(
  engine: Engine,
  spec: DatasetSpec,
  postgres: string | null,
  rec: Recorder,
  /** The store's environment beyond the defaults (e.g. `COP_READ_CACHE_MB`). */
  env: Record<string, string> = {},
): Promise<PreparedStore> {
  const runDir = mkdtempSync(join(tmpdir(), 'cop-bench-'));
  const started = performance.now();
  let dropDatabase = async () => {};
  let manifest: DatasetManifest;
  let store: StoreProcess;
  let databaseUrl: string | undefined;
  try {
    if (engine === 'sqlite') {
      const data = await sqliteDataset(spec, runDir);
      manifest = data.manifest;
      if (data.seeded) console.log(`  seeded ${spec.name} data set on SQLite`);
      store = await startStoreProcess({ dataDir: data.dataDir, env });
    } else {
      const data = await postgresDataset(spec, postgres!);
      manifest = data.manifest;
      dropDatabase = data.drop;
      if (data.seeded) console.log(`  seeded ${spec.name} data set on PostgreSQL`);
      databaseUrl = data.url;
      store = await startStoreProcess({ dataDir: runDir, databaseUrl, env });
    }
  } catch (error) {
    await dropDatabase();
    rmSync(runDir, { recursive: true, force: true });
    throw error;
  }
  rec.note(`dataset ${spec.name}`, {
    key: manifest.key,
    counts: manifest.counts,
    seedSeconds: manifest.seedSeconds,
  });
  console.log(
    `  ${engine}: ${manifest.counts.practices} practices ready in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return {
    engine,
    store,
    manifest,
    databaseUrl,
    dispose: async () => {
      await store.stop();
      await dropDatabase();
      rmSync(runDir, { recursive: true, force: true });
    },
  };
}

/** A batch of `size` createPractice mutations as a client would push them. */
export function practiceBatch(
  rand: () => number,
  communities: string[],
  firstId: number,
  size: number,
) {
  return Array.from({ length: size }, (_, i) => {
    const topic = pick(rand, TOPICS);
    const { title, body } = practiceText(rand, topic, pick(rand, TOPICS));
    return {
      id: firstId + i,
      name: 'createPractice',
      args: {
        // The id a client makes (UUIDv7, time-ordered): random ids would scatter every index insert.
        id: newId(),
        community: pick(rand, communities),
        title,
        body,
        kind: 'method',
        tags: [topic],
        source: {
          url: `https://intranet.example.org/wiki/${topic}`,
          title: topicWords(topic),
          quote: { exact: body.split('. ')[0] ?? title, prefix: '', suffix: '' },
        },
      },
    };
  });
}

/**
 * What a member types: mostly the topics of their own communities, sometimes everyday words.
 * Topics from elsewhere find nothing, which would flatter the figures.
 */
export function memberQueries(manifest: DatasetManifest, communities: string[]) {
  const own = communities.flatMap((c) => manifest.topics[c] ?? []).map(topicWords);
  const rand = prng(5);
  const general = searchQueries(rand, 32);
  const queries = [
    ...own,
    ...own.map((t) => `${t.split(' ')[0]} ${pick(rand, general).split(' ')[0]}`),
    ...general,
  ];
  return { queries, topics: own };
}

interface Op {
  name: string;
  run: () => Promise<{ ms: number; bytes: number }>;
}

/** p50 and p95 of each operation, once per round; the figure is the median over rounds. */
export async function benchStoreLatency(
  rec: Recorder,
  prepared: PreparedStore,
  options: { rounds: number; samples: number; warmup: number },
) {
  const { engine, store, manifest } = prepared;
  const section = `Store latency (${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'})`;
  const member = manifest.members[0];
  if (!member) throw new Error('The data set has no typical member to measure with.');
  // Every answer computed, not served from the store's read cache: this measures the queries themselves.
  const client = httpClient(store.url, member.token, { 'cache-control': 'no-cache' });
  const rand = prng(99);
  const { queries, topics } = memberQueries(manifest, member.communities);
  const pullClient = `bench-pull-${randomUUID()}`;
  let pushClient = `bench-push-${randomUUID()}`;
  let nextMutation = 1;

  const ops: Op[] = [
    {
      name: 'pull (100 changes)',
      run: async () => {
        // Anywhere in history, so the page cache cannot serve the same rows every time.
        const since = Math.floor(rand() * manifest.headVersion * 0.9);
        const r = expectOk(
          await client.request(
            'GET',
            `/api/v1/sync/pull?since=${since}&limit=100&clientId=${pullClient}`,
          ),
          'pull',
        );
        const changes = (JSON.parse(r.body) as { changes: unknown[] }).changes.length;
        if (changes !== 100) throw new Error(`pull returned ${changes} changes, not 100`);
        return r;
      },
    },
    {
      name: 'push (batch of 20 createPractice)',
      run: async () => {
        const mutations = practiceBatch(rand, member.communities, nextMutation, 20);
        nextMutation += 20;
        const r = expectOk(
          await client.request('POST', '/api/v1/sync/push', { clientId: pushClient, mutations }),
          'push',
        );
        const results = (JSON.parse(r.body) as { results: { status: string }[] }).results;
        const applied = results.filter((x) => x.status === 'applied').length;
        if (applied !== 20)
          throw new Error(`push applied ${applied} of 20: ${r.body.slice(0, 300)}`);
        return r;
      },
    },
    {
      name: 'search /practices?q=',
      run: async () =>
        expectOk(
          await client.request(
            'GET',
            `/api/v1/practices?q=${encodeURIComponent(pick(rand, queries))}&limit=20`,
          ),
          'search',
        ),
    },
    {
      name: 'expert lookup /experts?topic=',
      run: async () =>
        expectOk(
          await client.request(
            'GET',
            `/api/v1/experts?topic=${encodeURIComponent(pick(rand, topics))}`,
          ),
          'experts',
        ),
    },
  ];

  try {
    // Warm-up: JIT, statement caches and the page cache, as on a store that has been running.
    for (const op of ops) for (let i = 0; i < options.warmup; i++) await op.run();
    const p50: number[][] = ops.map(() => []);
    const p95: number[][] = ops.map(() => []);
    const bytes: number[][] = ops.map(() => []);
    for (let round = 0; round < options.rounds; round++) {
      pushClient = `bench-push-${randomUUID()}`;
      nextMutation = 1;
      for (const [i, op] of ops.entries()) {
        const times: number[] = [];
        for (let s = 0; s < options.samples; s++) {
          const r = await op.run();
          times.push(r.ms);
          bytes[i]!.push(r.bytes);
        }
        const sorted = ascending(times);
        p50[i]!.push(quantile(sorted, 0.5));
        p95[i]!.push(quantile(sorted, 0.95));
      }
    }
    const goal = engine === 'sqlite' ? { op: '<=' as const, value: 10 } : undefined;
    for (const [i, op] of ops.entries()) {
      rec.add({ section, name: `${op.name} p50`, unit: 'ms', runs: p50[i]! });
      rec.add({
        section,
        name: `${op.name} p95`,
        unit: 'ms',
        runs: p95[i]!,
        goal,
        note: `${options.samples} requests per run, median response ${Math.round(quantile(ascending(bytes[i]!), 0.5) / 102.4) / 10} KB`,
      });
    }
  } finally {
    client.close();
  }
}
