/**
 * The extension inside host pages: prompts (shown by the first-load script; the panel only when asked)
 * and highlights only on enabled sites, nothing injected elsewhere, highlights found again after the
 * text moved, hostile CSS, and no axe violations.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { client } from '../helpers/api';
import { panel, panelFrame, selectText, toolbarButton } from './fixtures/extension-pages';
import { extensionScenario } from './fixtures/scenario';

const AXE = readFileSync(
  fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url)),
  'utf8',
);
const PROMPT = 'Ran an incident review? Share what you learned with Platform operations.';
/** A prompt matched by address alone (no keywords): the handbook's home view. */
const HOME_PROMPT = 'New to the team? Ask Platform operations anything.';

const scene = extensionScenario({ connect: 'synced' });

test.beforeAll(async () => {
  const coordinator = client(scene.store.url, scene.world.coordinator.token);
  const rule = await coordinator.post(`/communities/${scene.world.community.slug}/prompts`, {
    urlPatterns: ['http://127.0.0.1/*', 'http://*.cop.test/*'],
    keywords: ['incident'],
    message: PROMPT,
  });
  expect(rule.status).toBe(200);
  const home = await coordinator.post(`/communities/${scene.world.community.slug}/prompts`, {
    urlPatterns: ['http://127.0.0.1/spa/home'],
    keywords: [],
    message: HOME_PROMPT,
  });
  expect(home.status).toBe(200);
});

/** Elements the extension put into the page's DOM (its hosts, highlight wrappers and styles). */
const injected = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('*')]
      .filter((e) => e.tagName.startsWith('COP-KIT') || e.hasAttribute('data-cop-kit-highlights'))
      .map((e) => e.tagName.toLowerCase()),
  );

/** The extension's scripts that ran in the page so far (by path), seen through the DevTools protocol. */
async function extensionScripts(page: Page): Promise<() => string[]> {
  const cdp = await page.context().newCDPSession(page);
  const seen: string[] = [];
  cdp.on('Debugger.scriptParsed', (e: { url: string }) => {
    if (e.url.startsWith('chrome-extension://')) seen.push(new URL(e.url).pathname);
  });
  await cdp.send('Debugger.enable');
  return () => [...new Set(seen)];
}

/** Sums layout shifts from the first paint on (installed before the page's own scripts). */
async function watchLayoutShift(page: Page): Promise<() => Promise<number>> {
  await page.addInitScript(() => {
    const w = window as unknown as { __shift: number };
    w.__shift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { value: number })[])
        w.__shift += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  return () => page.evaluate(() => (window as unknown as { __shift: number }).__shift);
}

async function expectNoAxeViolations(page: Page) {
  // Evaluated over the DevTools protocol, so extension pages' CSP does not block it.
  await page.evaluate(AXE);
  const results = await page.evaluate(async () => {
    type Results = { violations: unknown[]; passes: unknown[] };
    const axe = (window as unknown as { axe: { run(): Promise<Results> } }).axe;
    const { violations, passes } = await axe.run();
    return { violations, passes: passes.length };
  });
  expect(results.violations).toEqual([]);
  expect(results.passes).toBeGreaterThan(10);
}

test('on an enabled site a matching prompt appears; elsewhere nothing is injected', async () => {
  expect(await scene.ext.registeredMatches()).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);

  const page = await scene.ext.context.newPage();
  const scripts = await extensionScripts(page);
  const layoutShift = await watchLayoutShift(page);
  await page.goto(`${scene.pages.url}/incident.html`);
  const prompt = page.getByRole('complementary', { name: 'From your community' });
  await expect(prompt).toContainText(PROMPT);
  await expect(prompt).toContainText(`From your community: ${scene.world.community.name}`);

  // The first-load script shows the prompt with the chip's own small script: no panel script
  // until the person asks.
  await page.waitForTimeout(1_000);
  expect(scripts().sort()).toEqual(['/content-scripts/page.js', '/prompt-chip.js']);
  expect(await injected(page)).toEqual(['cop-kit-prompt']);
  // In a corner of the viewport, over the page: nothing in the page moved.
  const box = await prompt.boundingBox();
  expect(box!.x + box!.width).toBeGreaterThan(1280 - 40);
  expect(box!.y + box!.height).toBeGreaterThan(900 - 40);
  expect(await layoutShift()).toBe(0);
  // Accessible in the light and the dark theme.
  await expectNoAxeViolations(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(
    await page.evaluate(() => {
      const aside = document.querySelector('cop-kit-prompt')?.shadowRoot?.querySelector('aside');
      return aside ? getComputedStyle(aside).backgroundColor : null;
    }),
  ).toBe('rgb(31, 41, 55)');
  await expectNoAxeViolations(page);
  await page.emulateMedia({ colorScheme: 'light' });

  await prompt.getByRole('button', { name: 'Ask the community' }).click();
  await expect((await panel(page)).getByLabel('Question')).toBeFocused();
  expect(scripts()).toContain('/content-scripts/panel.js');
  await expect((await panel(page)).getByLabel('Community', { exact: true })).toHaveValue(
    scene.world.community.slug,
  );
  await expect(
    (await panel(page)).getByRole('group', { name: 'Page context sent with the question' }),
  ).toContainText('Incident review template');
  // The prompt did its job on this page; it does not cover the form.
  await expect(page.getByRole('complementary', { name: 'From your community' })).toHaveCount(0);

  // A page that does not match the prompt's keywords gets no prompt.
  await page.goto(`${scene.pages.url}/article.html`);
  await page.waitForTimeout(1_500);
  await expect(page.getByRole('complementary', { name: 'From your community' })).toHaveCount(0);

  // The same page on a site that is not enabled: no script, no toolbar, no prompt.
  const elsewhere = await scene.ext.context.newPage();
  await elsewhere.goto(scene.pages.elsewhere('/incident.html'));
  await selectText(elsewhere, 'main p', 'every postmortem');
  await elsewhere.waitForTimeout(1_500);
  await expect(toolbarButton(elsewhere, 'Capture as practice')).toHaveCount(0);
  await expect(elsewhere.getByText(PROMPT)).toHaveCount(0);
  expect(await injected(elsewhere)).toEqual([]);
});

test('follows single-page navigation: the prompts of the new address and view appear', async () => {
  const page = await scene.ext.context.newPage();
  await page.goto(`${scene.pages.url}/spa/home`);
  const prompts = page.getByRole('complementary', { name: 'From your community' });
  await expect(prompts).toContainText(HOME_PROMPT);
  await expect(page.getByText(PROMPT)).toHaveCount(0);
  // "Incidents" is not the keyword "incident": only the view's text (read on request) matches;
  // the home prompt goes, as the address changed.
  await page.getByRole('link', { name: 'Incidents' }).click();
  await expect(prompts).toContainText(PROMPT);
  await expect(page.getByText(HOME_PROMPT)).toHaveCount(0);
  await page.getByRole('link', { name: 'Home' }).click();
  await expect(prompts).toContainText(HOME_PROMPT);
  await expect(page.getByText(PROMPT)).toHaveCount(0);
});

test('the prompt works from the keyboard; a dismissed prompt stays away on that page', async () => {
  const page = await scene.ext.context.newPage();
  const scripts = await extensionScripts(page);
  await page.goto(`${scene.pages.url}/spa/incidents`);
  const prompt = page.getByRole('complementary', { name: 'From your community' });
  await expect(prompt).toContainText(PROMPT);

  // The page's two links, then the prompt's buttons.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(prompt.getByRole('button', { name: 'Dismiss' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(prompt.getByRole('button', { name: 'Ask the community' })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(prompt).toHaveCount(0);

  // Back to this view within the page: still dismissed. The panel never came.
  await page.getByRole('link', { name: 'Home' }).click();
  await expect(page.getByText(HOME_PROMPT)).toBeVisible();
  await page.getByRole('link', { name: 'Incidents' }).click();
  await expect(page.getByText(HOME_PROMPT)).toHaveCount(0);
  await page.waitForTimeout(500);
  await expect(page.getByText(PROMPT)).toHaveCount(0);
  // The chip's script and the page-text reader (a rule's keywords needed the text); no panel.
  expect(scripts().sort()).toEqual([
    '/content-scripts/page.js',
    '/page-text.js',
    '/prompt-chip.js',
  ]);

  // A new load of the page shows it again.
  await page.reload();
  await expect(page.getByRole('complementary', { name: 'From your community' })).toContainText(
    PROMPT,
  );
});

test('a practice captured from a page is highlighted again after text was inserted before it', async () => {
  const quote = {
    exact: 'tokens issued in the last hour stay valid',
    prefix: 'before revoking the old one, so that ',
    suffix: ' while clients refresh.',
  };
  const res = await client(scene.store.url, scene.world.member.token).post('/practices', {
    id: crypto.randomUUID(),
    community: scene.world.community.slug,
    title: 'Old tokens stay valid for an hour',
    kind: 'lesson',
    source: { url: `${scene.pages.url}/article.html`, title: 'Runbook', quote },
  });
  expect(res.status).toBeLessThan(300);
  // The page changed since the capture: a paragraph that repeats the words now comes first.
  scene.pages.setInsertion(
    '/article.html',
    '<p>Update: tokens issued in the last day are now refreshed automatically.</p><p>Note that tokens issued in the last hour stay valid only if the key is published first.</p>',
  );
  try {
    const side = await scene.ext.openPage('sidepanel.html');
    await side.getByRole('button', { name: 'Sync now' }).click();
    await expect(
      side.getByRole('heading', { name: 'Old tokens stay valid for an hour' }),
    ).toBeVisible();

    const page = await scene.ext.context.newPage();
    await page.goto(`${scene.pages.url}/article.html`);
    const list = (await panelFrame(page)).getByRole('region', {
      name: 'Practices captured from this page',
    });
    await list.getByRole('button', { name: /Practices captured from this page/ }).click();
    await expect(list.locator('[data-found="true"]')).toHaveCount(1);

    // The highlight covers the quoted words in the paragraph they came from, not the look-alike.
    const highlighted = await page.evaluate(() => {
      const registry = (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights;
      const ranges = [...(registry.get('cop-kit-practice') ?? [])];
      return ranges.map((r) => ({
        text: r.toString(),
        paragraph: (r.startContainer.parentElement as HTMLElement).id,
      }));
    });
    expect(highlighted).toEqual([{ text: quote.exact, paragraph: 'key-rule' }]);

    await list.getByRole('button', { name: /Show in page/ }).click();
    await expect.poll(() => page.evaluate(() => getSelection()?.toString())).toBe(quote.exact);
  } finally {
    scene.pages.setInsertion('/article.html', null);
  }
});

test('a page with a prompt and highlights shows both, the highlights above the prompt', async () => {
  const res = await client(scene.store.url, scene.world.member.token).post('/practices', {
    id: crypto.randomUUID(),
    community: scene.world.community.slug,
    title: 'A postmortem for every incident',
    kind: 'method',
    source: {
      url: `${scene.pages.url}/incident.html`,
      title: 'Incident review template',
      quote: {
        exact: 'every postmortem after a production incident',
        prefix: 'Use this template for ',
        suffix: '.',
      },
    },
  });
  expect(res.status).toBeLessThan(300);
  const side = await scene.ext.openPage('sidepanel.html');
  await side.getByRole('button', { name: 'Sync now' }).click();
  await expect(
    side.getByRole('heading', { name: 'A postmortem for every incident' }),
  ).toBeVisible();

  const page = await scene.ext.context.newPage();
  await page.goto(`${scene.pages.url}/incident.html`);
  const prompt = page.getByRole('complementary', { name: 'From your community' });
  await expect(prompt).toContainText(PROMPT);
  // The titles are in the extension frame, out of the page's reach.
  const list = (await panelFrame(page)).getByRole('region', {
    name: 'Practices captured from this page',
  });
  await expect(list).toBeVisible();
  // The dock moves up once it knows the prompt's height: never under the prompt.
  await expect
    .poll(async () => {
      const [p, l] = [await prompt.boundingBox(), await list.boundingBox()];
      return p && l ? l.y + l.height <= p.y : false;
    })
    .toBe(true);

  // The highlights brought the panel; asking from the prompt uses it and the prompt steps aside.
  await prompt.getByRole('button', { name: 'Ask the community' }).click();
  await expect((await panel(page)).getByLabel('Question')).toBeFocused();
  await expect(prompt).toHaveCount(0);
  // The frame covers only the form while it is open; the dock is back once it closes.
  await page.keyboard.press('Escape');
  await expect(list).toBeVisible();
});

test('hostile page CSS neither breaks the panel nor is changed by it', async () => {
  const page = await scene.ext.context.newPage();
  await page.goto(`${scene.pages.url}/hostile.html`);
  const before = await page.locator('#hostile-text').boundingBox();
  await selectText(page, '#hostile-text', 'switch traffic back in seconds');

  const capture = toolbarButton(page, 'Capture as practice');
  await expect(capture).toBeVisible();
  const size = await capture.boundingBox();
  expect(size?.width).toBeGreaterThan(40);
  await capture.click();

  const form = await panel(page);
  await expect(form).toBeVisible();
  const box = await form.boundingBox();
  expect(box?.width).toBeGreaterThan(300);
  expect(box?.height).toBeGreaterThan(300);
  await expect(form.getByLabel('Title')).toBeVisible();
  await expect(form.getByRole('button', { name: 'Save practice' })).toBeVisible();
  // The panel keeps its own look: the page's font size and accent colour do not leak in.
  const title = form.getByLabel('Title');
  expect(await title.evaluate((e) => getComputedStyle(e).fontSize)).toBe('14px');
  await title.fill('Blue-green deployments');
  await form.getByRole('button', { name: 'Save practice' }).click();
  await expect(form.getByRole('status')).toHaveAttribute('data-outcome', 'saved');

  // No layout shift: the page's text is where it was.
  expect(await page.locator('#hostile-text').boundingBox()).toEqual(before);
});

test('the in-page panel, the side panel and the options page have no axe violations', async () => {
  const page = await scene.ext.context.newPage();
  await page.goto(`${scene.pages.url}/article.html`);
  await selectText(page, '#key-rule', 'publish the new signing key');
  await toolbarButton(page, 'Capture as practice').click();
  await expect((await panel(page)).getByLabel('Title')).toBeFocused();
  await expectNoAxeViolations(page);
  await (await panel(page)).getByRole('button', { name: 'Cancel' }).click();
  await expect(await panel(page)).toHaveCount(0);

  await selectText(page, '#key-rule', 'publish the new signing key');
  await toolbarButton(page, 'Ask the community').click();
  await expect((await panel(page)).getByLabel('Question')).toBeFocused();
  await expectNoAxeViolations(page);
  // Escape closes the panel and gives focus back to the page.
  await page.keyboard.press('Escape');
  await expect(await panel(page)).toHaveCount(0);

  const side = await scene.ext.openPage('sidepanel.html');
  await expect(side.getByLabel('Search practices')).toBeVisible();
  await expectNoAxeViolations(side);
  await side.getByRole('tab', { name: 'Practices' }).press('ArrowRight');
  await expect(side.getByRole('tab', { name: 'Experts' })).toBeFocused();
  await expect(side.getByLabel('Find an expert')).toBeVisible();
  await expectNoAxeViolations(side);
  await side.getByRole('tab', { name: /Questions/ }).click();
  await expectNoAxeViolations(side);

  const options = await scene.ext.openPage('options.html');
  await expect(options.getByText(`Connected as ${scene.world.member.name}`)).toBeVisible();
  await expectNoAxeViolations(options);

  // The dark theme keeps its contrast too.
  for (const p of [page, side, options]) await p.emulateMedia({ colorScheme: 'dark' });
  await selectText(page, '#key-rule', 'publish the new signing key');
  await toolbarButton(page, 'Capture as practice').click();
  await expect((await panel(page)).getByLabel('Title')).toBeFocused();
  expect(await (await panel(page)).evaluate((e) => getComputedStyle(e).backgroundColor)).toBe(
    'rgb(17, 24, 39)',
  );
  await expectNoAxeViolations(page);
  await expectNoAxeViolations(side);
  await expectNoAxeViolations(options);
});
