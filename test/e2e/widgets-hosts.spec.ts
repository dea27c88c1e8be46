/**
 * The widgets in the pages intranet owners really have: one whose global CSS is hostile, one with
 * a strict Content-Security-Policy (no inline scripts or styles), and a React page. In each they
 * show store data, write, fire their events, pass axe and move nothing.
 */
import { expect, type Page, test } from '@playwright/test';
import {
  axeViolations,
  COMMUNITY,
  firstContent,
  heardEvents,
  layoutShifts,
  startWidgetWorld,
  WIDGET_TAGS,
  type WidgetWorld,
} from './fixtures/widgets/world';

let world: WidgetWorld;
test.beforeAll(async () => {
  world = await startWidgetWorld();
});
test.afterAll(async () => {
  await world?.dispose();
});

async function open(page: 'plain.html' | 'hostile.html' | 'csp.html' | 'react.html') {
  const tab = await world.newPage({ viewport: { width: 1024, height: 900 } });
  await tab.goto(world.host.url(page, { token: world.tokens.valid, community: COMMUNITY }));
  return tab;
}

async function askQuestion(page: Page, title: string) {
  const ask = page.locator('#ask');
  await ask.getByRole('button', { name: 'Ask the community' }).click();
  const dialog = ask.getByRole('dialog', { name: 'Ask the community' });
  await dialog.getByRole('textbox', { name: 'Question' }).fill(title);
  await dialog.getByRole('button', { name: 'Post question' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Question posted to Support engineering.');
  await dialog.getByRole('button', { name: 'Close' }).click();
}

const style = (page: Page, selector: string, property: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);

test('a page with hostile global CSS cannot break the elements', async () => {
  const page = await open('hostile.html');
  await firstContent(page, WIDGET_TAGS);
  const feed = page.locator('#practices');
  await expect(feed.getByRole('heading').first()).toBeVisible();
  await expect(
    page.locator('#experts').getByRole('heading', { name: 'Grace Hopper' }),
  ).toBeVisible();

  // The page forces inline display, zero height and 22 px uppercase text on everything it can reach.
  expect(await style(page, 'cop-practices', 'display')).toBe('block');
  // The reserved height is in rem, so it follows the page's root font size (22 px here).
  expect((await page.locator('cop-practices').boundingBox())?.height).toBe(26 * 22);
  expect(await style(page, 'cop-practices input[type="search"]', 'display')).toBe('block');
  expect(await style(page, 'cop-practices .cop-card h3', 'font-size')).toBe('14px');
  expect(await style(page, 'cop-practices .cop-card h3', 'text-transform')).toBe('none');
  expect(await style(page, 'cop-practices .cop-card h3', 'letter-spacing')).toBe('normal');
  expect(await style(page, 'cop-practices .cop-card', 'text-align')).toBe('start');
  expect(await style(page, 'cop-ask .cop-button--primary', 'background-color')).toBe(
    'rgb(29, 78, 216)',
  );

  await askQuestion(page, 'Does the hostile theme stop me asking?');
  expect((await heardEvents(page)).map((e) => e.detail.question.title)).toEqual([
    'Does the hostile theme stop me asking?',
  ]);
  expect(await axeViolations(page, WIDGET_TAGS)).toEqual([]);
  expect((await layoutShifts(page)).total).toBe(0);
  await page.context().close();
});

test('a page with a strict Content-Security-Policy needs no exception', async () => {
  const page = await open('csp.html');
  const response = await page.reload();
  expect(response?.headers()['content-security-policy']).toContain("style-src 'self'");
  await firstContent(page, WIDGET_TAGS);
  await expect(page.locator('#practices').getByRole('heading').first()).toBeVisible();
  await expect(
    page.locator('#prompt').getByText('From your community: Support engineering'),
  ).toBeVisible();

  await askQuestion(page, 'Does a strict CSP stop me asking?');
  const [event] = await heardEvents(page);
  expect(event?.detail.question.title).toBe('Does a strict CSP stop me asking?');
  expect(await page.evaluate(() => (window as any).__csp)).toEqual([]);
  expect((await layoutShifts(page)).total).toBe(0);
  // axe itself adds a <style> (one violation of its own), so it runs after the count above.
  expect(await axeViolations(page, WIDGET_TAGS)).toEqual([]);
  await page.evaluate(() => {
    (window as any).__csp = [];
  });

  // The policy is really enforced: an inline style from the page itself is refused.
  await page.evaluate(() => {
    const el = document.createElement('style');
    el.textContent = 'body { color: red }';
    document.head.append(el);
  });
  await expect.poll(() => page.evaluate(() => (window as any).__csp.length)).toBe(1);
  await page.context().close();
});

test('a React page renders the elements, drives their attributes and hears their events', async () => {
  const page = await open('react.html');
  await firstContent(page, ['cop-practices', 'cop-ask']);
  const feed = page.locator('#practices');
  await expect(feed.locator('.cop-card')).toHaveCount(2);
  // React re-renders with a new `limit`; the element follows it.
  await page.getByRole('button', { name: 'Show 3 practices' }).click();
  await expect(feed.locator('.cop-card')).toHaveCount(3);
  expect(await page.locator('cop-practices').getAttribute('limit')).toBe('3');

  await askQuestion(page, 'Does React hear my question?');
  await expect(page.locator('#heard').getByRole('listitem')).toHaveText([
    'Does React hear my question?',
  ]);
  expect(await axeViolations(page, ['cop-practices', 'cop-ask'])).toEqual([]);
  expect((await layoutShifts(page)).total).toBe(0);
  await page.context().close();
});

test('nothing moves even when the script arrives late, because the space is reserved', async () => {
  const tab = await world.newPage({ viewport: { width: 1024, height: 900 } });
  // The page is painted long before the bundle arrives.
  await tab.route(`${world.store.url}/widgets/cop-widgets.js`, async (route) => {
    await new Promise((r) => setTimeout(r, 600));
    await route.continue();
  });
  await tab.goto(world.host.url('plain.html', { token: world.tokens.valid, community: COMMUNITY }));
  await firstContent(tab, WIDGET_TAGS);
  await expect(tab.locator('#practices').getByRole('heading').first()).toBeVisible();
  await tab.waitForTimeout(800);
  expect(await layoutShifts(tab)).toEqual({ total: 0, shifts: [] });
  await tab.context().close();
});
