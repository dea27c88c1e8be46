/**
 * What the store serves for the widget kit: the /demo page with every element live and the code
 * to copy, the bundle with its caching headers and versioned URL, the space-reserving stylesheet
 * and the Custom Elements Manifest.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, expect, test } from '@playwright/test';
import { launchChromium } from '../helpers/chromium';
import { startStore, type TestStore } from '../helpers/store';
import { axeViolations, firstContent, WIDGET_TAGS } from './fixtures/widgets/world';

let store: TestStore;
let browser: Browser;
test.beforeAll(async () => {
  store = await startStore({ demo: true });
  browser = await launchChromium();
});
test.afterAll(async () => {
  await browser?.close();
  await store?.dispose();
});

const built = (file: string) => readFileSync(join('dist', 'widgets', file), 'utf8');

test('the demo page shows every element live, with the code to copy', async () => {
  const page = await (await browser.newContext()).newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${store.url}/demo`);
  await firstContent(page, WIDGET_TAGS);
  for (const tag of WIDGET_TAGS)
    expect(await page.evaluate((t) => !!customElements.get(t), tag), tag).toBe(true);

  // Anonymous reading works in the demo community; the demo signs its visitor in with a demo embed token.
  const feed = page.locator('cop-practices').first();
  await expect(
    feed.getByRole('heading', { name: 'First five minutes of an incident' }),
  ).toBeVisible();
  await expect(
    page.locator('cop-prompt').getByText('From your community: Support engineering'),
  ).toBeVisible();
  await expect(page.locator('cop-ask').getByText(/Signed in as Demo visitor/)).toBeVisible();

  const code = page.locator('pre.code');
  await expect(
    code.filter({
      hasText: '<cop-practices community="support-engineering" limit="5"></cop-practices>',
    }),
  ).toHaveCount(1);
  await expect(
    code.filter({
      hasText: '<cop-ask community="support-engineering" token="EMBED-TOKEN"></cop-ask>',
    }),
  ).toHaveCount(1);
  const { bundle } = JSON.parse(built('version.json'));
  await expect(code.first()).toContainText(
    `<script type="module" src="${store.url}${bundle}"></script>`,
  );

  expect(await axeViolations(page, ['main'])).toEqual([]);
  expect(errors).toEqual([]);
  await page.context().close();
});

test('the bundle is one cacheable module, with a versioned URL, types for editors and reserved space', async () => {
  const plain = await fetch(`${store.url}/widgets/cop-widgets.js`);
  expect(plain.status).toBe(200);
  expect(plain.headers.get('content-type')).toContain('text/javascript');
  expect(plain.headers.get('cache-control')).toBe('public, max-age=300, must-revalidate');
  expect(plain.headers.get('access-control-allow-origin')).toBe('*');
  const code = await plain.text();
  // One entry script with one Preact: no static imports. The only dynamic ones fetch chunks beside
  // it that English pages without a capture form never need (German words, the secret scanner).
  expect(code).not.toMatch(/\bimport\s*[{"'*]/);
  expect(code).not.toMatch(/from\s*["']/);
  const chunks = [...code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!);
  expect(chunks.length).toBeGreaterThan(0);
  for (const chunk of chunks) {
    expect(chunk).toMatch(/^\.\/cop-widgets-[\w-]+\.js$/);
    const served = await fetch(new URL(chunk, `${store.url}/widgets/cop-widgets.js`));
    expect(served.status, chunk).toBe(200);
    expect(await served.text(), chunk).not.toMatch(/\bimport\b|from\s*["']/);
  }

  const { bundle } = JSON.parse(built('version.json'));
  const versioned = await fetch(`${store.url}${bundle}`);
  expect(versioned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

  const manifest = await (await fetch(`${store.url}/widgets/custom-elements.json`)).json();
  const tags = manifest.modules.flatMap((m: any) =>
    m.declarations.flatMap((d: any) => (d.tagName ? [d.tagName] : [])),
  );
  expect(tags.sort()).toEqual([...WIDGET_TAGS].sort());

  const css = await (await fetch(`${store.url}/widgets/cop-widgets.css`)).text();
  for (const tag of WIDGET_TAGS) expect(css).toContain(`${tag}{display:block !important`);
});
