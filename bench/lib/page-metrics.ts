/**
 * What one page load costs the page, read through the DevTools protocol: main-thread script, style and
 * layout time (Performance.getMetrics), long tasks and layout shift (observers installed before any page
 * script runs), and — in a separate pass, since the debugger slows things down — the extension scripts
 * and style sheets that arrived in the page, gzipped.
 */
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from '@playwright/test';

export interface LoadCost {
  /** ScriptDuration: JavaScript on the main thread, every world (page and content scripts). */
  scriptMs: number;
  /** TaskDuration: everything the main thread did. */
  taskMs: number;
  layoutMs: number;
  styleMs: number;
  longTasks: number;
  longTaskMs: number;
  layoutShift: number;
  /** Whatever `collect` read from the page before it closed. */
  extra: Record<string, number>;
}

/** Runs in the page before its own scripts: records long tasks and layout shifts. */
const OBSERVERS = `(() => {
  const perf = { longTasks: 0, longTaskMs: 0, layoutShift: 0 };
  Object.defineProperty(window, '__copPerf', { value: perf });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) { perf.longTasks++; perf.longTaskMs += e.duration; }
    }).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) perf.layoutShift += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  } catch {}
})();`;

const METRICS = [
  'ScriptDuration',
  'TaskDuration',
  'LayoutDuration',
  'RecalcStyleDuration',
] as const;

async function metrics(page: Page, cdp: Awaited<ReturnType<BrowserContext['newCDPSession']>>) {
  const { metrics: list } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  void page;
  return Object.fromEntries(
    list
      .filter((m) => (METRICS as readonly string[]).includes(m.name))
      .map((m) => [m.name, m.value]),
  );
}

export interface LoadOptions {
  /** Waits after `load` for idle callbacks, messages to the extension and late rendering. */
  settleMs: number;
  /** Resolves when what the scenario expects is on the page (e.g. the extension's panel). */
  ready?: (page: Page) => Promise<void>;
  /** Reads figures of the scenario's own (e.g. performance marks) before the tab closes. */
  collect?: (page: Page) => Promise<Record<string, number>>;
}

/** Empties the HTTP cache and the storage of `origins`: the next load is a first visit. */
export async function clearBrowserData(context: BrowserContext, origins: string[]) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.clearBrowserCache');
  for (const origin of origins)
    await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' });
  await cdp.detach();
  await page.close();
}

/** Opens a fresh tab, loads `url` and reports what the load cost the page's main thread. */
export async function measureLoad(
  context: BrowserContext,
  url: string,
  options: LoadOptions,
): Promise<LoadCost> {
  const page = await context.newPage();
  try {
    await page.addInitScript(OBSERVERS);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const before = await metrics(page, cdp);
    await page.goto(url, { waitUntil: 'load' });
    await options.ready?.(page);
    await page.waitForTimeout(options.settleMs);
    const after = await metrics(page, cdp);
    const perf = (await page.evaluate('window.__copPerf')) as {
      longTasks: number;
      longTaskMs: number;
      layoutShift: number;
    };
    const delta = (name: (typeof METRICS)[number]) =>
      ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;
    const extra = (await options.collect?.(page)) ?? {};
    await cdp.detach();
    return {
      scriptMs: delta('ScriptDuration'),
      taskMs: delta('TaskDuration'),
      layoutMs: delta('LayoutDuration'),
      styleMs: delta('RecalcStyleDuration'),
      ...perf,
      extra,
    };
  } finally {
    await page.close();
  }
}

export interface Injected {
  scripts: { url: string; bytes: number; gzip: number }[];
  styleSheets: { text: string; gzip: number }[];
}

/** Loads `url` once with the debugger on and returns every extension script and every style sheet seen. */
export async function injectedAssets(
  context: BrowserContext,
  url: string,
  options: LoadOptions,
): Promise<Injected> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    const scripts: { id: string; url: string }[] = [];
    const sheets: string[] = [];
    cdp.on('Debugger.scriptParsed', (e: { scriptId: string; url: string }) => {
      if (e.url.startsWith('chrome-extension://')) scripts.push({ id: e.scriptId, url: e.url });
    });
    cdp.on('CSS.styleSheetAdded', (e: { header: { styleSheetId: string } }) => {
      sheets.push(e.header.styleSheetId);
    });
    await cdp.send('Debugger.enable');
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    await page.goto(url, { waitUntil: 'load' });
    await options.ready?.(page);
    await page.waitForTimeout(options.settleMs);
    const out: Injected = { scripts: [], styleSheets: [] };
    for (const s of scripts) {
      const { scriptSource } = (await cdp.send('Debugger.getScriptSource', { scriptId: s.id })) as {
        scriptSource: string;
      };
      out.scripts.push({
        url: s.url,
        bytes: Buffer.byteLength(scriptSource),
        gzip: gzipSync(scriptSource, { level: 9 }).length,
      });
    }
    for (const id of sheets) {
      try {
        const { text } = (await cdp.send('CSS.getStyleSheetText', { styleSheetId: id })) as {
          text: string;
        };
        out.styleSheets.push({ text, gzip: gzipSync(text, { level: 9 }).length });
      } catch {
        // A sheet removed before we asked.
      }
    }
    await cdp.detach();
    return out;
  } finally {
    await page.close();
  }
}
