/** The storage suite: sync, conflicts, search and expert lookup, run on SQLite and (with DATABASE_URL) PostgreSQL. */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Practice, PullResponse, PushResponse } from '../../src/core/types';
import { type Client, makeCoordinatedCommunity, makeUsers, type User } from '../helpers/api';
import { ENGINES, type EngineStore, openEngineStore } from '../helpers/engines';

describe.each(ENGINES)('storage on %s', (engine) => {
  let store: EngineStore;
  let ada: User;
  let bob: User;
  let carol: User;
  const slug = 'platform';

  beforeAll(async () => {
    store = await openEngineStore(engine);
    [ada, bob, carol] = await makeUsers(store, ['Ada', 'Bob', 'Carol']);
    await makeCoordinatedCommunity(store, slug, ada, [bob, carol]);
  });
  afterAll(() => store?.dispose());

  const practiceArgs = (over: Partial<Record<string, unknown>> = {}) => ({
    id: randomUUID(),
    community: slug,
    title: 'Rotate the database credentials',
    body: 'Use the vault rotation job; never paste secrets into tickets.',
    kind: 'method',
    tags: ['security'],
    source: {
      url: 'https://wiki.example.com/db',
      title: 'DB runbook',
      quote: { exact: 'rotate every 90 days', prefix: 'We ', suffix: '.' },
    },
    ...over,
  });

  async function pullAll(
    api: Client,
    clientId: string,
    since = 0,
  ): Promise<PullResponse['changes']> {
    const changes: PullResponse['changes'] = [];
    let cursor = since;
    for (;;) {
      const res = await api.get<PullResponse>(
        `/sync/pull?since=${cursor}&clientId=${clientId}&limit=7`,
      );
      expect(res.status).toBe(200);
      changes.push(...res.body.changes);
      cursor = res.body.cursor;
      if (!res.body.hasMore) return changes;
    }
  }

  it.runIf(engine === 'postgres')(
    'keeps serving when PostgreSQL ends its idle connections (a restart or failover)',
    async () => {
      const api = ada.api;
      expect((await api.get(`/practices?community=${slug}`)).status).toBe(200);
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      const database = new URL(store.ctx.config.databaseUrl!).pathname.slice(1);
      const ended = await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [database],
      );
      await admin.end();
      expect(ended.rowCount).toBeGreaterThan(0);
      await expect
        .poll(async () => (await api.get(`/practices?community=${slug}`)).status)
        .toBe(200);
    },
  );

  it('keeps the mutations around a rejected one, each applied once', async () => {
    const clientId = `client-${randomUUID()}`;
    const [first, last] = [practiceArgs({ title: 'Before the refusal' }), practiceArgs()];
    const before = await bob.api.get<PullResponse>(`/sync/pull?since=0&clientId=${clientId}`);
    const res = await bob.api.post<PushResponse>('/sync/push', {
      clientId,
      mutations: [
        { id: 1, name: 'createPractice', args: first },
        { id: 2, name: 'createPractice', args: practiceArgs({ community: 'nowhere' }) },
        { id: 3, name: 'createPractice', args: { ...last, title: 'After the refusal' } },
      ],
    });
    expect(res.body.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(res.body.lastMutationId).toBe(3);
    const changes = await pullAll(bob.api, clientId, before.body.cursor);
    const mine = changes.filter((c) => c.id === first.id || c.id === last.id);
    expect(mine.map((c) => (c.op === 'put' ? (c.data as Practice).title : c.op))).toEqual([
      'Before the refusal',
      'After the refusal',
    ]);
    // One version each, and the response's version is the head they reached.
    expect(new Set(mine.map((c) => c.version)).size).toBe(2);
    expect(res.body.version).toBeGreaterThanOrEqual(Math.max(...mine.map((c) => c.version)));
  });

  it('syncs an endorsement to its author and coordinators only; the count reaches everyone', async () => {
    const headOf = async (user: typeof bob) => {
      let cursor = 0;
      for (;;) {
        const res = await user.api.get<PullResponse>(`/sync/pull?since=${cursor}&limit=1000`);
        cursor = res.body.cursor;
        if (!res.body.hasMore) return cursor;
      }
    };
    const heads = await Promise.all([ada, bob, carol].map(headOf));
    const args = practiceArgs({ title: 'Endorsed quietly' });
    await carol.api.post('/practices', args);
    expect((await bob.api.post(`/practices/${args.id}/endorse`, {})).status).toBe(200);
    const seen = async (user: typeof bob, since: number) => {
      const changes = await pullAll(user.api, `client-${randomUUID()}`, since);
      const practice = changes.find((c) => c.id === args.id);
      return {
        endorsements: changes.filter((c) => c.entity === 'endorsement').length,
        count: practice?.op === 'put' ? (practice.data as Practice).endorsements : undefined,
      };
    };
    // Each pull starts at the head it saw before, so it holds exactly what changed since.
    const [forAda, forBob, forCarol] = await Promise.all(
      [ada, bob, carol].map((u, i) => seen(u, heads[i]!)),
    );
    expect(forBob).toEqual({ endorsements: 1, count: 1 });
    expect(forAda).toEqual({ endorsements: 1, count: 1 });
    expect(forCarol).toEqual({ endorsements: 0, count: 1 });
  });

  it('applies a replayed push exactly once', async () => {
    const clientId = `client-${randomUUID()}`;
    const args = practiceArgs();
    const batch = { clientId, mutations: [{ id: 1, name: 'createPractice', args }] };
    const first = await bob.api.post<PushResponse>('/sync/push', batch);
    expect(first.body.results).toEqual([{ id: 1, status: 'applied' }]);
    const again = await bob.api.post<PushResponse>('/sync/push', batch);
    expect(again.body.results).toEqual([{ id: 1, status: 'skipped' }]);
    expect(again.body.lastMutationId).toBe(1);
    const list = await bob.api.get<{ items: Practice[] }>(`/practices?community=${slug}&limit=100`);
    expect(list.body.items.filter((p) => p.id === args.id)).toHaveLength(1);
    const stored = list.body.items.find((p) => p.id === args.id)!;
    expect(stored).toMatchObject({
      status: 'captured',
      version: 1,
      author: bob.id,
      source: args.source,
    });
  });

  it('refuses a gap and applies nothing of that batch', async () => {
    const clientId = `client-${randomUUID()}`;
    const a = practiceArgs();
    const res = await bob.api.post('/sync/push', {
      clientId,
      mutations: [
        { id: 1, name: 'createPractice', args: a },
        { id: 3, name: 'createPractice', args: practiceArgs() },
      ],
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('mutation_gap');
    expect(res.body.error.details).toEqual({ expected: 2 });
    const get = await bob.api.get(`/practices/${a.id}`);
    expect(get.status).toBe(404);
  });

  it('rejects an invalid mutation with a message and never retries it, while the batch goes on', async () => {
    const clientId = `client-${randomUUID()}`;
    const ok = practiceArgs();
    const res = await bob.api.post<PushResponse>('/sync/push', {
      clientId,
      mutations: [
        { id: 1, name: 'createPractice', args: { ...practiceArgs(), title: '' } },
        { id: 2, name: 'createPractice', args: { ...practiceArgs(), community: 'nowhere' } },
        { id: 3, name: 'createPractice', args: ok },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toMatchObject({
      status: 'rejected',
      error: { code: 'invalid_args' },
    });
    expect(
      res.body.results[0]!.status === 'rejected' && res.body.results[0]!.error.message,
    ).toContain('title');
    expect(res.body.results[1]).toMatchObject({ status: 'rejected', error: { code: 'not_found' } });
    expect(res.body.results[2]).toEqual({ id: 3, status: 'applied' });
    expect(res.body.lastMutationId).toBe(3);
  });

  it('keeps both versions when two people edit the same practice concurrently', async () => {
    const args = practiceArgs({ title: 'Original title' });
    await bob.api.post('/practices', args);
    const bobPush = await bob.api.post<PushResponse>('/sync/push', {
      clientId: `client-${randomUUID()}`,
      mutations: [
        {
          id: 1,
          name: 'updatePractice',
          args: { id: args.id, baseVersion: 1, patch: { title: 'Bob’s title' } },
        },
      ],
    });
    expect(bobPush.body.results[0]!.status).toBe('applied');
    const adaPush = await ada.api.post<PushResponse>('/sync/push', {
      clientId: `client-${randomUUID()}`,
      mutations: [
        {
          id: 1,
          name: 'updatePractice',
          args: {
            id: args.id,
            baseVersion: 1,
            patch: { title: 'Ada’s title', body: 'Ada’s body' },
          },
        },
      ],
    });
    const result = adaPush.body.results[0]!;
    expect(result.status).toBe('conflict');
    const stored = (await bob.api.get<{ practice: Practice }>(`/practices/${args.id}`)).body
      .practice;
    expect(stored.title).toBe('Bob’s title');
    expect(stored.version).toBe(2);
    // Ada (the conflicting author) sees her kept edit beside the current version.
    const changes = await pullAll(ada.api, `client-${randomUUID()}`);
    const conflict = changes.find(
      (c) => c.entity === 'conflict' && c.op === 'put' && c.data.entityId === args.id,
    );
    expect(conflict && conflict.op === 'put' && conflict.data).toMatchObject({
      proposed: { title: 'Ada’s title', body: 'Ada’s body' },
      current: { title: 'Bob’s title', version: 2 },
      baseVersion: 1,
    });
    // Carol, neither author nor coordinator, does not receive it.
    const carolChanges = await pullAll(carol.api, `client-${randomUUID()}`);
    expect(carolChanges.some((c) => c.entity === 'conflict')).toBe(false);
  });

  it('lets the author of a conflicting edit resolve it, and nobody else but coordinators', async () => {
    const args = practiceArgs({ title: 'Bob’s practice' });
    await bob.api.post('/practices', args);
    const edit = (who: typeof bob, baseVersion: number, title: string) =>
      who.api.post<PushResponse>('/sync/push', {
        clientId: `client-${randomUUID()}`,
        mutations: [
          { id: 1, name: 'updatePractice', args: { id: args.id, baseVersion, patch: { title } } },
        ],
      });
    expect((await edit(ada, 1, 'Coordinator’s title')).body.results[0]!.status).toBe('applied');
    const result = (await edit(bob, 1, 'Bob’s second thought')).body.results[0]!;
    expect(result.status).toBe('conflict');
    const conflictId = result.status === 'conflict' ? result.conflictId : '';
    const byCarol = await carol.api.post(`/conflicts/${conflictId}/resolve`, {
      keep: 'proposed',
      baseVersion: 2,
    });
    expect(byCarol.status).toBe(403);
    const byBob = await bob.api.post(`/conflicts/${conflictId}/resolve`, {
      keep: 'proposed',
      baseVersion: 2,
    });
    expect(byBob.status).toBe(200);
    const stored = (await bob.api.get<{ practice: Practice }>(`/practices/${args.id}`)).body
      .practice;
    expect(stored).toMatchObject({ title: 'Bob’s second thought', version: 3 });
  });

  it('pull after a sequence of pushes returns exactly the current state, with tombstones', async () => {
    const before = (await carol.api.get<PullResponse>('/sync/pull?since=0&limit=1000')).body.cursor;
    const clientId = `client-${randomUUID()}`;
    const p1 = practiceArgs({ title: 'First' });
    const p2 = practiceArgs({ title: 'Second' });
    const q = {
      id: randomUUID(),
      community: slug,
      title: 'How do we rotate keys?',
      body: '',
      tags: [],
    };
    const pushes = [
      { id: 1, name: 'createPractice', args: p1 },
      { id: 2, name: 'createPractice', args: p2 },
      {
        id: 3,
        name: 'updatePractice',
        args: { id: p1.id, baseVersion: 1, patch: { title: 'First, edited' } },
      },
      { id: 4, name: 'createQuestion', args: q },
      {
        id: 5,
        name: 'updatePractice',
        args: { id: p1.id, baseVersion: 2, patch: { tags: ['security', 'vault'] } },
      },
    ];
    for (const m of pushes)
      expect(
        (await bob.api.post<PushResponse>('/sync/push', { clientId, mutations: [m] })).body
          .results[0]!.status,
      ).toBe('applied');
    await carol.api.post('/sync/push', {
      clientId: `c-${randomUUID()}`,
      mutations: [{ id: 1, name: 'endorsePractice', args: { practiceId: p2.id } }],
    });
    await carol.api.post('/sync/push', {
      clientId: `c-${randomUUID()}`,
      mutations: [{ id: 1, name: 'endorsePractice', args: { practiceId: p2.id, endorse: false } }],
    });

    const changes = await pullAll(carol.api, 'carol-client-1', before);
    const latest = new Map(changes.map((c) => [`${c.entity}:${c.id}`, c]));
    const first = latest.get(`practice:${p1.id}`);
    expect(first?.op === 'put' && first.data).toMatchObject({
      title: 'First, edited',
      tags: ['security', 'vault'],
      version: 3,
    });
    const second = latest.get(`practice:${p2.id}`);
    expect(second?.op === 'put' && (second.data as Practice).endorsements).toBe(0);
    expect(
      [...latest.values()]
        .filter((c) => c.entity === 'endorsement')
        .every((c) => c.op === 'delete'),
    ).toBe(true);
    expect(latest.get(`question:${q.id}`)?.op).toBe('put');
    // Versions strictly increase, and each entity appears once: the feed holds only the latest change.
    const versions = changes.map((c) => c.version);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(new Set(changes.map((c) => `${c.entity}:${c.id}`)).size).toBe(changes.length);
  });

  it('returns the client’s lastMutationId on pull, so a client knows what the store has', async () => {
    const clientId = `client-${randomUUID()}`;
    await bob.api.post('/sync/push', {
      clientId,
      mutations: [
        { id: 1, name: 'createPractice', args: practiceArgs() },
        { id: 2, name: 'createPractice', args: practiceArgs() },
      ],
    });
    const res = await bob.api.get<PullResponse>(`/sync/pull?since=0&clientId=${clientId}&limit=1`);
    expect(res.body.lastMutationId).toBe(2);
    expect(res.body.hasMore).toBe(true);
  });

  it('ranks search results and highlights matched terms without letting markup through', async () => {
    const hostile = practiceArgs({
      title: 'Kubernetes <img src=x onerror=alert(1)> upgrades',
      body: 'How we upgrade kubernetes clusters without downtime.',
      tags: ['kubernetes'],
    });
    const other = practiceArgs({
      title: 'Lunch rota',
      body: 'Mentions kubernetes once in passing.',
      tags: [],
    });
    await bob.api.post('/practices', hostile);
    await bob.api.post('/practices', other);
    const res = await bob.api.get(`/practices?q=kubernet&community=${slug}`);
    expect(res.status).toBe(200);
    expect(res.body.items[0].id).toBe(hostile.id);
    expect(res.body.items.map((p: Practice) => p.id)).toContain(other.id);
    expect(res.body.items[0].highlight.title).toContain('<mark>Kubernetes</mark>');
    expect(res.body.items[0].highlight.title).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(res.body.items[0].score).toBeGreaterThan(res.body.items[1].score);
    const byTag = await bob.api.get(`/practices?q=kubernetes&tag=kubernetes&community=${slug}`);
    expect(byTag.body.items.map((p: Practice) => p.id)).toEqual([hostile.id]);
  });

  it('folds accents in search both ways, and marks the word as written', async () => {
    const accented = practiceArgs({ title: 'Café runbook for the Zürich office' });
    const plain = practiceArgs({ title: 'Cafe menu rotation', body: 'Who orders the creme?' });
    await carol.api.post('/practices', accented);
    await carol.api.post('/practices', plain);
    const titles = async (q: string) =>
      (await bob.api.get(`/practices?q=${encodeURIComponent(q)}&community=${slug}`)).body.items;
    const cafe = await titles('cafe');
    expect(cafe.map((p: Practice) => p.title).sort()).toEqual([
      'Cafe menu rotation',
      'Café runbook for the Zürich office',
    ]);
    const marked = cafe.find((p: Practice) => p.id === accented.id).highlight.title;
    expect(marked).toContain('<mark>Café</mark>');
    expect((await titles('café')).map((p: Practice) => p.id).sort()).toEqual(
      [accented.id, plain.id].sort(),
    );
    expect((await titles('zurich')).map((p: Practice) => p.id)).toEqual([accented.id]);
    expect((await titles('crème')).map((p: Practice) => p.id)).toEqual([plain.id]);
  });

  it('ranks experts from evidence and respects hiding', async () => {
    const topic = `terraform${engine}`;
    // Carol: two published practices with an endorsement; Ada: declared expertise only.
    for (const title of [`${topic} module layout`, `${topic} state locking`]) {
      const args = practiceArgs({ title, body: `Notes on ${topic}.`, tags: [topic] });
      await carol.api.post('/practices', args);
      await ada.api.post(`/practices/${args.id}/review`, { action: 'publish', baseVersion: 1 });
      await bob.api.post(`/practices/${args.id}/endorse`, {});
    }
    await ada.api.post('/sync/push', {
      clientId: `c-${randomUUID()}`,
      mutations: [{ id: 1, name: 'setExpertise', args: { community: slug, topics: [topic] } }],
    });
    const res = await bob.api.get(`/experts?topic=${topic}&community=${slug}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((e: any) => e.user.name)).toEqual(['Carol', 'Ada']);
    expect(res.body.items[0].evidence.map((e: any) => e.kind)).toEqual(
      expect.arrayContaining(['practice', 'endorsement']),
    );
    expect(res.body.items[1].evidence[0]).toMatchObject({ kind: 'declared', title: topic });
    await carol.api.post('/sync/push', {
      clientId: `c-${randomUUID()}`,
      mutations: [
        { id: 1, name: 'setExpertise', args: { community: slug, topics: [], hidden: true } },
      ],
    });
    const hidden = await bob.api.get(`/experts?topic=${topic}&community=${slug}`);
    expect(hidden.body.items.map((e: any) => e.user.name)).toEqual(['Ada']);
  });

  it('makes REST writes with the same Idempotency-Key harmless', async () => {
    const key = `key-${randomUUID()}`;
    const body = { community: slug, title: 'Idempotent question', body: '' };
    const first = await bob.api.post('/questions', body, { 'Idempotency-Key': key });
    const second = await bob.api.post('/questions', body, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.question.id).toBe(first.body.question.id);
    const mine = await bob.api.get(`/questions?community=${slug}&mine=1`);
    expect(mine.body.items.filter((q: any) => q.title === 'Idempotent question')).toHaveLength(1);
  });

  it('finds questions by full-text search, ranked', async () => {
    await carol.api.post('/questions', {
      community: slug,
      title: 'Certificate renewal for the load balancer',
      body: '',
    });
    await carol.api.post('/questions', {
      community: slug,
      title: 'Lunch plans',
      body: 'Unrelated, though someone mentioned certificates.',
    });
    const res = await bob.api.get(`/questions?community=${slug}&q=certificat`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((q: any) => q.title)).toEqual([
      'Certificate renewal for the load balancer',
      'Lunch plans',
    ]);
    const none = await bob.api.get(`/questions?community=${slug}&q=zebra`);
    expect(none.body.items).toEqual([]);
  });

  it('answers, accepts and reports the question answered', async () => {
    const q = await carol.api.post('/questions', {
      community: slug,
      title: 'Where is the VPN config?',
    });
    const a = await bob.api.post(`/questions/${q.body.question.id}/answers`, {
      body: 'In the IT portal under Network.',
    });
    expect(a.status).toBe(201);
    const accepted = await carol.api.post(`/questions/${q.body.question.id}/accept`, {
      answerId: a.body.answer.id,
    });
    expect(accepted.body.question).toMatchObject({
      status: 'answered',
      acceptedAnswerId: a.body.answer.id,
      answerCount: 1,
    });
    const bobAccept = await bob.api.post(`/questions/${q.body.question.id}/accept`, {
      answerId: a.body.answer.id,
    });
    expect(bobAccept.status).toBe(403);
    const full = await bob.api.get(`/questions/${q.body.question.id}`);
    expect(full.body.answers).toEqual([
      expect.objectContaining({ id: a.body.answer.id, accepted: true, authorName: 'Bob' }),
    ]);
  });
});
