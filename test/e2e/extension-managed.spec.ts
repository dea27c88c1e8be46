/**
 * Company-wide roll-out, with real enterprise policy: Chromium reads the extension's managed storage
 * from a policy file (the same JSON as docs/enterprise.md), and the extension shows the store URL as set
 * by the organisation, connects only to it, lists the organisation's sites and offers its communities first.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, type Page, test } from '@playwright/test';
import { client, makeCommunity } from '../helpers/api';
import { type LaunchedExtension, launchExtension } from '../helpers/extension';
import { extensionWithOwnId, policyUnavailable, writeExtensionPolicy } from '../helpers/policy';
import { startStore, type TestStore } from '../helpers/store';
import { panel, selectText, toolbarButton } from './fixtures/extension-pages';
import { type FixtureServer, startFixtureServer } from './fixtures/server';
import { createWorld, type World } from './fixtures/world';

const unavailable = policyUnavailable();
test.skip(unavailable !== null, unavailable ?? '');

/** A site the organisation enabled but the e2e build has no host access to. */
const UNGRANTED_SITE = 'https://intranet.cop.test';

let store: TestStore;
let pages: FixtureServer;
let world: World;
let extension: ReturnType<typeof extensionWithOwnId>;
let policy: ReturnType<typeof writeExtensionPolicy>;
let ext: LaunchedExtension;

test.beforeAll(async () => {
  store = await startStore();
  pages = await startFixtureServer();
  world = await createWorld(store);
  await makeCommunity(store.url, store.adminToken, 'security', [[world.member.id, 'member']]);
  extension = extensionWithOwnId();
  policy = writeExtensionPolicy(extension.id, {
    storeUrl: store.url,
    enabledSites: [pages.url, UNGRANTED_SITE],
    communities: ['security'],
  });
});

test.afterAll(async () => {
  policy?.remove();
  extension?.remove();
  await pages?.close();
  await store?.dispose();
});

test.beforeEach(async () => {
  ext = await launchExtension({ extensionDir: extension.dir });
  expect(ext.extensionId).toBe(extension.id);
});

test.afterEach(async () => {
  await ext?.close({ removeProfile: true });
});

const AXE = readFileSync(
  fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url)),
  'utf8',
);

async function expectNoAxeViolations(page: Page) {
  // Evaluated over the DevTools protocol, so the extension page's CSP does not block it.
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run()).violations;
  });
  expect(violations).toEqual([]);
}

/** Signs in on the options page; the Store URL is the organisation's and cannot be typed over. */
async function connectToOrganisationStore(): Promise<Page> {
  const options = await ext.openPage('options.html');
  await options.getByLabel('Email').fill(world.member.email);
  await options.getByLabel('Password').fill(world.member.password);
  await options.getByRole('button', { name: 'Connect' }).click();
  await expect(options.getByText(`Connected as ${world.member.name}`)).toBeVisible();
  return options;
}

test('the store URL from policy is locked, labelled as set by the organisation, and used to connect', async () => {
  const options = await ext.openPage('options.html');
  const storeUrl = options.getByLabel('Store URL');
  await expect(storeUrl).toHaveValue(store.url);
  await expect(storeUrl).not.toBeEditable();
  await expect(storeUrl).toHaveAccessibleDescription('Set by your organisation');

  const organisation = options.getByRole('region', { name: 'Set by your organisation' });
  await expect(organisation).toContainText(store.url);
  await expect(organisation).toContainText('security');
  const sites = organisation.getByRole('list', { name: 'Enabled sites' });
  await expect(sites.getByRole('listitem').filter({ hasText: `${pages.url}/*` })).toContainText(
    'Allowed',
  );
  await expect(
    sites.getByRole('listitem').filter({ hasText: `${UNGRANTED_SITE}/*` }),
  ).toContainText('Needs your permission');
  await expect(
    organisation.getByRole('button', { name: 'Allow the sites your organisation enabled' }),
  ).toBeVisible();
  await expect(options.getByText(/^Version \d+\.\d+\.\d+$/)).toBeVisible();
  await expectNoAxeViolations(options);

  await connectToOrganisationStore();
  const session = await (await ext.worker()).evaluate(async () => {
    const { chrome } = globalThis as unknown as {
      chrome: { storage: { local: { get(key: string): Promise<Record<string, any>> } } };
    };
    return (await chrome.storage.local.get('session')).session;
  });
  expect(session.storeUrl).toBe(store.url);
  expect(session.user.email).toBe(world.member.email);
});

test('the background refuses any other store while policy names one', async () => {
  const options = await ext.openPage('options.html');
  const reply = await options.evaluate(
    ({ email, password }) =>
      (
        globalThis as unknown as {
          chrome: { runtime: { sendMessage(message: unknown): Promise<any> } };
        }
      ).chrome.runtime.sendMessage({
        type: 'session/connect',
        storeUrl: 'http://localhost:9',
        email,
        password,
      }),
    { email: world.member.email, password: world.member.password },
  );
  expect(reply).toMatchObject({ ok: false, error: { code: 'store_managed' } });
  expect(reply.error.message).toContain(store.url);
});

test('the organisation’s community is offered first; a capture reaches the organisation’s store', async () => {
  await connectToOrganisationStore();
  // A site from policy with host access is an enabled site like any other; one without gets nothing.
  await expect
    .poll(() => ext.registeredMatches())
    .toEqual(['http://127.0.0.1/*', 'http://localhost/*']);

  const page = await ext.context.newPage();
  await page.goto(`${pages.url}/article.html`);
  await selectText(page, '#key-rule', 'publish the new signing key before revoking the old one');
  await toolbarButton(page, 'Capture as practice').click();
  const form = await panel(page);
  await expect(form.getByLabel('Community')).toHaveValue('security');
  await form.getByLabel('Title').fill('Publish the new key first');
  await form.getByRole('button', { name: 'Save practice' }).click();
  await expect(form.getByRole('status')).toHaveAttribute('data-outcome', 'saved');

  const found = await client(store.url, world.member.token).get('/practices?community=security');
  expect(found.body.items.map((p: { title: string }) => p.title)).toContain(
    'Publish the new key first',
  );
});
