/**
 * Single sign-on against a real OpenID Provider (oidc-provider) started here: accounts are made from the
 * ID token and bound to (issuer, subject), never taken over by email; refused state, wrong nonce, expired
 * and reused codes, domain and verified-email rules, and password login switched off. Both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from '../helpers/api';
import { ENGINES, type EngineStore, openEngineStore } from '../helpers/engines';
import {
  browserStandIn,
  startProvider,
  type TestProvider,
  walkSignIn,
} from '../helpers/oidc-provider';
import { freePort } from '../helpers/store';

const CHROME_REDIRECT = `https://${'abcdefghijklmnopabcdefghijklmnop'}.chromiumapp.org/sso`;

/** The fragment of a return URL as a record. */
const fragment = (url: URL) => Object.fromEntries(new URLSearchParams(url.hash.slice(1)));

describe.each(ENGINES)('single sign-on on %s', (engine) => {
  let provider: TestProvider;
  let store: EngineStore;
  let start: string;

  /** A store on a port chosen first, so the provider can know its redirect URI. */
  async function storeWith(env: Record<string, string> = {}) {
    const port = await freePort();
    const callback = `http://127.0.0.1:${port}/api/v1/auth/oidc/callback`;
    const p = await startProvider([callback]);
    const s = await openEngineStore(engine, { PORT: String(port), ...p.env, ...env });
    return { provider: p, store: s, start: `${s.url}/api/v1/auth/oidc/start` };
  }

  beforeAll(async () => {
    ({ provider, store, start } = await storeWith());
  });
  afterAll(async () => {
    await store?.dispose();
    await provider?.close();
  });

  async function exchange(code: string) {
    return client(store.url).post('/auth/oidc/exchange', { code });
  }

  it('tells clients that single sign-on and passwords are both available', async () => {
    const res = await fetch(`${store.url}/api/v1/auth/config`, {
      headers: { origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.json()).toEqual({ password: true, sso: true });
  });

  it('creates a new person from the ID token, bound to (issuer, sub), and reuses the account next time', async () => {
    provider.addPerson({
      sub: 'ada-1815',
      email: 'Ada@Example.org',
      email_verified: true,
      name: 'Ada Lovelace',
    });
    const first = await walkSignIn(start, provider, { login: 'ada-1815' });
    // Back at the console, with a one-time code in the fragment (never a token in a URL).
    expect(`${first.url.origin}${first.url.pathname}`).toBe(`${store.url}/console`);
    const { sso_code: code } = fragment(first.url);
    expect(code).toMatch(/^cop_sso_/);
    expect(first.url.toString()).not.toMatch(/cop_[A-Za-z0-9_-]{43}$/);

    const signedIn = await exchange(code!);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user).toMatchObject({
      email: 'ada@example.org',
      name: 'Ada Lovelace',
      isAdmin: false,
    });
    const me = await client(store.url, signedIn.body.token).get('/me');
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(signedIn.body.user.id);

    const identity = await store.ctx.storage.db
      .selectFrom('oidc_identities')
      .selectAll()
      .where('user_id', '=', signedIn.body.user.id)
      .execute();
    expect(identity).toEqual([
      expect.objectContaining({ issuer: provider.issuer, subject: 'ada-1815' }),
    ]);

    // A second sign-in (another browser) reaches the same account, with a new token.
    const second = await walkSignIn(start, provider, { login: 'ada-1815' });
    const again = await exchange(fragment(second.url).sso_code!);
    expect(again.status).toBe(200);
    expect(again.body.user.id).toBe(signedIn.body.user.id);
    expect(again.body.token).not.toBe(signedIn.body.token);
  });

  it('never takes over an existing password account with the same email', async () => {
    const admin = client(store.url, store.adminToken);
    const existing = await admin.post('/users', {
      email: 'grace@example.org',
      name: 'Grace (password)',
      password: 'correct horse battery',
    });
    expect(existing.status).toBe(201);
    provider.addPerson({ sub: 'grace-sso', email: 'grace@example.org', email_verified: true });
    const { url } = await walkSignIn(start, provider, { login: 'grace-sso' });
    const outcome = fragment(url);
    expect(outcome.sso_code).toBeUndefined();
    expect(outcome.sso_error).toBe('sso_email_taken');
    expect(outcome.sso_message).toMatch(/already exists/);
    // The account is unchanged: no binding, and its password still works.
    const bindings = await store.ctx.storage.db
      .selectFrom('oidc_identities')
      .selectAll()
      .where('user_id', '=', existing.body.user.id)
      .execute();
    expect(bindings).toEqual([]);
    const login = await client(store.url).post('/auth/login', {
      email: 'grace@example.org',
      password: 'correct horse battery',
    });
    expect(login.status).toBe(200);
    expect(login.body.user.name).toBe('Grace (password)');
  });

  it('refuses an unknown state, a state already used and an expired flow', async () => {
    const unknown = await client(store.url).get('/auth/oidc/callback?state=made-up&code=x');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('sso_state_invalid');
    const missing = await client(store.url).get('/auth/oidc/callback?code=x');
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('sso_state_invalid');

    provider.addPerson({ sub: 'replayer', email: 'replayer@example.org' });
    const browser = browserStandIn();
    const { url: callback } = await walkSignIn(start, provider, {
      login: 'replayer',
      stopAtCallback: true,
      browser,
    });
    const once = await browser.request(callback);
    expect(once.status).toBe(302);
    expect(fragment(new URL(once.headers.get('location')!)).sso_code).toBeTruthy();
    // The same answer again (a replayed code and state): the flow is gone.
    const twice = await browser.request(callback);
    expect(twice.status).toBe(400);
    expect((await twice.json()).error.code).toBe('sso_state_invalid');

    // A flow left at the provider past its lifetime.
    const late = await walkSignIn(start, provider, { login: 'replayer', stopAtCallback: true });
    await store.ctx.storage.db
      .updateTable('oidc_flows')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('state', '=', late.url.searchParams.get('state')!)
      .execute();
    const expired = await fetch(late.url, { redirect: 'manual' });
    expect(expired.status).toBe(400);
    expect((await expired.json()).error.code).toBe('sso_state_invalid');
  });

  it('refuses an ID token whose nonce is not the one this flow sent', async () => {
    provider.addPerson({ sub: 'mallory', email: 'mallory@example.org' });
    // The authorization request is changed on its way (same state and PKCE challenge, another nonce).
    const { url } = await walkSignIn(start, provider, {
      login: 'mallory',
      editAuthorization: (auth) => auth.searchParams.set('nonce', 'an-attackers-nonce'),
    });
    expect(fragment(url)).toMatchObject({ sso_error: 'sso_nonce_mismatch' });
    const made = await store.ctx.storage.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'mallory@example.org')
      .execute();
    expect(made).toEqual([]);
  });

  it('refuses an expired authorization code, and a one-time code used twice or too late', async () => {
    provider.addPerson({ sub: 'slow', email: 'slow@example.org' });
    provider.codeTtl = 1;
    try {
      const browser = browserStandIn();
      const { url } = await walkSignIn(start, provider, {
        login: 'slow',
        stopAtCallback: true,
        browser,
      });
      await new Promise((r) => setTimeout(r, 2_100));
      const res = await browser.request(url);
      expect(res.status).toBe(302);
      expect(fragment(new URL(res.headers.get('location')!))).toMatchObject({
        sso_error: 'sso_code_invalid',
      });
    } finally {
      provider.codeTtl = 60;
    }

    const { url } = await walkSignIn(start, provider, { login: 'slow' });
    const code = fragment(url).sso_code!;
    expect((await exchange(code)).status).toBe(200);
    const reused = await exchange(code);
    expect(reused.status).toBe(400);
    expect(reused.body.error.code).toBe('sso_code_invalid');

    const next = fragment((await walkSignIn(start, provider, { login: 'slow' })).url).sso_code!;
    await store.ctx.storage.db
      .updateTable('oidc_handoffs')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    expect((await exchange(next)).body.error.code).toBe('sso_code_invalid');
    expect((await exchange('cop_sso_made-up')).status).toBe(400);
  });

  it('returns only to the console or an extension redirect URL', async () => {
    const to = (target: string) =>
      fetch(`${start}?return_to=${encodeURIComponent(target)}`, { redirect: 'manual' });
    for (const refused of [
      'https://evil.example.com/console/',
      `${store.url}/api/v1/me`,
      'https://abc.chromiumapp.org/',
      'https://attacker.chromiumapp.org.evil.example/',
      'javascript:alert(1)',
    ]) {
      const res = await to(refused);
      expect(res.status, refused).toBe(400);
      expect((await res.json()).error.code).toBe('return_to_refused');
    }
    const firefox = `https://${'0123456789abcdef0123456789abcdef01234567'}.extensions.allizom.org/`;
    for (const allowed of [`${store.url}/console/`, CHROME_REDIRECT, firefox]) {
      const res = await to(allowed);
      expect(res.status, allowed).toBe(302);
      expect(res.headers.get('location')).toMatch(
        new RegExp(`^${provider.issuer}/auth\\?.*code_challenge_method=S256`),
      );
    }
    provider.addPerson({ sub: 'ext-user', email: 'ext.user@example.org', name: 'Ext User' });
    const { url } = await walkSignIn(
      `${start}?return_to=${encodeURIComponent(CHROME_REDIRECT)}`,
      provider,
      { login: 'ext-user' },
    );
    expect(`${url.origin}${url.pathname}`).toBe(CHROME_REDIRECT);
    expect((await exchange(fragment(url).sso_code!)).body.user.name).toBe('Ext User');
  });

  it('admits only allowed domains and, when asked, verified emails; password login can be switched off', async () => {
    const strict = await storeWith({
      COP_OIDC_ALLOWED_DOMAINS: 'example.org, @corp.example',
      COP_OIDC_REQUIRE_VERIFIED_EMAIL: 'on',
      COP_PASSWORD_LOGIN: 'off',
    });
    try {
      const { provider: p, start: s, store: st } = strict;
      p.addPerson({ sub: 'outsider', email: 'someone@gmail.example', email_verified: true });
      p.addPerson({ sub: 'unverified', email: 'new@example.org', email_verified: false });
      p.addPerson({ sub: 'insider', email: 'In@Corp.Example', email_verified: true, name: 'In' });
      expect(fragment((await walkSignIn(s, p, { login: 'outsider' })).url)).toMatchObject({
        sso_error: 'sso_domain_not_allowed',
      });
      expect(fragment((await walkSignIn(s, p, { login: 'unverified' })).url)).toMatchObject({
        sso_error: 'sso_email_unverified',
      });
      const ok = fragment((await walkSignIn(s, p, { login: 'insider' })).url);
      const signedIn = await client(st.url).post('/auth/oidc/exchange', { code: ok.sso_code });
      expect(signedIn.body.user.email).toBe('in@corp.example');

      expect((await client(st.url).get('/auth/config')).body).toEqual({
        password: false,
        sso: true,
      });
      const admin = client(st.url, st.adminToken);
      await admin.post('/users', {
        email: 'pw@example.org',
        name: 'Password person',
        password: 'correct horse battery',
      });
      const login = await client(st.url).post('/auth/login', {
        email: 'pw@example.org',
        password: 'correct horse battery',
      });
      expect(login.status).toBe(403);
      expect(login.body.error.code).toBe('password_login_off');
      expect(login.body.error.message).toMatch(/Sign in with SSO/);
    } finally {
      await strict.store.dispose();
      await strict.provider.close();
    }
  });
});
