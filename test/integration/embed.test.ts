/** Embed tokens: people from intranet pages join open communities on first use, never gain admin rights. */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
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

  it('never carries admin rights, even with an admin’s email', async () => {
    const api = client(store.url, await sign({ email: 'admin@localhost' }));
    const res = await api.post('/communities', { slug: 'taken-over', name: 'x', domain: 'x' });
    expect(res.status).toBe(403);
    expect((await api.get('/me')).body.user.isAdmin).toBe(false);
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
    const store = await openEngineStore('sqlite', { COP_DEMO: '1', COP_EMBED_SECRET: '' });
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
      await client(store.url, store.adminToken).post('/communities', {
        slug: 'other',
        name: 'Other',
        domain: 'x',
      });
      expect(
        (await visitor.post('/questions', { community: 'other', title: 'Elsewhere' })).status,
      ).toBe(403);
    } finally {
      await store.dispose();
    }
  });

  it('does not exist when the demo is off', async () => {
    const store = await openEngineStore('sqlite');
    try {
      expect((await fetch(`${store.url}/demo/token`)).status).toBe(404);
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
