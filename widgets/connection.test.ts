// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connect, SCRIPT_ORIGIN, storeUrl, tokenSubject } from './connection';
import { readSnapshot, writeSnapshot } from './snapshots';

const jwt = (payload: object) =>
  `eyJhbGciOiJIUzI1NiJ9.${btoa(JSON.stringify(payload)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.sig`;

afterEach(() => vi.unstubAllGlobals());

describe('storeUrl', () => {
  it('takes an http(s) store attribute, without a trailing slash', () => {
    expect(storeUrl('https://cop.example.org/')).toBe('https://cop.example.org');
    expect(storeUrl('https://intranet.example/cop/')).toBe('https://intranet.example/cop');
  });
  it('falls back to the script’s origin for nothing or anything else', () => {
    expect(storeUrl(null)).toBe(SCRIPT_ORIGIN);
    expect(storeUrl('javascript:alert(1)')).toBe(SCRIPT_ORIGIN);
  });
});

describe('tokenSubject', () => {
  it('reads the sub claim so two people never share a snapshot', () => {
    expect(tokenSubject(jwt({ sub: 'intranet-4711', exp: 1 }))).toBe('intranet-4711');
    expect(tokenSubject(null)).toBe('');
    expect(tokenSubject('cop_api_token_without_dots')).toBe('');
  });
});

describe('connect', () => {
  it('shows the store’s own sentence when it refuses a token', async () => {
    const message = 'The embed token has expired. Reload the page to get a new one.';
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify({ error: { code: 'unauthorized', message } }), {
            status: 401,
            headers: { 'content-type': 'application/json' },
          }),
      ),
    );
    const conn = connect('https://store.test', jwt({ sub: 'a' }));
    const error = await conn.me().catch((e: unknown) => e);
    expect(conn.describe(error)).toBe(message);
  });

  it('explains an unreachable store, naming it', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    const conn = connect('https://offline.test', null);
    const error = await conn.read('/api/v1/practices').catch((e: unknown) => e);
    expect(conn.describe(error)).toMatch(/^The store at https:\/\/offline\.test cannot be reached/);
  });

  it('shares one client per store and token', () => {
    expect(connect('https://a.test', null)).toBe(connect('https://a.test', null));
    expect(connect('https://a.test', 't1')).not.toBe(connect('https://a.test', 't2'));
  });
});

describe('whose snapshots a page shows', () => {
  const me = (id: string) =>
    new Response(JSON.stringify({ user: { id, name: 'Rita', email: 'r@x' }, memberships: [] }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  const refusal = () =>
    new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'Revoked.' } }), {
      status: 401,
      headers: { 'content-type': 'application/json' },
    });
  const soon = () => Math.floor(Date.now() / 1000) + 600;

  it('is the person the store verified, not the token’s claims, until the token expires', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => me('user-7')),
    );
    const exp = soon();
    const conn = connect('https://verify.test', jwt({ sub: 'claims-to-be-someone', exp }));
    expect(await conn.owner()).toEqual({
      store: 'https://verify.test',
      person: 'user-7',
      until: exp * 1000,
    });
  });

  it('is nobody for an expired token, and "anonymous" without one', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => me('user-8')),
    );
    const expired = connect('https://verify.test', jwt({ sub: 'x', exp: 1 }));
    expect(await expired.owner()).toBeNull();
    expect((await connect('https://verify.test', null).owner())?.person).toBe('anonymous');
  });

  it('is recalled for the same token on a later visit, even with the store unreachable', async () => {
    const token = jwt({ sub: 'returning', exp: soon() });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => me('user-9')),
    );
    expect((await connect('https://return.test', token).owner())?.person).toBe('user-9');
    // A new page load: a fresh connection (module state aside), and no network at all.
    vi.resetModules();
    const fresh = await import('./connection');
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    expect((await fresh.connect('https://return.test', token).owner())?.person).toBe('user-9');
  });

  it('are deleted when the store refuses the token', async () => {
    const token = jwt({ sub: 'soon-revoked', exp: soon() });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => me('user-10')),
    );
    const conn = connect('https://refuse.test', token);
    const owner = (await conn.owner())!;
    await writeSnapshot('https://refuse.test|cop-practices|{}|user-10', ['saved'], owner);
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => refusal()),
    );
    await expect(conn.read('/api/v1/practices')).rejects.toMatchObject({ status: 401 });
    expect(await readSnapshot('https://refuse.test|cop-practices|{}|user-10')).toBeUndefined();
  });
});
