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
    tally(w, want.status);
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
  tally(w, 'pulls');
}

// ── Commands ──

type Cmd = fc.AsyncCommand<Model, World>;
const word = fc.stringMatching(/^[a-z]{1,8}$/);

/** A command of the model run; `label` is how a failing run prints it. */
function command(label: string, run: (w: World) => Promise<void> | void): Cmd {
  return { check: () => true, run: async (_m, w) => run(w), toString: () => label };
}

/** A command that client `c` carries out. */
const byClient = (
  label: string,
  c: number,
  act: (client: SyncClient, w: World) => Promise<void> | void,
) => command(label, (w) => act(w.clients[c]!, w));

/** Counts what the runs exercised, for the summary and the final checks. */
function tally(w: World, what: string, by = 1) {
  w.stats[what] = (w.stats[what] ?? 0) + by;
}

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
/** The one a command's `pick` lands on among those known, or undefined when none is. */
const pickOf = <T>(known: T[], pick: number): T | undefined => known[pick % known.length];

/** A new id for something the client creates, usable before it has pulled it. */
function ownNew(c: SyncClient, kind: keyof SyncClient['own']): string {
  const id = randomUUID();
  c.own[kind].push(id);
  return id;
}

const enqueue = (c: SyncClient, name: string, args: Record<string, unknown>) =>
  c.outbox.push({ id: c.next++, name, args });

/** The next `count` waiting mutations (all without it), remembered for a retry. */
function takeBatch(c: SyncClient, count?: number): Mutation[] {
  c.lastSent = c.outbox.slice(0, count);
  return c.lastSent;
}

const pushBatch = (c: SyncClient, mutations: Mutation[]) =>
  c.api.post<PushResponse>('/sync/push', { clientId: c.clientId, mutations });

const capture = (c: number, title: string) =>
  byClient(`capture(${c}, ${title})`, c, (client, w) => {
    const id = ownNew(client, 'practices');
    enqueue(client, 'createPractice', { id, community: w.slug, title, body: `${title} body` });
  });

const edit = (c: number, pick: number, field: 'title' | 'body', value: string) =>
  byClient(`edit(${c}, #${pick}, ${field}=${value})`, c, (client) => {
    const p = pickOf(knownPractices(client), pick);
    if (!p) return;
    enqueue(client, 'updatePractice', {
      id: p.id,
      baseVersion: p.version,
      patch: { [field]: value },
    });
  });

const endorse = (c: number, pick: number, endorse: boolean) =>
  byClient(`endorse(${c}, #${pick}, ${endorse})`, c, (client) => {
    const p = pickOf(knownPractices(client), pick);
    if (p) enqueue(client, 'endorsePractice', { practiceId: p.id, endorse });
  });

const ask = (c: number, title: string) =>
  byClient(`ask(${c}, ${title})`, c, (client, w) => {
    const id = ownNew(client, 'questions');
    enqueue(client, 'createQuestion', { id, community: w.slug, title: `${title}?` });
  });

const answer = (c: number, pick: number) =>
  byClient(`answer(${c}, #${pick})`, c, (client) => {
    const questionId = pickOf(knownQuestions(client), pick);
    if (questionId)
      enqueue(client, 'createAnswer', { id: randomUUID(), questionId, body: 'try this' });
  });

const push = (c: number, count: number, loseResponse: boolean) =>
  byClient(`push(${c}, ${count}${loseResponse ? ', response lost' : ''})`, c, async (client, w) => {
    if (!client.outbox.length) return;
    const batch = takeBatch(client, count);
    const reply = await pushBatch(client, batch);
    checkPush(w, client, batch, reply);
    // A lost response leaves the batch in the outbox: the next push sends it again and it is skipped.
    if (loseResponse) tally(w, 'lostResponses');
    else acknowledge(client, reply);
  });

const retry = (c: number) =>
  byClient(`retry(${c})`, c, async (client, w) => {
    if (!client.lastSent) return;
    const reply = await pushBatch(client, client.lastSent);
    checkPush(w, client, client.lastSent, reply);
    expect(reply.body.results.every((r) => r.status === 'skipped')).toBe(true);
    acknowledge(client, reply);
    tally(w, 'retries');
  });

const gap = (c: number) =>
  byClient(`gap(${c})`, c, async (client, w) => {
    const after = w.model.lastAcked[w.clients.indexOf(client)]! + 2;
    const question = { id: randomUUID(), community: w.slug, title: 'gap' };
    const reply = await client.api.post('/sync/push', {
      clientId: client.clientId,
      mutations: [{ id: after, name: 'createQuestion', args: question }],
    });
    expect(reply.status).toBe(409);
    expect(reply.body.error).toMatchObject({
      code: 'mutation_gap',
      details: { expected: after - 1 },
    });
    tally(w, 'gaps');
  });

const pull = (c: number) => byClient(`pull(${c})`, c, (client, w) => pullAndCheck(w, client));

/** Every client with pending work pushes at the same moment; the store's versions tell the order it applied them. */
const pushTogether = () =>
  command('pushTogether()', async (w) => {
    const busy = w.clients.filter((c) => c.outbox.length);
    if (busy.length < 2) return;
    const replies = await Promise.all(
      busy.map(async (c) => {
        const batch = takeBatch(c);
        return { c, batch, reply: await pushBatch(c, batch) };
      }),
    );
    replies.sort((a, b) => a.reply.body.version - b.reply.body.version);
    for (const { c, batch, reply } of replies) {
      checkPush(w, c, batch, reply);
      acknowledge(c, reply);
    }
    tally(w, 'concurrentPushes', busy.length);
  });

/** One client's batch sent twice at once (a retry while the first is still in flight): applied once. */
const doubleSend = (c: number) =>
  byClient(`doubleSend(${c})`, c, async (client, w) => {
    if (!client.outbox.length) return;
    const batch = takeBatch(client);
    const [a, b] = await Promise.all([pushBatch(client, batch), pushBatch(client, batch)]);
    const [first, second] = a.body.version <= b.body.version ? [a, b] : [b, a];
    // Whichever the store took second finds every mutation already there.
    const bothSkipped = (r: typeof a) => r.body.results?.every((x) => x.status === 'skipped');
    const [applied, skipped] =
      bothSkipped(first) && !bothSkipped(second) ? [second, first] : [first, second];
    checkPush(w, client, batch, applied);
    checkPush(w, client, batch, skipped);
    acknowledge(client, applied);
    tally(w, 'doubleSends');
  });

const client3 = fc.integer({ min: 0, max: 2 });
const captures = fc.tuple(client3, word).map(([c, t]) => capture(c, t));
const edits = fc
  .tuple(client3, fc.nat(20), fc.constantFrom('title' as const, 'body' as const), word)
  .map(([c, p, f, v]) => edit(c, p, f, v));
const pushes = fc
  .tuple(client3, fc.integer({ min: 1, max: 6 }), fc.boolean())
  .map(([c, n, l]) => push(c, n, l));
const pulls = client3.map(pull);
// Listed more than once where the interesting histories need more of them (edits of pulled practices).
const commands = fc.commands(
  [
    captures,
    captures,
    edits,
    edits,
    edits,
    fc.tuple(client3, fc.nat(20), fc.boolean()).map(([c, p, e]) => endorse(c, p, e)),
    fc.tuple(client3, word).map(([c, t]) => ask(c, t)),
    fc.tuple(client3, fc.nat(20)).map(([c, p]) => answer(c, p)),
    pushes,
    pushes,
    pushes,
    client3.map(retry),
    client3.map(gap),
    pulls,
    pulls,
    fc.constant(pushTogether()),
    fc.constant(pushTogether()),
    client3.map(doubleSend),
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
            const reply = await pushBatch(c, batch);
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
