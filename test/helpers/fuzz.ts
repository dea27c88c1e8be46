/**
 * fast-check generators of hostile HTTP requests for the store: every route from /openapi.json, with bodies drawn
 * from each route's own schema (then bent), random JSON and bytes, junk paths, methods, headers and bearer tokens.
 */
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { XSS_PAYLOADS } from './payloads';

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
  example?: unknown;
  pattern?: string;
  maxLength?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
};

export interface ApiRoute {
  method: string;
  /** Path with `{param}` placeholders, without /api/v1. */
  path: string;
  query: { name: string; schema: Schema }[];
  body?: Schema;
}

/** The values a request can use to reach real rows (and so the code behind the validators). */
export interface FuzzWorld {
  base: string;
  embedSecret: string;
  tokens: { admin: string; coordinator: string; member: string };
  /** Known good values by parameter or field name: slug, id, userId, community, questionId, ... */
  known: Record<string, string[]>;
}

export interface FuzzRequest {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  auth: AuthPlan;
  body?: string | Uint8Array;
  route: string;
}

type AuthPlan =
  | { kind: 'none' }
  | { kind: 'role'; role: 'admin' | 'coordinator' | 'member' }
  | { kind: 'raw'; header: string }
  | { kind: 'embed'; claims: Record<string, unknown>; secret: 'right' | 'wrong'; expired: boolean };

export function routesFrom(doc: { paths: Record<string, Record<string, any>> }): ApiRoute[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path: path.replace(/^\/api\/v1/, ''),
      query: (op.parameters ?? [])
        .filter((p: { in: string }) => p.in === 'query')
        .map((p: { name: string; schema: Schema }) => ({ name: p.name, schema: p.schema ?? {} })),
      body: op.requestBody?.content?.['application/json']?.schema,
    })),
  );
}

/** Strings that have broken parsers, databases and renderers before. */
const NASTY = [
  '',
  ' ',
  '\u0000',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e309',
  '9007199254740993',
  "' OR 1=1 --",
  '"; DROP TABLE practices; --',
  '%00',
  '%ff%fe',
  '../../etc/passwd',
  '\\u0000',
  '\ud800',
  '\u202e\u200b\ufeff',
  '🦄'.repeat(50),
  'a'.repeat(5000),
  '__proto__',
  'constructor',
  '{"$gt":""}',
  ...XSS_PAYLOADS.slice(0, 8),
];

const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 80,
});
/** Strings for URLs and headers: short enough for Node's 16 KB header limit. */
const urlString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
);
/** Strings for bodies: the URL ones, plus huge ones. */
const anyString = fc.oneof(
  { weight: 8, arbitrary: urlString },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 300_000 }).map((n) => 'x'.repeat(n)) },
);
const wildJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: anyString },
  {
    weight: 1,
    arbitrary: fc.constantFrom(null, true, 0, -1, 1.5, 2 ** 53 + 2, -(2 ** 31), [], {}),
  },
);

/** Percent-encodes any string; lone surrogates (which encodeURIComponent refuses) become U+FFFD first. */
const safeEncode = (s: string) =>
  encodeURIComponent(
    s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
  );

/** A value for a field or parameter: usually well-typed (often a real row's id), sometimes anything at all. */
function valueFor(name: string, schema: Schema | undefined, world: FuzzWorld, depth = 0) {
  const known = world.known[name];
  const typed = typedValue(name, schema ?? {}, world, depth);
  return fc.oneof(
    { weight: 5, arbitrary: typed },
    { weight: known ? 4 : 0, arbitrary: fc.constantFrom(...(known ?? [''])) },
    { weight: 2, arbitrary: wildJson },
  );
}

function typedValue(
  name: string,
  schema: Schema,
  world: FuzzWorld,
  depth: number,
): fc.Arbitrary<unknown> {
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) return fc.oneof(...variants.map((s) => typedValue(name, s, world, depth)));
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'integer':
      return fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.constantFrom(0, 1, 2, 2 ** 40));
    case 'number':
      return fc.oneof(fc.double({ noNaN: true }), fc.integer());
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 3
        ? fc.constant([])
        : fc.array(valueFor(name, schema.items, world, depth + 1), { maxLength: 14 });
    case 'object': {
      if (depth > 3 || !schema.properties)
        return fc.dictionary(printable, wildJson, { maxKeys: 4 });
      const props = Object.fromEntries(
        Object.entries(schema.properties).map(([key, s]) => [
          key,
          valueFor(key, s, world, depth + 1),
        ]),
      );
      return fc.record(props, { requiredKeys: [] });
    }
    default: {
      const example = typeof schema.example === 'string' ? [schema.example] : [];
      return fc.oneof(
        { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
        { weight: 2, arbitrary: anyString },
        {
          weight: example.length ? 2 : 0,
          arbitrary: fc.constantFrom(...(example.length ? example : [''])),
        },
        { weight: 1, arbitrary: fc.uuid() },
        {
          weight: 1,
          arbitrary: fc
            .integer({ min: 1, max: 3 })
            .map((k) => 'y'.repeat(Math.max(0, (schema.maxLength ?? 100) + k - 2))),
        },
      );
    }
  }
}

function pathArb(route: ApiRoute, world: FuzzWorld): fc.Arbitrary<string> {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  if (!names.length) return fc.constant(route.path);
  const params = names.map((name) =>
    fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...(world.known[name] ?? ['nothing-here'])) },
      { weight: 2, arbitrary: fc.uuid() },
      { weight: 3, arbitrary: urlString.map(safeEncode) },
      {
        weight: 1,
        arbitrary: fc.constantFrom('%00', '%ff', '..%2F..', '.', '%2e%2e', '%E2%80%AE'),
      },
    ),
  );
  return fc
    .tuple(...params)
    .map((values) => names.reduce((p, n, i) => p.replace(`{${n}}`, values[i]!), route.path));
}

const authArb: fc.Arbitrary<AuthPlan> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'none' as const }) },
  {
    weight: 8,
    arbitrary: fc.constantFrom('admin', 'coordinator', 'member').map((role) => ({
      kind: 'role' as const,
      role: role as 'admin' | 'coordinator' | 'member',
    })),
  },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        printable,
        printable.map((s) => `Bearer ${s}`),
        fc.base64String({ maxLength: 60 }).map((s) => `Bearer cop_${s}`),
        fc
          .tuple(fc.base64String(), fc.base64String(), fc.base64String())
          .map((p) => `Bearer ${p.join('.').replace(/[+/=]/g, '_')}x.y`),
        fc.constantFrom('Bearer', 'Basic YTpi', 'bearer  ', `Bearer ${'t'.repeat(5000)}`),
      )
      .map((header) => ({ kind: 'raw' as const, header })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        claims: fc.record(
          {
            sub: fc.oneof(anyString, fc.uuid(), wildJson),
            email: fc.oneof(
              fc.emailAddress(),
              anyString,
              fc.constantFrom('admin@localhost', 'a\u0000@b', '<x>@y'),
            ),
            name: fc.oneof(anyString, wildJson),
            extra: wildJson,
          },
          { requiredKeys: [] },
        ),
        secret: fc.constantFrom('right' as const, 'right' as const, 'wrong' as const),
        expired: fc.boolean(),
      })
      .map((plan) => ({ kind: 'embed' as const, ...plan })),
  },
);

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'PROPFIND', 'X-FUZZ'];

function bodyArb(route: ApiRoute, world: FuzzWorld): fc.Arbitrary<string | Uint8Array | undefined> {
  const fromSchema = route.body ? typedValue('body', route.body, world, 0) : wildJson;
  return fc.oneof(
    { weight: 6, arbitrary: fromSchema.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 2, arbitrary: wildJson.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 100, max: 60_000 })
        .map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '{',
        '{"a":',
        '[1,2',
        '{"a":1}}',
        'undefined',
        '\ufeff{}',
        '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}}}',
        JSON.stringify({ title: 'x'.repeat(600_000) }),
      ),
    },
  );
}

const headerName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/);

export function requestArb(routes: ApiRoute[], world: FuzzWorld): fc.Arbitrary<FuzzRequest> {
  const one = (route: ApiRoute) =>
    fc
      .record({
        method: fc.oneof(
          { weight: 8, arbitrary: fc.constant(route.method) },
          { weight: 1, arbitrary: fc.constantFrom(...METHODS) },
        ),
        path: fc.oneof(
          { weight: 9, arbitrary: pathArb(route, world) },
          {
            weight: 1,
            arbitrary: fc
              .array(urlString.map(safeEncode), { minLength: 1, maxLength: 4 })
              .map((parts) => `/${parts.join('/')}`),
          },
        ),
        query: fc
          .array(
            fc.tuple(
              fc.oneof(
                {
                  weight: 4,
                  arbitrary: fc.constantFrom(...route.query.map((q) => q.name).concat('x')),
                },
                { weight: 1, arbitrary: urlString },
              ),
              fc.oneof(
                ...(route.query.length
                  ? [
                      fc
                        .constantFrom(...route.query)
                        .chain((q) => valueFor(q.name, q.schema, world))
                        .map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? '')))
                        .map((v) => v.slice(0, 3000)),
                    ]
                  : []),
                urlString,
              ),
            ),
            { maxLength: 4 },
          )
          .map((pairs) =>
            pairs.length
              ? `?${pairs.map(([k, v]) => `${safeEncode(k)}=${safeEncode(v)}`).join('&')}`
              : '',
          ),
        headers: fc.record(
          {
            'content-type': fc.oneof(
              { weight: 8, arbitrary: fc.constant('application/json') },
              {
                weight: 2,
                arbitrary: fc.constantFrom(
                  'text/plain',
                  'application/json; charset=latin1',
                  'application/x-www-form-urlencoded',
                  'multipart/form-data; boundary=x',
                  'application/vnd.api+json',
                ),
              },
              { weight: 1, arbitrary: printable },
            ),
            'idempotency-key': fc.oneof(printable, fc.uuid()),
            origin: fc.constantFrom('https://evil.example', 'null', 'https://intranet.example.com'),
            'x-forwarded-for': printable,
          },
          { requiredKeys: [] },
        ),
        extraHeaders: fc.dictionary(headerName, printable, { maxKeys: 3 }),
        auth: authArb,
        body: bodyArb(route, world),
      })
      .map(({ extraHeaders, ...r }) => ({
        ...r,
        headers: { ...extraHeaders, ...r.headers },
        route: `${route.method} ${route.path}`,
      }));
  return fc.oneof(...routes.map(one));
}

async function authorization(plan: AuthPlan, world: FuzzWorld): Promise<string | undefined> {
  switch (plan.kind) {
    case 'none':
      return undefined;
    case 'role':
      return `Bearer ${world.tokens[plan.role]}`;
    case 'raw':
      return plan.header;
    case 'embed': {
      const secret = plan.secret === 'right' ? world.embedSecret : 'some-other-secret-entirely';
      const jwt = new SignJWT(plan.claims as Record<string, unknown>)
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime(plan.expired ? Math.floor(Date.now() / 1000) - 10 : '5m');
      return `Bearer ${await jwt.sign(new TextEncoder().encode(secret))}`;
    }
  }
}

export interface FuzzReply {
  status: number;
  contentType: string;
  text: string;
}

/** Sends one fuzzed request; an event stream is read for its first bytes and then dropped. */
export async function sendFuzz(world: FuzzWorld, req: FuzzRequest): Promise<FuzzReply> {
  const auth = await authorization(req.auth, world);
  const hasBody = req.body !== undefined && req.method !== 'GET' && req.method !== 'HEAD';
  const abort = new AbortController();
  const res = await fetch(`${world.base}/api/v1${req.path}${req.query}`, {
    method: req.method,
    headers: { ...req.headers, ...(auth ? { authorization: auth } : {}) },
    body: hasBody ? (req.body as string) : undefined,
    signal: abort.signal,
  });
  const contentType = res.headers.get('content-type') ?? '';
  if (contentType.startsWith('text/event-stream')) {
    abort.abort();
    return { status: res.status, contentType, text: '' };
  }
  return { status: res.status, contentType, text: await res.text() };
}
