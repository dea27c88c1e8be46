/**
 * Numbers for `npm run bench`: the bundle's size (raw and gzipped) and how soon an element shows
 * content after its script starts loading, on a first visit and on a return (saved snapshot).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/helpers/chromium';

/** Where `vite build --config widgets/vite.config.ts` writes the bundle (a stable path). */
export const WIDGET_BUNDLE = join('dist', 'widgets', 'cop-widgets.js');
/** The size the issue sets as the goal, gzipped, for every element with Preact. */
export const WIDGET_BUNDLE_GOAL_BYTES = 25 * 1024;

export interface BundleSize {
  bytes: number;
  /** gzip at level 9, what a store or CDN typically serves. */
  gzipBytes: number;
}

/** The built bundle's size; build it first. */
export function widgetBundleSize(file = WIDGET_BUNDLE): BundleSize {
  const code = readFileSync(file);
  return { bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

export interface FirstContentOptions {
  /** A running store that serves the built bundle and the demo community (e.g. `npm start`). */
  storeUrl: string;
  /** The page to load; default the store's /demo page (same origin, so no CORS setup). */
  path?: string;
  /** The element to time; default cop-practices. */
  tag?: string;
  runs?: number;
  executablePath?: string;
}

export interface FirstContentTimes {
  /** Per run, ms from the script's request to the element's first content, empty cache. */
  coldMs: number[];
  /** The same on reload: the saved snapshot from IndexedDB shows before the store answers. */
  warmMs: number[];
  medianColdMs: number;
  medianWarmMs: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/** Loads the page in headless Chromium and reads the element's `<tag>:first-content` mark. */
export async function timeToFirstContent(options: FirstContentOptions): Promise<FirstContentTimes> {
  const { storeUrl, path = '/demo', tag = 'cop-practices', runs = 5 } = options;
  const browser = await chromium.launch({
    executablePath: options.executablePath ?? CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const measure = async (page: import('@playwright/test').Page) => {
    await page.waitForFunction(
      (name) => performance.getEntriesByName(name).length > 0,
      `${tag}:first-content`,
    );
    return page.evaluate((name) => {
      const mark = performance.getEntriesByName(name)[0]!;
      const script = performance
        .getEntriesByType('resource')
        .find((r) => r.name.includes('/widgets/cop-widgets.js'));
      return Math.round((mark.startTime - (script?.startTime ?? 0)) * 10) / 10;
    }, `${tag}:first-content`);
  };
  const coldMs: number[] = [];
  const warmMs: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(new URL(path, storeUrl).href);
      coldMs.push(await measure(page));
      // Let the fresh answer become the saved snapshot, then come back.
      await page.waitForTimeout(300);
      await page.reload();
      warmMs.push(await measure(page));
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return { coldMs, warmMs, medianColdMs: median(coldMs), medianWarmMs: median(warmMs) };
}
