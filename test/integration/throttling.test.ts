/**
 * Throttles that hold: sign-in per account and per address, password hashing capped, writes and event
 * streams per token, X-Forwarded-For believed only from a trusted proxy; every refusal 429 + Retry-After.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { passwordHashing } from '../../src/server/domain/password-hashing';
import { client, makeUser, type Reply } from '../helpers/api';
import { type EngineStore, openEngineStore } from '../helpers/engines';

let store: EngineStore | undefined;
afterEach(async () => {
  await store?.dispose();
  store = undefined;
});

const open = async (env: Record<string, string>) => {
  store = await openEngineStore('sqlite', env);
  return store;
};
const login = (
  url: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
) => client(url).post('/auth/login', { email, password }, headers);

function expectRefused(res: Reply, code: string) {
  expect(res.status).toBe(429);
  expect(res.body.error.code).toBe(code);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
}

describe('sign-in attempts', () => {
  it('are limited per account: a right password waits too once the account is locked', async () => {
    const s = await open({ COP_LOGIN_ATTEMPTS_PER_ACCOUNT: '3' });
    const eva = await makeUser(s.url, s.adminToken, 'Eva');
    for (let i = 0; i < 3; i++)
      expect((await login(s.url, eva.email, 'wrong guess!')).status).toBe(401);
    expectRefused(await login(s.url, eva.email, 'correct horse battery'), 'too_many_attempts');
  });

  it('are limited per address, across accounts, and a made-up X-Forwarded-For changes nothing', async () => {
    const s = await open({ COP_LOGIN_ATTEMPTS_PER_ADDRESS: '4' });
    for (let i = 0; i < 4; i++)
      expect(
        (
          await login(s.url, `nobody${i}@example.com`, 'guess', {
            'X-Forwarded-For': `203.0.113.${i}`,
          })
        ).status,
      ).toBe(401);
    expectRefused(
      await login(s.url, 'someone.else@example.com', 'guess', {
        'X-Forwarded-For': '198.51.100.9',
      }),
      'too_many_attempts',
    );
  });

  it('behind a trusted proxy, are counted per forwarded client address', async () => {
    const s = await open({ COP_LOGIN_ATTEMPTS_PER_ADDRESS: '2', COP_TRUST_PROXY: 'loopback' });
    const from = (address: string) => ({ 'X-Forwarded-For': `${address}, 127.0.0.1` });
    for (let i = 0; i < 2; i++)
      expect((await login(s.url, `a${i}@example.com`, 'guess', from('203.0.113.7'))).status).toBe(
        401,
      );
    expectRefused(
      await login(s.url, 'a9@example.com', 'guess', from('203.0.113.7')),
      'too_many_attempts',
    );
    // Another client behind the same proxy has a window of its own.
    expect((await login(s.url, 'b@example.com', 'guess', from('203.0.113.8'))).status).toBe(401);
  });

  it('hash a bounded number of passwords at once, refusing the overflow with 429', async () => {
    const s = await open({ COP_PASSWORD_HASHING: '1', COP_PASSWORD_QUEUE: '2' });
    passwordHashing.peak = 0;
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) => login(s.url, `flood${i}@example.com`, 'guess')),
    );
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    for (const res of refused) expectRefused(res, 'busy');
    expect(answers.filter((a) => a.status === 401).length).toBeGreaterThanOrEqual(3);
    expect(passwordHashing.peak).toBe(1);
  });
});

describe('per-token limits', () => {
  it('limit writes per token, leaving other tokens alone', async () => {
    const s = await open({ COP_WRITES_PER_MINUTE: '4' });
    const admin = client(s.url, s.adminToken);
    const created = await admin.post('/users', { email: 'milo@example.com', name: 'Milo' });
    const milo = client(s.url, created.body.token);
    for (let i = 0; i < 4; i++)
      expect((await milo.post('/tokens', { name: `t${i}` })).status).toBe(201);
    expectRefused(await milo.post('/tokens', { name: 'one too many' }), 'too_many_writes');
    // Reads go on, and so do writes with another token.
    expect((await milo.get('/me')).status).toBe(200);
    expect((await admin.post('/tokens', { name: 'admin spare' })).status).toBe(201);
  });

  it('limit the event streams a token holds open at once', async () => {
    const s = await open({ COP_STREAMS_PER_TOKEN: '2' });
    const eva = await makeUser(s.url, s.adminToken, 'Eva');
    const streams: AbortController[] = [];
    const listen = async () => {
      const abort = new AbortController();
      const res = await fetch(`${s.url}/api/v1/sync/events`, {
        headers: { authorization: `Bearer ${eva.token}` },
        signal: abort.signal,
      });
      if (res.ok) streams.push(abort);
      return res;
    };
    try {
      expect((await listen()).status).toBe(200);
      expect((await listen()).status).toBe(200);
      const third = await listen();
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await third.json()).error.code).toBe('too_many_streams');
      // Another person is not affected; a closed stream frees its place.
      const other = await makeUser(s.url, s.adminToken, 'Finn');
      const theirs = await fetch(`${s.url}/api/v1/sync/events`, {
        headers: { authorization: `Bearer ${other.token}` },
        signal: AbortSignal.timeout(5000),
      });
      expect(theirs.status).toBe(200);
      await theirs.body?.cancel();
      streams.shift()?.abort();
      let again: Response | undefined;
      for (let i = 0; i < 50; i++) {
        again = await listen();
        if (again.status === 200) break;
        await again.body?.cancel();
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(again?.status).toBe(200);
    } finally {
      for (const s of streams) s.abort();
    }
  });
});
