/**
 * Fuzzed API requests (fast-check) against every route of a store: random JSON, schema-shaped and bent bodies,
 * bytes, deep nesting, junk paths, methods, headers and bearer tokens. Never a 5xx, never a crash, nothing logged
 * as an error. Replay a failure with the COP_FUZZ_ROUTE, COP_FUZZ_SEED and COP_FUZZ_PATH it prints.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from '../helpers/api';
import { ENGINES, type EngineStore, openEngineStore } from '../helpers/engines';
import {
  type FuzzReply,
  type FuzzRequest,
  type FuzzWorld,
  requestArb,
  routesFrom,
  sendFuzz,
} from '../helpers/fuzz';

/** Requests per route and engine: about 500 in all, a few seconds on an idle machine. COP_FUZZ_RUNS fuzzes longer. */
const RUNS_PER_ROUTE = Number(process.env.COP_FUZZ_RUNS ?? 6);

async function replyTo(world: FuzzWorld, req: FuzzRequest, previous: string): Promise<FuzzReply> {
  try {
    return await sendFuzz(world, req);
  } catch (error) {
    const cause = (error as { cause?: { message?: string; code?: string } }).cause;
    throw new Error(
      `no reply (${cause?.code ?? ''} ${cause?.message ?? String(error)}): ${req.method} ${req.path.slice(0, 200)}${req.query.slice(0, 200)} ` +
        `headers ${JSON.stringify(req.headers).slice(0, 300)} body ${String(req.body).slice(0, 200)}; after ${previous}`,
    );
  }
}

/** Never a 5xx; every API error is JSON `{error: {code, message}}`. */
function expectWellFormed(req: FuzzRequest, reply: FuzzReply) {
  const what = `${req.method} ${req.path}${req.query.slice(0, 200)} → ${reply.status} ${reply.text.slice(0, 300)}`;
  if (reply.status >= 500) throw new Error(`5xx: ${what}`);
  // Node's HTTP parser itself answers an unknown method (400) or an over-long URL (431), before the store.
  const fromParser = [400, 414, 431].includes(reply.status) && reply.text === '';
  if (reply.status >= 400 && req.method !== 'HEAD' && !fromParser) {
    if (!reply.contentType.startsWith('application/json')) throw new Error(`not JSON: ${what}`);
    const body = JSON.parse(reply.text);
    if (typeof body?.error?.code !== 'string' || typeof body.error.message !== 'string')
      throw new Error(`bad error shape: ${what}`);
  }
}

describe.each(ENGINES)('fuzzed requests on %s', (engine) => {
  let store: EngineStore;
  let world: FuzzWorld;
  const errors: string[] = [];

  beforeAll(async () => {
    store = await openEngineStore(engine, { COP_ALLOWED_ORIGINS: 'https://intranet.example.com' });
    // Anything the store logs as an error is a failure, even if the reply looked fine.
    const log = store.ctx.log;
    store.ctx.log = {
      ...log,
      error: (msg, fields) => errors.push(`${msg} ${JSON.stringify(fields).slice(0, 600)}`),
    };
    const admin = client(store.url, store.adminToken);
    await admin.post('/communities', { slug: 'alpha', name: 'Alpha', domain: 'Alpha things' });
    const person = async (name: string, role: 'member' | 'coordinator') => {
      const res = await admin.post('/users', { email: `${name}@example.com`, name });
      await admin.put(`/communities/alpha/members/${res.body.user.id}`, { role });
      return { id: res.body.user.id as string, token: res.body.token as string };
    };
    const member = await person('member', 'member');
    const coordinator = await person('coordinator', 'coordinator');
    const api = client(store.url, member.token);
    const practice = (await api.post('/practices', { community: 'alpha', title: 'Fixture' })).body
      .practice;
    const question = (await api.post('/questions', { community: 'alpha', title: 'Why?' })).body
      .question;
    const answer = (
      await client(store.url, coordinator.token).post(`/questions/${question.id}/answers`, {
        body: 'Because.',
      })
    ).body.answer;
    const token = (await api.post('/tokens', { name: 'spare' })).body;
    world = {
      base: store.url,
      embedSecret: store.embedSecret,
      tokens: { admin: store.adminToken, coordinator: coordinator.token, member: member.token },
      known: {
        slug: ['alpha'],
        community: ['alpha'],
        id: [practice.id, question.id, token.id, answer.id],
        practiceId: [practice.id],
        questionId: [question.id],
        answerId: [answer.id],
        userId: [member.id, coordinator.id],
        clientId: [`client-${randomUUID()}`],
        baseVersion: ['1'],
      },
    };
  });
  afterAll(() => store?.dispose());

  it('never answers 5xx, and every API error is {error: {code, message}}', async () => {
    const doc = await (await fetch(`${store.url}/openapi.json`)).json();
    const routes = routesFrom(doc);
    routes.push({ method: 'GET', path: '/health', query: [] });
    const statuses = new Map<number, number>();
    let sent = 0;
    let previous = '';
    const dump: unknown[] = [];
    const started = Date.now();
    const seed = process.env.COP_FUZZ_SEED ? Number(process.env.COP_FUZZ_SEED) : undefined;
    const only = process.env.COP_FUZZ_ROUTE;
    // A fixed number of requests for every route, not as many as a time budget allows: a busy machine then
    // fuzzes as thoroughly as an idle one, and no route can go unvisited by chance.
    for (const route of routes.filter((r) => !only || `${r.method} ${r.path}` === only)) {
      const result = await fc.check(
        fc.asyncProperty(requestArb([route], world), async (req) => {
          if (process.env.COP_FUZZ_DUMP)
            dump.push({ ...req, body: req.body instanceof Uint8Array ? [...req.body] : req.body });
          const reply = await replyTo(world, req, previous);
          previous = `${req.method} ${req.path.slice(0, 100)} headers ${JSON.stringify(req.headers)} body(${typeof req.body} ${req.body?.length}) ${String(req.body).slice(0, 100)} → ${reply.status} ${reply.text.slice(0, 100)}`;
          sent++;
          statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
          expectWellFormed(req, reply);
        }),
        { numRuns: RUNS_PER_ROUTE, seed, path: process.env.COP_FUZZ_PATH, endOnFailure: true },
      );
      if (result.failed)
        throw new Error(
          `fuzzing ${route.method} ${route.path} found a failure; replay with COP_FUZZ_ROUTE="${route.method} ${route.path}" ` +
            `COP_FUZZ_SEED=${result.seed} COP_FUZZ_PATH=${result.counterexamplePath}\n${String(result.errorInstance)}`,
        );
    }
    if (process.env.COP_FUZZ_DUMP)
      (await import('node:fs')).writeFileSync(process.env.COP_FUZZ_DUMP, JSON.stringify(dump));
    const histogram = [...statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    console.log(
      `fuzz on ${engine}: ${sent} requests over ${routes.length} routes in ${((Date.now() - started) / 1000).toFixed(1)} s; statuses ${histogram}`,
    );
    expect(sent).toBe(only ? RUNS_PER_ROUTE : routes.length * RUNS_PER_ROUTE);
    expect(errors).toEqual([]);
    expect((await fetch(`${store.url}/api/v1/health`)).status).toBe(200);
  }, 600_000);

  it('survives malformed HTTP on the socket', async () => {
    const { port } = new URL(store.url);
    const raw = (bytes: Buffer | string) =>
      new Promise<string>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1');
        let answer = '';
        socket.on('data', (d) => {
          answer += d.toString('latin1');
        });
        socket.on('error', () => resolve(answer));
        socket.on('close', () => resolve(answer));
        socket.setTimeout(1500, () => socket.destroy());
        socket.end(bytes);
      });
    const auth = `Authorization: Bearer ${world.tokens.member}\r\n`;
    const inputs: (Buffer | string)[] = [
      'GET / HTTP/1.1\r\n\r\n',
      'GARBAGE\r\n\r\n',
      'GET /api/v1/health HTTP/9.9\r\nHost: x\r\n\r\n',
      Buffer.concat([
        Buffer.from('GET /api/v1/practices/'),
        Buffer.from([0xff, 0xfe, 0x00]),
        Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n'),
      ]),
      Buffer.concat([
        Buffer.from('GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Bad: '),
        Buffer.from([0x00, 0x0b, 0xff]),
        Buffer.from('\r\n\r\n'),
      ]),
      `POST /api/v1/practices HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"community":"alpha"`,
      `POST /api/v1/practices HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 5\r\n\r\n{"community":"alpha","title":"longer than declared"}`,
      `POST /api/v1/practices HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
      `POST /api/v1/practices HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}`,
      `GET /api/v1/me HTTP/1.1\r\nHost: x\r\n${'X-Many: y\r\n'.repeat(3000)}\r\n`,
      `GET /api/v1/${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      `GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'t'.repeat(20_000)}\r\n\r\n`,
    ];
    let answered = 0;
    for (const input of inputs) {
      const answer = await raw(input);
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 0);
      // The parser may just close the connection; when the store answers, it is never a 5xx.
      expect(status, `${String(input).slice(0, 60)} → ${answer.slice(0, 120)}`).toBeLessThan(500);
      if (status) answered++;
    }
    expect((await fetch(`${store.url}/api/v1/health`)).status).toBe(200);
    expect(errors).toEqual([]);
    console.log(
      `malformed HTTP on ${engine}: ${inputs.length} raw requests (${answered} answered 4xx, the rest closed), store still healthy`,
    );
  });
});
