/**
 * Sync in the browser (issue 7 item 4), in real headless Chromium with the real client library served from
 * the store's origin: first sync of 10,000 practices into IndexedDB, bytes on the wire of a one-change delta
 * pull, and local search over the cached practices, keystroke by keystroke.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Request } from '@playwright/test';
import { prng } from './fixtures/corpus';
import type { DatasetSpec } from './fixtures/dataset';
import { bundle, chromiumPath, launchPersistent } from './lib/browser';
import { expectOk, httpClient } from './lib/http';
import { ascending, quantile, type Recorder } from './report';
import { memberQueries, practiceBatch, prepareStore } from './store';

const SECTION = 'Sync in the browser';

/** Two communities of 5,000 practices each; the measured member belongs to both. */
export const browserSpec = (quick: boolean): DatasetSpec => ({
  name: 'browser',
  practices: quick ? 2_000 : 10_000,
  users: 200,
  communities: 2,
  maxMembershipsPerUser: 2,
  questionRatio: 0.2,
  seed: 3,
});

interface CopBench {
  firstSync(
    token: string,
    dbName: string,
  ): Promise<{ ms: number; counts: Record<string, number>; state: string }>;
  deltaSync(): Promise<{ ms: number; state: string }>;
  typeQueries(queries: string[]): { times: number[]; hits: number };
  deleteCache(dbName: string): Promise<void>;
}
declare const copBench: CopBench;

/** Bytes on the wire of one finished request: request and response, headers and body. */
async function wireBytes(request: Request) {
  const s = await request.sizes();
  return {
    request: s.requestHeadersSize + s.requestBodySize,
    response: s.responseHeadersSize + s.responseBodySize,
  };
}

export async function benchSyncInBrowser(rec: Recorder, { quick }: { quick: boolean }) {
  if (!chromiumPath()) {
    rec.skip(SECTION, 'no Chromium installed (set COP_CHROMIUM)');
    return;
  }
  const spec = browserSpec(quick);
  const runs = quick ? 2 : 5;
  const deltas = quick ? 2 : 5;
  const prepared = await prepareStore('sqlite', spec, null, rec);
  // A profile on disk, as a person's browser has: an incognito context keeps IndexedDB in memory, which in
  // Chromium is several times slower and grows slower with size — it would measure the wrong thing.
  const profile = mkdtempSync(join(tmpdir(), 'cop-bench-profile-'));
  const browser = await launchPersistent(profile);
  try {
    const { store, manifest } = prepared;
    const [member, writer] = manifest.members;
    if (!member || !writer)
      throw new Error('The browser data set needs two members of both communities.');
    const script = await bundle('bench/fixtures/sync-page.ts');
    const page = await browser.newPage();
    // The page and its script come from the store's origin (same origin as the API, as for the console);
    // interception ends before the first API call so it cannot slow the sync down.
    await page.route(`${store.url}/__bench/sync.html`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><meta charset="utf-8"><title>sync bench</title><body><script type="module" src="/__bench/sync.js"></script></body>',
      }),
    );
    await page.route(`${store.url}/__bench/sync.js`, (route) =>
      route.fulfill({ contentType: 'text/javascript', body: script }),
    );
    await page.goto(`${store.url}/__bench/sync.html`);
    await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
    await page.unrouteAll();

    const pulls: Request[] = [];
    page.on('requestfinished', (request) => {
      if (request.url().includes('/api/v1/sync/')) pulls.push(request);
    });

    const writerClient = httpClient(store.url, writer.token);
    const rand = prng(17);
    const { queries } = memberQueries(manifest, member.communities);
    const typed = queries.filter((_, i) => i % 3 === 0).slice(0, quick ? 8 : 24);
    const firstMs: number[] = [];
    const firstKb: number[] = [];
    const firstRequests: number[] = [];
    const deltaBytes: number[] = [];
    const deltaResponseBytes: number[] = [];
    const deltaMs: number[] = [];
    const searchP50: number[] = [];
    const searchP95: number[] = [];
    let counts: Record<string, number> = {};
    let mutation = 1;
    const writerClientId = `bench-writer-${randomUUID()}`;

    for (let run = 0; run < runs; run++) {
      const dbName = `cop-bench-${run}`;
      pulls.length = 0;
      const first = await page.evaluate(
        ([token, name]) => copBench.firstSync(token!, name!),
        [member.token, dbName],
      );
      if (first.state !== 'synced') throw new Error(`first sync ended in state ${first.state}`);
      counts = first.counts;
      if (counts.practice! < spec.practices)
        throw new Error(
          `first sync cached ${counts.practice} practices, expected ${spec.practices}`,
        );
      firstMs.push(first.ms);
      firstRequests.push(pulls.length);
      let bytes = 0;
      for (const r of pulls) {
        const w = await wireBytes(r);
        bytes += w.request + w.response;
      }
      firstKb.push(bytes / 1024);

      for (let d = 0; d < deltas; d++) {
        // Someone else captures one practice; the measured client pulls it.
        const mutations = practiceBatch(rand, member.communities, mutation++, 1);
        expectOk(
          await writerClient.request('POST', '/api/v1/sync/push', {
            clientId: writerClientId,
            mutations,
          }),
          'writer push',
        );
        pulls.length = 0;
        const delta = await page.evaluate(() => copBench.deltaSync());
        if (delta.state !== 'synced') throw new Error(`delta sync ended in state ${delta.state}`);
        deltaMs.push(delta.ms);
        if (pulls.length !== 1) throw new Error(`a one-change delta took ${pulls.length} requests`);
        const w = await wireBytes(pulls[0]!);
        deltaBytes.push(w.request + w.response);
        deltaResponseBytes.push(w.response);
      }

      const { times } = await page.evaluate((qs) => copBench.typeQueries(qs), typed);
      const sorted = ascending(times);
      searchP50.push(quantile(sorted, 0.5));
      searchP95.push(quantile(sorted, 0.95));
      await page.evaluate((name) => copBench.deleteCache(name), dbName);
    }
    writerClient.close();

    const synced = `${counts.practice} practices + ${counts.question} questions, ${counts.answer} answers, ${counts.endorsement} endorsements, ${counts.membership} memberships`;
    rec.add({
      section: SECTION,
      name: 'first sync into IndexedDB',
      unit: 'ms',
      runs: firstMs,
      goal: { op: '<=', value: 3_000 },
      note: synced,
    });
    rec.add({ section: SECTION, name: 'first sync bytes on the wire', unit: 'KB', runs: firstKb });
    rec.add({ section: SECTION, name: 'first sync requests', unit: '', runs: firstRequests });
    rec.add({
      section: SECTION,
      name: 'one-change delta pull, bytes on the wire',
      unit: 'B',
      runs: deltaBytes,
      goal: { op: '<', value: 2_048 },
      note: 'request + response, headers + body; the change is one new practice',
    });
    rec.add({
      section: SECTION,
      name: 'one-change delta pull, response only',
      unit: 'B',
      runs: deltaResponseBytes,
    });
    rec.add({ section: SECTION, name: 'one-change delta sync time', unit: 'ms', runs: deltaMs });
    rec.add({
      section: SECTION,
      name: `local search per keystroke p95 (${counts.indexed} cached practices)`,
      unit: 'ms',
      runs: searchP95,
      goal: { op: '<=', value: 30 },
      note: `${typed.length} queries typed character by character`,
    });
    rec.add({
      section: SECTION,
      name: 'local search per keystroke p50',
      unit: 'ms',
      runs: searchP50,
    });
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
    await prepared.dispose();
  }
}
