/**
 * Store listing images from the real extension: the e2e build (the store build plus declared host
 * access, so no permission prompt is needed) against a store seeded with the demo community, on an
 * intranet-like page. Writes 1280×800 PNGs of capture, ask, experts and the side panel, and a 440×280
 * promotional tile, into store-assets/.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, expect, type Page, test } from '@playwright/test';
import {
  connectThroughOptions,
  panel,
  selectText,
  toolbarButton,
} from '../test/e2e/fixtures/extension-pages';
import { EXTENSION_DIR, type LaunchedExtension, launchExtension } from '../test/helpers/extension';
import { startStore, type TestStore } from '../test/helpers/store';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const OUT = join(ROOT, 'store-assets');
const SIZE = { width: 1280, height: 800 };
/** Chrome's side panel is about this wide; the page keeps the rest of the screen. */
const PANEL_WIDTH = 400;
const DEMO = { email: 'grace@demo.example', name: 'Grace Hopper' };

/** The intranet page, answered by Playwright (no server, no network) at a realistic address. */
const SITE_ORIGIN = 'https://wiki.acme.example';
const siteUrl = `${SITE_ORIGIN}/runbooks/node-patching`;

let store: TestStore;
let extensionDir: string;
let ext: LaunchedExtension;
let composer: Browser;

/** The e2e build, with the intranet's origin declared as an enabled site. */
function extensionForTheIntranet(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cop-store-assets-'));
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  manifest.host_permissions = [...(manifest.host_permissions ?? []), `${SITE_ORIGIN}/*`];
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

test.beforeAll(async () => {
  store = await startStore({ demo: true });
  extensionDir = extensionForTheIntranet();
  ext = await launchExtension({ extensionDir });
  const html = readFileSync(join(ROOT, 'scripts/store-assets/intranet.html'), 'utf8');
  await ext.context.route(`${SITE_ORIGIN}/**`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
  );
  await (
    await connectThroughOptions(ext, store, { ...DEMO, password: store.demoPassword })
  ).close();
  composer = await chromium.launch({
    headless: true,
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
});

test.afterAll(async () => {
  await composer?.close();
  await ext?.close({ removeProfile: true });
  if (extensionDir) rmSync(extensionDir, { recursive: true, force: true });
  await store?.dispose();
});

async function intranetPage(width = SIZE.width): Promise<Page> {
  const page = await ext.context.newPage();
  await page.setViewportSize({ width, height: SIZE.height });
  await page.goto(siteUrl);
  return page;
}

async function sidePanel(): Promise<Page> {
  const page = await ext.openPage('sidepanel.html');
  await page.setViewportSize({ width: PANEL_WIDTH, height: SIZE.height });
  return page;
}

/** The page on the left and the side panel on the right, as the browser shows them side by side. */
async function besideThePage(side: Page, name: string) {
  const host = await intranetPage(SIZE.width - PANEL_WIDTH - 1);
  const [left, right] = [await host.screenshot(), await side.screenshot()];
  await host.close();
  const compose = await composer.newPage({ viewport: SIZE, deviceScaleFactor: 1 });
  const img = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;
  await compose.setContent(
    `<body style="margin:0;display:flex;background:#cbd5e1">
       <img src="${img(left)}" style="display:block">
       <img src="${img(right)}" style="display:block;margin-left:1px">
     </body>`,
  );
  await save(compose, name);
  await compose.close();
}

async function save(page: Page, name: string) {
  const png = await page.screenshot({ clip: { x: 0, y: 0, ...SIZE } });
  writeFileSync(join(OUT, name), png);
}

test('capture a practice', async () => {
  const page = await intranetPage();
  await selectText(page, '#intro', 'Patch one node at a time, during business hours');
  await toolbarButton(page, 'Capture as practice').click();
  const form = panel(page);
  await form.getByLabel('Title').fill('Patch production nodes one at a time');
  await form.getByLabel('Kind').selectOption('method');
  await form.getByLabel('Tags').fill('kubernetes, maintenance');
  await form.getByLabel('Note').fill('Keeps capacity up and the on-call engineer in the loop.');
  await save(page, 'capture.png');
  await page.close();
});

test('ask the community', async () => {
  const page = await intranetPage();
  await selectText(page, '#rollback', 'roll the deployment back before investigating');
  await toolbarButton(page, 'Ask the community').click();
  const form = panel(page);
  await form.getByLabel('Question').fill('Do we collect logs before rolling back?');
  await form
    .getByLabel('Details')
    .fill('The runbook says roll back first. What do we lose, and how do others handle it?');
  await save(page, 'ask.png');
  await page.close();
});

test('find an expert', async () => {
  const side = await sidePanel();
  await side.getByRole('tab', { name: 'Experts' }).click();
  await side.getByLabel('Find an expert').fill('kubernetes');
  await side.getByRole('button', { name: 'Search' }).click();
  await expect(side.getByRole('article').first()).toBeVisible();
  await besideThePage(side, 'experts.png');
  await side.close();
});

test('the side panel: practices of your communities', async () => {
  const side = await sidePanel();
  await side.getByLabel('Search practices').fill('kubernetes');
  await expect(side.getByRole('heading', { name: /Kubernetes/ }).first()).toBeVisible();
  await besideThePage(side, 'side-panel.png');
  await side.close();
});

test('promotional tile', async () => {
  const page = await composer.newPage({ viewport: { width: 440, height: 280 } });
  const icon = readFileSync(join(ROOT, 'store-assets/icon.svg')).toString('base64');
  await page.setContent(
    `<body style="margin:0;width:440px;height:280px;display:flex;align-items:center;gap:24px;padding:0 36px;box-sizing:border-box;
       background:linear-gradient(135deg,#eff6ff,#dbeafe);font-family:system-ui,sans-serif;color:#0f172a">
       <img src="data:image/svg+xml;base64,${icon}" width="112" height="112">
       <div><div style="font-size:34px;font-weight:700">CoP Kit</div>
       <div style="font-size:16px;line-height:1.4;margin-top:6px">Capture, ask and find who knows — right where you work.</div></div>
     </body>`,
  );
  writeFileSync(join(OUT, 'promo-440x280.png'), await page.screenshot());
  await page.close();
});
