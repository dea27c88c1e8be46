/**
 * The coordinators' console in real Chromium against a real store process: curation (publish, merge,
 * feature, conflicting edits), refusal of members, routing, health figures checked against the seeded
 * data, export and import, and a signed webhook retried after a 500.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { PAGES } from '../../src/console/page-names';
import { duration } from '../../src/console/parts/format';
import type { Practice, Question } from '../../src/core/types';
import {
  client,
  makeCommunity,
  makeCoordinatedCommunity,
  makeUsers,
  type User,
} from '../helpers/api';
import { launchChromium } from '../helpers/chromium';
import { startStore, type TestStore } from '../helpers/store';

const AXE = readFileSync(join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const PASSWORD = 'correct horse battery';

let store: TestStore;
let browser: Browser;
let cora: User;
let milo: User;
let eva: User;
let finn: User;
let rita: User;

test.beforeAll(async () => {
  // The webhook receiver runs on this machine, which a store refuses unless told otherwise.
  store = await startStore({
    env: { COP_WEBHOOK_BACKOFF_MS: '300', COP_WEBHOOK_HOSTS: '127.0.0.1' },
  });
  [cora, milo, eva, finn, rita] = await makeUsers(store, [
    'Cora Coordinator',
    'Milo Member',
    'Eva Expert',
    'Finn Fellow',
    'Rita Rising',
  ]);
  browser = await launchChromium();
});

test.afterAll(async () => {
  await browser?.close();
  await store?.dispose();
});

/** A community with Cora coordinating and everyone else a member. */
async function community(slug: string) {
  await makeCoordinatedCommunity(store, slug, cora, [milo, eva, finn, rita]);
  return slug;
}

async function signIn(user: User, hash = ''): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  await page.goto(`${store.url}/console${hash}`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

const capture = (user: User, slug: string, over: Record<string, unknown> = {}) =>
  user.api
    .post('/practices', {
      community: slug,
      title: 'Drain a Kubernetes node before patching',
      body: 'Cordon the node, drain it with ignore-daemonsets, patch it, then uncordon it.',
      kind: 'method',
      tags: ['kubernetes'],
      source: {
        url: `https://wiki.example.com/${randomUUID()}`,
        title: 'Runbook',
        quote: { exact: 'drain blocks when a budget allows zero disruptions' },
      },
      ...over,
    })
    .then((r) => {
      if (r.status !== 201) throw new Error(JSON.stringify(r.body));
      return r.body.practice as Practice;
    });

/** One practice of the review queue, by its exact title (other items may mention it as a duplicate). */
const item = (page: Page, title: string) =>
  page.getByRole('listitem', { name: title, exact: true });

const practiceNow = async (id: string) =>
  (await cora.api.get(`/practices/${id}`)).body.practice as Practice;

test('a member is refused in the UI and by the API', async () => {
  const slug = await community('refusal');
  const page = await signIn(milo);
  await expect(page.getByRole('heading', { name: 'You are not a coordinator here' })).toBeVisible();
  await expect(page.getByText('You do not coordinate any community')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Console sections' })).toHaveCount(0);

  const q = (await milo.api.post('/questions', { community: slug, title: 'Anyone?' })).body
    .question as Question;
  for (const res of [
    await milo.api.get(`/communities/${slug}/queue`),
    await milo.api.get(`/communities/${slug}/members`),
    await milo.api.get(`/communities/${slug}/health?from=2025-01-01&to=2025-01-31`),
    await milo.api.get(`/communities/${slug}/audit`),
    await milo.api.get(`/questions/${q.id}/route-suggestions`),
    await milo.api.post(`/questions/${q.id}/route`, { userIds: [eva.id] }),
  ]) {
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'forbidden' });
  }

  // A coordinator of one community is refused another's console too.
  await makeCommunity(store.url, store.adminToken, 'elsewhere', [[milo.id, 'coordinator']]);
  const coraPage = await signIn(cora, '#/c/elsewhere/queue');
  await expect(
    coraPage.getByRole('heading', { name: 'You are not a coordinator here' }),
  ).toBeVisible();
  await expect(coraPage.getByText('You do not coordinate elsewhere')).toBeVisible();
  await coraPage.getByRole('link', { name: 'refusal' }).click();
  await expect(coraPage.getByRole('heading', { name: 'Review queue' })).toBeVisible();
});

test('a coordinator publishes, merges and features', async () => {
  const slug = await community('curation');
  const original = await capture(milo, slug);
  const duplicate = await capture(finn, slug, {
    title: 'Drain Kubernetes nodes before you patch them',
    tags: ['kubernetes', 'patching'],
  });
  const other = await capture(milo, slug, {
    title: 'Write the incident timeline as you go',
    body: 'Note times in the incident channel.',
    tags: ['incidents'],
    source: undefined,
  });
  await rita.api.post(`/practices/${original.id}/endorse`, {});
  await eva.api.post(`/practices/${duplicate.id}/endorse`, {});
  await rita.api.post(`/practices/${duplicate.id}/endorse`, {});

  const page = await signIn(cora, `#/c/${slug}/queue`);
  const items = page.locator('[data-queue-item]');
  await expect(items).toHaveCount(3);
  // Newest first, each with its source and quote.
  await expect(items.locator('h2')).toHaveText([other.title, duplicate.title, original.title]);
  const dupItem = item(page, duplicate.title);
  await expect(dupItem.locator('.cop-quote')).toHaveText(
    'drain blocks when a budget allows zero disruptions',
  );
  await expect(dupItem.getByRole('link', { name: /Open source/ })).toHaveAttribute(
    'href',
    duplicate.source!.url,
  );
  await expect(dupItem.getByText(`Possible duplicate of “${original.title}”`)).toBeVisible();

  // Merge the duplicate into the original: every source and endorsement stays.
  await dupItem.getByRole('button', { name: 'Merge…' }).click();
  const merge = page.getByRole('region', { name: 'Merge duplicates' });
  await expect(merge.getByRole('radio', { name: new RegExp(original.title) })).toBeChecked();
  await merge.getByRole('button', { name: `Merge into “${original.title}”` }).click();
  await expect(page.getByRole('status').getByText('Merged 1 duplicate')).toBeVisible();
  await expect(items).toHaveCount(2);
  const merged = await practiceNow(original.id);
  expect(merged.sources?.map((s) => s.url)).toEqual([original.source!.url, duplicate.source!.url]);
  expect(merged.endorsements).toBe(2); // Rita counts once, Eva once.
  expect(merged.tags.sort()).toEqual(['kubernetes', 'patching']);
  expect(await practiceNow(duplicate.id)).toMatchObject({
    status: 'archived',
    mergedInto: original.id,
  });
  await expect(item(page, original.title).getByText('2 sources')).toBeVisible();

  // Publish one with the keyboard shortcut, the other with its button.
  await item(page, other.title).focus();
  await page.keyboard.press('p');
  await expect(page.getByRole('status').getByText(`Published “${other.title}”.`)).toBeVisible();
  await item(page, original.title).getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(items).toHaveCount(0);
  expect((await practiceNow(other.id)).status).toBe('published');

  // Feature it from the published list.
  await page.getByRole('radio', { name: 'Published' }).check();
  await expect(items).toHaveCount(2);
  await item(page, original.title).getByRole('button', { name: 'Feature', exact: true }).click();
  await expect(page.getByRole('status').getByText(`Featured “${original.title}”.`)).toBeVisible();
  expect(await practiceNow(original.id)).toMatchObject({ featured: true, status: 'published' });

  // Every step is in the audit log, with who and before/after.
  await page.getByRole('link', { name: 'Audit log' }).click();
  const rows = page.locator('[data-audit-action]');
  await expect(rows.first()).toHaveAttribute('data-audit-action', 'feature');
  for (const action of ['merge', 'merged-into', 'publish'])
    await expect(page.locator(`[data-audit-action="${action}"]`).first()).toBeVisible();
  await expect(page.locator('[data-audit-action="merge"]').first()).toContainText(
    'Cora Coordinator',
  );
});

test('bulk actions, reject with a note, and an edit that conflicts is shown, not overwritten', async () => {
  const slug = await community('editing');
  const a = await capture(milo, slug, { title: 'Alpha practice', body: 'about alpha' });
  const b = await capture(milo, slug, { title: 'Beta practice', body: 'about beta' });
  const c = await capture(milo, slug, { title: 'Gamma practice', body: 'about gamma' });
  const page = await signIn(cora, `#/c/${slug}/queue`);
  const items = page.locator('[data-queue-item]');
  await expect(items).toHaveCount(3);

  await page.getByRole('checkbox', { name: 'Select “Alpha practice”' }).check();
  await page.getByRole('checkbox', { name: 'Select “Beta practice”' }).check();
  await page.getByRole('button', { name: 'Archive selected' }).click();
  await expect(page.getByRole('status').getByText('Archived 2 practices.')).toBeVisible();
  expect((await practiceNow(a.id)).status).toBe('archived');
  expect((await practiceNow(b.id)).status).toBe('archived');

  // Open the editor, then someone else edits first: saving shows both versions.
  const gamma = item(page, 'Gamma practice');
  await gamma.getByRole('button', { name: 'Edit' }).click();
  const form = page.getByRole('form', { name: 'Edit “Gamma practice”' });
  await form.getByLabel('Title').fill('Gamma, as the coordinator sees it');
  const theirs = await milo.api.post('/sync/push', {
    clientId: `c-${randomUUID()}`,
    mutations: [
      {
        id: 1,
        name: 'updatePractice',
        args: { id: c.id, baseVersion: 1, patch: { title: 'Gamma, as the author sees it' } },
      },
    ],
  });
  expect(theirs.body.results[0].status).toBe('applied');
  await form.getByRole('button', { name: 'Save edit' }).click();
  const clash = page.getByRole('region', { name: /Conflicting edit/ });
  await expect(clash.getByRole('cell', { name: 'Gamma, as the author sees it' })).toBeVisible();
  await expect(
    clash.getByRole('cell', { name: 'Gamma, as the coordinator sees it' }),
  ).toBeVisible();
  expect((await practiceNow(c.id)).title).toBe('Gamma, as the author sees it');
  await clash.getByRole('button', { name: 'Apply the proposed edit' }).click();
  await expect(items.locator('h2')).toHaveText(['Gamma, as the coordinator sees it']);
  expect(await practiceNow(c.id)).toMatchObject({
    title: 'Gamma, as the coordinator sees it',
    version: 3,
  });

  // Rejecting asks for a note, which the audit log keeps.
  await page.keyboard.press('Escape');
  await items.first().focus();
  await page.keyboard.press('r');
  await page.getByLabel(/Why is it rejected/).fill('Belongs to another community');
  await page.getByRole('button', { name: 'Reject', exact: true }).click();
  await expect(items).toHaveCount(0);
  const audit = await cora.api.get(`/communities/${slug}/audit?action=reject`);
  expect(audit.body.items[0]).toMatchObject({
    entityId: c.id,
    note: 'Belongs to another community',
  });
});

test('a routed question appears for the expert', async () => {
  const slug = await community('routing');
  // This is the coordinator's hand routing: with automatic routing on, the store would take the seats first.
  expect((await cora.api.patch(`/communities/${slug}`, { autoRouting: false })).status).toBe(200);
  for (const [user, n] of [
    [eva, 5],
    [finn, 2],
  ] as const) {
    for (let i = 0; i < n; i++) {
      const p = await capture(user, slug, { title: `Kubernetes lesson ${i} from ${user.id}` });
      await cora.api.post('/practices/bulk-review', {
        action: 'publish',
        items: [{ id: p.id, baseVersion: 1 }],
      });
    }
  }
  await rita.api.post('/sync/push', {
    clientId: `c-${randomUUID()}`,
    mutations: [{ id: 1, name: 'setExpertise', args: { community: slug, topics: ['kubernetes'] } }],
  });
  const question = (
    await milo.api.post('/questions', {
      community: slug,
      title: 'How do we upgrade kubernetes without downtime?',
      tags: ['kubernetes'],
    })
  ).body.question as Question;

  const page = await signIn(cora, `#/c/${slug}/questions`);
  await page.getByRole('button', { name: `Open “${question.title}”` }).click();
  const route = page.getByRole('group', { name: 'Route to people who can answer' });
  // The top expert and a rising member are suggested and pre-selected.
  await expect(route.getByRole('checkbox', { name: /Eva Expert.*expert/ })).toBeChecked();
  const risingBox = route.getByRole('checkbox', { name: /rising member/ });
  await expect(risingBox).toBeChecked();
  const risingName = ((await risingBox.locator('xpath=..').textContent()) ?? '')
    .split(' ')
    .slice(0, 2)
    .join(' ');
  await route.getByRole('button', { name: 'Route to 2 people' }).click();
  await expect(page.getByRole('status').getByText(`Routed “${question.title}”`)).toBeVisible();
  await expect(page.getByText(/routed to .*Eva Expert/)).toBeVisible();

  // Each routed person sees it among their routed questions (what the extension and widgets list).
  const routedIds = (await cora.api.get(`/questions/${question.id}`)).body.question.routedTo;
  const people = [eva, finn, rita].filter((u) => routedIds.includes(u.id));
  expect(people.map((u) => u.id)).toContain(eva.id);
  expect(people).toHaveLength(2);
  expect(['Finn Fellow', 'Rita Rising']).toContain(risingName);
  for (const person of people) {
    const mine = await person.api.get('/questions?routed=1');
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((q: Question) => q.id)).toContain(question.id);
  }
  const notRouted = [finn, rita].find((u) => !routedIds.includes(u.id))!;
  expect(
    (await notRouted.api.get('/questions?routed=1')).body.items.map((q: Question) => q.id),
  ).not.toContain(question.id);

  // The next question on the topic goes to the expert with fewer open routed questions.
  const next = (
    await milo.api.post('/questions', {
      community: slug,
      title: 'Which kubernetes version should we run?',
      tags: ['kubernetes'],
    })
  ).body.question as Question;
  const suggested = (await cora.api.get(`/questions/${next.id}/route-suggestions`)).body.suggested;
  expect(suggested.map((s: { user: { id: string } }) => s.user.id)).not.toEqual(routedIds);
});

test('health figures equal what the data seeded says', async () => {
  const slug = await community('health');
  const DAY = 86_400_000;
  const now = Date.now();
  // Backdated captures arrive through the JSON import, authored by Eva (a member): an admin's import,
  // since only that keeps the file's authors, status and dates.
  const backdated = [3, 10, 17, 24].map((daysAgo, i) => ({
    id: randomUUID(),
    title: `Older practice ${i}`,
    body: 'from the archive',
    kind: 'lesson',
    tags: ['history'],
    status: i % 2 ? 'published' : 'captured',
    featured: false,
    source: null,
    author: { name: 'Eva Expert', email: eva.email },
    createdAt: new Date(now - daysAgo * DAY).toISOString(),
    updatedAt: new Date(now - daysAgo * DAY).toISOString(),
  }));
  const imported = await client(store.url, store.adminToken).post(`/communities/${slug}/import`, {
    format: 'cop-kit-practices',
    version: 1,
    practices: backdated,
  });
  expect(imported.status).toBe(200);
  const fresh = [
    await capture(finn, slug, { title: 'Fresh one' }),
    await capture(finn, slug, { title: 'Fresh two' }),
    await capture(rita, slug, { title: 'Fresh three' }),
  ];
  await cora.api.post('/practices/bulk-review', {
    action: 'publish',
    items: [{ id: fresh[0]!.id, baseVersion: 1 }],
  });
  const q1 = (await milo.api.post('/questions', { community: slug, title: 'First?' })).body
    .question as Question;
  const q2 = (await milo.api.post('/questions', { community: slug, title: 'Second?' })).body
    .question as Question;
  await milo.api.post('/questions', { community: slug, title: 'Third?' });
  await new Promise((r) => setTimeout(r, 150));
  const a1 = (await finn.api.post(`/questions/${q1.id}/answers`, { body: 'Yes' })).body.answer;
  await new Promise((r) => setTimeout(r, 400));
  const a2 = (await eva.api.post(`/questions/${q2.id}/answers`, { body: 'No' })).body.answer;
  await eva.api.post(`/questions/${q2.id}/answers`, { body: 'Later, again' });
  await milo.api.post(`/practices/${fresh[0]!.id}/endorse`, {});

  // What the figures must be, computed here from what was seeded.
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const from = day(now - 20 * DAY);
  const to = day(now);
  const start = Date.parse(`${from}T00:00:00Z`);
  const inRange = (iso: string) => Date.parse(iso) >= start && Date.parse(iso) < now + DAY;
  const captures = [
    ...backdated.filter((p) => inRange(p.createdAt)).map((p) => ({ ...p, by: eva.id })),
    ...fresh.map((p) => ({
      ...p,
      status: p.id === fresh[0]!.id ? 'published' : 'captured',
      by: p.author,
    })),
  ];
  const published = captures.filter((p) => p.status === 'published').length;
  const waits = [
    Date.parse(a1.createdAt) - Date.parse(q1.createdAt),
    Date.parse(a2.createdAt) - Date.parse(q2.createdAt),
  ].sort((x, y) => x - y);
  const medianWait = (waits[0]! + waits[1]!) / 2;
  const contributions = new Map<string, number>();
  for (const p of captures) contributions.set(p.by, (contributions.get(p.by) ?? 0) + 1);
  contributions.set(finn.id, (contributions.get(finn.id) ?? 0) + 1); // answer
  contributions.set(eva.id, (contributions.get(eva.id) ?? 0) + 2); // two answers
  const levels = { core: 0, active: 0, peripheral: 1 }; // Milo asked and endorsed
  for (const n of contributions.values()) levels[n >= 5 ? 'core' : 'active'] += 1;
  const weekStart = (t: number) => {
    const d = Math.floor(t / DAY) * DAY;
    return d - ((new Date(d).getUTCDay() + 6) % 7) * DAY;
  };
  const weeks = new Map<string, number>();
  for (let w = weekStart(start); w < now + DAY - (now % DAY); w += 7 * DAY) weeks.set(day(w), 0);
  for (const p of captures) {
    const key = day(weekStart(Date.parse(p.createdAt)));
    weeks.set(key, (weeks.get(key) ?? 0) + 1);
  }

  const page = await signIn(cora, `#/c/${slug}/health`);
  await page.getByLabel('From', { exact: true }).fill(from);
  await page.getByLabel('To', { exact: true }).fill(to);
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page.getByText(`From ${from} to ${to}`)).toBeVisible();
  const figure = (id: string) => page.locator(`[data-figure="${id}"] .console-figure-value`);
  await expect(figure('captures')).toHaveText(String(captures.length));
  await expect(figure('share-published')).toHaveText(
    `${Math.round((published / captures.length) * 100)}%`,
  );
  await expect(figure('questions')).toHaveText('3');
  await expect(figure('answered')).toHaveText('2');
  await expect(figure('first-answer')).toHaveText(duration(medianWait));
  await expect(figure('active')).toHaveText(
    String(levels.core + levels.active + levels.peripheral),
  );
  // The weekly chart is uPlot's canvas, summarised for screen readers, with its numbers as a table on demand.
  const weekly = page.locator('figure', { hasText: 'Practices captured per week' });
  await expect(weekly.getByRole('img')).toHaveAttribute(
    'aria-label',
    /^Practices captured per week: /,
  );
  await expect(weekly.locator('canvas')).toBeVisible();
  await weekly.getByRole('button', { name: 'Show as table' }).click();
  const cells = weekly.locator('tbody td');
  await expect(cells).toHaveCount(weeks.size);
  expect((await cells.allTextContents()).map(Number)).toEqual([...weeks.values()]);
  const levelBar = page.locator('figure', { hasText: 'Active members by participation level' });
  for (const [label, n] of [
    ['Core', levels.core],
    ['Active', levels.active],
    ['Peripheral', levels.peripheral],
  ] as const)
    await expect(levelBar.locator(`[data-segment="${label}"]`)).toHaveAttribute(
      'data-value',
      String(n),
    );
  // Eva leads: three captures in range and two answers.
  expect([...contributions.entries()].sort((x, y) => y[1] - x[1])[0]).toEqual([eva.id, 5]);
  await expect(
    page.getByRole('table', { name: 'Top contributors' }).locator('tbody tr').first(),
  ).toContainText('Eva Expert');

  // The API says exactly the same numbers.
  const api = (await cora.api.get(`/communities/${slug}/health?from=${from}&to=${to}`)).body;
  expect(api).toMatchObject({
    captures: captures.length,
    published,
    questions: 3,
    answered: 2,
    medianFirstAnswerMs: medianWait,
    activeMembers: { ...levels, total: levels.core + levels.active + levels.peripheral },
  });
});

test('an export imports back to the same practices', async () => {
  const source = await community('export-source');
  const target = await community('export-target');
  const p1 = await capture(milo, source, { title: 'Export me, with "quotes", commas' });
  await capture(eva, source, { title: 'Export me too', source: undefined, kind: 'story' });
  await cora.api.post('/practices/bulk-review', {
    action: 'feature',
    items: [{ id: p1.id, baseVersion: 1 }],
  });

  const page = await signIn(cora, `#/c/${source}/health`);
  // The cause of this test's old flakiness was the product's: each export's notice pushed the buttons down,
  // so the next click could land beside them and no download ever started. The notice slot now keeps its
  // height; the figures still load above the buttons, so the first export waits for them, as a person would.
  await expect(page.locator('[data-figure="captures"]')).toBeVisible();
  const exportAs = async (label: string, format: string) => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: `Export ${label}` }).click(),
    ]);
    const path = await download.path();
    await expect(
      page.getByRole('status').getByText(`Exported the practices of ${source} as ${format}.`),
    ).toBeVisible();
    return path;
  };
  const file = await exportAs('JSON', 'JSON');
  const exported = JSON.parse(readFileSync(file, 'utf8'));
  expect(exported.practices).toHaveLength(2);
  const csv = await exportAs('CSV', 'CSV');
  expect(readFileSync(csv, 'utf8')).toContain('"Export me, with ""quotes"", commas"');
  const md = await exportAs('Markdown', 'MD');
  expect(readFileSync(md, 'utf8')).toContain('## Export me too');

  await page.getByLabel('Community').selectOption(target);
  await expect(page).toHaveURL(new RegExp(`#/c/${target}/health`));
  await page.getByLabel('Import a JSON export').setInputFiles(file);
  await expect(page.getByRole('status').getByText('Imported 2 practices')).toBeVisible();
  await expect(page.getByRole('status')).toContainText('new captures of yours');

  // A coordinator's import keeps the text, kind, tags and sources; the practices become hers, new captures.
  const back = (await cora.api.get(`/communities/${target}/export?format=json`)).body;
  const content = (x: { practices: Record<string, unknown>[] }) =>
    x.practices
      .map(({ title, body, kind, tags, source }) => ({ title, body, kind, tags, source }))
      // Imported together, they share one date: compare them in title order.
      .sort((a, b) => String(a.title).localeCompare(String(b.title)));
  expect(content(back)).toEqual(content(exported));
  for (const p of back.practices)
    expect(p).toMatchObject({ status: 'captured', featured: false, author: { email: cora.email } });
});

test('a webhook reaches a local receiver with a valid signature and is retried after a 500', async () => {
  const slug = await community('hooks');
  const received: { headers: IncomingHttpHeaders; body: string; answered: number }[] = [];
  let failures = 1;
  const receiver: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const answered = failures-- > 0 ? 500 : 200;
      received.push({ headers: req.headers, body, answered });
      res
        .writeHead(answered, { 'Content-Type': 'text/plain' })
        .end(answered === 200 ? 'ok' : 'boom');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/slack`;
  try {
    const page = await signIn(cora, `#/c/${slug}/webhooks`);
    await page.getByLabel('Webhook URL').fill(hookUrl);
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const hook = page.getByRole('article', { name: `Webhook ${hookUrl}` });
    await hook.getByRole('button', { name: 'Show secret' }).click();
    const secret = ((await hook.locator('[data-secret]').textContent()) ?? '').trim();
    expect(secret).toMatch(/^whsec_/);

    const question = (
      await client(store.url, milo.token).post('/questions', {
        community: slug,
        title: 'Who owns the deploy pipeline?',
      })
    ).body.question as Question;
    await expect.poll(() => received.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    expect(received.map((r) => r.answered)).toEqual([500, 200]);
    const [first, retry] = received as [(typeof received)[0], (typeof received)[0]];
    expect(retry.headers['x-cop-delivery']).toBe(first.headers['x-cop-delivery']);
    expect(retry.body).toBe(first.body);
    for (const r of received) {
      const timestamp = String(r.headers['x-cop-timestamp']);
      const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${r.body}`).digest('hex')}`;
      expect(r.headers['x-cop-signature']).toBe(expected);
      expect(r.headers['x-cop-event']).toBe('question.created');
      expect(r.headers['content-type']).toBe('application/json');
    }
    // Slack and Teams both show `text`.
    const message = JSON.parse(retry.body);
    expect(message.text).toContain(question.title);
    expect(message.data.question.id).toBe(question.id);

    // The delivery log shows the retry.
    const log = hook.getByRole('table', { name: 'Delivery log' });
    await expect(log.locator('[data-delivery="delivered"]')).toHaveCount(1, { timeout: 10_000 });
    await expect(log.locator('[data-delivery="delivered"] .console-try')).toHaveText([
      '500',
      '200',
    ]);
  } finally {
    await new Promise<void>((r) => receiver.close(() => r()));
  }
});

test('every console page passes axe, colour contrast included', async () => {
  const slug = await community('accessible');
  const p = await capture(milo, slug);
  await capture(finn, slug, { title: 'Drain Kubernetes nodes before you patch them' });
  await cora.api.post('/practices/bulk-review', {
    action: 'publish',
    items: [{ id: p.id, baseVersion: 1 }],
  });
  await milo.api.post('/questions', {
    community: slug,
    title: 'Kubernetes upgrades?',
    tags: ['kubernetes'],
  });
  const page = await signIn(cora, `#/c/${slug}/queue`);
  for (const section of PAGES) {
    await page.goto(`${store.url}/console#/c/${slug}/${section}`);
    await expect(page.locator('nav a[aria-current="page"]')).toHaveAttribute(
      'href',
      `#/c/${slug}/${section}`,
    );
    await expect(page.locator('.console-main h1')).toBeVisible();
    await page.waitForLoadState('networkidle');
    // Evaluated by the test, not as a page script: the console's CSP (rightly) blocks inline scripts.
    await page.evaluate(AXE);
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: typeof import('axe-core') }).axe.run(
        document.body,
      );
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
    });
    expect(violations, section).toEqual([]);
  }
});
