/**
 * Every way into the extension besides the selection toolbar: the context-menu items, both keyboard
 * shortcuts, answer notifications and the toolbar badge. Headless Chromium has no context menu, keeps
 * key presses from the browser's shortcuts and shows no notification to click, so the tests fire those
 * events in the service worker (LaunchedExtension.dispatch) and its own listeners take it from there.
 */
import { expect, type Page, test } from '@playwright/test';
import { type LaunchedExtension, launchExtension } from '../helpers/extension';
import { startStore, type TestStore } from '../helpers/store';
import { connectThroughOptions, panel, selectText } from './fixtures/extension-pages';
import { type FixtureServer, startFixtureServer } from './fixtures/server';
import { createWorld, type World } from './fixtures/world';

let store: TestStore;
let pages: FixtureServer;
let world: World;
let ext: LaunchedExtension;

test.beforeAll(async () => {
  store = await startStore();
  pages = await startFixtureServer();
  world = await createWorld(store);
});

test.afterAll(async () => {
  await pages?.close();
  await store?.dispose();
});

test.beforeEach(async () => {
  ext = await launchExtension();
  await connectThroughOptions(ext, store, world.member);
});

test.afterEach(async () => {
  await ext?.close({ removeProfile: true });
});

async function openArticle(): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(`${pages.url}/article.html`);
  return page;
}

test('the context menu captures the selection and asks the community, each in a fresh form', async () => {
  const page = await openArticle();
  const tab = await ext.tabOf(page);
  const selection = 'publish the new signing key';
  await selectText(page, '#key-rule', selection);
  const click = (menuItemId: string, selectionText?: string) =>
    ext.dispatch(
      'contextMenus.onClicked',
      { menuItemId, frameId: 0, editable: false, pageUrl: page.url(), selectionText },
      tab,
    );

  await click('cop-capture', selection);
  const form = await panel(page);
  await expect(form.getByLabel('Title')).toBeFocused();
  await expect(form.getByLabel('Title')).toHaveValue(selection);
  await form.getByRole('button', { name: 'Save practice' }).click();
  await expect(form.getByRole('status')).toHaveAttribute('data-outcome', 'saved');

  // "Ask the community" on the page itself, while the outcome still shows: a fresh question form.
  await click('cop-ask');
  await expect(form.getByLabel('Question')).toBeFocused();
  await expect(form.getByRole('status')).toHaveCount(0);
});

test('both keyboard shortcuts are bound and open their forms', async () => {
  // A suggested key the browser keeps for itself is silently left unbound.
  expect(await ext.shortcuts()).toMatchObject({
    'capture-practice': 'Alt+Shift+Y',
    'ask-community': 'Alt+Shift+K',
  });

  const page = await openArticle();
  const tab = await ext.tabOf(page);
  await selectText(page, '#key-rule', 'revoking the old one');
  await ext.dispatch('commands.onCommand', 'capture-practice', tab);
  const form = await panel(page);
  await expect(form.getByLabel('Title')).toBeFocused();
  await expect(form.getByLabel('Title')).toHaveValue('revoking the old one');

  // Without a tab the shortcut acts on the active one.
  await selectText(page, '#key-rule', 'Always publish');
  await ext.dispatch('commands.onCommand', 'ask-community');
  await expect(form.getByLabel('Question')).toBeFocused();
  await expect(
    form.getByRole('group', { name: 'Page context sent with the question' }),
  ).toContainText('Always publish');
});
