/** Embed tokens: people from intranet pages join open communities on first use, never gain admin rights. */
import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, makeCommunity, makeUser } from '../helpers/api';
import { ENGINES, type EngineStore, openEngineStore } from '../helpers/engines';

describe.each(ENGINES)('embed tokens on %s', (engine) => {
  let store: EngineStore;
  const sign = (claims: Record<string, unknown>, sub = `sub-${randomUUID()}`) =>
    new SignJWT({ email: `${sub}@intranet.example`, name: 'Intranet person', ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(sub)
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(store.embedSecret));

  beforeAll(async () => {
    store = await openEngineStore(engine);
    const owner = await makeUser(store.url, store.adminToken, 'Owner');
    await client(store.url, store.adminToken).post('/communities', {
      slug: 'open',
      name: 'Open',
      domain: 'Everyone',
      anonymousRead: true,
    });
    await makeCommunity(store.url, store.adminToken, 'private', [[owner.id, 'coordinator']]);
    await owner.api.post('/practices', { community: 'private', title: 'Private practice' });
  });
  afterAll(() => store?.dispose());

  it('joins an open community on first write, with no coordinator involved', async () => {
    const api = client(store.url, await sign({}));
    const res = await api.post('/questions', {
      community: 'open',
      title: 'First question from the intranet',
    });
    expect(res.status).toBe(201);
    const me = await api.get('/me');
    expect(me.body.memberships).toEqual([
      expect.objectContaining({ community: 'open', role: 'member' }),
    ]);
  });

  it('joins a private community only when the token names it', async () => {
    const plain = client(store.url, await sign({}));
    expect((await plain.get('/practices?community=private')).status).toBe(403);
    const named = client(store.url, await sign({ communities: ['private'] }));
    const res = await named.get('/practices?community=private');
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { title: string }) => p.title)).toEqual(['Private practice']);
  });

  it('never carries admin rights, nor takes over the admin by email', async () => {
    const api = client(store.url, await sign({ email: 'admin@localhost' }));
    const res = await api.post('/communities', { slug: 'taken-over', name: 'x', domain: 'x' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('embed_account_exists');
  });

  it('lets anonymous readers find experts of open communities, without their emails', async () => {
    const expert = client(store.url, await sign({}, 'expert-1'));
    await expert.post('/sync/push', {
      clientId: `c-${randomUUID()}`,
      mutations: [
        { id: 1, name: 'setExpertise', args: { community: 'open', topics: ['onboarding'] } },
      ],
    });
    const anonymous = client(store.url);
    const open = await anonymous.get('/experts?topic=onboarding&community=open');
    expect(open.status).toBe(200);
    expect(open.body.items).toEqual([
      expect.objectContaining({
        user: expect.objectContaining({ name: 'Intranet person', email: '' }),
      }),
    ]);
    const closed = await anonymous.get('/experts?topic=onboarding&community=private');
    expect(closed.status).toBe(401);
  });
});

describe('the demo token', () => {
  it('lets the demo page’s widgets write to the demo community only', async () => {
    const store = await openEngineStore('sqlite', { COP_DEMO: '1' });
    try {
      const res = await fetch(`${store.url}/demo/token`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const { token } = (await res.json()) as { token: string };
      const visitor = client(store.url, token);
      const asked = await visitor.post('/questions', {
        community: 'support-engineering',
        title: 'A visitor asks',
      });
      expect(asked.status).toBe(201);
      const admin = client(store.url, store.adminToken);
      await admin.post('/communities', { slug: 'other', name: 'Other', domain: 'x' });
      // Not even a community open to everyone: an embed token would join that one on first use.
      await admin.post('/communities', {
        slug: 'open-door',
        name: 'Open door',
        domain: 'x',
        anonymousRead: true,
      });
      for (const community of ['other', 'open-door'])
        expect(
          (await visitor.post('/questions', { community, title: 'Elsewhere' })).status,
          community,
        ).toBe(403);
      // Added to another community by someone else, the demo visitor still acts only in the demo's.
      const me = (await visitor.get('/me')).body.user.id as string;
      await admin.put(`/communities/other/members/${me}`, { role: 'member' });
      expect((await visitor.get('/practices?community=other')).status).toBe(403);
      await admin.post('/practices', { community: 'other', title: 'Not for the demo' });
      const everything = await visitor.get('/practices?limit=100');
      expect(everything.status).toBe(200);
      expect(everything.body.items.map((p: { community: string }) => p.community)).not.toContain(
        'other',
      );
    } finally {
      await store.dispose();
    }
  });

  it('is signed with a key of the demo’s own, never COP_EMBED_SECRET', async () => {
    const store = await openEngineStore('sqlite', { COP_DEMO: '1' });
    try {
      const { token } = (await (await fetch(`${store.url}/demo/token`)).json()) as {
        token: string;
      };
      const key = new TextEncoder().encode(store.embedSecret);
      await expect(jwtVerify(token, key)).rejects.toThrow();
      // A token signed with COP_EMBED_SECRET cannot pass for the demo's, nor reach its visitor.
      const posing = await new SignJWT({ email: 'visitor@demo.example', name: 'Posing' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('cop:demo')
        .setSubject('demo-visitor')
        .setExpirationTime('10m')
        .sign(key);
      expect((await client(store.url, posing).get('/me')).status).toBe(401);
      // The key lives in the database: the store signs the same way after a restart.
      const row = await store.ctx.storage.db
        .selectFrom('store_secrets')
        .select('value')
        .where('name', '=', 'demo-signing-key')
        .executeTakeFirstOrThrow();
      await jwtVerify(token, new Uint8Array(Buffer.from(row.value, 'base64url')));
    } finally {
      await store.dispose();
    }
  });

  it('does not exist when the demo is off, and no demo token is accepted then', async () => {
    const store = await openEngineStore('sqlite');
    try {
      expect((await fetch(`${store.url}/demo/token`)).status).toBe(404);
      const stray = await new SignJWT({ email: 'visitor@demo.example' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('cop:demo')
        .setSubject('demo-visitor')
        .setExpirationTime('10m')
        .sign(new TextEncoder().encode('any-key-at-all-any-key-at-all-12'));
      const reply = await client(store.url, stray).get('/me');
      expect(reply.status).toBe(401);
      expect(reply.body.error.message).toMatch(/no demo/);
    } finally {
      await store.dispose();
    }
  });

  it('signs its people in with a password made for this store, shown once', async () => {
    const store = await openEngineStore('sqlite', { COP_DEMO: '1' });
    try {
      const password = store.generatedDemoPassword;
      expect(password).toMatch(/^[\w-]{16,}$/);
      const login = (p: string) =>
        client(store.url).post('/auth/login', { email: 'ada@demo.example', password: p });
      expect((await login('demo-password')).status).toBe(401);
      expect((await login(password!)).status).toBe(200);
    } finally {
      await store.dispose();
    }
  });
});

describe('the widget bundle (built by npm test before this suite)', () => {
  it('is served compressed, with its version and CORS for any page', async () => {
    const store = await openEngineStore('sqlite');
    try {
      const res = await fetch(`${store.url}/widgets/cop-widgets.js`, {
        headers: { 'Accept-Encoding': 'gzip' },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe('gzip');
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('content-type')).toContain('javascript');
      const health = await fetch(`${store.url}/api/v1/health`);
      expect(await health.json()).toEqual({ ok: true });
      expect(health.headers.get('x-cop-version')).toMatch(/^\d+\.\d+\.\d+/);
    } finally {
      await store.dispose();
    }
  });
});
