/**
 * Widgets (issue 7 item 2): the bundle's gzipped size, time from the script's request to an element's first
 * content with a cold and a warm cache, layout shift, and main-thread time per element, on an intranet page
 * of another origin that embeds the store's script, as the contract describes.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { SignJWT } from 'jose';
import { ROOT } from './fixtures/dataset';
import { smallPage } from './fixtures/host-pages';
import { chromiumPath, launchPersistent } from './lib/browser';
import { clearBrowserData, type LoadCost, measureLoad } from './lib/page-metrics';
import { startPageServer } from './lib/page-server';
import { EMBED_SECRET, startStoreProcess } from './lib/store-process';
import type { Recorder } from './report';

const SECTION = 'Widgets';
const DIST = join(ROOT, 'dist', 'widgets');
const COMMUNITY = 'support-engineering';

async function embedToken(): Promise<string> {
  return new SignJWT({ email: 'ada@demo.example', name: 'Ada Lovelace' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('bench-ada')
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(EMBED_SECRET));
}

/** An intranet page embedding `count` feeds (the first one first on the page). */
function embeddingPage(store: string, script: string, token: string, count: number): string {
  const elements = Array.from(
    { length: count },
    (_, i) =>
      `<cop-practices community="${COMMUNITY}" limit="${3 + (i % 5)}" token="${token}"></cop-practices>`,
  ).join('\n');
  return smallPage('Support engineering home')
    .replace(
      '</head>',
      `<link rel="stylesheet" href="${store}/widgets/cop-widgets.css">\n<script type="module" src="${store}${script}"></script></head>`,
    )
    .replace('<main>', `<main>${elements}`);
}

/** Time from the bundle's request start to the first element's first content (a mark the elements set). */
const firstContent = async (page: Page) => {
  await page.waitForFunction(
    () => performance.getEntriesByName('cop-practices:first-content').length > 0,
    undefined,
    { timeout: 20_000 },
  );
};
const collectFirstContent = (page: Page) =>
  page.evaluate(() => {
    const mark = performance.getEntriesByName('cop-practices:first-content')[0]!;
    const script = performance
      .getEntriesByType('resource')
      .find((e) => e.name.includes('/widgets/cop-widgets.js'));
    return {
      firstContentMs: mark.startTime - (script?.startTime ?? 0),
      sinceNavigationMs: mark.startTime,
    };
  });

export async function benchWidgets(rec: Recorder, { quick }: { quick: boolean }) {
  if (!existsSync(join(DIST, 'cop-widgets.js')))
    return rec.skip(
      SECTION,
      'not built yet: dist/widgets/cop-widgets.js is missing (run `npm run build`)',
    );

  // Everything the embedding page downloads from us: the bundle, any chunks it loads, the reserve sheet.
  const files = readdirSync(DIST).filter((f) => /\.(js|css)$/.test(f));
  const gz = files.map((f) => ({
    f,
    gz: gzipSync(readFileSync(join(DIST, f)), { level: 9 }).length,
  }));
  const total = gz.reduce((n, x) => n + x.gz, 0);
  rec.add({
    section: SECTION,
    name: 'bundle size, gzipped (everything)',
    unit: 'KB',
    runs: [total / 1024],
    goal: { op: '<=', value: 25 },
    note: gz.map((x) => `${x.f} ${(x.gz / 1024).toFixed(1)} KB`).join(', '),
  });
  if (!chromiumPath()) return rec.skip(`${SECTION} in the browser`, 'no Chromium installed');

  const version = existsSync(join(DIST, 'version.json'))
    ? (JSON.parse(readFileSync(join(DIST, 'version.json'), 'utf8')) as { bundle: string }).bundle
    : '/widgets/cop-widgets.js';
  const loads = quick ? 2 : 15;
  const extra = 10;
  const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'cop-bench-widgets-')));
  const pages: Record<string, string> = {};
  const server = await startPageServer(pages);
  const store = await startStoreProcess({
    dataDir: dirs[0]!,
    env: { COP_DEMO: '1', COP_ALLOWED_ORIGINS: server.otherOrigin },
  });
  const browser = await launchPersistent(dirs[1]!);
  try {
    const token = await embedToken();
    pages['/one'] = embeddingPage(store.url, version, token, 1);
    pages['/many'] = embeddingPage(store.url, version, token, 1 + extra);
    const origins = [server.otherOrigin, store.url];
    const cold: LoadCost[] = [];
    const warm: LoadCost[] = [];
    const many: LoadCost[] = [];
    const options = {
      settleMs: quick ? 300 : 600,
      ready: firstContent,
      collect: collectFirstContent,
    };
    // One load to start the store's and the browser's caches of code, not of data.
    await clearBrowserData(browser, origins);
    await measureLoad(browser, `${server.otherOrigin}/one`, options);
    for (let i = 0; i < loads; i++) {
      await clearBrowserData(browser, origins);
      cold.push(await measureLoad(browser, `${server.otherOrigin}/one`, options));
      warm.push(await measureLoad(browser, `${server.otherOrigin}/one`, options));
      many.push(await measureLoad(browser, `${server.otherOrigin}/many`, options));
    }
    // What a page with a feed actually downloads from us (chunks such as other locales load only when needed).
    await clearBrowserData(browser, origins);
    const fetched = new Set<string>();
    const page = await browser.newPage();
    page.on('response', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/widgets/')) fetched.add(path.slice('/widgets/'.length));
    });
    await page.goto(`${server.otherOrigin}/one`);
    await firstContent(page);
    await page.waitForTimeout(500);
    await page.close();
    const loaded = gz.filter((x) => fetched.has(x.f));
    rec.add({
      section: SECTION,
      name: 'downloaded by a page with one feed, gzipped',
      unit: 'KB',
      runs: [loaded.reduce((n, x) => n + x.gz, 0) / 1024],
      note: loaded.map((x) => x.f).join(', '),
    });
    rec.add({
      section: SECTION,
      name: 'script request to first content, cold cache',
      unit: 'ms',
      runs: cold.map((c) => c.extra.firstContentMs!),
      note: 'empty HTTP cache and storage; includes download, parse, API call and render',
    });
    rec.add({
      section: SECTION,
      name: 'script request to first content, warm cache',
      unit: 'ms',
      runs: warm.map((c) => c.extra.firstContentMs!),
      note: 'second visit: versioned bundle from cache, cached snapshot shown first',
    });
    rec.add({
      section: SECTION,
      name: 'layout shift (one element, cold)',
      unit: 'CLS',
      runs: cold.map((c) => c.layoutShift),
      goal: { op: '=', value: 0 },
    });
    rec.add({
      section: SECTION,
      name: `layout shift (${1 + extra} elements, warm)`,
      unit: 'CLS',
      runs: many.map((c) => c.layoutShift),
      goal: { op: '=', value: 0 },
    });
    rec.add({
      section: SECTION,
      name: 'main-thread time per element',
      unit: 'ms',
      runs: many.map((c, i) => (c.taskMs - warm[i]!.taskMs) / extra),
      note: `(page with ${1 + extra} feeds − page with 1) / ${extra}, warm cache`,
    });
    rec.add({
      section: SECTION,
      name: 'page main-thread time with one element, warm',
      unit: 'ms',
      runs: warm.map((c) => c.taskMs),
    });
  } finally {
    await browser.close();
    await server.close();
    await store.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}
