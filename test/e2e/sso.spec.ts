/**
 * Single sign-on end to end: a real store process, a real OpenID Provider (oidc-provider) and real
 * Chromium. A person who has never been in the store signs in with **Sign in with SSO** in the console,
 * and with **Sign in with your organisation** in the built extension (identity.launchWebAuthFlow), with
 * the store URL set by enterprise policy so that it is one click.
 */
import { chromium, expect, type Page, test } from '@playwright/test';
import { client } from '../helpers/api';
import { launchExtension } from '../helpers/extension';
import { startProvider, type TestProvider } from '../helpers/oidc-provider';
import { extensionWithOwnId, policyUnavailable, writeExtensionPolicy } from '../helpers/policy';
import { freePort, startStore, type TestStore } from '../helpers/store';

const CHROMIUM = process.env.COP_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

let provider: TestProvider;
let store: TestStore;

test.beforeAll(async () => {
  const port = await freePort();
  provider = await startProvider([`http://127.0.0.1:${port}/api/v1/auth/oidc/callback`]);
  store = await startStore({ port, env: provider.env });
});

test.afterAll(async () => {
  if (/request failed/.test(store?.output() ?? '')) console.log(store.output());
  await store?.dispose();
  await provider?.close();
});

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
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(`${store.url}/console`);
    await page.getByRole('button', { name: 'Sign in with SSO' }).click();
    await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/`));
    await signInAtProvider(page, 'noor-0001');
    // Back at the console, signed in as the new person (who coordinates nothing yet).
    await expect(page.getByText('You are signed in as')).toBeVisible();
    await expect(page.getByText('Noor Newcomer')).toBeVisible();
    // The one-time code was taken out of the address; the token is kept by the console, not in a URL.
    expect(new URL(page.url()).hash).toBe('');
    const token = await page.evaluate(() => localStorage.getItem('cop-console-token'));
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
    } finally {
      await ext.close({ removeProfile: true });
      policy.remove();
      extension.remove();
    }
  });
});
