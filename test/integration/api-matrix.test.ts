/**
 * The authorization matrix: every API route called as every kind of caller, with the exact status and error
 * shape each must get; plus CORS and login rate limiting. Runs on SQLite and (with DATABASE_URL) PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, client, type Reply } from '../helpers/api';
import { contractBreach } from '../helpers/contract';
import { ENGINES, type EngineStore, openEngineStore } from '../helpers/engines';

const ALLOWED_ORIGIN = 'https://intranet.example.com';

/** Callers whose credentials are bad: every route answers 401 before looking at anything else. */
const BAD_CREDENTIALS = [
  'forged token',
  'revoked token',
  'expired embed',
  'embed, wrong secret',
  'embed, alg none',
] as const;
/** Callers the store knows. */
const SIGNED_IN = [
  'embed, new user',
  'outsider',
  'member',
  'embed member',
  // An embed token of an account that coordinates alpha: through the token it is a member only.
  'embed coordinator',
  'coordinator',
  'admin',
  // Holds a sponsor membership of alpha (set by its coordinator): sees alpha's overview and nothing else.
  'sponsor',
] as const;
const ROLES = ['anonymous', ...BAD_CREDENTIALS, ...SIGNED_IN] as const;
type Role = (typeof ROLES)[number];
type SignedIn = (typeof SIGNED_IN)[number];

interface Actor {
  role: Role;
  token?: string;
  api: Client;
  /** The user id, for signed-in callers. */
  id?: string;
}

/** Who may: the status each signed-in role gets, and the one anonymous callers get. */
type Expect = { anonymous: number } & Record<SignedIn, number>;

interface Case {
  /** "METHOD /path" exactly as in /openapi.json (without /api/v1); several cases may share a route. */
  route: string;
  label?: string;
  expect: Expect;
  send(actor: Actor): Promise<Reply>;
  /** Extra checks on a reply with the expected status. */
  check?(actor: Actor, reply: Reply): void | Promise<void>;
}

const only = (statusFor: Partial<Expect>, otherwise: number, anonymous = 401): Expect => ({
  anonymous,
  'embed, new user': otherwise,
  outsider: otherwise,
  member: otherwise,
  'embed member': otherwise,
  'embed coordinator': otherwise,
  coordinator: otherwise,
  admin: otherwise,
  sponsor: otherwise,
  ...statusFor,
});
const everyone = (status: number, anonymous = 401) => only({}, status, anonymous);
/** Readers of community alpha: its members (by API or embed token), its coordinator and admins. */
const alphaMembers = (ok: number) =>
  only(
    { member: ok, 'embed member': ok, 'embed coordinator': ok, coordinator: ok, admin: ok },
    403,
  );
/** Who reads and writes alpha: its members, by API or embed token, its coordinator and admins. */
const ALPHA_READERS: readonly Role[] = [
  'member',
  'embed member',
  'embed coordinator',
  'coordinator',
  'admin',
];
/** Embed tokens cannot manage an account's API tokens (an escape to longer-lived, fuller rights). */
const EMBEDDED = { 'embed, new user': 403, 'embed member': 403, 'embed coordinator': 403 };
const alphaCurators = (ok: number) => only({ coordinator: ok, admin: ok }, 403);
/**
 * By id: a thing in a community the caller does not belong to answers 404, exactly as a missing id does
 * (docs/security.md); members who may see it but not do this hear 403.
 */
const hiddenFromOutsiders = (e: Expect, outside = 404): Expect => ({
  ...e,
  outsider: outside,
  'embed, new user': outside,
  // A sponsor membership is no membership for reading: alpha's content is hidden as from any outsider.
  sponsor: outside,
});

/**
 * A case that calls `route` with nothing to send and checks only the status: `{slug}` is `where.slug`
 * (alpha unless given), `{id}` the id of a thing `where.id` makes for the call.
 */
function plainCall(
  route: string,
  expect: Expect,
  where: { slug?: string; id?: () => Promise<{ id: string }> } = {},
): Case {
  const [method, path] = route.split(' ') as ['GET' | 'POST', string];
  return {
    route,
    expect,
    send: async (a) => {
      const id = where.id ? (await where.id()).id : '';
      const url = path.replace('{slug}', where.slug ?? 'alpha').replace('{id}', id);
      return method === 'GET' ? a.api.get(url) : a.api.post(url);
    },
  };
}

interface Operation {
  responses: Record<
    string,
    { headers?: Record<string, unknown>; content?: Record<string, { schema?: unknown }> }
  >;
}
/** Whether an answer names a schema for each of its media types. */
const hasSchemas = (answer: Operation['responses'][string]) =>
  Object.keys(answer.content ?? {}).length > 0 &&
  Object.values(answer.content ?? {}).every((media) => media.schema !== undefined);

/** "METHOD /path" of every operation in the store's /openapi.json, without /api/v1. */
async function documentedRoutes(url: string) {
  const doc = await (await fetch(`${url}/openapi.json`)).json();
  return Object.entries(doc.paths as Record<string, object>).flatMap(([path, methods]) =>
    Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/^\/api\/v1/, '')}`),
  );
}

function errorShape(reply: Reply) {
  expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
  expect(reply.body).toEqual({
    error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
  });
  expect(reply.body.error.code.length).toBeGreaterThan(0);
  expect(reply.body.error.message.length).toBeGreaterThan(10);
}

describe.each(ENGINES)('authorization matrix on %s', (engine) => {
  let store: EngineStore;
  let admin: Client;
  const actors = new Map<Role, Actor>();
  /** Each role's status per case, printed as one table when the matrix is done. */
  const table = new Map<string, string[]>();
  /** A member of alpha who authors the practices and questions others act on. */
  let author: { id: string; api: Client; token: string };
  let loginEmail: string;
  const sign = (claims: Record<string, unknown>, secret = store.embedSecret) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(secret));

  async function createUser(name: string, password?: string) {
    const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${randomUUID().slice(0, 8)}@example.com`;
    const res = await admin.post('/users', { email, name, ...(password ? { password } : {}) });
    expect(res.status).toBe(201);
    return { id: res.body.user.id as string, token: res.body.token as string, email };
  }
  const join = async (slug: string, userId: string, role: 'member' | 'coordinator' | 'sponsor') =>
    expect((await admin.put(`/communities/${slug}/members/${userId}`, { role })).status).toBe(200);

  async function newPractice(title = 'Blue-green deploys') {
    const res = await author.api.post('/practices', {
      id: randomUUID(),
      community: 'alpha',
      title,
      body: 'Switch traffic only after the health checks pass.',
      tags: ['deploy'],
    });
    expect(res.status).toBe(201);
    return res.body.practice as { id: string; version: number };
  }
  async function newQuestion() {
    const res = await author.api.post('/questions', {
      community: 'alpha',
      title: 'How do we roll back a bad deploy?',
    });
    expect(res.status).toBe(201);
    return res.body.question as { id: string };
  }

  beforeAll(async () => {
    store = await openEngineStore(engine, {
      COP_ALLOWED_ORIGINS: ALLOWED_ORIGIN,
      // The matrix's webhooks point at this machine, which a store refuses unless told otherwise.
      COP_WEBHOOK_HOSTS: '127.0.0.1',
    });
    admin = client(store.url, store.adminToken);
    for (const [slug, anonymousRead] of [
      ['alpha', false],
      ['beta', false],
      ['open', true],
    ] as const) {
      const res = await admin.post('/communities', {
        slug,
        name: `Community ${slug}`,
        domain: `The practice of ${slug}`,
        anonymousRead,
      });
      expect(res.status).toBe(201);
    }
    const a = await createUser('Author');
    author = { ...a, api: client(store.url, a.token) };
    await join('alpha', a.id, 'member');
    const member = await createUser('Member');
    await join('alpha', member.id, 'member');
    const coordinator = await createUser('Coordinator');
    await join('alpha', coordinator.id, 'coordinator');
    // The outsider coordinates another community: curating there gives no rights in alpha.
    const outsider = await createUser('Outsider');
    await join('beta', outsider.id, 'coordinator');
    const login = await createUser('Login', 'correct horse battery');
    const sponsor = await createUser('Sponsor');
    expect(
      (
        await client(store.url, coordinator.token).put(`/communities/alpha/members/${sponsor.id}`, {
          role: 'sponsor',
        })
      ).status,
    ).toBe(200);
    // Something to read: a published practice in alpha, and one in the community open to anonymous readers.
    await newPractice();
    await newQuestion();
    const opened = await admin.post('/practices', { community: 'open', title: 'Open practice' });
    expect(
      (
        await admin.post(`/practices/${opened.body.practice.id}/review`, {
          action: 'publish',
          baseVersion: 1,
        })
      ).status,
    ).toBe(200);
    loginEmail = login.email;

    // A token its owner revoked.
    const owner = await createUser('Revoker');
    const extra = await client(store.url, owner.token).post('/tokens', { name: 'laptop' });
    expect(extra.status).toBe(201);
    expect((await client(store.url, owner.token).del(`/tokens/${extra.body.id}`)).status).toBe(204);

    // Embed tokens: a member's, a fresh subject's (the user is created on first use), and bad ones.
    /** An embed token (and its person's id) for the intranet's `role` of alpha; its first use creates the person. */
    const embedIn = async (role: 'member' | 'coordinator') => {
      const token = await sign({
        sub: `intranet-${role}`,
        email: `embed.${role}@example.com`,
        name: `Embed ${role === 'member' ? 'Member' : 'Coordinator'}`,
      });
      const me = await client(store.url, token).get('/me');
      expect(me.status).toBe(200);
      await join('alpha', me.body.user.id, role);
      return { token, id: me.body.user.id as string };
    };
    const embedMember = await embedIn('member');
    const embedCoordinator = await embedIn('coordinator');
    const expired = await new SignJWT({ sub: 'late', email: 'late@example.com' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(store.embedSecret));
    const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const exp = Math.floor(Date.now() / 1000) + 600;
    const algNone = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'admin', email: 'admin@localhost', exp })}.unsigned`;

    const tokens: Record<Role, string | undefined> = {
      anonymous: undefined,
      'forged token': `cop_${randomUUID().replaceAll('-', '')}`,
      'revoked token': extra.body.token,
      'expired embed': expired,
      'embed, wrong secret': await sign(
        { sub: 'intruder', email: 'admin@localhost', name: 'Intruder' },
        'not-the-secret-not-the-secret-not',
      ),
      'embed, alg none': algNone,
      'embed, new user': await sign({
        sub: `fresh-${randomUUID()}`,
        email: `fresh-${randomUUID().slice(0, 8)}@example.com`,
        name: 'Fresh Embed',
      }),
      outsider: outsider.token,
      member: member.token,
      'embed member': embedMember.token,
      'embed coordinator': embedCoordinator.token,
      coordinator: coordinator.token,
      admin: store.adminToken,
      sponsor: sponsor.token,
    };
    const ids: Partial<Record<Role, string>> = {
      outsider: outsider.id,
      member: member.id,
      'embed member': embedMember.id,
      'embed coordinator': embedCoordinator.id,
      coordinator: coordinator.id,
      sponsor: sponsor.id,
    };
    for (const role of ROLES) {
      const token = tokens[role];
      actors.set(role, { role, token, api: client(store.url, token), id: ids[role] });
    }
    // The new embed user and the admin learn their ids from /me (the embed user is created right here).
    for (const role of ['embed, new user', 'admin'] as const) {
      const res = await actors.get(role)!.api.get('/me');
      expect(res.status).toBe(200);
      actors.get(role)!.id = res.body.user.id;
    }
  });
  afterAll(async () => {
    const rows = [...table].map(([name, statuses]) => `${name.padEnd(72)} ${statuses.join(' ')}`);
    console.log(
      `authorization matrix on ${engine}: ${cases.length} route cases × ${ROLES.length} roles = ${
        [...table.values()].flat().length
      } requests\nroles: ${ROLES.join(' | ')}\n${rows.join('\n')}`,
    );
    await store?.dispose();
  });

  const cases: Case[] = [
    {
      route: 'GET /health',
      expect: everyone(200, 200),
      send: (a) => a.api.get('/health'),
      check: (_a, r) => expect(r.body).toEqual({ ok: true }),
    },
    {
      route: 'POST /users',
      expect: only({ admin: 201 }, 403),
      send: (a) =>
        a.api.post('/users', {
          email: `new-${randomUUID().slice(0, 8)}@example.com`,
          name: 'New person',
        }),
      check: (_a, r) => {
        if (r.status === 201) expect(r.body.token).toMatch(/^cop_/);
      },
    },
    {
      route: 'POST /auth/login',
      expect: everyone(200, 200),
      send: (a) =>
        a.api.post('/auth/login', { email: loginEmail, password: 'correct horse battery' }),
      check: (_a, r) => expect(r.body.user.email).toBe(loginEmail),
    },
    {
      route: 'GET /me',
      expect: everyone(200),
      send: (a) => a.api.get('/me'),
      check: (a, r) => expect(r.body.user.id).toBe(a.id),
    },
    {
      route: 'POST /tokens',
      expect: only(EMBEDDED, 201),
      send: (a) => a.api.post('/tokens', { name: 'second device' }),
    },
    {
      route: 'DELETE /tokens/{id}',
      label: 'own token',
      expect: only(EMBEDDED, 204),
      send: async (a) => {
        const made = await a.api.post('/tokens', { name: 'to revoke' });
        return a.api.del(`/tokens/${made.body?.id ?? randomUUID()}`);
      },
    },
    {
      route: 'DELETE /tokens/{id}',
      label: "someone else's token",
      expect: only(EMBEDDED, 404),
      send: async (a) => {
        const victim = await author.api.post('/tokens', { name: 'victim' });
        const reply = await a.api.del(`/tokens/${victim.body.id}`);
        // Whatever the caller got, the victim's token still works.
        expect((await client(store.url, victim.body.token).get('/me')).status).toBe(200);
        return reply;
      },
    },
    {
      route: 'POST /communities',
      expect: only({ admin: 201 }, 403),
      send: (a) =>
        a.api.post('/communities', {
          slug: `c-${randomUUID().slice(0, 8)}`,
          name: 'New community',
          domain: 'Something worth learning together',
        }),
    },
    {
      route: 'GET /communities',
      expect: everyone(200, 200),
      send: (a) => a.api.get('/communities'),
      check: (a, r) => {
        const slugs = r.body.items.map((c: { slug: string }) => c.slug);
        const visible: Partial<Record<Role, string[]>> = {
          anonymous: ['open'],
          'embed, new user': [],
          outsider: ['beta'],
          member: ['alpha'],
          'embed member': ['alpha'],
          'embed coordinator': ['alpha'],
          coordinator: ['alpha'],
          admin: ['alpha', 'beta', 'open'],
          // A sponsor membership does not make a reader: a sponsor reads only the overview.
          sponsor: [],
        };
        for (const slug of ['alpha', 'beta', 'open'])
          expect(slugs.includes(slug), `${a.role} sees ${slug}`).toBe(
            visible[a.role]!.includes(slug),
          );
      },
    },
    {
      route: 'PUT /communities/{slug}/members/{userId}',
      expect: alphaCurators(200),
      send: async (a) => a.api.put(`/communities/alpha/members/${author.id}`, { role: 'member' }),
    },
    {
      route: 'PUT /communities/{slug}/members/{userId}',
      label: 'promote self to coordinator',
      expect: alphaCurators(200),
      send: async (a) =>
        a.api.put(`/communities/alpha/members/${a.id ?? author.id}`, {
          role: a.role === 'admin' ? 'member' : 'coordinator',
        }),
    },
    {
      route: 'PUT /communities/{slug}/members/{userId}',
      label: 'another community',
      expect: only({ admin: 200, outsider: 200 }, 403),
      send: async (a) => a.api.put(`/communities/beta/members/${author.id}`, { role: 'member' }),
    },
    plainCall('GET /communities/{slug}/prompts', alphaMembers(200)),
    {
      route: 'POST /communities/{slug}/prompts',
      expect: alphaCurators(200),
      send: (a) =>
        a.api.post('/communities/alpha/prompts', {
          urlPatterns: ['https://wiki.example.com/deploy/*'],
          keywords: ['rollback'],
          message: 'Ask the deploy community',
        }),
    },
    {
      route: 'POST /sync/push',
      expect: everyone(200),
      send: (a) =>
        a.api.post('/sync/push', {
          clientId: `client-${randomUUID()}`,
          mutations: [
            {
              id: 1,
              name: 'createPractice',
              args: { id: randomUUID(), community: 'alpha', title: 'Pushed practice' },
            },
          ],
        }),
      // The push is accepted, but a caller outside alpha gets its mutation rejected as forbidden.
      check: (a, r) => {
        const canWrite = ALPHA_READERS.includes(a.role);
        expect(r.body.results[0]).toMatchObject(
          canWrite ? { status: 'applied' } : { status: 'rejected', error: { code: 'forbidden' } },
        );
      },
    },
    {
      route: 'GET /sync/pull',
      expect: everyone(200),
      send: (a) => a.api.get('/sync/pull?since=0&limit=1000'),
      check: (a, r) => {
        const communities = new Set(
          r.body.changes
            .filter((c: any) => c.op === 'put' && 'community' in c.data)
            .map((c: any) => c.data.community),
        );
        const readsAlpha = ALPHA_READERS.includes(a.role);
        expect(communities.has('alpha')).toBe(readsAlpha);
      },
    },
    {
      route: 'GET /sync/events',
      expect: everyone(200),
      send: async (a) => {
        const abort = new AbortController();
        const res = await fetch(`${store.url}/api/v1/sync/events`, {
          headers: a.token ? { Authorization: `Bearer ${a.token}` } : {},
          signal: abort.signal,
        });
        const reply: Reply = { status: res.status, headers: res.headers, body: undefined };
        if (res.status === 200) {
          const reader = res.body!.getReader();
          const first = new TextDecoder().decode((await reader.read()).value);
          expect(first).toContain('event: change');
          abort.abort();
        } else {
          reply.body = await res.json();
        }
        return reply;
      },
      check: (_a, r) => expect(r.headers.get('content-type')).toMatch(/^text\/event-stream/),
    },
    {
      route: 'GET /practices',
      label: 'community=alpha',
      expect: alphaMembers(200),
      send: (a) => a.api.get('/practices?community=alpha'),
      check: (_a, r) => expect(r.body.items.length).toBeGreaterThan(0),
    },
    {
      route: 'GET /practices',
      label: 'all readable',
      expect: everyone(200, 200),
      send: (a) => a.api.get('/practices?limit=100'),
      check: (a, r) => {
        const readsAlpha = ALPHA_READERS.includes(a.role);
        const communities = r.body.items.map((p: { community: string }) => p.community);
        expect(communities.includes('alpha')).toBe(readsAlpha);
        if (a.role === 'anonymous')
          expect(r.body.items.every((p: any) => p.status === 'published')).toBe(true);
      },
    },
    {
      route: 'GET /practices',
      label: 'search in alpha',
      expect: alphaMembers(200),
      send: (a) => a.api.get('/practices?community=alpha&q=deploys'),
      check: (_a, r) => expect(r.body.items[0].highlight.title).toContain('<mark>'),
    },
    {
      route: 'POST /practices',
      expect: alphaMembers(201),
      send: (a) =>
        a.api.post('/practices', { community: 'alpha', title: 'Canary first', kind: 'method' }),
      check: (a, r) => expect(r.body.practice).toMatchObject({ status: 'captured', author: a.id }),
    },
    plainCall('GET /practices/{id}', hiddenFromOutsiders(alphaMembers(200)), { id: newPractice }),
    {
      route: 'POST /practices/{id}/review',
      expect: hiddenFromOutsiders(alphaCurators(200)),
      send: async (a) =>
        a.api.post(`/practices/${(await newPractice()).id}/review`, {
          action: 'publish',
          baseVersion: 1,
        }),
      check: (_a, r) => expect(r.body).toMatchObject({ status: 'published', version: 2 }),
    },
    {
      route: 'POST /practices/{id}/review',
      label: 'author reviews own practice',
      expect: hiddenFromOutsiders(only({ coordinator: 200, admin: 200 }, 403)),
      send: async (a) => {
        // Each caller captures its own practice first (when it may), then tries to publish it.
        const own = await a.api.post('/practices', { community: 'alpha', title: 'My own' });
        const id = own.status === 201 ? own.body.practice.id : (await newPractice()).id;
        return a.api.post(`/practices/${id}/review`, { action: 'feature', baseVersion: 1 });
      },
    },
    {
      route: 'POST /practices/{id}/endorse',
      expect: hiddenFromOutsiders(alphaMembers(200)),
      send: async (a) => a.api.post(`/practices/${(await newPractice()).id}/endorse`, {}),
      check: (_a, r) => expect(r.body.practice.endorsements).toBe(1),
    },
    {
      route: 'GET /questions',
      label: 'community=alpha',
      expect: alphaMembers(200),
      send: (a) => a.api.get('/questions?community=alpha'),
    },
    {
      route: 'GET /questions',
      label: 'all readable',
      expect: everyone(200),
      send: (a) => a.api.get('/questions?limit=200'),
      check: (a, r) => {
        const readsAlpha = ALPHA_READERS.includes(a.role);
        expect(r.body.items.some((q: any) => q.community === 'alpha')).toBe(readsAlpha);
      },
    },
    {
      route: 'POST /questions',
      expect: alphaMembers(201),
      send: (a) => a.api.post('/questions', { community: 'alpha', title: 'Who owns the CDN?' }),
    },
    plainCall('GET /questions/{id}', hiddenFromOutsiders(alphaMembers(200)), { id: newQuestion }),
    {
      route: 'POST /questions/{id}/answers',
      expect: hiddenFromOutsiders(alphaMembers(201)),
      send: async (a) =>
        a.api.post(`/questions/${(await newQuestion()).id}/answers`, {
          body: 'Use the rollback job.',
        }),
    },
    {
      route: 'POST /questions/{id}/accept',
      expect: hiddenFromOutsiders(alphaCurators(200)),
      send: async (a) => {
        const q = await newQuestion();
        const answer = await admin.post(`/questions/${q.id}/answers`, { body: 'Like this.' });
        return a.api.post(`/questions/${q.id}/accept`, { answerId: answer.body.answer.id });
      },
      check: (_a, r) => expect(r.body.question.status).toBe('answered'),
    },
    {
      route: 'GET /experts',
      label: 'community=alpha',
      expect: alphaMembers(200),
      send: (a) => a.api.get('/experts?topic=deploy&community=alpha'),
    },
    {
      route: 'GET /experts',
      label: 'all readable',
      // Anonymous callers read open communities only; alpha is not open, so they find nobody there.
      expect: everyone(200, 200),
      send: (a) => a.api.get('/experts?topic=deploy'),
      check: (a, r) => {
        if (a.role === 'anonymous') expect(r.body.items).toEqual([]);
      },
    },
  ];

  // The coordinators' console: every route is for alpha's coordinators and admins only.
  const day = (offset: number) =>
    new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  async function conflictId() {
    const p = await newPractice();
    const edit = (title: string) =>
      author.api.post('/sync/push', {
        clientId: `edit-${randomUUID()}`,
        mutations: [
          { id: 1, name: 'updatePractice', args: { id: p.id, baseVersion: 1, patch: { title } } },
        ],
      });
    await edit('First edit');
    const second = await edit('Second edit');
    expect(second.body.results[0].status).toBe('conflict');
    return second.body.results[0].conflictId as string;
  }
  async function newWebhook() {
    const res = await admin.post('/communities/alpha/webhooks', {
      url: 'http://127.0.0.1:9/hook',
      events: ['question.created'],
    });
    expect(res.status).toBe(201);
    return res.body.webhook.id as string;
  }
  const consoleCases: Case[] = [
    plainCall('GET /communities/{slug}/queue', alphaCurators(200)),
    {
      route: 'POST /practices/bulk-review',
      expect: hiddenFromOutsiders(alphaCurators(200), 200),
      send: async (a) =>
        a.api.post('/practices/bulk-review', {
          action: 'publish',
          items: [{ id: (await newPractice()).id, baseVersion: 1 }],
        }),
      // Outsiders hear of the practice what they would of a missing one: not found, nothing applied.
      check: (a, r) =>
        expect(r.body.results[0]).toMatchObject(
          a.role === 'outsider' || a.role === 'embed, new user' || a.role === 'sponsor'
            ? { status: 'rejected', error: { code: 'not_found' } }
            : { status: 'applied' },
        ),
    },
    {
      route: 'PUT /practices/{id}',
      expect: hiddenFromOutsiders(alphaCurators(200)),
      send: async (a) =>
        a.api.put(`/practices/${(await newPractice()).id}`, {
          baseVersion: 1,
          patch: { title: 'Curated title' },
        }),
    },
    {
      route: 'POST /practices/{id}/merge',
      expect: hiddenFromOutsiders(alphaCurators(200)),
      send: async (a) => {
        const [target, duplicate] = [await newPractice(), await newPractice()];
        return a.api.post(`/practices/${target.id}/merge`, {
          baseVersion: 1,
          duplicates: [{ id: duplicate.id, baseVersion: 1 }],
        });
      },
    },
    plainCall('GET /communities/{slug}/conflicts', alphaCurators(200)),
    {
      route: 'POST /conflicts/{id}/resolve',
      expect: hiddenFromOutsiders(alphaCurators(200)),
      send: async (a) =>
        a.api.post(`/conflicts/${await conflictId()}/resolve`, { keep: 'current', baseVersion: 2 }),
    },
    {
      route: 'GET /questions/{id}/route-suggestions',
      expect: hiddenFromOutsiders(alphaCurators(200)),
      send: async (a) => a.api.get(`/questions/${(await newQuestion()).id}/route-suggestions`),
    },
    {
      route: 'POST /questions/{id}/route',
      expect: hiddenFromOutsiders(alphaCurators(200)),
      send: async (a) =>
        a.api.post(`/questions/${(await newQuestion()).id}/route`, {
          userIds: [actors.get('member')!.id],
        }),
    },
    {
      route: 'POST /questions/{id}/close',
      expect: hiddenFromOutsiders(alphaCurators(200)),
      send: async (a) => a.api.post(`/questions/${(await newQuestion()).id}/close`, {}),
    },
    {
      route: 'POST /questions/{id}/reopen',
      expect: hiddenFromOutsiders(alphaCurators(200)),
      send: async (a) => {
        const q = await newQuestion();
        await admin.post(`/questions/${q.id}/close`, {});
        return a.api.post(`/questions/${q.id}/reopen`, {});
      },
    },
    plainCall('GET /communities/{slug}/members', alphaCurators(200)),
    {
      route: 'POST /communities/{slug}/members',
      expect: alphaCurators(201),
      send: async (a) =>
        a.api.post('/communities/alpha/members', {
          email: (await createUser('Joiner')).email,
          role: 'member',
        }),
    },
    {
      route: 'GET /communities/{slug}/health',
      expect: alphaCurators(200),
      send: (a) => a.api.get(`/communities/alpha/health?from=${day(-30)}&to=${day(0)}`),
    },
    {
      route: 'GET /communities/{slug}/export',
      expect: alphaCurators(200),
      send: (a) => a.api.get('/communities/alpha/export?format=json'),
      check: (_a, r) => expect(r.body.practices.length).toBeGreaterThan(0),
    },
    {
      route: 'POST /communities/{slug}/import',
      expect: alphaCurators(200),
      send: (a) =>
        a.api.post('/communities/alpha/import', {
          format: 'cop-kit-practices',
          version: 1,
          practices: [],
        }),
    },
    plainCall('GET /communities/{slug}/audit', alphaCurators(200)),
    plainCall('GET /communities/{slug}/webhooks', alphaCurators(200)),
    {
      route: 'POST /communities/{slug}/webhooks',
      expect: alphaCurators(201),
      send: (a) =>
        a.api.post('/communities/alpha/webhooks', {
          url: 'http://127.0.0.1:9/hook',
          events: ['practice.featured'],
          enabled: false,
        }),
    },
    {
      route: 'PUT /communities/{slug}/webhooks/{id}',
      expect: alphaCurators(200),
      send: async (a) =>
        a.api.put(`/communities/alpha/webhooks/${await newWebhook()}`, { enabled: false }),
    },
    {
      route: 'DELETE /communities/{slug}/webhooks/{id}',
      expect: alphaCurators(204),
      send: async (a) => a.api.del(`/communities/alpha/webhooks/${await newWebhook()}`),
    },
    {
      route: 'POST /communities/{slug}/webhooks/{id}/test',
      expect: alphaCurators(202),
      send: async (a) => a.api.post(`/communities/alpha/webhooks/${await newWebhook()}/test`, {}),
    },
    {
      route: 'GET /communities/{slug}/webhooks/{id}/deliveries',
      expect: alphaCurators(200),
      send: async (a) => a.api.get(`/communities/alpha/webhooks/${await newWebhook()}/deliveries`),
    },
    {
      route: 'POST /communities/{slug}/webhooks/{id}/deliveries/{deliveryId}/retry',
      label: 'no such failed delivery',
      // Permission is checked before existence: outsiders learn nothing about the log.
      expect: only({ coordinator: 404, admin: 404 }, 403),
      send: async (a) =>
        a.api.post(
          `/communities/alpha/webhooks/${await newWebhook()}/deliveries/${randomUUID()}/retry`,
          {},
        ),
    },
  ];
  // --- accounts: sessions, disabling, directory, joining, member search, invitations ---
  const isEmbed = (a: Actor) => a.role.startsWith('embed');
  /** A person made for one call, so disabling or removing them touches no actor. */
  const bystander = () => createUser('Bystander');
  async function pendingRequest() {
    const asker = await createUser('Asker');
    const res = await client(store.url, asker.token).post('/communities/alpha/join');
    expect(res.status).toBe(202);
    return res.body.request.id as string;
  }
  async function invitationToken() {
    const res = await admin.post('/communities/alpha/invitations', {
      email: `invitee-${randomUUID().slice(0, 8)}@example.com`,
    });
    expect(res.status).toBe(201);
    return res.body.token as string;
  }
  const accountCases: Case[] = [
    {
      route: 'POST /auth/logout',
      // An embed token cannot be revoked here (it ends when it expires); API tokens end at once.
      expect: only({ 'embed, new user': 400, 'embed member': 400, 'embed coordinator': 400 }, 204),
      send: async (a) => {
        // A second token of the caller is signed out, so the actor's own token keeps working.
        if (!(SIGNED_IN as readonly string[]).includes(a.role) || isEmbed(a))
          return a.api.post('/auth/logout');
        const extra = await a.api.post('/tokens', { name: 'to sign out' });
        const signedOut = client(store.url, extra.body.token);
        const reply = await signedOut.post('/auth/logout');
        expect((await signedOut.get('/me')).status).toBe(401);
        return reply;
      },
    },
    {
      route: 'GET /me/sessions',
      // Like the tokens themselves, an account's sessions are not for an embed token to see.
      expect: only(EMBEDDED, 200),
      send: (a) => a.api.get('/me/sessions'),
      check: (_a, r) =>
        expect(r.body.items.some((s: { current: boolean }) => s.current)).toBe(true),
    },
    plainCall('POST /me/notifications/read', everyone(200)),
    {
      route: 'POST /users/{id}/disable',
      expect: only({ admin: 200 }, 403),
      send: async (a) => {
        const target = await bystander();
        const reply = await a.api.post(`/users/${target.id}/disable`);
        // The disabled person's next request is refused; anyone else's leaves them working.
        const next = await client(store.url, target.token).get('/me');
        expect(next.status).toBe(reply.status === 200 ? 401 : 200);
        return reply;
      },
    },
    {
      route: 'POST /users/{id}/enable',
      expect: only({ admin: 200 }, 403),
      send: async (a) => {
        const target = await bystander();
        await admin.post(`/users/${target.id}/disable`);
        return a.api.post(`/users/${target.id}/enable`);
      },
    },
    {
      route: 'DELETE /communities/{slug}/members/{userId}',
      expect: alphaCurators(204),
      send: async (a) => {
        const target = await bystander();
        await join('alpha', target.id, 'member');
        const reply = await a.api.del(`/communities/alpha/members/${target.id}`);
        const next = await client(store.url, target.token).get('/practices?community=alpha');
        expect(next.status).toBe(reply.status === 204 ? 403 : 200);
        return reply;
      },
    },
    {
      route: 'GET /communities',
      label: 'scope=all (the directory)',
      expect: everyone(200),
      send: (a) => a.api.get('/communities?scope=all'),
      check: (_a, r) => {
        const slugs = r.body.items.map((c: { slug: string }) => c.slug);
        expect(slugs).toEqual(expect.arrayContaining(['alpha', 'beta', 'open']));
      },
    },
    {
      route: 'PATCH /communities/{slug}',
      expect: alphaCurators(200),
      send: (a) => a.api.patch('/communities/alpha', { name: 'Community alpha' }),
      check: (_a, r) => expect(r.body.community).toMatchObject({ slug: 'alpha', open: false }),
    },
    {
      route: 'POST /communities/{slug}/join',
      label: 'open community',
      expect: everyone(200),
      send: (a) => a.api.post('/communities/open/join'),
      check: (_a, r) => expect(r.body.membership.community).toBe('open'),
    },
    {
      route: 'POST /communities/{slug}/join',
      label: 'closed community',
      // Beta's coordinator is already in; everyone else asks and gets no access until approved.
      expect: only({ outsider: 200 }, 202),
      send: (a) => a.api.post('/communities/beta/join'),
      check: async (a, r) => {
        // (An admin reads every community anyway.)
        if (r.status === 202 && a.role !== 'admin')
          expect((await a.api.get('/practices?community=beta')).status).toBe(403);
      },
    },
    plainCall('POST /communities/{slug}/leave', everyone(200), { slug: 'open' }),
    plainCall('GET /communities/{slug}/requests', alphaCurators(200)),
    {
      route: 'POST /communities/{slug}/requests/{id}/approve',
      expect: alphaCurators(200),
      send: async (a) =>
        a.api.post(`/communities/alpha/requests/${await pendingRequest()}/approve`),
      check: (_a, r) => expect(r.body.membership.role).toBe('member'),
    },
    {
      route: 'POST /communities/{slug}/requests/{id}/decline',
      expect: alphaCurators(200),
      send: async (a) =>
        a.api.post(`/communities/alpha/requests/${await pendingRequest()}/decline`),
      check: (_a, r) => expect(r.body.membership).toBeNull(),
    },
    {
      route: 'GET /communities/{slug}/people',
      expect: alphaCurators(200),
      send: (a) => a.api.get('/communities/alpha/people?q=author'),
      check: (_a, r) => expect(r.body.items.map((p: { id: string }) => p.id)).toContain(author.id),
    },
    {
      route: 'POST /communities/{slug}/invitations',
      expect: alphaCurators(201),
      send: (a) =>
        a.api.post('/communities/alpha/invitations', {
          email: `invited-${randomUUID().slice(0, 8)}@example.com`,
        }),
    },
    plainCall('GET /communities/{slug}/invitations', alphaCurators(200)),
    {
      route: 'GET /invitations/{token}',
      // Holding the link is what lets someone see it, signed in or not.
      expect: everyone(200, 200),
      send: async (a) => a.api.get(`/invitations/${await invitationToken()}`),
    },
    {
      route: 'POST /invitations/{token}/accept',
      label: 'sent to another email',
      expect: everyone(403),
      send: async (a) => a.api.post(`/invitations/${await invitationToken()}/accept`),
    },
    {
      route: 'POST /auth/invitation',
      expect: everyone(201, 201),
      send: async (a) =>
        a.api.post('/auth/invitation', {
          token: await invitationToken(),
          name: 'Invited person',
          password: 'a fine long password',
        }),
      check: (_a, r) => expect(r.body.membership.community).toBe('alpha'),
    },
  ];
  cases.push(...accountCases);

  // --- single sign-on ---
  // The matrix store has no COP_OIDC_ISSUER: the options say so and the flow routes are not there (404);
  // the flow itself is covered against a real provider in sso.test.ts.
  cases.push(
    {
      route: 'GET /auth/config',
      expect: everyone(200, 200),
      send: (a) => a.api.get('/auth/config'),
      check: (_a, r) => expect(r.body).toEqual({ password: true, sso: false }),
    },
    {
      route: 'GET /auth/oidc/start',
      label: 'single sign-on off',
      expect: everyone(404, 404),
      send: (a) => a.api.get('/auth/oidc/start'),
    },
    {
      route: 'GET /auth/oidc/callback',
      label: 'single sign-on off',
      expect: everyone(404, 404),
      send: (a) => a.api.get('/auth/oidc/callback?state=unknown&code=unknown'),
    },
    {
      route: 'POST /auth/oidc/exchange',
      label: 'unknown code',
      expect: everyone(400, 400),
      send: (a) => a.api.post('/auth/oidc/exchange', { code: 'cop_sso_unknown' }),
      check: (_a, r) => expect(r.body.error.code).toBe('sso_code_invalid'),
    },
  );
  // --- question loop ---
  cases.push(
    {
      route: 'GET /questions',
      label: 'for=me',
      expect: everyone(200),
      send: (a) => a.api.get('/questions?for=me'),
      check: (a, r) => {
        for (const q of r.body.items) expect(q.routedTo).toContain(a.id);
      },
    },
    {
      route: 'GET /me/expertise',
      expect: everyone(200),
      send: (a) => a.api.get('/me/expertise'),
      check: (_a, r) =>
        expect(r.body).toMatchObject({
          topics: expect.any(Array),
          hidden: expect.any(Boolean),
          evidence: expect.any(Object),
          load: expect.any(Number),
        }),
    },
    {
      route: 'PUT /me/expertise',
      label: 'availability',
      expect: everyone(200),
      send: (a) => a.api.put('/me/expertise', { muted: false }),
    },
    {
      route: 'PUT /me/expertise',
      label: 'community=alpha',
      expect: alphaMembers(200),
      send: (a) => a.api.put('/me/expertise', { community: 'alpha', hidden: false }),
    },
    {
      route: 'POST /questions/{id}/promote',
      label: 'not the asker',
      expect: alphaCurators(201),
      send: async (a) => {
        const q = await newQuestion();
        const answer = await admin.post(`/questions/${q.id}/answers`, { body: 'Like this.' });
        await admin.post(`/questions/${q.id}/accept`, { answerId: answer.body.answer.id });
        return a.api.post(`/questions/${q.id}/promote`, {});
      },
      check: (_a, r) => expect(r.body.practice.status).toBe('captured'),
    },
    {
      route: 'POST /answered-by-existing',
      expect: hiddenFromOutsiders(alphaMembers(201)),
      send: async (a) =>
        a.api.post('/answered-by-existing', { kind: 'practice', id: (await newPractice()).id }),
      check: (_a, r) => expect(r.body.recorded).toBe(true),
    },
  );
  // --- stewardship (owners, review, "this helped", sponsors) ---
  cases.push(
    {
      route: 'POST /practices/{id}/verify',
      expect: alphaCurators(200),
      send: async (a) => a.api.post(`/practices/${(await newPractice()).id}/verify`),
      check: (_a, r) => expect(r.body.practice.verifiedAt).toEqual(expect.any(String)),
    },
    {
      route: 'POST /practices/{id}/verify',
      label: 'owner verifies own practice',
      expect: alphaMembers(200),
      send: async (a) => {
        const own = await a.api.post('/practices', { community: 'alpha', title: 'Mine to keep' });
        const id = own.status === 201 ? own.body.practice.id : (await newPractice()).id;
        return a.api.post(`/practices/${id}/verify`);
      },
    },
    {
      route: 'POST /practices/{id}/helped',
      expect: alphaMembers(200),
      send: async (a) =>
        a.api.post(`/practices/${(await newPractice()).id}/helped`, { how: 'saved-time' }),
      check: (_a, r) =>
        expect(r.body).toMatchObject({ counted: true, practice: { helpedCount: 1 } }),
    },
    {
      route: 'GET /practices/{id}/helped',
      expect: alphaCurators(200),
      send: async (a) => a.api.get(`/practices/${(await newPractice()).id}/helped`),
    },
    {
      route: 'PUT /practices/{id}/owner',
      expect: alphaCurators(200),
      send: async (a) =>
        a.api.put(`/practices/${(await newPractice()).id}/owner`, { owner: author.id }),
    },
    {
      route: 'POST /practices/{id}/propose-archive',
      expect: alphaCurators(200),
      send: async (a) => a.api.post(`/practices/${(await newPractice()).id}/propose-archive`),
    },
    plainCall('GET /communities/{slug}/due', alphaCurators(200)),
    plainCall('GET /communities/{slug}/stewards', alphaMembers(200)),
    {
      route: 'PUT /communities/{slug}/stewards',
      expect: alphaCurators(200),
      send: (a) => a.api.put('/communities/alpha/stewards', { tag: 'matrix', userId: author.id }),
    },
    plainCall('GET /me/notifications', everyone(200)),
    {
      route: 'PUT /users/{id}/sponsor',
      expect: only({ admin: 200 }, 403),
      send: (a) => a.api.put(`/users/${author.id}/sponsor`, { sponsor: false }),
    },
    {
      route: 'GET /overview',
      expect: only({ admin: 200, sponsor: 200 }, 403),
      send: (a) => a.api.get('/overview'),
      check: (a, r) => {
        if (a.role === 'sponsor')
          expect(r.body.communities.map((c: { slug: string }) => c.slug)).toEqual(['alpha']);
      },
    },
  );
  // --- the weekly digest, and the overview as a file ---
  cases.push(
    {
      route: 'GET /communities/{slug}/digest',
      expect: alphaCurators(200),
      send: (a) => a.api.get('/communities/alpha/digest'),
      check: (_a, r) => expect(r.body.preview.community.slug).toBe('alpha'),
    },
    {
      route: 'PUT /communities/{slug}/digest',
      expect: alphaCurators(200),
      send: (a) => a.api.put('/communities/alpha/digest', { day: null }),
      check: (_a, r) => expect(r.body.day).toBeNull(),
    },
    {
      route: 'GET /overview',
      label: 'downloaded as CSV',
      expect: only({ admin: 200, sponsor: 200 }, 403),
      send: (a) => a.api.get('/overview?format=csv'),
      check: (_a, r) => expect(r.headers.get('content-type')).toMatch(/^text\/csv/),
    },
  );
  // --- the sponsor membership role: given where roles are changed, read back, and nothing more ---
  cases.push(
    {
      route: 'PUT /communities/{slug}/members/{userId}',
      label: 'make someone a sponsor',
      expect: alphaCurators(200),
      send: async (a) =>
        a.api.put(`/communities/alpha/members/${(await createUser('Backer')).id}`, {
          role: 'sponsor',
        }),
      check: (_a, r) =>
        expect(r.body.membership).toMatchObject({ community: 'alpha', role: 'sponsor' }),
    },
    {
      route: 'GET /me',
      label: "a sponsor's membership",
      expect: everyone(200),
      send: (a) => a.api.get('/me'),
      check: (a, r) => {
        const roles = r.body.memberships.map((m: { role: string }) => m.role);
        expect(roles.includes('sponsor'), `${a.role} holds a sponsor membership`).toBe(
          a.role === 'sponsor',
        );
      },
    },
  );
  cases.push(...consoleCases);

  it('covers every route in /openapi.json', async () => {
    const documented = await documentedRoutes(store.url);
    const covered = new Set(cases.map((c) => c.route));
    expect(documented.filter((r) => !covered.has(r))).toEqual([]);
    expect([...covered].filter((r) => !documented.includes(r))).toEqual([]);
  });

  it('declares in /openapi.json what every route answers on success', async () => {
    const doc = await (await fetch(`${store.url}/openapi.json`)).json();
    const undescribed: string[] = [];
    for (const [path, operations] of Object.entries<Record<string, Operation>>(doc.paths))
      for (const [method, operation] of Object.entries(operations)) {
        const successes = Object.entries(operation.responses).filter(([status]) =>
          /^[23]/.test(status),
        );
        if (!successes.length) undescribed.push(`${method} ${path}: no success answer`);
        for (const [status, answer] of successes) {
          // No content is the whole answer of a 204; a redirect's is where it leads.
          const described =
            status === '204' ||
            (status.startsWith('3') ? Boolean(answer.headers?.Location) : hasSchemas(answer));
          if (!described) undescribed.push(`${method.toUpperCase()} ${path} ${status}`);
        }
      }
    expect(undescribed).toEqual([]);
  });

  const caseName = (c: Case) => `${c.route}${c.label ? ` (${c.label})` : ''}`;
  describe.each(cases.map((c) => [caseName(c), c] as const))('%s', (name, c) => {
    it.each(ROLES)(
      'as %s: the exact status, and its declared answer or error shape',
      async (role) => {
        const actor = actors.get(role)!;
        const want =
          role === 'anonymous'
            ? c.expect.anonymous
            : (BAD_CREDENTIALS as readonly string[]).includes(role)
              ? 401
              : c.expect[role as SignedIn];
        const reply = await c.send(actor);
        if (!table.has(name)) table.set(name, []);
        table.get(name)!.push(String(reply.status));
        expect(reply.status, JSON.stringify(reply.body)).toBe(want);
        if (want >= 400) {
          errorShape(reply);
          const code = { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found' }[want];
          if (code) expect(reply.body.error.code).toBe(code);
        } else {
          expect(contractBreach(c.route, reply)).toBeUndefined();
          await c.check?.(actor, reply);
        }
      },
    );
  });

  it('creates an embed token’s user on first use and reuses it after', async () => {
    const sub = `first-use-${randomUUID()}`;
    const email = `first.use.${randomUUID().slice(0, 8)}@example.com`;
    const token = await sign({ sub, email, name: 'First Use' });
    const first = await client(store.url, token).get('/me');
    expect(first.status).toBe(200);
    expect(first.body.user).toMatchObject({ email, name: 'First Use', isAdmin: false });
    expect(first.body.memberships).toEqual([]);
    const again = await client(store.url, await sign({ sub, email, name: 'First Use' })).get('/me');
    expect(again.body.user.id).toBe(first.body.user.id);
    // Several widgets on one page use a new token at the same moment: one user, no errors.
    const burst = await sign({
      sub: `burst-${randomUUID()}`,
      email: `burst.${randomUUID().slice(0, 8)}@example.com`,
      name: 'Burst',
    });
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => client(store.url, burst).get('/me')),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(6).fill(200));
    expect(new Set(replies.map((r) => r.body.user.id)).size).toBe(1);
  });

  it('refuses embed tokens that are expired, mis-signed, unsigned or missing claims', async () => {
    const key = new TextEncoder().encode(store.embedSecret);
    const claims = { sub: 'x-1', email: 'x1@example.com', name: 'X' };
    const variants: [string, string][] = [
      [
        'HS512 with the right secret',
        await new SignJWT(claims)
          .setProtectedHeader({ alg: 'HS512' })
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode(store.embedSecret.repeat(2))),
      ],
      ['no exp claim', await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(key)],
      [
        'no sub claim',
        await new SignJWT({ email: 'x@example.com' })
          .setProtectedHeader({ alg: 'HS256' })
          .setExpirationTime('5m')
          .sign(key),
      ],
      [
        'no email claim',
        await new SignJWT({ sub: 'x-2' })
          .setProtectedHeader({ alg: 'HS256' })
          .setExpirationTime('5m')
          .sign(key),
      ],
      [
        'not yet valid',
        await new SignJWT(claims)
          .setProtectedHeader({ alg: 'HS256' })
          .setNotBefore('1h')
          .setExpirationTime('2h')
          .sign(key),
      ],
      ['tampered payload', (await sign(claims)).replace(/\.[^.]+\./, `.${'e30'}.`)],
    ];
    for (const [name, token] of variants) {
      const res = await client(store.url, token).get('/me');
      expect(res.status, name).toBe(401);
      errorShape(res);
    }
    const expired = await client(store.url, actors.get('expired embed')!.token).get('/me');
    expect(expired.body.error.message).toMatch(/expired/i);
    console.log(`embed token refusals on ${engine}: ${variants.length + 3} forged variants → 401`);
  });

  it('answers 404 for what does not exist and 409 for what would collide', async () => {
    const p = await newPractice();
    const checks: [string, () => Promise<Reply>, number, string][] = [
      ['unknown practice', () => admin.get(`/practices/${randomUUID()}`), 404, 'not_found'],
      ['unknown question', () => admin.get(`/questions/${randomUUID()}`), 404, 'not_found'],
      [
        'review of an unknown practice',
        () =>
          admin.post(`/practices/${randomUUID()}/review`, { action: 'publish', baseVersion: 1 }),
        404,
        'not_found',
      ],
      [
        'member of an unknown community',
        () => admin.put(`/communities/nowhere/members/${author.id}`, { role: 'member' }),
        404,
        'not_found',
      ],
      [
        'unknown user as member',
        () => admin.put(`/communities/alpha/members/${randomUUID()}`, { role: 'member' }),
        404,
        'not_found',
      ],
      ['unknown token', () => author.api.del(`/tokens/${randomUUID()}`), 404, 'not_found'],
      ['unknown API path', () => admin.get('/nothing/here'), 404, 'not_found'],
      [
        'duplicate community slug',
        () => admin.post('/communities', { slug: 'alpha', name: 'Again', domain: 'Again' }),
        409,
        'slug_taken',
      ],
      [
        'duplicate user email',
        () => admin.post('/users', { email: loginEmail.toUpperCase(), name: 'Again' }),
        409,
        'email_taken',
      ],
      [
        'review from a stale version',
        () => admin.post(`/practices/${p.id}/review`, { action: 'publish', baseVersion: 7 }),
        409,
        'version_conflict',
      ],
      [
        'practice id used by another author',
        () => admin.post('/practices', { id: p.id, community: 'alpha', title: 'Mine now' }),
        409,
        'id_taken',
      ],
      [
        'push with a gap',
        () =>
          author.api.post('/sync/push', {
            clientId: `gap-${randomUUID()}`,
            mutations: [{ id: 2, name: 'endorsePractice', args: { practiceId: p.id } }],
          }),
        409,
        'mutation_gap',
      ],
      [
        'push on another user’s client id',
        async () => {
          const clientId = `shared-${randomUUID()}`;
          await author.api.post('/sync/push', {
            clientId,
            mutations: [{ id: 1, name: 'setExpertise', args: { community: 'alpha', topics: [] } }],
          });
          return admin.post('/sync/push', {
            clientId,
            mutations: [{ id: 2, name: 'setExpertise', args: { community: 'alpha', topics: [] } }],
          });
        },
        403,
        'forbidden',
      ],
      [
        'endorsing one’s own practice',
        () => author.api.post(`/practices/${p.id}/endorse`, {}),
        400,
        'own_practice',
      ],
    ];
    for (const [name, call, status, code] of checks) {
      const res = await call();
      expect(res.status, name).toBe(status);
      errorShape(res);
      expect(res.body.error.code, name).toBe(code);
    }
    // Nothing changed the practice.
    expect((await admin.get(`/practices/${p.id}`)).body.practice).toMatchObject({
      title: 'Blue-green deploys',
      version: 1,
      author: author.id,
    });
    console.log(`not-found and conflict checks on ${engine}: ${checks.length}`);
  });

  it('lets the asker accept an answer to their own question', async () => {
    const q = await newQuestion();
    const answer = await admin.post(`/questions/${q.id}/answers`, { body: 'Here.' });
    const res = await author.api.post(`/questions/${q.id}/accept`, {
      answerId: answer.body.answer.id,
    });
    expect(res.status).toBe(200);
    expect(res.body.question.acceptedAnswerId).toBe(answer.body.answer.id);
  });

  it('allows CORS only for COP_ALLOWED_ORIGINS, preflight included', async () => {
    const api = `${store.url}/api/v1`;
    const cors = async (origin: string, init: RequestInit = {}) => {
      const res = await fetch(`${api}/practices?community=alpha`, {
        ...init,
        headers: { Origin: origin, ...(init.headers as Record<string, string>) },
      });
      await res.arrayBuffer();
      return res;
    };
    const simple = await cors(ALLOWED_ORIGIN, {
      headers: { Authorization: `Bearer ${store.adminToken}` },
    });
    expect(simple.status).toBe(200);
    expect(simple.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(simple.headers.get('vary')).toMatch(/origin/i);
    // Errors reach the allowed page too, so a widget can show why.
    const refused = await cors(ALLOWED_ORIGIN);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);

    const preflight = (origin: string) =>
      cors(origin, {
        method: 'OPTIONS',
        headers: {
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization, content-type, idempotency-key',
        },
      });
    const allowed = await preflight(ALLOWED_ORIGIN);
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'authorization',
    );
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');

    const others = [
      'https://evil.example.com',
      'https://intranet.example.com.evil.example',
      'http://intranet.example.com',
      'null',
    ];
    for (const origin of others) {
      for (const res of [
        await cors(origin, { headers: { Authorization: `Bearer ${store.adminToken}` } }),
        await preflight(origin),
      ]) {
        expect(res.headers.get('access-control-allow-origin'), origin).toBeNull();
        expect(res.headers.get('access-control-allow-credentials'), origin).toBeNull();
      }
    }
    console.log(
      `CORS on ${engine}: 1 allowed origin accepted (simple, error, preflight); ${others.length} other origins refused (simple + preflight)`,
    );
  });

  it('rate-limits password login after repeated failures', async () => {
    const user = await createUser('Guessed', 'the real password 1');
    const attempt = (password: string, headers: Record<string, string> = {}) =>
      admin.raw('POST', '/auth/login', { email: user.email, password }, headers);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await attempt(`wrong guess ${i}`)).status);
    expect(statuses).toEqual(Array(10).fill(401));
    const limited = await attempt('wrong guess 11');
    expect(limited.status).toBe(429);
    errorShape(limited);
    expect(limited.body.error.code).toBe('too_many_attempts');
    expect(limited.body.error.message).toMatch(/try again in \d+ seconds/i);
    // Even the right password waits, and a forged X-Forwarded-For does not open a fresh window.
    expect((await attempt('the real password 1')).status).toBe(429);
    for (let i = 0; i < 5; i++)
      expect(
        (await attempt('the real password 1', { 'X-Forwarded-For': `10.9.8.${i}` })).status,
      ).toBe(429);
    // Another account is not affected.
    const other = await admin.post('/auth/login', {
      email: loginEmail,
      password: 'correct horse battery',
    });
    expect(other.status).toBe(200);
    console.log(
      `login rate limit on ${engine}: 10 failures → 401, then 429 (right password and 5 spoofed X-Forwarded-For included)`,
    );
  });
});
