/**
 * The extension as a person uses it: connect, capture a selection as a practice, ask the community
 * and see the answer arrive, find an expert, mark their practice "Still right". Real Chromium, the built extension, a real store.
 */
import { expect, test } from '@playwright/test';
import { client } from '../helpers/api';
import {
  connectAndSync,
  connectThroughOptions,
  panel,
  selectText,
  toolbarButton,
} from './fixtures/extension-pages';
import { extensionScenario } from './fixtures/scenario';

const scene = extensionScenario({ connect: false });

test('connects through the options page, then signs out', async () => {
  const options = await connectThroughOptions(scene.ext, scene.store, scene.world.member);
  await expect(options.getByRole('status', { name: 'Sync state' })).toHaveAttribute(
    'data-state',
    /synced|pending/,
  );
  await options.getByRole('button', { name: 'Sign out' }).click();
  await expect(options.getByRole('button', { name: 'Connect' })).toBeVisible();
  await expect(options.getByLabel('Store URL')).toHaveValue(scene.store.url);
});

test('captures a selection as a practice that reaches the store with its quote and URL', async () => {
  await connectThroughOptions(scene.ext, scene.store, scene.world.member);
  const page = await scene.ext.context.newPage();
  const url = `${scene.pages.url}/article.html`;
  await page.goto(url);
  const quote = 'publish the new signing key before revoking the old one';
  await selectText(page, '#key-rule', quote);

  await toolbarButton(page, 'Capture as practice').click();
  const form = await panel(page);
  await expect(form.getByLabel('Title')).toBeFocused();
  await form.getByLabel('Title').fill('Publish before revoke');
  await expect(form.getByLabel('Community')).toHaveValue(scene.world.community.slug);
  await form.getByLabel('Kind').selectOption('method');
  await form.getByLabel('Tags').fill('security, key rotation');
  await form.getByLabel('Note').fill('Keeps sessions alive during rotation.');
  await form.getByRole('button', { name: 'Save practice' }).click();
  await expect(form.getByRole('status')).toHaveAttribute('data-outcome', 'saved');

  const found = await client(scene.store.url, scene.world.coordinator.token).get(
    `/practices?community=${scene.world.community.slug}`,
  );
  const practice = found.body.items.find(
    (p: { title: string }) => p.title === 'Publish before revoke',
  );
  expect(practice).toBeTruthy();
  expect(practice.status).toBe('captured');
  expect(practice.kind).toBe('method');
  expect(practice.tags).toEqual(['security', 'key-rotation']);
  expect(practice.source.url).toBe(url);
  expect(practice.source.title).toBe('Runbook: rotating signing keys');
  expect(practice.source.quote.exact).toBe(quote);
  expect(practice.source.quote.prefix).toMatch(/Always\s*$/);
  expect(practice.source.quote.suffix).toMatch(/^\s*, so that tokens/);
});

test('asks the community; an answer through the API shows as a badge and in the side panel', async () => {
  await connectThroughOptions(scene.ext, scene.store, scene.world.member);
  const page = await scene.ext.context.newPage();
  await page.goto(`${scene.pages.url}/article.html`);
  await selectText(page, '#key-rule', 'tokens issued in the last hour stay valid');
  await toolbarButton(page, 'Ask the community').click();

  const form = await panel(page);
  await expect(form.getByLabel('Question')).toBeFocused();
  await form.getByLabel('Question').fill('How long do old tokens stay valid?');
  await form.getByLabel('Details').fill('We rotate tonight and want to avoid logouts.');
  // The page context is attached and each part can be removed before posting.
  const context = form.getByRole('group', { name: 'Page context sent with the question' });
  await expect(context).toContainText(`${scene.pages.url}/article.html`);
  await expect(context).toContainText('tokens issued in the last hour stay valid');
  await context.getByRole('button', { name: 'Remove Page title' }).click();
  await form.getByRole('button', { name: 'Post question' }).click();
  await expect(form.getByRole('status')).toHaveAttribute('data-outcome', 'posted');

  const coordinator = client(scene.store.url, scene.world.coordinator.token);
  const questions = await coordinator.get(`/questions?community=${scene.world.community.slug}`);
  const question = questions.body.items.find(
    (q: { title: string }) => q.title === 'How long do old tokens stay valid?',
  );
  expect(question.context).toEqual({
    url: `${scene.pages.url}/article.html`,
    selection: 'tokens issued in the last hour stay valid',
  });
  const answered = await coordinator.post(`/questions/${question.id}/answers`, {
    id: crypto.randomUUID(),
    body: 'One hour: the old key stays published until every token signed with it expired.',
  });
  expect(answered.status).toBeLessThan(300);

  await expect.poll(() => scene.ext.badgeText(), { timeout: 30_000 }).toBe('1');

  const side = await scene.ext.openPage('sidepanel.html');
  await side.getByRole('tab', { name: /Questions/ }).click();
  const mine = side.getByRole('region', { name: 'My questions' });
  await expect(mine.getByText('1 new answers')).toBeVisible();
  await mine.getByRole('button', { name: /Show answers/ }).click();
  await expect(mine.getByText('One hour: the old key stays published')).toBeVisible();
  await expect.poll(() => scene.ext.badgeText()).toBe('');
});

test('finds an expert in the side panel, with evidence and a way to reach them', async () => {
  const coordinator = client(scene.store.url, scene.world.coordinator.token);
  for (const title of ['Draining a Kubernetes node safely', 'Kubernetes pod disruption budgets']) {
    const id = crypto.randomUUID();
    const res = await coordinator.post('/practices', {
      id,
      community: scene.world.community.slug,
      title,
      body: 'How we keep services up while nodes are replaced.',
      kind: 'method',
      tags: ['kubernetes'],
    });
    expect(res.status).toBeLessThan(300);
    // Experts are recognised by published work: the coordinator curates these two.
    const published = await coordinator.post(`/practices/${id}/review`, {
      action: 'publish',
      baseVersion: 1,
    });
    expect(published.status).toBe(200);
  }
  await connectThroughOptions(scene.ext, scene.store, scene.world.member);
  const side = await scene.ext.openPage('sidepanel.html');
  await side.getByRole('tab', { name: 'Experts' }).click();
  await side.getByLabel('Find an expert').fill('kubernetes');
  await side.getByRole('button', { name: 'Search' }).click();
  const expert = side.getByRole('article').filter({ hasText: 'Cora Coordinator' });
  await expect(expert).toBeVisible();
  await expect(expert).toContainText('Draining a Kubernetes node safely');
  await expect(expert.getByRole('link', { name: 'Email Cora Coordinator' })).toHaveAttribute(
    'href',
    new RegExp(`^mailto:${scene.world.coordinator.email.replace(/[.+]/g, '\\$&')}`),
  );

  // Practices search is local and instant over what was synced.
  await side.getByRole('tab', { name: 'Practices' }).click();
  await side.getByLabel('Search practices').fill('disruption');
  await expect(
    side.getByRole('heading', { name: 'Kubernetes pod disruption budgets' }),
  ).toBeVisible();
  await expect(
    side.getByRole('heading', { name: 'Draining a Kubernetes node safely' }),
  ).toHaveCount(0);
});

test('a second capture right after the first opens a fresh form; unsaved input is asked about first', async () => {
  await connectThroughOptions(scene.ext, scene.store, scene.world.member);
  const page = await scene.ext.context.newPage();
  await page.goto(`${scene.pages.url}/article.html`);
  await selectText(page, '#key-rule', 'publish the new signing key');
  await toolbarButton(page, 'Capture as practice').click();
  let form = await panel(page);
  await form.getByLabel('Title').fill('First capture');
  await form.getByRole('button', { name: 'Save practice' }).click();
  await expect(form.getByRole('status')).toHaveAttribute('data-outcome', 'saved');

  // The outcome is still shown: a new selection's action replaces it at once.
  await selectText(page, '#key-rule', 'revoking the old one');
  await toolbarButton(page, 'Capture as practice').click();
  form = await panel(page);
  await expect(form.getByLabel('Title')).toBeFocused();
  await expect(form.getByLabel('Title')).toHaveValue('revoking the old one');
  await expect(form.getByRole('status')).toHaveCount(0);

  // Typed but not saved: the next selection asks before the input is discarded.
  await form.getByLabel('Title').fill('Half-written');
  await selectText(page, '#key-rule', 'Always publish');
  await toolbarButton(page, 'Ask the community').click();
  const confirm = form.getByRole('alertdialog', { name: 'Discard the unsaved form?' });
  await confirm.getByRole('button', { name: 'Keep editing' }).click();
  await expect(form.getByLabel('Title')).toHaveValue('Half-written');
  // (A press inside the old selection would drag it, and the form covers the paragraph's end.)
  await selectText(page, '#key-rule', 'the new signing key');
  await toolbarButton(page, 'Ask the community').click();
  await form
    .getByRole('alertdialog', { name: 'Discard the unsaved form?' })
    .getByRole('button', { name: 'Discard and start new' })
    .click();
  await expect(form.getByLabel('Question')).toBeFocused();
  await expect(
    form.getByRole('group', { name: 'Page context sent with the question' }),
  ).toContainText('the new signing key');
});

test('the owner marks a practice "Still right" on its card in the side panel', async () => {
  const member = client(scene.store.url, scene.world.member.token);
  const title = 'Rotate the deploy keys every quarter';
  const made = await member.post('/practices', {
    community: scene.world.community.slug,
    title,
    body: 'Generate, hand over at stand-up, revoke the old ones.',
  });
  expect(made.status).toBe(201);
  await connectAndSync(scene.ext, scene.store, scene.world.member);
  const side = await scene.ext.openPage('sidepanel.html');
  const card = side
    .getByRole('article')
    .filter({ has: side.getByRole('heading', { name: title }) });
  await expect(card.getByText('Not verified yet')).toBeVisible();
  // Authors do not say their own practice helped them; owners say it is still right.
  await expect(card.getByRole('button', { name: 'This helped' })).toHaveCount(0);
  await card.getByRole('button', { name: /^Still right/ }).click();
  await expect(card.getByText('Marked still right.')).toBeVisible();
  const today = new Date().toISOString().slice(0, 10);
  await expect(card.getByText(`Verified ${today}`)).toBeVisible();
  const stored = await member.get(`/practices/${made.body.practice.id}`);
  expect(stored.body.practice.verifiedAt?.slice(0, 10)).toBe(today);
});
