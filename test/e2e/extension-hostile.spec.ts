/**
 * A hostile page on an enabled site: what the extension shows the person (practice titles, their
 * communities) is out of its reach, and a script's clicks open nothing. The page keeps every shadow
 * root it can, closed ones included, and reads every frame it can.
 */
import { expect, type Page, test } from '@playwright/test';
import { client, makeCommunity } from '../helpers/api';
import { panel, panelFrame, selectText, toolbarButton } from './fixtures/extension-pages';
import { extensionScenario } from './fixtures/scenario';

/** Private: a community only its members know of, and a practice captured from this page. */
const PRIVATE_COMMUNITY = 'orion-key-ceremony';
const PRACTICE_TITLE = 'Confidential: the Orion key ceremony';
/** A coordinator's prompt for this site, from a community whose prompt is meant to be seen here. */
const PROMPT = 'Rotating keys? The site notices team wants to hear from you.';

const scene = extensionScenario({ slug: PRIVATE_COMMUNITY, connect: 'synced' });

test.beforeAll(async () => {
  await makeCommunity(scene.store.url, scene.store.adminToken, 'site-notices', [
    [scene.world.member.id, 'member'],
    [scene.world.coordinator.id, 'coordinator'],
  ]);
  const coordinator = client(scene.store.url, scene.world.coordinator.token);
  const rule = await coordinator.post('/communities/site-notices/prompts', {
    urlPatterns: ['http://127.0.0.1/hostile-script.html'],
    keywords: [],
    message: PROMPT,
  });
  expect(rule.status).toBe(200);
  const practice = await coordinator.post('/practices', {
    id: crypto.randomUUID(),
    community: PRIVATE_COMMUNITY,
    title: PRACTICE_TITLE,
    kind: 'method',
    source: {
      url: `${scene.pages.url}/hostile-script.html`,
      title: 'Team notes',
      quote: { exact: 'every ninety days', prefix: 'Rotate the signing keys ', suffix: ' and' },
    },
  });
  expect(practice.status).toBeLessThan(300);
});

const readEverything = (page: Page) =>
  page.evaluate(() => (window as unknown as { readEverything(): string }).readEverything());

test('the page finds no practice title and no community name the panel shows', async () => {
  const page = await scene.ext.context.newPage();
  await page.goto(`${scene.pages.url}/hostile-script.html`);
  // The person sees the highlight's title and their communities, in the extension frame.
  const frame = await panelFrame(page);
  const list = frame.getByRole('region', { name: 'Practices captured from this page' });
  await list.getByRole('button', { name: /Practices captured from this page/ }).click();
  await expect(list).toContainText(PRACTICE_TITLE);
  await selectText(page, '#notes', 'keep the old key published');
  await toolbarButton(page, 'Capture as practice').click();
  const form = await panel(page);
  await expect(form.getByLabel('Community')).toContainText(PRIVATE_COMMUNITY);

  // The page reads everything it can reach, and finds none of it.
  const seen = await readEverything(page);
  expect(seen).toContain('Capture as practice'); // it did read our toolbar: the search is real
  expect(seen).toContain('[cross-origin frame]');
  expect(seen).not.toContain(PRACTICE_TITLE);
  expect(seen).not.toContain(PRIVATE_COMMUNITY);
  expect(seen).not.toContain(scene.world.member.email);
  const messages = await page.evaluate(
    () => (window as unknown as { __messages: string[] }).__messages,
  );
  expect(messages.join('\n')).not.toContain(PRIVATE_COMMUNITY);
});

test("the page's synthetic clicks and messages open nothing", async () => {
  const page = await scene.ext.context.newPage();
  await page.goto(`${scene.pages.url}/hostile-script.html`);
  const prompt = page.getByRole('complementary', { name: 'From your community' });
  await expect(prompt).toContainText(PROMPT);
  // A selection by the person shows the toolbar; then the page's script clicks everything.
  await selectText(page, '#notes', 'keep the old key published');
  await expect(toolbarButton(page, 'Capture as practice')).toBeVisible();
  const clicked = await page.evaluate(() =>
    (window as unknown as { driveEverything(): number }).driveEverything(),
  );
  expect(clicked).toBeGreaterThanOrEqual(4); // the toolbar's two buttons and the chip's two
  await page.waitForTimeout(2_000);
  // No form opened, and the prompt was neither asked nor dismissed.
  const frame = await panelFrame(page);
  await expect(frame.getByRole('dialog')).toHaveCount(0);
  await expect(prompt).toContainText(PROMPT);

  // The same buttons pressed by the person do act.
  await prompt.getByRole('button', { name: 'Ask the community' }).click();
  await expect((await panel(page)).getByLabel('Question')).toBeFocused();
});
