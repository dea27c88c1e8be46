/**
 * Model-based property test of the sync protocol (fast-check commands): three clients capture, edit, endorse, ask
 * and answer offline, then push (losing responses, retrying, sending gaps, pushing at the same moment) and pull.
 * Every push result and every pulled state is checked against a small in-memory model of the store.
 * Replay a failure with COP_MODEL_SEED=<seed> COP_MODEL_PATH=<path> (both printed when it fails).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse, PushResponse } from '../../src/core/types';
import { type Client, client } from '../helpers/api';
import { ENGINES, type EngineStore, openEngineStore } from '../helpers/engines';

const RUNS = Number(process.env.COP_MODEL_RUNS ?? 30);

type Mutation = { id: number; name: string; args: Record<string, any> };
type Expected = { status: 'applied' | 'skipped' | 'rejected' | 'conflict'; code?: string };

interface ModelPractice {
  author: number;
  title: string;
  body: string;
  version: number;
  endorsers: Set<number>;
}
interface Model {
  practices: Map<string, ModelPractice>;
  questions: Map<string, { author: number; answers: number; version: number }>;
  answers: Map<string, { questionId: string; author: number }>;
  conflicts: {
    entityId: string;
    author: number;
    baseVersion: number;
    currentVersion: number;
    proposed: object;
  }[];
  /** The store's lastMutationId for each client. */
  lastAcked: number[];
}

interface SyncClient {
  user: number;
  api: Client;
  clientId: string;
  next: number;
  /** Mutations written locally and not yet acknowledged. */
  outbox: Mutation[];
  /** The last batch sent, for a retry. */
  lastSent?: Mutation[];
  cursor: number;
  local: Map<string, any>;
  /** Practices and questions this client created, usable before it has pulled them. */
  own: { practices: string[]; questions: string[] };
}

interface World {
  model: Model;
  clients: SyncClient[];
  userIds: string[];
  slug: string;
  stats: Record<string, number>;
}

/** User 0 coordinates the community; users 1 and 2 are members. */
const COORDINATOR = 0;

/** What the store must answer to one mutation, given the model; updates the model as the store would. */
function applyToModel(m: Model, user: number, mutation: Mutation): Expected {
  const a = mutation.args;
  switch (mutation.name) {
    case 'createPractice':
      m.practices.set(a.id, {
        author: user,
        title: a.title,
        body: a.body ?? '',
        version: 1,
        endorsers: new Set(),
      });
      return { status: 'applied' };
    case 'updatePractice': {
      const p = m.practices.get(a.id)!;
      if (p.author !== user && user !== COORDINATOR)
        return { status: 'rejected', code: 'forbidden' };
      if (p.version !== a.baseVersion) {
        m.conflicts.push({
          entityId: a.id,
          author: user,
          baseVersion: a.baseVersion,
          currentVersion: p.version,
          proposed: a.patch,
        });
        return { status: 'conflict' };
      }
      Object.assign(p, a.patch);
      p.version++;
      return { status: 'applied' };
    }
    case 'endorsePractice': {
      const p = m.practices.get(a.practiceId)!;
      if (p.author === user) return { status: 'rejected', code: 'own_practice' };
      if (a.endorse) p.endorsers.add(user);
      else p.endorsers.delete(user);
      return { status: 'applied' };
    }
    case 'createQuestion':
      m.questions.set(a.id, { author: user, answers: 0, version: 1 });
      return { status: 'applied' };
    case 'createAnswer': {
      const q = m.questions.get(a.questionId)!;
      q.answers++;
      q.version++;
      m.answers.set(a.id, { questionId: a.questionId, author: user });
      return { status: 'applied' };
    }
    default:
      throw new Error(`no model for ${mutation.name}`);
  }
}

/** Checks one push reply against the model (mutations above lastAcked apply in order; the rest are skipped). */
function checkPush(
  w: World,
  c: SyncClient,
  batch: Mutation[],
  reply: { status: number; body: PushResponse },
) {
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  expect(reply.body.results.map((r) => r.id)).toEqual(batch.map((m) => m.id));
  const index = w.clients.indexOf(c);
  batch.forEach((mutation, i) => {
    const got = reply.body.results[i]!;
    let want: Expected;
    if (mutation.id <= w.model.lastAcked[index]!) want = { status: 'skipped' };
    else {
      want = applyToModel(w.model, c.user, mutation);
      w.model.lastAcked[index] = mutation.id;
    }
    w.stats[want.status] = (w.stats[want.status] ?? 0) + 1;
    expect(
      got.status,
      `${mutation.name} #${mutation.id} of client ${index}: ${JSON.stringify(got)}`,
    ).toBe(want.status);
    if (want.code) expect(got.status === 'rejected' && got.error.code).toBe(want.code);
  });
  expect(reply.body.lastMutationId).toBe(w.model.lastAcked[index]);
}

const acknowledge = (c: SyncClient, reply: { body: PushResponse }) => {
  c.outbox = c.outbox.filter((m) => m.id > reply.body.lastMutationId);
};

/** Pulls everything new (in small pages) and checks the client's local copy equals the model. */
async function pullAndCheck(w: World, c: SyncClient) {
  const index = w.clients.indexOf(c);
  for (;;) {
    const res = await c.api.get<PullResponse>(
      `/sync/pull?since=${c.cursor}&clientId=${c.clientId}&limit=7`,
    );
    expect(res.status).toBe(200);
    expect(res.body.cursor).toBeGreaterThanOrEqual(c.cursor);
    expect(res.body.lastMutationId).toBe(w.model.lastAcked[index]);
    for (const change of res.body.changes) {
      const key = `${change.entity}:${change.id}`;
      if (change.op === 'put') c.local.set(key, change.data);
      else c.local.delete(key);
    }
    c.cursor = res.body.cursor;
    if (!res.body.hasMore) break;
  }
  const of = (entity: string) =>
    [...c.local.entries()].filter(([k]) => k.startsWith(`${entity}:`)).map(([, v]) => v);
  const m = w.model;
  const practices = Object.fromEntries(
    of('practice').map((p) => [
      p.id,
      {
        title: p.title,
        body: p.body,
        version: p.version,
        endorsements: p.endorsements,
        author: p.author,
      },
    ]),
  );
  const expectedPractices = Object.fromEntries(
    [...m.practices].map(([id, p]) => [
      id,
      {
        title: p.title,
        body: p.body,
        version: p.version,
        endorsements: p.endorsers.size,
        author: w.userIds[p.author],
      },
    ]),
  );
  expect(practices, `practices seen by client ${index}`).toEqual(expectedPractices);
  const questions = Object.fromEntries(
    of('question').map((q) => [q.id, { answerCount: q.answerCount, version: q.version }]),
  );
  expect(questions).toEqual(
    Object.fromEntries(
      [...m.questions].map(([id, q]) => [id, { answerCount: q.answers, version: q.version }]),
    ),
  );
  expect(
    of('answer')
      .map((a) => a.id)
      .sort(),
  ).toEqual([...m.answers.keys()].sort());
  const endorsements = of('endorsement')
    .map((e) => `${e.practiceId}:${e.userId}`)
    .sort();
  // Endorsements reach their author's devices and the coordinator's; everyone sees the counts.
  expect(endorsements, `endorsements seen by client ${index}`).toEqual(
    [...m.practices]
      .flatMap(([id, p]) =>
        [...p.endorsers]
          .filter((u) => c.user === COORDINATOR || u === c.user)
          .map((u) => `${id}:${w.userIds[u]}`),
      )
      .sort(),
  );
  // Conflicts keep both versions; the author sees theirs, the coordinator sees all.
  const conflicts = of('conflict')
    .filter((x) => x.entity === 'practice')
    .map((x) => JSON.stringify([x.entityId, x.author, x.baseVersion, x.currentVersion, x.proposed]))
    .sort();
  expect(conflicts, `conflicts seen by client ${index}`).toEqual(
    m.conflicts
      .filter((x) => c.user === COORDINATOR || x.author === c.user)
      .map((x) =>
        JSON.stringify([
          x.entityId,
          w.userIds[x.author],
          x.baseVersion,
          x.currentVersion,
          x.proposed,
        ]),
      )
      .sort(),
  );
  w.stats.pulls = (w.stats.pulls ?? 0) + 1;
}

// ── Commands ──

type Cmd = fc.AsyncCommand<Model, World>;
const always = () => true;
const word = fc.stringMatching(/^[a-z]{1,8}$/);

/** Practices the client knows (pulled, or its own not yet pushed), with the version it knows. */
function knownPractices(c: SyncClient): { id: string; version: number }[] {
  const pulled = [...c.local.entries()]
    .filter(([k]) => k.startsWith('practice:'))
    .map(([, p]) => ({ id: p.id as string, version: p.version as number }));
  const unpulled = c.own.practices
    .filter((id) => !c.local.has(`practice:${id}`))
    .map((id) => ({ id, version: 1 }));
  return [...pulled, ...unpulled];
}
function knownQuestions(c: SyncClient): string[] {
  const pulled = [...c.local.keys()]
    .filter((k) => k.startsWith('question:'))
    .map((k) => k.slice(9));
  return [...new Set([...pulled, ...c.own.questions])];
}
const enqueue = (c: SyncClient, name: string, args: Record<string, unknown>) =>
  c.outbox.push({ id: c.next++, name, args });

class Capture implements Cmd {
  constructor(
    readonly c: number,
    readonly title: string,
  ) {}
  check = always;
  async run(_m: Model, w: World) {
    const c = w.clients[this.c]!;
    const id = randomUUID();
    c.own.practices.push(id);
    enqueue(c, 'createPractice', {
      id,
      community: w.slug,
      title: this.title,
      body: `${this.title} body`,
    });
  }
  toString = () => `capture(${this.c}, ${this.title})`;
}

class Edit implements Cmd {
  constructor(
    readonly c: number,
    readonly pick: number,
    readonly field: 'title' | 'body',
    readonly value: string,
  ) {}
  check = always;
  async run(_m: Model, w: World) {
    const c = w.clients[this.c]!;
    const known = knownPractices(c);
    if (!known.length) return;
    const p = known[this.pick % known.length]!;
    enqueue(c, 'updatePractice', {
      id: p.id,
      baseVersion: p.version,
      patch: { [this.field]: this.value },
    });
  }
  toString = () => `edit(${this.c}, #${this.pick}, ${this.field}=${this.value})`;
}

class Endorse implements Cmd {
  constructor(
    readonly c: number,
    readonly pick: number,
    readonly endorse: boolean,
  ) {}
  check = always;
  async run(_m: Model, w: World) {
    const c = w.clients[this.c]!;
    const known = knownPractices(c);
    if (!known.length) return;
    enqueue(c, 'endorsePractice', {
      practiceId: known[this.pick % known.length]!.id,
      endorse: this.endorse,
    });
  }
  toString = () => `endorse(${this.c}, #${this.pick}, ${this.endorse})`;
}

class Ask implements Cmd {
  constructor(
    readonly c: number,
    readonly title: string,
  ) {}
  check = always;
  async run(_m: Model, w: World) {
    const c = w.clients[this.c]!;
    const id = randomUUID();
    c.own.questions.push(id);
    enqueue(c, 'createQuestion', { id, community: w.slug, title: `${this.title}?` });
  }
  toString = () => `ask(${this.c}, ${this.title})`;
}

class Answer implements Cmd {
  constructor(
    readonly c: number,
    readonly pick: number,
  ) {}
  check = always;
  async run(_m: Model, w: World) {
    const c = w.clients[this.c]!;
    const known = knownQuestions(c);
    if (!known.length) return;
    enqueue(c, 'createAnswer', {
      id: randomUUID(),
      questionId: known[this.pick % known.length]!,
      body: 'try this',
    });
  }
  toString = () => `answer(${this.c}, #${this.pick})`;
}

class Push implements Cmd {
  constructor(
    readonly c: number,
    readonly count: number,
    readonly loseResponse: boolean,
  ) {}
  check = always;
  async run(_m: Model, w: World) {
    const c = w.clients[this.c]!;
    if (!c.outbox.length) return;
    const batch = c.outbox.slice(0, this.count);
    c.lastSent = batch;
    const reply = await c.api.post<PushResponse>('/sync/push', {
      clientId: c.clientId,
      mutations: batch,
    });
    checkPush(w, c, batch, reply);
    // A lost response leaves the batch in the outbox: the next push sends it again and it is skipped.
    if (this.loseResponse) w.stats.lostResponses = (w.stats.lostResponses ?? 0) + 1;
    else acknowledge(c, reply);
  }
  toString = () => `push(${this.c}, ${this.count}${this.loseResponse ? ', response lost' : ''})`;
}

class Retry implements Cmd {
  constructor(readonly c: number) {}
  check = always;
  async run(_m: Model, w: World) {
    const c = w.clients[this.c]!;
    if (!c.lastSent) return;
    const reply = await c.api.post<PushResponse>('/sync/push', {
      clientId: c.clientId,
      mutations: c.lastSent,
    });
    checkPush(w, c, c.lastSent, reply);
    expect(reply.body.results.every((r) => r.status === 'skipped')).toBe(true);
    acknowledge(c, reply);
    w.stats.retries = (w.stats.retries ?? 0) + 1;
  }
  toString = () => `retry(${this.c})`;
}

class Gap implements Cmd {
  constructor(readonly c: number) {}
  check = always;
  async run(_m: Model, w: World) {
    const c = w.clients[this.c]!;
    const index = w.clients.indexOf(c);
    const after = w.model.lastAcked[index]! + 2;
    const reply = await c.api.post('/sync/push', {
      clientId: c.clientId,
      mutations: [
        {
          id: after,
          name: 'createQuestion',
          args: { id: randomUUID(), community: w.slug, title: 'gap' },
        },
      ],
    });
    expect(reply.status).toBe(409);
    expect(reply.body.error).toMatchObject({
      code: 'mutation_gap',
      details: { expected: after - 1 },
    });
    w.stats.gaps = (w.stats.gaps ?? 0) + 1;
  }
  toString = () => `gap(${this.c})`;
}

class Pull implements Cmd {
  constructor(readonly c: number) {}
  check = always;
  async run(_m: Model, w: World) {
    await pullAndCheck(w, w.clients[this.c]!);
  }
  toString = () => `pull(${this.c})`;
}

/** Every client with pending work pushes at the same moment; the store's versions tell the order it applied them. */
class PushTogether implements Cmd {
  check = always;
  async run(_m: Model, w: World) {
    const busy = w.clients.filter((c) => c.outbox.length);
    if (busy.length < 2) return;
    const replies = await Promise.all(
      busy.map(async (c) => {
        const batch = c.outbox.slice();
        c.lastSent = batch;
        return {
          c,
          batch,
          reply: await c.api.post<PushResponse>('/sync/push', {
            clientId: c.clientId,
            mutations: batch,
          }),
        };
      }),
    );
    replies.sort((a, b) => a.reply.body.version - b.reply.body.version);
    for (const { c, batch, reply } of replies) {
      checkPush(w, c, batch, reply);
      acknowledge(c, reply);
    }
    w.stats.concurrentPushes = (w.stats.concurrentPushes ?? 0) + busy.length;
  }
  toString = () => 'pushTogether()';
}

/** One client's batch sent twice at once (a retry while the first is still in flight): applied once. */
class DoubleSend implements Cmd {
  constructor(readonly c: number) {}
  check = always;
  async run(_m: Model, w: World) {
    const c = w.clients[this.c]!;
    if (!c.outbox.length) return;
    const batch = c.outbox.slice();
    c.lastSent = batch;
    const send = () =>
      c.api.post<PushResponse>('/sync/push', { clientId: c.clientId, mutations: batch });
    const [a, b] = await Promise.all([send(), send()]);
    const [first, second] = a.body.version <= b.body.version ? [a, b] : [b, a];
    // Whichever the store took second finds every mutation already there.
    const bothSkipped = (r: typeof a) => r.body.results?.every((x) => x.status === 'skipped');
    const [applied, skipped] =
      bothSkipped(first) && !bothSkipped(second) ? [second, first] : [first, second];
    checkPush(w, c, batch, applied);
    checkPush(w, c, batch, skipped);
    acknowledge(c, applied);
    w.stats.doubleSends = (w.stats.doubleSends ?? 0) + 1;
  }
  toString = () => `doubleSend(${this.c})`;
}

const client3 = fc.integer({ min: 0, max: 2 });
const capture = fc.tuple(client3, word).map(([c, t]) => new Capture(c, t));
const edit = fc
  .tuple(client3, fc.nat(20), fc.constantFrom('title' as const, 'body' as const), word)
  .map(([c, p, f, v]) => new Edit(c, p, f, v));
const push = fc
  .tuple(client3, fc.integer({ min: 1, max: 6 }), fc.boolean())
  .map(([c, n, l]) => new Push(c, n, l));
const pull = client3.map((c) => new Pull(c));
// Listed more than once where the interesting histories need more of them (edits of pulled practices).
const commands = fc.commands(
  [
    capture,
    capture,
    edit,
    edit,
    edit,
    fc.tuple(client3, fc.nat(20), fc.boolean()).map(([c, p, e]) => new Endorse(c, p, e)),
    fc.tuple(client3, word).map(([c, t]) => new Ask(c, t)),
    fc.tuple(client3, fc.nat(20)).map(([c, p]) => new Answer(c, p)),
    push,
    push,
    push,
    client3.map((c) => new Retry(c)),
    client3.map((c) => new Gap(c)),
    pull,
    pull,
    fc.constant(new PushTogether()),
    fc.constant(new PushTogether()),
    client3.map((c) => new DoubleSend(c)),
  ],
  { maxCommands: 40, size: 'max', replayPath: process.env.COP_MODEL_REPLAY },
);

describe.each(ENGINES)('sync protocol model on %s', (engine) => {
  let store: EngineStore;
  let admin: Client;
  const stats: { runs: number; commands: number; [key: string]: number } = { runs: 0, commands: 0 };

  beforeAll(async () => {
    store = await openEngineStore(engine);
    admin = client(store.url, store.adminToken);
  });
  afterAll(() => store?.dispose());

  async function freshWorld(): Promise<World> {
    const slug = `m-${randomUUID().slice(0, 12)}`;
    await admin.post('/communities', { slug, name: slug, domain: 'Model runs' });
    const users = await Promise.all(
      [0, 1, 2].map((i) =>
        admin.post('/users', { email: `${slug}-${i}@example.com`, name: `U${i}` }),
      ),
    );
    for (const [i, u] of users.entries())
      await admin.put(`/communities/${slug}/members/${u.body.user.id}`, {
        role: i === COORDINATOR ? 'coordinator' : 'member',
      });
    const clients = users.map((u, i) => ({
      user: i,
      api: client(store.url, u.body.token),
      clientId: `model-${i}-${randomUUID()}`,
      next: 1,
      outbox: [],
      cursor: 0,
      local: new Map(),
      own: { practices: [], questions: [] },
    }));
    return {
      model: {
        practices: new Map(),
        questions: new Map(),
        answers: new Map(),
        conflicts: [],
        lastAcked: [0, 0, 0],
      },
      clients,
      userIds: users.map((u) => u.body.user.id),
      slug,
      stats,
    };
  }

  it('applies every mutation once, keeps conflicting edits, and pulls exactly the model state', async () => {
    const started = Date.now();
    const seed = process.env.COP_MODEL_SEED ? Number(process.env.COP_MODEL_SEED) : undefined;
    const path = process.env.COP_MODEL_PATH;
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        const world = await freshWorld();
        stats.runs++;
        stats.commands += [...cmds].length;
        await fc.asyncModelRun(() => ({ model: world.model, real: world }), cmds);
        // Finally every client sends what it still holds, then pulls: all converge on the model.
        for (const c of world.clients) {
          while (c.outbox.length) {
            const batch = c.outbox.slice(0, 20);
            const reply = await c.api.post<PushResponse>('/sync/push', {
              clientId: c.clientId,
              mutations: batch,
            });
            checkPush(world, c, batch, reply);
            acknowledge(c, reply);
          }
        }
        for (const c of world.clients) await pullAndCheck(world, c);
        // A client that starts from nothing sees the same.
        const fresh = { ...world.clients[1]!, cursor: 0, local: new Map() };
        await pullAndCheck(
          { ...world, clients: [world.clients[0]!, fresh, world.clients[2]!] },
          fresh,
        );
      }),
      { numRuns: RUNS, seed, path, endOnFailure: true },
    );
    console.log(
      `sync model on ${engine}: ${stats.runs} runs, ${stats.commands} commands in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
        Object.entries(stats)
          .filter(([k]) => k !== 'runs' && k !== 'commands')
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
    );
    expect(stats.conflict ?? 0).toBeGreaterThan(0);
    expect(stats.skipped ?? 0).toBeGreaterThan(0);
  }, 120_000);
});
