/**
 * Bad input on every write route (wrong types, missing fields, each LIMITS boundary, 1 MB bodies, malformed JSON,
 * wrong content type, bad UTF-8, deep nesting) and bad query and path params: always a 4xx naming the field.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/core/limits';
import { type Client, client, type Reply, readReply } from '../helpers/api';
import { ENGINES, type EngineStore, openEngineStore } from '../helpers/engines';

type Kind = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'enum';
const WRONG: Record<Kind, unknown[]> = {
  string: [42, true, null, [], {}],
  number: ['1', true, null, [], 1.5, -3],
  boolean: ['yes', 1, null, {}],
  array: ['a', 1, {}, null],
  object: ['x', 1, [], null],
  enum: ['bogus', 1, null, ''],
};

interface WriteSpec {
  route: string;
  method: 'POST' | 'PUT';
  /** The path, prepared fresh when a successful write would change what the next one sees. */
  path(): Promise<string>;
  token(): string | undefined;
  valid(): Record<string, unknown>;
  fields: Record<string, Kind>;
  required: string[];
}

function setPath(target: Record<string, any>, path: string, value: unknown) {
  const keys = path.split('.');
  let at = target;
  for (const key of keys.slice(0, -1)) {
    at[key] ??= /^\d+$/.test(key) ? [] : {};
    at = at[key];
  }
  at[keys.at(-1)!] = value;
}
function deletePath(target: Record<string, any>, path: string) {
  const keys = path.split('.');
  let at = target;
  for (const key of keys.slice(0, -1)) at = at[key];
  delete at[keys.at(-1)!];
}

describe.each(ENGINES)('bad input on %s', (engine) => {
  let store: EngineStore;
  let admin: Client;
  let member: { id: string; token: string; api: Client };
  let reader: { id: string; token: string; api: Client };
  let coordinator: { id: string; token: string; api: Client };
  let loginEmail: string;
  const tried = { requests: 0, routes: new Set<string>() };

  async function user(name: string, role: 'member' | 'coordinator', password?: string) {
    const email = `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com`;
    const res = await admin.post('/users', { email, name, ...(password ? { password } : {}) });
    await admin.put(`/communities/alpha/members/${res.body.user.id}`, { role });
    return {
      id: res.body.user.id,
      token: res.body.token,
      api: client(store.url, res.body.token),
      email,
    };
  }
  const practice = async () =>
    (await member.api.post('/practices', { community: 'alpha', title: 'Fixture practice' })).body
      .practice.id as string;
  const question = async () =>
    (await member.api.post('/questions', { community: 'alpha', title: 'Fixture question' })).body
      .question.id as string;

  /** Sends a body exactly as given (bytes, string or JSON) with the headers given. */
  async function send(
    spec: Pick<WriteSpec, 'method' | 'path' | 'token' | 'route'>,
    body: unknown,
    headers: Record<string, string> = { 'Content-Type': 'application/json' },
    path?: string,
  ): Promise<Reply> {
    tried.requests++;
    tried.routes.add(spec.route);
    const token = spec.token();
    const res = await fetch(`${store.url}/api/v1${path ?? (await spec.path())}`, {
      method: spec.method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
      body:
        typeof body === 'string' || body instanceof Uint8Array
          ? (body as string)
          : JSON.stringify(body),
    });
    return readReply(res);
  }

  function refused(reply: Reply, status: number | RegExp, name: string, mentions?: RegExp) {
    const ok =
      typeof status === 'number' ? reply.status === status : status.test(String(reply.status));
    expect(ok, `${name}: got ${reply.status} ${JSON.stringify(reply.body)}`).toBe(true);
    expect(reply.body?.error?.code, name).toEqual(expect.any(String));
    expect(reply.body.error.message, name).toEqual(expect.any(String));
    if (mentions) expect(reply.body.error.message, name).toMatch(mentions);
  }

  const specs: WriteSpec[] = [
    {
      route: 'POST /users',
      method: 'POST',
      path: async () => '/users',
      token: () => store.adminToken,
      valid: () => ({
        email: `n-${randomUUID().slice(0, 8)}@example.com`,
        name: 'New',
        password: 'long enough password',
        admin: false,
      }),
      fields: { email: 'string', name: 'string', password: 'string', admin: 'boolean' },
      required: ['email', 'name'],
    },
    {
      route: 'POST /auth/login',
      method: 'POST',
      path: async () => '/auth/login',
      token: () => undefined,
      valid: () => ({ email: loginEmail, password: 'correct horse battery' }),
      fields: { email: 'string', password: 'string' },
      required: ['email', 'password'],
    },
    {
      route: 'POST /tokens',
      method: 'POST',
      path: async () => '/tokens',
      token: () => member.token,
      valid: () => ({ name: 'phone' }),
      fields: { name: 'string' },
      required: ['name'],
    },
    {
      route: 'POST /communities',
      method: 'POST',
      path: async () => '/communities',
      token: () => store.adminToken,
      valid: () => ({
        slug: `s-${randomUUID().slice(0, 8)}`,
        name: 'Some',
        domain: 'Things',
        anonymousRead: false,
      }),
      fields: { slug: 'string', name: 'string', domain: 'string', anonymousRead: 'boolean' },
      required: ['slug', 'name', 'domain'],
    },
    {
      route: 'PUT /communities/{slug}/members/{userId}',
      method: 'PUT',
      path: async () => `/communities/alpha/members/${reader.id}`,
      token: () => coordinator.token,
      valid: () => ({ role: 'member' }),
      fields: { role: 'enum' },
      required: ['role'],
    },
    {
      route: 'POST /communities/{slug}/prompts',
      method: 'POST',
      path: async () => '/communities/alpha/prompts',
      token: () => coordinator.token,
      valid: () => ({
        urlPatterns: ['https://wiki.example.com/*'],
        keywords: ['deploy'],
        message: 'Ask us',
        enabled: true,
      }),
      fields: {
        id: 'string',
        urlPatterns: 'array',
        'urlPatterns.0': 'string',
        keywords: 'array',
        'keywords.0': 'string',
        message: 'string',
        enabled: 'boolean',
      },
      required: ['message'],
    },
    {
      route: 'POST /sync/push',
      method: 'POST',
      path: async () => '/sync/push',
      token: () => member.token,
      valid: () => ({
        clientId: `client-${randomUUID()}`,
        mutations: [{ id: 1, name: 'setExpertise', args: { community: 'alpha', topics: ['x'] } }],
      }),
      fields: {
        clientId: 'string',
        mutations: 'array',
        'mutations.0': 'object',
        'mutations.0.id': 'number',
        'mutations.0.name': 'enum',
      },
      required: ['clientId', 'mutations', 'mutations.0.id', 'mutations.0.name'],
    },
    {
      route: 'POST /practices',
      method: 'POST',
      path: async () => '/practices',
      token: () => member.token,
      valid: () => ({
        community: 'alpha',
        title: 'Valid',
        body: 'Body',
        kind: 'tool',
        tags: ['a'],
        source: {
          url: 'https://wiki.example.com/x',
          title: 'Wiki',
          quote: { exact: 'quoted', prefix: 'before ', suffix: ' after' },
        },
      }),
      fields: {
        id: 'string',
        community: 'string',
        title: 'string',
        body: 'string',
        kind: 'enum',
        tags: 'array',
        'tags.0': 'string',
        source: 'object',
        'source.url': 'string',
        'source.title': 'string',
        'source.quote': 'object',
        'source.quote.exact': 'string',
        'source.quote.prefix': 'string',
        'source.quote.suffix': 'string',
      },
      required: ['community', 'title', 'source.url', 'source.quote.exact'],
    },
    {
      route: 'POST /practices/{id}/review',
      method: 'POST',
      path: async () => `/practices/${await practice()}/review`,
      token: () => coordinator.token,
      valid: () => ({ action: 'publish', note: 'Good one', baseVersion: 1 }),
      fields: { action: 'enum', note: 'string', baseVersion: 'number' },
      required: ['action', 'baseVersion'],
    },
    {
      route: 'POST /practices/{id}/endorse',
      method: 'POST',
      path: async () => `/practices/${await practice()}/endorse`,
      token: () => reader.token,
      valid: () => ({ endorse: true }),
      fields: { endorse: 'boolean' },
      required: [],
    },
    {
      route: 'POST /questions',
      method: 'POST',
      path: async () => '/questions',
      token: () => member.token,
      valid: () => ({
        community: 'alpha',
        title: 'Why?',
        body: 'Because.',
        tags: ['q'],
        context: { url: 'https://wiki.example.com/y', title: 'Page', selection: 'this bit' },
      }),
      fields: {
        id: 'string',
        community: 'string',
        title: 'string',
        body: 'string',
        tags: 'array',
        context: 'object',
        'context.url': 'string',
        'context.title': 'string',
        'context.selection': 'string',
      },
      required: ['community', 'title'],
    },
    {
      route: 'POST /questions/{id}/answers',
      method: 'POST',
      path: async () => `/questions/${await question()}/answers`,
      token: () => reader.token,
      valid: () => ({ body: 'An answer' }),
      fields: { id: 'string', body: 'string' },
      required: ['body'],
    },
    {
      route: 'POST /questions/{id}/accept',
      method: 'POST',
      path: async () => `/questions/${accept.question}/accept`,
      token: () => member.token,
      valid: () => ({ answerId: accept.answer }),
      fields: { answerId: 'string' },
      required: ['answerId'],
    },
  ];
  const accept = { question: '', answer: '' };
  const spec = (route: string) => specs.find((s) => s.route === route)!;

  beforeAll(async () => {
    store = await openEngineStore(engine);
    admin = client(store.url, store.adminToken);
    await admin.post('/communities', { slug: 'alpha', name: 'Alpha', domain: 'Alpha things' });
    member = await user('Member', 'member');
    reader = await user('Reader', 'member');
    coordinator = await user('Coordinator', 'coordinator');
    loginEmail = (await user('Login', 'member', 'correct horse battery')).email;
    // Accepting the same answer again changes nothing, so one question serves every accept request.
    accept.question = await question();
    accept.answer = (
      await reader.api.post(`/questions/${accept.question}/answers`, { body: 'Try this.' })
    ).body.answer.id;
  });
  afterAll(async () => {
    console.log(
      `bad input on ${engine}: ${tried.requests} bad or boundary requests over ${tried.routes.size} routes, none answered 5xx`,
    );
    await store?.dispose();
  });

  it('accepts each route’s valid body (the baseline the bad ones differ from)', async () => {
    for (const s of specs) {
      const reply = await send(s, s.valid());
      expect(reply.status, `${s.route}: ${JSON.stringify(reply.body)}`).toBeLessThan(300);
    }
  });

  it('refuses wrong types with 400 naming the field', async () => {
    for (const s of specs) {
      for (const [field, kind] of Object.entries(s.fields)) {
        for (const value of WRONG[kind]) {
          const body = s.valid();
          setPath(body, field, value);
          const reply = await send(s, body);
          const name = `${s.route} ${field}=${JSON.stringify(value)}`;
          refused(reply, 400, name, new RegExp(field.replaceAll('.', '\\.')));
        }
      }
    }
  });

  it('refuses missing required fields with 400 naming the field', async () => {
    for (const s of specs) {
      for (const field of s.required) {
        const body = s.valid();
        deletePath(body, field);
        refused(await send(s, body), 400, `${s.route} without ${field}`, new RegExp(field));
      }
      // A body that is not an object at all.
      for (const body of ['[]', '"text"', '42', 'null', 'true']) {
        if (s.required.length === 0) continue;
        refused(await send(s, body), 400, `${s.route} body ${body}`);
      }
    }
  });

  it('ignores fields a caller may not set (no mass assignment)', async () => {
    const res = await member.api.post('/practices', {
      community: 'alpha',
      title: 'Sneaky',
      status: 'published',
      featured: true,
      version: 99,
      author: coordinator.id,
      endorsements: 1000,
    });
    expect(res.status).toBe(201);
    expect(res.body.practice).toMatchObject({
      status: 'captured',
      featured: false,
      version: 1,
      author: member.id,
      endorsements: 0,
    });
    const q = await member.api.post('/questions', {
      community: 'alpha',
      title: 'Sneaky question',
      status: 'answered',
      author: coordinator.id,
      answerCount: 50,
    });
    expect(q.body.question).toMatchObject({ status: 'open', author: member.id, answerCount: 0 });
  });

  /** One text field at a limit: exactly `max` characters is stored, one more is refused naming the field. */
  interface LimitCase {
    limit: keyof typeof LIMITS;
    route: string;
    field: string;
    make(length: number): unknown;
    /** How the store reports it; text fields say "must be at most N characters". */
    says?: RegExp;
  }
  const chars = (n: number) => 'x'.repeat(n);
  const url = (n: number) => `https://example.com/${'u'.repeat(n - 20)}`;
  const limitCases: LimitCase[] = [
    { limit: 'title', route: 'POST /practices', field: 'title', make: chars },
    { limit: 'title', route: 'POST /practices', field: 'source.title', make: chars },
    { limit: 'title', route: 'POST /questions', field: 'title', make: chars },
    { limit: 'title', route: 'POST /questions', field: 'context.title', make: chars },
    { limit: 'title', route: 'POST /communities/{slug}/prompts', field: 'message', make: chars },
    { limit: 'body', route: 'POST /practices', field: 'body', make: chars },
    { limit: 'body', route: 'POST /questions', field: 'body', make: chars },
    { limit: 'body', route: 'POST /questions/{id}/answers', field: 'body', make: chars },
    { limit: 'note', route: 'POST /practices/{id}/review', field: 'note', make: chars },
    { limit: 'note', route: 'POST /communities', field: 'domain', make: chars },
    { limit: 'quote', route: 'POST /practices', field: 'source.quote.exact', make: chars },
    { limit: 'quote', route: 'POST /questions', field: 'context.selection', make: chars },
    { limit: 'quoteContext', route: 'POST /practices', field: 'source.quote.prefix', make: chars },
    { limit: 'quoteContext', route: 'POST /practices', field: 'source.quote.suffix', make: chars },
    { limit: 'url', route: 'POST /practices', field: 'source.url', make: url },
    { limit: 'url', route: 'POST /questions', field: 'context.url', make: url },
    {
      limit: 'url',
      route: 'POST /communities/{slug}/prompts',
      field: 'urlPatterns.0',
      make: url,
    },
    {
      limit: 'tag',
      route: 'POST /practices',
      field: 'tags.0',
      make: chars,
      says: /up to 40/,
    },
    { limit: 'tag', route: 'POST /questions', field: 'tags.0', make: chars, says: /up to 40/ },
    {
      limit: 'tags',
      route: 'POST /practices',
      field: 'tags',
      make: (n) => Array.from({ length: n }, (_, i) => `tag${i}`),
      says: /at most 12 tags/,
    },
    { limit: 'name', route: 'POST /users', field: 'name', make: chars },
    { limit: 'name', route: 'POST /communities', field: 'name', make: chars },
    {
      limit: 'email',
      route: 'POST /users',
      field: 'email',
      make: (n) => `${randomUUID().slice(0, 8)}${'e'.repeat(n - 20)}@example.com`,
      says: /.+/,
    },
    {
      limit: 'pushBatch',
      route: 'POST /sync/push',
      field: 'mutations',
      make: (n) =>
        Array.from({ length: n }, (_, i) => ({
          id: i + 1,
          name: 'setExpertise',
          args: { community: 'alpha', topics: [`t${i}`] },
        })),
      says: /at most 100 mutations/,
    },
  ];

  it('stores every LIMITS field at its limit and refuses one character more, naming the field', async () => {
    const covered = new Set<string>();
    for (const c of limitCases) {
      const s = spec(c.route);
      const max = LIMITS[c.limit];
      const at = s.valid();
      setPath(at, c.field, c.make(max));
      const ok = await send(s, at);
      expect(ok.status, `${c.route} ${c.field} at ${max}: ${JSON.stringify(ok.body)}`).toBeLessThan(
        300,
      );
      const over = s.valid();
      setPath(over, c.field, c.make(max + 1));
      const name = `${c.route} ${c.field} at ${max + 1}`;
      refused(await send(s, over), 400, name, new RegExp(c.field.replaceAll('.', '\\.')));
      const reply = await send(s, over);
      expect(reply.body.error.message, name).toMatch(c.says ?? new RegExp(`at most ${max}`));
      covered.add(c.limit);
    }
    // Surrounding whitespace does not count against a trimmed field; a huge string is refused before trimming.
    const s = spec('POST /practices');
    const padded = await send(s, { ...s.valid(), title: `  ${chars(LIMITS.title)}\n\t ` });
    expect(padded.status).toBe(201);
    expect(padded.body.practice.title).toBe(chars(LIMITS.title));
    refused(
      await send(s, { ...s.valid(), title: ' '.repeat(LIMITS.title * 4 + 1) }),
      400,
      'huge whitespace title',
      /title/,
    );
    covered.add('bodyBytes');
    const untested = Object.keys(LIMITS).filter((k) => !covered.has(k));
    expect(untested, 'every LIMITS field has a boundary case').toEqual([]);
  });

  it('rejects over-long fields inside sync mutations with a message naming them', async () => {
    const clientId = `client-${randomUUID()}`;
    const p = await practice();
    const q = await question();
    const res = await member.api.post('/sync/push', {
      clientId,
      mutations: [
        {
          id: 1,
          name: 'createPractice',
          args: { id: randomUUID(), community: 'alpha', title: chars(LIMITS.title + 1) },
        },
        {
          id: 2,
          name: 'createQuestion',
          args: { id: randomUUID(), community: 'alpha', title: 'ok', body: chars(LIMITS.body + 1) },
        },
        { id: 3, name: 'createAnswer', args: { id: randomUUID(), questionId: q, body: '' } },
        {
          id: 4,
          name: 'updatePractice',
          args: { id: p, baseVersion: 1, patch: { title: chars(LIMITS.title + 1) } },
        },
        { id: 5, name: 'updatePractice', args: { id: p, baseVersion: 'one', patch: {} } },
        { id: 6, name: 'endorsePractice', args: { practiceId: 42 } },
        { id: 7, name: 'setExpertise', args: { community: 'alpha', topics: ['<b>'] } },
        { id: 8, name: 'acceptAnswer', args: null },
      ],
    });
    tried.requests++;
    expect(res.status).toBe(200);
    const names = [
      'title',
      'body',
      'body',
      'patch.title',
      'baseVersion',
      'practiceId',
      'topics.0',
      '',
    ];
    res.body.results.forEach((r: any, i: number) => {
      expect(r, `mutation ${i + 1}`).toMatchObject({
        status: 'rejected',
        error: { code: 'invalid_args' },
      });
      expect(r.error.message).toMatch(new RegExp(names[i]!.replaceAll('.', '\\.')));
    });
    expect(res.body.lastMutationId).toBe(8);
    // Nothing was written by the rejected edit.
    expect((await member.api.get(`/practices/${p}`)).body.practice.version).toBe(1);
  });

  it('refuses a 1 MB body on every write route with 413 body_too_large', async () => {
    const big = JSON.stringify({ title: 'x', body: 'y'.repeat(1024 * 1024) });
    for (const s of specs) refused(await send(s, big), 413, `${s.route} 1 MB`, /larger than/);
    // Without Content-Length (chunked), the store counts as it reads.
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 16; i++) controller.enqueue(new Uint8Array(65536).fill(0x61));
        controller.close();
      },
    });
    const res = await fetch(`${store.url}/api/v1/practices`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${member.token}`, 'Content-Type': 'application/json' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    tried.requests++;
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('body_too_large');
    // The connection the refused body arrived on is not reused half-read: the next request just works.
    expect((await member.api.get('/me')).status).toBe(200);
  });

  it('refuses malformed JSON, wrong content types, bad UTF-8 and deep nesting on every write route', async () => {
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    for (const s of specs) {
      for (const bad of [
        '{"title": ',
        '{title: 1}',
        "{'a': 1}",
        '{"a":1,}',
        '',
        '\u0000',
        '{"a":1}{',
      ]) {
        refused(await send(s, bad), 400, `${s.route} JSON ${JSON.stringify(bad)}`, /JSON/);
      }
      const valid = JSON.stringify(s.valid());
      for (const type of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
      ]) {
        refused(
          await send(s, valid, { 'Content-Type': type }),
          415,
          `${s.route} as ${type}`,
          /application\/json/,
        );
      }
      refused(
        await send(s, valid, {}),
        415,
        `${s.route} without Content-Type`,
        /application\/json/,
      );
      const bytes = Buffer.concat([
        Buffer.from(valid.slice(0, -2)),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
        Buffer.from(valid.slice(-2)),
      ]);
      refused(await send(s, new Uint8Array(bytes)), 400, `${s.route} bad UTF-8`, /UTF-8/);
      // 100,000 levels of nesting where the route expects its first field.
      const first = Object.keys(s.fields)[0]!.split('.')[0]!;
      const nested = `{"${first}": ${deep(100_000)}}`;
      refused(await send(s, nested), 400, `${s.route} deep nesting`);
    }
    // Deep nesting inside a mutation's args is that mutation's problem, not the batch's.
    const push = await send(
      spec('POST /sync/push'),
      `{"clientId":"client-${randomUUID()}","mutations":[{"id":1,"name":"createPractice","args":${deep(100_000)}}]}`,
    );
    expect(push.status).toBe(200);
    expect(push.body.results[0]).toMatchObject({
      status: 'rejected',
      error: { code: 'invalid_args' },
    });
  });

  it('refuses broken bodies on every documented write route, console routes included', async () => {
    const doc = await (await fetch(`${store.url}/openapi.json`)).json();
    // Every route that takes a body (routes without one never read it).
    const writes = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(
      ([path, methods]) =>
        Object.keys(methods)
          .filter((m) => methods[m].requestBody)
          .map((m) => ({ method: m.toUpperCase(), path: path.replace(/^\/api\/v1/, '') })),
    );
    const big = JSON.stringify({ body: 'y'.repeat(1024 * 1024) });
    const broken: [string, string | Uint8Array, Record<string, string>, number, RegExp][] = [
      ['malformed JSON', '{"a": ', { 'Content-Type': 'application/json' }, 400, /JSON/],
      ['text/plain', '{}', { 'Content-Type': 'text/plain' }, 415, /application\/json/],
      [
        'bad UTF-8',
        new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
        { 'Content-Type': 'application/json' },
        400,
        /UTF-8/,
      ],
      ['1 MB', big, { 'Content-Type': 'application/json' }, 413, /larger than/],
    ];
    for (const route of writes) {
      const path = route.path
        .replace('{slug}', 'alpha')
        .replace(/\{(id|userId|deliveryId)\}/g, () => randomUUID());
      const s = {
        route: `${route.method} ${route.path}`,
        method: route.method as 'POST',
        path: async () => path,
        token: () => store.adminToken,
      };
      for (const [name, body, headers, status, says] of broken)
        refused(await send(s, body, headers), status, `${s.route} ${name}`, says);
    }
    expect(writes.length).toBeGreaterThan(20);
  });

  it('keeps NUL and lone surrogates out of storage without failing', async () => {
    const s = spec('POST /practices');
    const nul = await send(s, { community: 'alpha', title: 'a\u0000b', body: 'c\u0000d' });
    expect(nul.status).toBe(201);
    expect(nul.body.practice).toMatchObject({ title: 'ab', body: 'cd' });
    const url = await send(s, { ...s.valid(), source: { url: 'https://example.com/\u0000x' } });
    expect(url.status).toBeLessThan(500);
    const surrogate = await send(s, '{"community":"alpha","title":"a\\ud800b"}');
    expect(surrogate.status).toBeLessThan(500);
  });

  it('refuses bad query parameters with 400 naming the parameter', async () => {
    const bad: [string, RegExp][] = [
      ['/practices?limit=abc', /limit/],
      ['/practices?limit=0', /limit/],
      ['/practices?limit=101', /limit/],
      ['/practices?limit=1.5', /limit/],
      ['/practices?limit=1&limit=2', /limit/],
      ['/practices?status=bogus', /status/],
      ['/practices?kind=poem', /kind/],
      ['/practices?community=Not_A_Slug', /community/],
      ['/practices?tag=%3Cscript%3E', /tag/],
      [`/practices?q=${'q'.repeat(201)}`, /\bq\b/],
      ['/questions?status=maybe', /status/],
      ['/questions?limit=0', /limit/],
      ['/questions?mine=perhaps', /mine/],
      ['/questions?order=sideways', /order/],
      ['/questions?community=%00', /community/],
      ['/sync/pull?since=-1', /since/],
      ['/sync/pull?since=abc', /since/],
      ['/sync/pull?limit=100000', /limit/],
      ['/sync/pull?clientId=short', /clientId/],
      ['/experts', /topic/],
      ['/experts?topic=', /topic/],
      [`/experts?topic=${'t'.repeat(201)}`, /topic/],
      ['/experts?topic=x&limit=51', /limit/],
      ['/experts?topic=%21%21%21', /topic/],
      ['/practices/not-an-id!', /id/],
      ['/practices/%ff%fe', /id/],
      ['/questions/..%2F..%2Fetc', /.+/],
      ['/communities/UPPER/prompts', /slug/],
    ];
    for (const [path, field] of bad) {
      const reply = await member.api.get(path);
      tried.requests++;
      tried.routes.add(`GET ${path.split('?')[0]}`);
      refused(reply, /^4\d\d$/, `GET ${path}`, field);
      expect(reply.status, path).not.toBe(401);
    }
    const tooLongId = await member.api.del(`/tokens/${'t'.repeat(65)}`);
    refused(tooLongId, 400, 'DELETE /tokens/<65 chars>', /id/);
    const badSlug = await coordinator.api.put(`/communities/Bad Slug/members/${reader.id}`, {
      role: 'member',
    });
    refused(badSlug, 400, 'PUT members with a bad slug', /slug/);
  });

  it('refuses bad Authorization and Idempotency-Key headers with a 4xx', async () => {
    const s = spec('POST /questions');
    const cases: [Record<string, string>, number, RegExp][] = [
      [{ Authorization: 'Basic dXNlcjpwYXNz' }, 401, /Bearer/],
      [{ Authorization: 'Bearer' }, 401, /Bearer/],
      [{ Authorization: `Bearer ${'a'.repeat(5000)}` }, 401, /Bearer/],
      [{ Authorization: 'Bearer a b' }, 401, /Bearer/],
      [
        { Authorization: `Bearer ${member.token}`, 'Idempotency-Key': 'has spaces in it' },
        400,
        /Idempotency-Key/,
      ],
      [
        { Authorization: `Bearer ${member.token}`, 'Idempotency-Key': 'k'.repeat(201) },
        400,
        /Idempotency-Key/,
      ],
    ];
    for (const [headers, status, says] of cases) {
      const res = await fetch(`${store.url}/api/v1/questions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify(s.valid()),
      });
      tried.requests++;
      const body = await res.json();
      expect(res.status, JSON.stringify(headers).slice(0, 80)).toBe(status);
      expect(body.error.message).toMatch(says);
    }
  });
});
