/**
 * The widget kit on a plain intranet page served from its own loopback origin, against a real
 * store: every element shows store data, asking and capturing write with a valid embed token and
 * are refused (with the store's own sentence) with a forged or expired one, events carry their
 * detail, axe finds nothing, nothing shifts, and a returning visitor sees saved content at once.
 */
import { expect, type Page, test } from '@playwright/test';
import { client } from '../helpers/api';
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

const EXPIRED = 'The embed token has expired. Reload the page to get a new one.';
const FORGED = 'The embed token is not valid: its signature or claims could not be verified.';

async function openPlain(token = world.tokens.valid, viewport = { width: 1024, height: 900 }) {
  const page = await world.newPage({ viewport });
  await page.goto(world.host.url('plain.html', { token, community: COMMUNITY }));
  await firstContent(page, WIDGET_TAGS);
  return page;
}

/** What anonymous readers of the community see, straight from the store. */
async function publishedTitles(query = '') {
  const res = await client(world.store.url).get(
    `/practices?community=${COMMUNITY}&status=published&limit=50${query}`,
  );
  return (res.body.items as { title: string }[]).map((p) => p.title);
}

const myQuestions = async () =>
  (await world.asPerson.get(`/questions?community=${COMMUNITY}&mine=1`)).body.items as {
    id: string;
    title: string;
    context: { url?: string; title?: string } | null;
  }[];

async function demoToken(email: string) {
  const res = await client(world.store.url).post('/auth/login', {
    email,
    password: world.store.demoPassword,
  });
  return res.body.token as string;
}

async function selectArticleText(page: Page, text: string) {
  await page.evaluate((wanted) => {
    const p = document.getElementById('article')!;
    const node = p.firstChild as Text;
    const start = node.data.indexOf(wanted);
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, start + wanted.length);
    const selection = document.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
  }, text);
}

test('every element shows the store’s data', async () => {
  // The person asked a question earlier and Grace answered it.
  const asked = await world.asPerson.post(`/questions`, {
    id: '01966a3e-0000-7000-8000-00000000a001',
    community: COMMUNITY,
    title: 'Which dashboards show node pressure?',
    body: '',
  });
  expect(asked.status).toBe(201);
  const grace = client(world.store.url, await demoToken('grace@demo.example'));
  const answered = await grace.post(`/questions/${asked.body.question.id}/answers`, {
    id: '01966a3e-0000-7000-8000-00000000a002',
    body: 'The “Node health” board in Grafana, row two.',
  });
  expect(answered.status).toBe(201);

  const page = await openPlain();

  const feed = page.locator('#practices');
  for (const title of (await publishedTitles()).slice(0, 5))
    await expect(feed.getByRole('heading', { name: title })).toBeVisible();
  await expect(feed.getByRole('status')).toHaveText(/\d+ practices/);

  const experts = page.locator('#experts');
  await expect(experts.getByRole('heading', { name: 'Grace Hopper' })).toBeVisible();
  await expect(experts.getByText('Declared expertise:')).toBeVisible();
  await expect(experts.getByRole('link', { name: 'Email Grace Hopper' })).toHaveAttribute(
    'href',
    /^mailto:grace@demo\.example/,
  );

  const related = (await publishedTitles('&q=kubernetes')).length;
  const prompt = page.locator('#prompt');
  await expect(prompt.getByText('From your community: Support engineering')).toBeVisible();
  await expect(
    prompt.getByText(related === 1 ? 'One related practice.' : `${related} related practices.`),
  ).toBeVisible();

  const ask = page.locator('#ask');
  await expect(ask.getByText('Signed in as Rita Ramos')).toBeVisible();
  await expect(
    ask.getByRole('heading', { name: 'Which dashboards show node pressure?' }),
  ).toBeVisible();
  await ask.getByRole('button', { name: /Show answers/ }).click();
  await expect(ask.getByText('The “Node health” board in Grafana, row two.')).toBeVisible();

  await expect(page.locator('#capture').getByText('Signed in as Rita Ramos')).toBeVisible();
  await page.context().close();
});

test('search shows the store’s highlights as marks, never as markup', async () => {
  // A member captures a practice whose title is an HTML injection attempt; a coordinator publishes it.
  const hostile = '<img src=x onerror="window.__pwned=1"> Rollback <b>checklist</b>';
  const made = await world.asPerson.post('/practices', {
    id: '01966a3e-0000-7000-8000-00000000b001',
    community: COMMUNITY,
    title: hostile,
    body: 'Roll back first, investigate second.',
    kind: 'method',
  });
  expect(made.status).toBe(201);
  const ada = client(world.store.url, await demoToken('ada@demo.example'));
  expect(
    (
      await ada.post(`/practices/${made.body.practice.id}/review`, {
        action: 'publish',
        baseVersion: 1,
      })
    ).status,
  ).toBe(200);

  const page = await openPlain();
  const feed = page.locator('#practices');
  await feed.getByRole('searchbox', { name: 'Search practices' }).fill('rollback');
  const heading = feed.getByRole('heading', { name: /Rollback/ });
  await expect(heading).toBeVisible();
  await expect(heading).toContainText('<img src=x onerror="window.__pwned=1">');
  await expect(heading.locator('mark')).toHaveText(/rollback/i);
  expect(await feed.locator('img, b').count()).toBe(0);
  expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
  await expect(feed.getByRole('status')).toHaveText(/^1 practices$/);
  await page.context().close();
});

test('cop-ask posts a question with a valid token and fires cop-question-posted', async () => {
  const page = await openPlain();
  const ask = page.locator('#ask');
  await ask.getByRole('button', { name: 'Ask the community' }).click();
  const dialog = ask.getByRole('dialog', { name: 'Ask the community' });
  await expect(dialog).toBeVisible();
  await dialog
    .getByRole('textbox', { name: 'Question' })
    .fill('How do we rotate the on-call pager?');
  await dialog.getByLabel('Details').fill('The rota tool changed last week.');
  await dialog.getByRole('button', { name: 'Post question' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Question posted to Support engineering.');

  const events = await heardEvents(page);
  expect(events).toHaveLength(1);
  const [event] = events;
  expect(event).toMatchObject({
    name: 'cop-question-posted',
    target: 'cop-ask',
    bubbles: true,
    composed: true,
    detail: {
      question: {
        title: 'How do we rotate the on-call pager?',
        body: 'The rota tool changed last week.',
        community: COMMUNITY,
        author: world.person.id,
      },
    },
  });
  const stored = (await myQuestions()).find((q) => q.id === event!.detail.question.id);
  expect(stored?.title).toBe('How do we rotate the on-call pager?');
  expect(stored?.context?.url).toContain(`${world.host.origin}/plain.html`);
  expect(stored?.context?.title).toBe('Incident handbook · Northwind intranet');

  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  // The person's list now holds the new question.
  await expect(
    ask.getByRole('heading', { name: 'How do we rotate the on-call pager?' }),
  ).toBeVisible();
  await page.context().close();
});

test('cop-capture saves the page selection as a practice and fires cop-practice-captured', async () => {
  const page = await openPlain();
  const quote = 'a drain that hangs usually means a PodDisruptionBudget allows zero disruptions';
  await selectArticleText(page, quote);
  const capture = page.locator('#capture');
  await expect(capture.getByText(/^Selected: “a drain that hangs/)).toBeVisible();
  await capture.getByRole('button', { name: 'Capture as practice' }).click();

  const dialog = capture.getByRole('dialog', { name: 'Capture a practice' });
  await expect(dialog.locator('blockquote')).toHaveText(quote);
  await dialog.getByLabel('Title').fill('Check PodDisruptionBudgets before draining');
  await dialog.getByLabel('Kind').selectOption('lesson');
  await dialog.getByLabel('Tags').fill('kubernetes, maintenance');
  await dialog.getByRole('button', { name: 'Save practice' }).click();
  await expect(dialog.getByRole('status')).toHaveText(
    'Practice saved and shared with Support engineering.',
  );

  const [event] = await heardEvents(page);
  expect(event).toMatchObject({
    name: 'cop-practice-captured',
    target: 'cop-capture',
    bubbles: true,
    composed: true,
    detail: {
      practice: {
        title: 'Check PodDisruptionBudgets before draining',
        kind: 'lesson',
        tags: ['kubernetes', 'maintenance'],
        status: 'captured',
        community: COMMUNITY,
        source: { quote: { exact: quote } },
      },
    },
  });
  expect(event!.detail.practice.source.quote.prefix).toContain('ignore-daemonsets flag;');
  const stored = await world.asPerson.get(`/practices?community=${COMMUNITY}&status=captured`);
  const saved = stored.body.items.find((p: any) => p.id === event!.detail.practice.id);
  expect(saved?.source.url).toContain(`${world.host.origin}/plain.html`);
  await page.context().close();
});

test('cop-prompt invites a question, posts it, and can be dismissed', async () => {
  const page = await openPlain();
  const prompt = page.locator('#prompt');
  await prompt.getByRole('button', { name: 'Ask the community' }).click();
  const dialog = prompt.getByRole('dialog', { name: 'Ask the community' });
  await dialog.getByRole('textbox', { name: 'Question' }).fill('Who reviews kubernetes upgrades?');
  await dialog.getByRole('button', { name: 'Post question' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Question posted to Support engineering.');
  await dialog.getByRole('button', { name: 'Close' }).click();
  const [event] = await heardEvents(page);
  expect(event).toMatchObject({
    name: 'cop-question-posted',
    target: 'cop-prompt',
    detail: { question: { title: 'Who reviews kubernetes upgrades?' } },
  });

  await prompt.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.locator('cop-prompt')).toBeHidden();
  await page.context().close();
});

test('cop-experts looks up another topic the reader types', async () => {
  const page = await openPlain();
  const experts = page.locator('#experts');
  await expect(experts.getByRole('heading', { name: 'Grace Hopper' })).toBeVisible();
  await experts.getByRole('searchbox', { name: 'Find an expert' }).fill('postgres');
  await experts.getByRole('searchbox', { name: 'Find an expert' }).press('Enter');
  await expect(experts.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  await expect(experts.getByRole('heading', { name: 'Grace Hopper' })).toBeHidden();
  await expect(experts.getByRole('status')).toHaveText(/know(s)? about postgres$/);
  await page.context().close();
});

for (const [which, message] of [
  ['forged', FORGED],
  ['expired', EXPIRED],
] as const) {
  test(`cop-ask and cop-capture refuse a ${which} token with the store’s message`, async () => {
    const before = (await myQuestions()).length;
    const page = await openPlain(world.tokens[which]);
    const ask = page.locator('#ask');
    await expect(ask.getByRole('alert')).toHaveText(message);
    await expect(ask.getByRole('button', { name: 'Ask the community' })).toBeDisabled();
    const capture = page.locator('#capture');
    await expect(capture.getByRole('alert')).toHaveText(message);
    await expect(capture.getByRole('button', { name: 'Capture as practice' })).toHaveCount(0);
    // Reading goes on as an anonymous reader would.
    await expect(page.locator('#practices').getByRole('heading').first()).toBeVisible();
    expect((await myQuestions()).length).toBe(before);
    expect(await heardEvents(page)).toEqual([]);
    await page.context().close();
  });
}

test('a token that expires while the person writes is refused when they post', async () => {
  const page = await openPlain(await world.tokenExpiringIn(4));
  const ask = page.locator('#ask');
  await expect(ask.getByText('Signed in as Rita Ramos')).toBeVisible();
  await ask.getByRole('button', { name: 'Ask the community' }).click();
  const dialog = ask.getByRole('dialog');
  await dialog
    .getByRole('textbox', { name: 'Question' })
    .fill('Is this posted after my token expired?');
  await page.waitForTimeout(4500);
  await dialog.getByRole('button', { name: 'Post question' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(EXPIRED);
  expect((await myQuestions()).map((q) => q.title)).not.toContain(
    'Is this posted after my token expired?',
  );
  expect(await heardEvents(page)).toEqual([]);
  await page.context().close();
});

test('axe finds no violations in the elements, nor in the open dialogs', async () => {
  const page = await openPlain();
  await expect(page.locator('#practices').getByRole('heading').first()).toBeVisible();
  expect(await axeViolations(page, WIDGET_TAGS)).toEqual([]);

  await page.locator('#ask').getByRole('button', { name: 'Ask the community' }).click();
  await expect(page.locator('#ask').getByRole('textbox', { name: 'Question' })).toBeFocused();
  expect(await axeViolations(page, ['cop-ask'])).toEqual([]);
  await page.keyboard.press('Escape');

  await selectArticleText(page, 'cordon it and drain it');
  await page.locator('#capture').getByRole('button', { name: 'Capture as practice' }).click();
  await expect(page.locator('#capture').getByRole('textbox', { name: 'Title' })).toBeFocused();
  expect(await axeViolations(page, ['cop-capture'])).toEqual([]);
  await page.context().close();
});

test('nothing on the page moves while the elements load, first visit or return', async () => {
  const page = await openPlain();
  await expect(page.locator('#practices').getByRole('heading').first()).toBeVisible();
  await page.waitForTimeout(1000);
  expect(await layoutShifts(page)).toEqual({ total: 0, shifts: [] });
  // The return visit paints the saved snapshot first, then the fresh answer.
  await page.reload();
  await firstContent(page, WIDGET_TAGS);
  await page.waitForTimeout(1000);
  expect(await layoutShifts(page)).toEqual({ total: 0, shifts: [] });
  // Each element keeps exactly the space it reserved.
  for (const [tag, rem] of [
    ['cop-practices', 26],
    ['cop-ask', 24],
    ['cop-capture', 6.5],
  ] as const) {
    const box = await page.locator(tag).boundingBox();
    expect(box?.height).toBe(rem * 16);
  }
  await page.context().close();
});

test('a returning visitor sees saved content at once, even when the store is unreachable', async () => {
  const page = await openPlain();
  const feed = page.locator('#practices');
  const [first] = await publishedTitles();
  await expect(feed.getByRole('heading', { name: first })).toBeVisible();
  await page.waitForTimeout(300); // the snapshot is written after the answer is shown

  await page.route(`${world.store.url}/api/**`, (route) => route.abort('connectionrefused'));
  await page.reload();
  await expect(feed.getByRole('heading', { name: first })).toBeVisible();
  await expect(feed.getByRole('alert')).toHaveText(
    `Showing saved results. The store at ${world.store.url} cannot be reached: you may be offline, or this site is not among the store's allowed origins.`,
  );
  await expect(
    page.locator('#experts').getByRole('heading', { name: 'Grace Hopper' }),
  ).toBeVisible();
  await page.context().close();
});

test('keyboard only: search, open the ask dialog, close it with Escape', async () => {
  const page = await openPlain();
  await expect(page.locator('#practices').getByRole('heading').first()).toBeVisible();
  const search = page.locator('#practices').getByRole('searchbox', { name: 'Search practices' });
  for (let i = 0; i < 5 && !(await search.evaluate((el) => el.matches(':focus'))); i++)
    await page.keyboard.press('Tab');
  await expect(search).toBeFocused();
  await page.keyboard.type('postgres');
  await expect(page.locator('#practices').getByRole('status')).toHaveText('1 practices');

  const button = page.locator('#ask').getByRole('button', { name: 'Ask the community' });
  for (let i = 0; i < 40 && !(await button.evaluate((el) => el.matches(':focus'))); i++)
    await page.keyboard.press('Tab');
  await expect(button).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#ask').getByRole('textbox', { name: 'Question' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.locator('#ask').getByRole('dialog')).toBeHidden();
  await expect(button).toBeFocused();
  await page.context().close();
});

test('fits a 320 px wide screen, the dialogs too', async () => {
  const page = await openPlain(world.tokens.valid, { width: 320, height: 640 });
  await expect(page.locator('#practices').getByRole('heading').first()).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  for (const tag of WIDGET_TAGS) {
    const overflow = await page
      .locator(`${tag} .cop-root`)
      .evaluate((root) => root.scrollWidth - root.clientWidth);
    expect(overflow, tag).toBeLessThanOrEqual(0);
  }
  await page.locator('#ask').getByRole('button', { name: 'Ask the community' }).click();
  const box = await page.locator('#ask dialog').boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(320);
  await page.context().close();
});

test('follows the page: its font, light and dark, its theme properties and parts', async () => {
  const page = await openPlain();
  const root = page.locator('cop-practices .cop-root');
  expect(await root.evaluate((el) => getComputedStyle(el).fontFamily)).toBe(
    await page.evaluate(() => getComputedStyle(document.body).fontFamily),
  );

  expect(await root.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(
    'rgb(255, 255, 255)',
  );
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await root.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(17, 24, 39)');
  expect(await axeViolations(page, WIDGET_TAGS)).toEqual([]);
  await page.emulateMedia({ colorScheme: 'light' });

  await page.addStyleTag({
    content:
      '#ask { --cop-accent: rgb(1, 2, 3); } cop-practices::part(header) { background: rgb(4, 5, 6); }',
  });
  const askButton = page.locator('#ask').getByRole('button', { name: 'Ask the community' });
  // Polled: buttons ease their colour changes.
  await expect
    .poll(() => askButton.evaluate((el) => getComputedStyle(el).backgroundColor))
    .toBe('rgb(1, 2, 3)');
  expect(
    await page
      .locator('cop-practices .cop-head')
      .evaluate((el) => getComputedStyle(el).backgroundColor),
  ).toBe('rgb(4, 5, 6)');
  await page.context().close();
});
