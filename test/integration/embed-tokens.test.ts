/**
 * Issue 14, finding 1: an embed token speaks for one person, found by its issuer and `sub`, with member
 * rights only, for a bounded time, from the pages it is bound to; emails compare in one normalised form.
 * Runs on SQLite and (with DATABASE_URL) PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, makeCommunity, makeUser } from '../helpers/api';
import { ENGINES, type EngineStore, openEngineStore } from '../helpers/engines';

const HOUR = 3600;
const now = () => Math.floor(Date.now() / 1000);

/** Signs claims with HS256; `exp` and `iat` are seconds since the epoch (iat left out when null). */
function signWith(
  secret: string,
  claims: Record<string, unknown>,
  { exp = now() + 600, iat = now() as number | null } = {},
) {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(exp);
  if (iat !== null) jwt.setIssuedAt(iat);
  return jwt.sign(new TextEncoder().encode(secret));
}
const person = (extra: Record<string, unknown> = {}) => ({
  sub: `sub-${randomUUID()}`,
  email: `p.${randomUUID().slice(0, 8)}@intranet.example`,
  name: 'Intranet person',
  ...extra,
});

describe.each(ENGINES)('embed tokens on %s', (engine) => {
  let store: EngineStore;
  const sign = (claims: Record<string, unknown>, times?: Parameters<typeof signWith>[2]) =>
    signWith(store.embedSecret, claims, times);

  beforeAll(async () => {
    store = await openEngineStore(engine);
  });
  afterAll(() => store?.dispose());

  describe('rights', () => {
    it('give a coordinator’s account member rights only, and no way to mint an API token', async () => {
      const claims = person();
      const embed = client(store.url, await sign(claims));
      const me = await embed.get('/me');
      expect(me.status).toBe(200);
      const admin = client(store.url, store.adminToken);
      await makeCommunity(store.url, store.adminToken, 'curated', [
        [me.body.user.id, 'coordinator'],
      ]);
      // With the account's own token the person coordinates; through the embed token they are a member.
      expect((await embed.get('/me')).body.memberships).toEqual([
        expect.objectContaining({ community: 'curated', role: 'member' }),
      ]);
      expect((await embed.post('/practices', { community: 'curated', title: 'Mine' })).status).toBe(
        201,
      );
      for (const [what, reply] of [
        ['export', await embed.get('/communities/curated/export?format=json')],
        ['member list', await embed.get('/communities/curated/members')],
        [
          'webhook',
          await embed.post('/communities/curated/webhooks', {
            url: 'https://hooks.example.com/x',
            events: ['question.created'],
          }),
        ],
        ['audit', await embed.get('/communities/curated/audit')],
        ['review queue', await embed.get('/communities/curated/queue')],
        ['new API token', await embed.post('/tokens', { name: 'escape hatch' })],
        ['revoke a token', await embed.del('/tokens/current')],
      ] as const)
        expect(reply.status, what).toBe(403);
      // The same account's own credentials still coordinate.
      const own = await admin.post('/users', {
        email: `own.${randomUUID().slice(0, 8)}@example.com`,
        name: 'Own',
      });
      await admin.put(`/communities/curated/members/${own.body.user.id}`, { role: 'coordinator' });
      expect(
        (await client(store.url, own.body.token).get('/communities/curated/members')).status,
      ).toBe(200);
    });
  });

  describe('identity', () => {
    it('is the issuer and sub together', async () => {
      const sub = `shared-${randomUUID()}`;
      const a = await client(store.url, await sign(person({ sub, iss: 'https://a.example' }))).get(
        '/me',
      );
      const b = await client(store.url, await sign(person({ sub, iss: 'https://b.example' }))).get(
        '/me',
      );
      const none = await client(store.url, await sign(person({ sub }))).get('/me');
      expect([a.status, b.status, none.status]).toEqual([200, 200, 200]);
      expect(new Set([a.body.user.id, b.body.user.id, none.body.user.id]).size).toBe(3);
      // The same issuer and sub find the same person, whatever email the token now carries.
      const again = await client(
        store.url,
        await sign({
          ...person({ sub, iss: 'https://a.example' }),
          email: 'moved@intranet.example',
        }),
      ).get('/me');
      expect(again.body.user.id).toBe(a.body.user.id);
    });

    it('never takes over an existing account by email unless the operator allows linking', async () => {
      const victim = await makeUser(store.url, store.adminToken, 'Victim');
      const madeUp = person({ email: victim.email });
      const reply = await client(store.url, await sign(madeUp)).get('/me');
      expect(reply.status).toBe(409);
      expect(reply.body.error.code).toBe('embed_account_exists');
      // A Unicode look-alike of the same address is the same address, and just as refused.
      const lookAlike = person({ email: victim.email.toUpperCase().replace('E', 'Ｅ') });
      expect((await client(store.url, await sign(lookAlike)).get('/me')).status).toBe(409);
    });

    it('refuses an email that is not a plain address', async () => {
      const reply = await client(
        store.url,
        await sign(person({ email: 'ｊｏｓé@intranet.example' })),
      ).get('/me');
      expect(reply.status).toBe(401);
      expect(reply.body.error.message).toMatch(/plain email address/);
    });
  });

  describe('lifetime', () => {
    it('is at most 24 hours by default, counted from iat or from now', async () => {
      const status = async (times: Parameters<typeof signWith>[2]) =>
        (await client(store.url, await sign(person(), times)).get('/me')).status;
      expect(await status({ exp: now() + 23 * HOUR })).toBe(200);
      expect(await status({ exp: now() + 23 * HOUR, iat: null })).toBe(200);
      expect(await status({ exp: now() + 25 * HOUR, iat: null })).toBe(401);
      expect(await status({ exp: now() + 30 * 365 * 24 * HOUR })).toBe(401);
      // Issued two hours ago and valid for 23 more: 25 hours in all.
      expect(await status({ exp: now() + 23 * HOUR, iat: now() - 2 * HOUR })).toBe(401);
      // An iat in the future does not shorten the count.
      expect(await status({ exp: now() + 48 * HOUR, iat: now() + 40 * HOUR })).toBe(401);
      const reply = await client(store.url, await sign(person(), { exp: now() + 48 * HOUR })).get(
        '/me',
      );
      expect(reply.body.error.message).toMatch(/longer than this store allows \(at most 24 h\)/);
    });
  });

  describe('origins', () => {
    it('bind a token to the pages that may use it, on every request', async () => {
      const token = await sign(person({ origins: ['https://intranet.example.com'] }));
      const api = client(store.url, token);
      const from = (origin?: string) => api.get('/me', origin ? { Origin: origin } : {});
      expect((await from('https://intranet.example.com')).status).toBe(200);
      // The principal is remembered after the first request; the origin is still checked.
      expect((await from('https://evil.example.com')).status).toBe(401);
      expect((await from()).status).toBe(401);
      expect((await from('https://intranet.example.com:8443')).status).toBe(401);
      expect((await from('https://intranet.example.com')).status).toBe(200);
      const unbound = client(store.url, await sign(person()));
      expect((await unbound.get('/me', { Origin: 'https://anywhere.example' })).status).toBe(200);
    });

    it('refuses an origins claim that names no origin', async () => {
      const token = await sign(person({ origins: ['javascript:alert(1)'] }));
      expect((await client(store.url, token).get('/me')).status).toBe(401);
    });
  });
});

describe('embed tokens, as the operator sets them', () => {
  let store: EngineStore;
  beforeAll(async () => {
    store = await openEngineStore('sqlite', {
      COP_EMBED_AUDIENCE: 'cop-store',
      COP_EMBED_ISSUER: 'https://intranet.example.com',
      COP_EMBED_MAX_LIFETIME: '10m',
      COP_EMBED_LINK_BY_EMAIL: '1',
    });
  });
  afterAll(() => store?.dispose());
  const sign = (claims: Record<string, unknown>, times?: Parameters<typeof signWith>[2]) =>
    signWith(store.embedSecret, claims, times);
  const good = { iss: 'https://intranet.example.com', aud: 'cop-store' };

  it('check aud and iss when configured', async () => {
    const status = async (claims: Record<string, unknown>) =>
      (await client(store.url, await sign(person(claims))).get('/me')).status;
    expect(await status(good)).toBe(200);
    expect(await status({ ...good, aud: 'another-app' })).toBe(401);
    expect(await status({ iss: good.iss })).toBe(401);
    expect(await status({ ...good, iss: 'https://elsewhere.example.com' })).toBe(401);
    expect(await status({ aud: good.aud })).toBe(401);
  });

  it('keep to COP_EMBED_MAX_LIFETIME', async () => {
    const status = async (seconds: number) =>
      (await client(store.url, await sign(person(good), { exp: now() + seconds })).get('/me'))
        .status;
    expect(await status(9 * 60)).toBe(200);
    expect(await status(HOUR)).toBe(401);
  });

  it('link an account by email only while no embed token is bound to it', async () => {
    const account = await makeUser(store.url, store.adminToken, 'Linked');
    const first = await client(
      store.url,
      await sign(person({ ...good, email: account.email })),
    ).get('/me');
    expect(first.status).toBe(200);
    expect(first.body.user.id).toBe(account.id);
    // Linked now: another sub with the same email is refused, never given the account.
    const second = await client(
      store.url,
      await sign(person({ ...good, email: account.email })),
    ).get('/me');
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('embed_account_bound');
    // Linking never lends admin rights.
    const admin = await client(
      store.url,
      await sign(person({ ...good, email: 'admin@localhost' })),
    ).get('/me');
    expect(admin.status).toBe(200);
    expect(admin.body.user.isAdmin).toBe(false);
    const token = await sign(person({ ...good, email: 'ADMIN@localhost' }));
    expect(
      (await client(store.url, token).post('/communities', { slug: 'x-y', name: 'x', domain: 'x' }))
        .status,
    ).toBe(409);
  });
});

describe('emails, wherever people are created or found', () => {
  let store: EngineStore;
  beforeAll(async () => {
    store = await openEngineStore('sqlite');
  });
  afterAll(() => store?.dispose());

  it('are stored and compared NFKC-normalised and lower case, and refused when not plain', async () => {
    const admin = client(store.url, store.adminToken);
    const created = await admin.post('/users', {
      email: '\u212Aate.Ｈｏｐｐｅｒ@Example.com',
      name: 'Kate',
      password: 'correct horse battery',
    });
    expect(created.status).toBe(201);
    expect(created.body.user.email).toBe('kate.hopper@example.com');
    const twin = await admin.post('/users', { email: 'KATE.hopper@example.com', name: 'Twin' });
    expect(twin.status).toBe(409);
    for (const email of ['kate.hopper@example.com', 'ｋａｔｅ.hopper@EXAMPLE.com']) {
      const login = await client(store.url).post('/auth/login', {
        email,
        password: 'correct horse battery',
      });
      expect(login.status, email).toBe(200);
      expect(login.body.user.id).toBe(created.body.user.id);
    }
    for (const email of ['josé@example.com', 'kate@exam\u0430ple.com'])
      expect((await admin.post('/users', { email, name: 'Odd' })).status, email).toBe(400);
    // A coordinator adding a member by email finds the same person in any Unicode form.
    await makeCommunity(store.url, store.adminToken, 'emails', []);
    const added = await admin.post('/communities/emails/members', {
      email: 'Kate.Hopper@example.com',
      role: 'member',
    });
    expect(added.status).toBe(201);
  });
});
