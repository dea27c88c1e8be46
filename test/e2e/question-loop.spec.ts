/**
 * The question loop end to end: a question asked in `<cop-ask>` on an intranet page is routed at once,
 * the expert's extension shows it on its badge, the expert answers in the side panel, the asker accepts
 * the answer and turns it into a practice credited to the expert, and a coordinator publishes it.
 * A hidden person is in no expert list, widget or routing.
 */
import { type Browser, expect, type Page, test } from '@playwright/test';
import { SignJWT } from 'jose';
import { type Client, client, makeCommunity, makeUser } from '../helpers/api';
import { launchChromium } from '../helpers/chromium';
import { type LaunchedExtension, launchExtension } from '../helpers/extension';
import { startStore, type TestStore } from '../helpers/store';
import { connectThroughOptions } from './fixtures/extension-pages';
import { type HostServer, startHostServer } from './fixtures/widgets/host-server';
import { PASSWORD } from './fixtures/world';

const SLUG = 'platform-ops';
const TOPIC = 'kubernetes';

let store: TestStore;
let host: HostServer;
let browser: Browser;
let admin: Client;
let coordinator: Awaited<ReturnType<typeof makeUser>>;
let expert: Awaited<ReturnType<typeof makeUser>> & { name: string; password: string };
let hidden: Awaited<ReturnType<typeof makeUser>>;
/** The asker signs in on the intranet: the page hands `<cop-ask>` an embed token. */
let askerToken: string;
let askerId: string;

/** Publishes `n` practices on the topic by `who`, so the ranking sees them as an expert. */
async function publishPractices(who: { api: Client }, n: number) {
  for (let i = 0; i < n; i++) {
    const created = await who.api.post('/practices', {
      community: SLUG,
      title: `Kubernetes node upgrades, step ${i + 1}`,
      body: 'Drain, patch, uncordon.',
      tags: [TOPIC],
    });
    expect(created.status).toBe(201);
    const reviewed = await coordinator.api.post(`/practices/${created.body.practice.id}/review`, {
      action: 'publish',
      baseVersion: 1,
    });
    expect(reviewed.status).toBe(200);
  }
}

test.beforeAll(async () => {
  let storeUrl = '';
  host = await startHostServer(() => storeUrl);
  store = await startStore({ env: { COP_ALLOWED_ORIGINS: host.origin } });
  storeUrl = store.url;
  admin = client(store.url, store.adminToken);
  coordinator = await makeUser(store.url, store.adminToken, 'Cora Coordinator');
  expert = {
    ...(await makeUser(store.url, store.adminToken, 'Eva Expert')),
    name: 'Eva Expert',
    password: PASSWORD,
  };
  hidden = await makeUser(store.url, store.adminToken, 'Hana Hidden');
  await makeCommunity(store.url, store.adminToken, SLUG, [
    [coordinator.id, 'coordinator'],
    [expert.id, 'member'],
    [hidden.id, 'member'],
  ]);
  await publishPractices(expert, 2);
  // Hana knows more than anyone, and chose to be left alone.
  await publishPractices(hidden, 4);
  expect((await hidden.api.put('/me/expertise', { hidden: true })).status).toBe(200);

  askerToken = await new SignJWT({
    sub: 'intranet-0815',
    email: 'ada@intranet.example',
    name: 'Ada Asker',
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(store.embedSecret));
  const me = await client(store.url, askerToken).get('/me');
  askerId = me.body.user.id;
  await admin.put(`/communities/${SLUG}/members/${askerId}`, { role: 'member' });

  browser = await launchChromium();
});

test.afterAll(async () => {
  await browser?.close();
  await host?.close();
  await store?.dispose();
});

async function intranetPage(): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(host.url('plain.html', { token: askerToken, community: SLUG }));
  return page;
}

test('a question asked in a widget is routed, answered in the expert’s side panel, accepted, and becomes a published practice', async () => {
  const ext: LaunchedExtension = await launchExtension();
  try {
    await connectThroughOptions(ext, store, expert);
    await expect.poll(() => ext.badgeText()).toBe('');

    // Ada asks on the intranet page.
    const title = 'How do we upgrade kubernetes nodes without downtime?';
    const page = await intranetPage();
    const ask = page.locator('#ask');
    await ask.getByRole('button', { name: 'Ask the community' }).click();
    const dialog = ask.getByRole('dialog', { name: 'Ask the community' });
    await dialog.getByRole('textbox', { name: 'Question' }).fill(title);
    await dialog.getByLabel('Tags').fill(TOPIC);
    await dialog.getByRole('button', { name: 'Post question' }).click();
    await expect(dialog.getByRole('status')).toHaveText(`Question posted to ${SLUG}.`);
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Routed at once, to Eva and never to Hana.
    const asked = (await coordinator.api.get(`/questions?community=${SLUG}`)).body.items.find(
      (q: { title: string }) => q.title === title,
    );
    expect(asked.routedTo).toContain(expert.id);
    expect(asked.routedTo).not.toContain(hidden.id);

    // Eva's extension counts it on its badge, and she answers it in the side panel.
    await expect.poll(() => ext.badgeText(), { timeout: 60_000 }).toBe('1');
    const panel = await ext.openPage('sidepanel.html');
    await panel.getByRole('tab', { name: /Questions/ }).click();
    const forMe = panel.getByRole('region', { name: 'Questions for you' });
    await forMe.getByRole('button', { name: 'Show answers' }).click();
    await forMe
      .getByLabel('Your answer')
      .fill('Cordon, drain with --ignore-daemonsets, patch, uncordon.');
    await forMe.getByRole('button', { name: 'Post answer' }).click();
    await expect(forMe.getByRole('status')).toHaveText(/Answer posted|when the store is reachable/);
    await expect
      .poll(async () => (await coordinator.api.get(`/questions/${asked.id}`)).body.answers.length)
      .toBe(1);
    // Answered: it no longer waits on her badge.
    await expect.poll(() => ext.badgeText(), { timeout: 60_000 }).toBe('');

    // Ada accepts it in the widget and turns it into a practice.
    await page.reload();
    const mine = page.locator('#ask').locator(`[data-question-id="${asked.id}"]`);
    await mine.getByRole('button', { name: 'Show answers' }).click();
    await mine.getByRole('button', { name: 'Accept answer' }).click();
    await mine.getByRole('button', { name: 'Turn into a practice' }).click();
    await expect(mine.getByRole('status')).toHaveText(
      'Saved as a practice by the person who answered; it waits for review.',
    );

    // A draft in review, by Eva, linked back to the question; the coordinator publishes it.
    const queue = await coordinator.api.get(`/practices?community=${SLUG}&status=captured`);
    const draft = queue.body.items.find((p: { title: string }) => p.title === title);
    expect(draft).toMatchObject({ author: expert.id, status: 'captured', fromQuestion: asked.id });
    expect(draft.body).toContain('Cordon, drain');
    const published = await coordinator.api.post(`/practices/${draft.id}/review`, {
      action: 'publish',
      baseVersion: draft.version,
    });
    expect(published.status).toBe(200);
    expect(published.body.practice ?? published.body).toMatchObject({ status: 'published' });
    const evidence = (await expert.api.get(`/me/expertise?community=${SLUG}`)).body.evidence;
    expect(evidence).toMatchObject({ practices: 3, acceptedAnswers: 1 });
    await page.context().close();
  } finally {
    await ext.close({ removeProfile: true });
  }
});

test('a hidden person is in no expert list, widget or routing', async () => {
  const ids = (items: { user: { id: string } }[]) => items.map((i) => i.user.id);
  // Expert lookup over the API, for a member and for the coordinator.
  for (const who of [expert, coordinator]) {
    const found = await who.api.get(`/experts?topic=${TOPIC}&community=${SLUG}`);
    expect(ids(found.body.items)).toContain(expert.id);
    expect(ids(found.body.items)).not.toContain(hidden.id);
  }
  // The widget on the intranet page.
  const page = await intranetPage();
  const experts = page.locator('#experts');
  await expect(experts.getByRole('heading', { name: 'Eva Expert' })).toBeVisible();
  await expect(experts.getByRole('heading', { name: 'Hana Hidden' })).toHaveCount(0);
  await page.context().close();

  // Automatic routing, the console's suggestions, and routing by hand.
  const asked = await client(store.url, askerToken).post('/questions', {
    community: SLUG,
    title: 'Which kubernetes version should the next cluster run?',
    tags: [TOPIC],
  });
  expect(asked.status).toBe(201);
  const question = asked.body.question;
  expect(question.routedTo).not.toContain(hidden.id);
  const suggestions = await coordinator.api.get(`/questions/${question.id}/route-suggestions`);
  expect(suggestions.status).toBe(200);
  expect(ids([...suggestions.body.suggested, ...suggestions.body.others])).not.toContain(hidden.id);
  const byHand = await coordinator.api.post(`/questions/${question.id}/route`, {
    userIds: [hidden.id],
  });
  expect(byHand.status).toBe(400);
  expect(byHand.body.error.code).toBe('hidden_from_routing');
  expect((await hidden.api.get('/questions?for=me')).body.items).toEqual([]);
});
