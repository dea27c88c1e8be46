/**
 * A practice grows stale and is made fresh again, in real Chromium against a real store: the store's
 * clock (COP_TEST_CLOCK_FILE) moves 100 days on, the practice falls due, the widget on an intranet page and
 * the console's "Due for review" page say so, its owner marks it "Still right" (in the console, then on the
 * widget's card), and the badge is gone; and a sponsor made in Members lands on the console's overview.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, expect, type Page, test } from '@playwright/test';
import type { Practice } from '../../src/core/types';
import { client, makeCommunity, makeUser } from '../helpers/api';
import { launchChromium } from '../helpers/chromium';
import { startStore, type TestStore } from '../helpers/store';
import { type HostServer, startHostServer } from './fixtures/widgets/host-server';

const SLUG = 'platform-ops';
const DAY = 86_400_000;

let clockDir: string;
let clockFile: string;
let store: TestStore;
let host: HostServer;
let browser: Browser;
let owner: Awaited<ReturnType<typeof makeUser>>;
let practice: Practice;

test.beforeAll(async () => {
  clockDir = mkdtempSync(join(tmpdir(), 'cop-clock-'));
  clockFile = join(clockDir, 'now');
  let storeUrl = '';
  host = await startHostServer(() => storeUrl);
  store = await startStore({
    env: {
      COP_TEST_CLOCK_FILE: clockFile,
      // The job looks for practices falling due every 200 ms instead of hourly.
      COP_REVIEW_CHECK_MS: '200',
      COP_ALLOWED_ORIGINS: host.origin,
    },
  });
  storeUrl = store.url;
  owner = await makeUser(store.url, store.adminToken, 'Cora Coordinator');
  await makeCommunity(store.url, store.adminToken, SLUG, [[owner.id, 'coordinator']]);
  expect((await owner.api.patch(`/communities/${SLUG}`, { anonymousRead: true })).status).toBe(200);
  const captured = await owner.api.post('/practices', {
    community: SLUG,
    title: 'Rotate the on-call pager key every quarter',
    body: 'Generate the new key, hand it over at the Monday stand-up, revoke the old one.',
    tags: ['on-call'],
  });
  expect(captured.status).toBe(201);
  const published = await owner.api.post(`/practices/${captured.body.practice.id}/review`, {
    action: 'publish',
    baseVersion: captured.body.practice.version,
  });
  expect(published.status).toBe(200);
  practice = published.body.practice ?? published.body;
  browser = await launchChromium();
});

test.afterAll(async () => {
  await browser?.close();
  await host?.close();
  await store?.dispose();
  rmSync(clockDir, { recursive: true, force: true });
});

const readPractice = async () =>
  (await client(store.url, store.adminToken).get(`/practices/${practice.id}`)).body
    .practice as Practice;

/** The practice's card in the widget feed of the intranet page. */
async function widgetCard(page: Page) {
  await page.goto(host.url('plain.html', { community: SLUG }));
  const card = page
    .locator('#practices')
    .getByRole('listitem')
    .filter({
      has: page.getByRole('heading', { name: practice.title }),
    });
  await expect(card).toBeVisible();
  return card;
}

test('a practice past its interval shows as due until its owner says it is still right', async () => {
  const page = await (await browser.newContext()).newPage();
  const fresh = await widgetCard(page);
  await expect(fresh.getByText('Not verified yet')).toBeVisible();
  await expect(fresh.getByText('Due for review')).toHaveCount(0);

  // A hundred days later the community's 90-day interval has passed.
  const later = new Date(Date.now() + 100 * DAY);
  writeFileSync(clockFile, later.toISOString());
  await expect.poll(async () => (await readPractice()).due).toBe(true);

  // The widget says so to every reader.
  await expect((await widgetCard(page)).getByText('Due for review')).toBeVisible();

  // The owner (who coordinates the community) finds it in the console and marks it still right.
  const consolePage = await (await browser.newContext()).newPage();
  await consolePage.goto(`${store.url}/console#/c/${SLUG}/due`);
  await consolePage.getByLabel('Email').fill(owner.email);
  await consolePage.getByLabel('Password').fill('correct horse battery');
  await consolePage.getByRole('button', { name: 'Sign in' }).click();
  const due = consolePage.getByRole('region', { name: 'Due for review' });
  const item = due.getByRole('listitem').filter({
    has: consolePage.getByRole('heading', { name: practice.title }),
  });
  await expect(item.getByText('Due for review')).toBeVisible();
  await item.getByRole('button', { name: /^Still right/ }).click();
  await expect(consolePage.getByText(`Marked “${practice.title}” still right.`)).toBeVisible();
  await expect(due.getByText('Nothing is due for review.')).toBeVisible();

  // Verified on the store's (moved) day; the next review is a full interval later.
  const verified = await readPractice();
  expect(verified.due).toBe(false);
  expect(verified.verifiedAt?.slice(0, 10)).toBe(later.toISOString().slice(0, 10));
  expect(Date.parse(verified.reviewDueAt)).toBe(Date.parse(verified.verifiedAt!) + 90 * DAY);

  // The widget's badge is gone; the card says when it was verified.
  const card = await widgetCard(page);
  await expect(card.getByText(`Verified ${later.toISOString().slice(0, 10)}`)).toBeVisible();
  await expect(card.getByText('Due for review')).toHaveCount(0);
});

test('its owner says "Still right" on the widget’s card, and the badge clears there and for every reader', async () => {
  // Two hundred days on, the practice is past its interval whatever was verified before.
  const later = new Date(Date.now() + 200 * DAY);
  writeFileSync(clockFile, later.toISOString());
  await expect.poll(async () => (await readPractice()).due).toBe(true);

  // An anonymous reader sees the badge and nothing to press.
  const reader = await (await browser.newContext()).newPage();
  const seen = await widgetCard(reader);
  await expect(seen.getByText('Due for review')).toBeVisible();
  await expect(seen.getByRole('button', { name: /^Still right/ })).toHaveCount(0);

  // The owner's page hands the widget their token: the card offers "Still right".
  const page = await (await browser.newContext()).newPage();
  await widgetCard(page);
  await page
    .locator('#practices')
    .evaluate((el, token) => el.setAttribute('token', token), owner.token);
  const card = page
    .locator('#practices')
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: practice.title }) });
  await expect(card.getByText('Due for review')).toBeVisible();
  await card.getByRole('button', { name: /^Still right/ }).click();
  await expect(card.getByText('Marked still right.')).toBeVisible();
  await expect(card.getByText('Due for review')).toHaveCount(0);
  await expect(card.getByText(`Verified ${later.toISOString().slice(0, 10)}`)).toBeVisible();

  // The store agrees, and the next reader's widget shows it current.
  const verified = await readPractice();
  expect(verified.due).toBe(false);
  expect(verified.verifiedAt?.slice(0, 10)).toBe(later.toISOString().slice(0, 10));
  const again = await widgetCard(reader);
  await expect(again.getByText('Due for review')).toHaveCount(0);
});

test('a sponsor made in Members signs in to the console and lands on the overview’s charts', async () => {
  const sponsor = await makeUser(store.url, store.adminToken, 'Sam Sponsor');
  expect(
    (await owner.api.put(`/communities/${SLUG}/members/${sponsor.id}`, { role: 'sponsor' })).status,
  ).toBe(200);
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${store.url}/console`);
  await page.getByLabel('Email').fill(sponsor.email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  const row = page.getByRole('table', { name: 'Communities you sponsor' }).getByRole('row', {
    name: new RegExp(SLUG),
  });
  await expect(row).toBeVisible();
  const levels = page.getByRole('figure', { name: 'People at each level, by community' });
  await expect(levels.getByRole('img')).toHaveAttribute('aria-label', /^People at each level/);
  await expect(levels.locator('canvas')).toBeVisible();
  // The sponsor reads no practice: the store refuses, whatever the page would try.
  expect((await sponsor.api.get(`/practices?community=${SLUG}`)).status).toBe(403);
});
