// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeError } from '../src/client/api';
import { connect, SCRIPT_ORIGIN, storeUrl, tokenSubject } from './connection';

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
    expect(describeError(error, conn.store)).toBe(message);
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
    expect(describeError(error, conn.store)).toMatch(
      /^The store at https:\/\/offline\.test cannot be reached/,
    );
  });

  it('shares one client per store and token', () => {
    expect(connect('https://a.test', null)).toBe(connect('https://a.test', null));
    expect(connect('https://a.test', 't1')).not.toBe(connect('https://a.test', 't2'));
  });
});
