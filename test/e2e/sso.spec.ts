/**
 * Single sign-on end to end: a real store process, a real OpenID Provider (oidc-provider) and real
 * Chromium. A person who has never been in the store signs in with **Sign in with SSO** in the console,
 * and with **Sign in with your organisation** in the built extension (identity.launchWebAuthFlow), with
 * the store URL set by enterprise policy so that it is one click.
 */
import { expect, type Page, test } from '@playwright/test';
import { client } from '../helpers/api';
import { launchChromium } from '../helpers/chromium';
import { launchExtension } from '../helpers/extension';
import { startProvider, type TestProvider } from '../helpers/oidc-provider';
import { extensionWithOwnId, policyUnavailable, writeExtensionPolicy } from '../helpers/policy';
import { freePort, startStore, type TestStore } from '../helpers/store';
import { panel, selectText, toolbarButton } from './fixtures/extension-pages';
import { type FixtureServer, startFixtureServer } from './fixtures/server';

let provider: TestProvider;
let store: TestStore;
let pages: FixtureServer;

test.beforeAll(async () => {
  const port = await freePort();
  provider = await startProvider([`http://127.0.0.1:${port}/api/v1/auth/oidc/callback`]);
  store = await startStore({ port, env: provider.env });
  pages = await startFixtureServer();
});

test.afterAll(async () => {
  if (/request failed/.test(store?.output() ?? '')) console.log(store.output());
  await pages?.close();
  await store?.dispose();
  await provider?.close();
});

/** Whether this store has the community directory and joining (issue 13's accounts work). */
async function storeHasJoining(): Promise<boolean> {
  const doc = await (await fetch(`${store.url}/openapi.json`)).json();
  return Object.keys(doc.paths).some((path) => path.endsWith('/communities/{slug}/join'));
}

/** The provider's own sign-in form (oidc-provider's development login page). */
async function signInAtProvider(page: Page, login: string) {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
}

test('a new person signs in to the console with Sign in with SSO', async () => {
  provider.addPerson({
    sub: 'noor-0001',
    email: 'noor@example.org',
    email_verified: true,
    name: 'Noor Newcomer',
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${store.url}/console`);
    await page.getByRole('button', { name: 'Sign in with SSO' }).click();
    await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/`));
    await signInAtProvider(page, 'noor-0001');
    // Back at the console, signed in as the new person, who belongs to no community yet: the directory.
    await expect(page.getByRole('heading', { name: 'Communities', level: 1 })).toBeVisible();
    await expect(page.getByText('Noor Newcomer')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    // The one-time code was taken out of the address; the token is kept by the console (this tab), not in a URL.
    expect(new URL(page.url()).hash).toBe('');
    const token = await page.evaluate(() => sessionStorage.getItem('cop-console-token'));
    expect(token).toMatch(/^cop_/);
    const me = await client(store.url, token!).get('/me');
    expect(me.body.user).toMatchObject({ email: 'noor@example.org', name: 'Noor Newcomer' });
  } finally {
    await browser.close();
  }
});

test.describe('the extension', () => {
  const unavailable = policyUnavailable();
  test.skip(unavailable !== null, unavailable ?? '');

  test('a new person signs in with Sign in with your organisation in one click', async () => {
    provider.addPerson({
      sub: 'omar-0002',
      email: 'omar@example.org',
      email_verified: true,
      name: 'Omar Onboarding',
    });
    const extension = extensionWithOwnId();
    const policy = writeExtensionPolicy(extension.id, { storeUrl: store.url });
    const ext = await launchExtension({ extensionDir: extension.dir });
    try {
      const options = await ext.openPage('options.html');
      // The store URL comes from policy and the store offers single sign-on: one button.
      await expect(options.getByLabel('Store URL')).toHaveValue(store.url);
      const signIn = options.getByRole('button', { name: 'Sign in with your organisation' });
      const authWindow = ext.context.waitForEvent('page', { timeout: 30_000 });
      await signIn.click();
      const auth = await authWindow;
      await auth.waitForLoadState();
      expect(auth.url()).toContain(provider.issuer);
      await signInAtProvider(auth, 'omar-0002');
      await expect(options.getByText('Connected as Omar Onboarding')).toBeVisible();

      if (!(await storeHasJoining())) return;
      // The newcomer finds an open community in the directory, joins it and captures a practice there.
      const admin = client(store.url, store.adminToken);
      expect(
        (
          await admin.post('/communities', {
            slug: 'incident-review',
            name: 'Incident review',
            domain: 'Learning from outages without blame',
          })
        ).status,
      ).toBe(201);
      expect(
        (await admin.raw('PATCH', '/communities/incident-review', { open: true })).status,
      ).toBe(200);
      const token = await (await ext.worker()).evaluate(async () => {
        type Local = { get(key: string): Promise<{ session?: { token: string } }> };
        const { chrome } = globalThis as unknown as { chrome: { storage: { local: Local } } };
        return (await chrome.storage.local.get('session')).session?.token;
      });
      const omar = client(store.url, token);
      const directory = await omar.get('/communities?scope=all');
      expect(directory.status).toBe(200);
      expect(directory.body.items.map((c: { slug: string }) => c.slug)).toContain(
        'incident-review',
      );
      expect((await omar.post('/communities/incident-review/join', {})).status).toBe(200);

      const page = await ext.context.newPage();
      await page.goto(`${pages.url}/article.html`);
      await selectText(
        page,
        '#key-rule',
        'publish the new signing key before revoking the old one',
      );
      await toolbarButton(page, 'Capture as practice').click();
      const form = await panel(page);
      await form.getByLabel('Title').fill('Publish before revoke');
      await expect(form.getByLabel('Community')).toHaveValue('incident-review');
      await form.getByRole('button', { name: 'Save practice' }).click();
      await expect(form.getByRole('status')).toHaveAttribute('data-outcome', 'saved');
      const captured = await admin.get('/practices?community=incident-review');
      expect(captured.body.items).toEqual([
        expect.objectContaining({ title: 'Publish before revoke', status: 'captured' }),
      ]);
    } finally {
      await ext.close({ removeProfile: true });
      policy.remove();
      extension.remove();
    }
  });
});
