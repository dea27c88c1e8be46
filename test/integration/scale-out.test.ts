/**
 * Two store processes on one real PostgreSQL, as behind a load balancer: a change made through one reaches
 * a live listener on the other, the same mutation sent to both applies once, a cached answer on one is
 * never served after a write through the other, and a webhook is delivered once. Runs when DATABASE_URL points at a PostgreSQL server (as in CI).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from '../helpers/api';
import { freshPostgres } from '../helpers/engines';
import { type Receiver, startReceiver } from '../helpers/receiver';
import { startStore, type TestStore } from '../helpers/store';

const onPostgres = process.env.DATABASE_URL?.startsWith('postgres') ?? false;

/** Reads `change` events from a store's live channel until `wanted` says stop (or the time runs out). */
async function listen(store: TestStore, token: string) {
  const controller = new AbortController();
  const res = await fetch(`${store.url}/api/v1/sync/events`, {
    headers: { Authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const versions: number[] = [];
  let buffer = '';
  const reading = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        for (const match of buffer.matchAll(/data: (\{[^\n]*\})/g))
          versions.push(JSON.parse(match[1]!).version);
        buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
      }
    } catch {}
  })();
  return {
    versions,
    /** Resolves with the time since `since` once a version ≥ `version` arrived. */
    async heard(version: number, since: number, withinMs: number) {
      while (Date.now() - since < withinMs) {
        if (versions.some((v) => v >= version)) return Date.now() - since;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`version ${version} not heard within ${withinMs} ms (heard ${versions})`);
    },
    async close() {
      controller.abort();
      await reading;
    },
  };
}

describe.runIf(onPostgres)('two store processes on one PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof freshPostgres>>;
  let one: TestStore;
  let two: TestStore;
  let receiver: Receiver;
  const received: string[] = [];

  beforeAll(async () => {
    database = await freshPostgres('cop_scale');
    receiver = await startReceiver('/hook', ({ headers }) => {
      received.push(String(headers['x-cop-delivery']));
    });
    const env = {
      DATABASE_URL: database.url,
      COP_WEBHOOK_HOSTS: '127.0.0.1',
      COP_WEBHOOK_BACKOFF_MS: '200',
    };
    // Both start at once: the migrations run once, under PostgreSQL's advisory lock.
    [one, two] = await Promise.all([startStore({ env }), startStore({ env })]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([one?.dispose(), two?.dispose()]);
    await receiver?.close();
    await database?.drop();
  });

  it('tells a live listener on one process about a change pushed to the other', async () => {
    const admin = client(one.url, one.adminToken);
    const created = await admin.post('/communities', {
      slug: 'ops',
      name: 'Operations',
      domain: 'Running production',
    });
    expect(created.status).toBe(201);
    const listener = await listen(two, two.adminToken);
    try {
      const pushed = Date.now();
      const push = await admin.post('/sync/push', {
        clientId: `laptop-${randomUUID()}`,
        mutations: [
          {
            id: 1,
            name: 'createPractice',
            args: { id: randomUUID(), community: 'ops', title: 'Drain before deploy' },
          },
        ],
      });
      expect(push.body.results[0].status).toBe('applied');
      const pulled = await client(two.url, two.adminToken).get('/sync/pull?since=0');
      const took = await listener.heard(pulled.body.cursor, pushed, 1_000);
      console.log(
        `a change pushed to process one reached a listener on process two within ${took} ms of the push`,
      );
    } finally {
      await listener.close();
    }
  });

  it('applies the same mutation once when it is sent to both processes at once', async () => {
    const clientId = `phone-${randomUUID()}`;
    const practiceId = randomUUID();
    const batch = {
      clientId,
      mutations: [
        {
          id: 1,
          name: 'createPractice',
          args: { id: practiceId, community: 'ops', title: 'Check the pager rota' },
        },
      ],
    };
    const [a, b] = await Promise.all([
      client(one.url, one.adminToken).post('/sync/push', batch),
      client(two.url, two.adminToken).post('/sync/push', batch),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const statuses = [a.body.results[0].status, b.body.results[0].status].sort();
    expect(statuses).toEqual(['applied', 'skipped']);
    const list = await client(two.url, two.adminToken).get('/practices?community=ops&limit=100');
    expect(list.body.items.filter((p: { id: string }) => p.id === practiceId)).toHaveLength(1);
    const pull = await client(one.url, one.adminToken).get(
      `/sync/pull?since=0&clientId=${clientId}`,
    );
    expect(pull.body.lastMutationId).toBe(1);
  });

  it('serves a cached feed on one process only until the other writes to it, and keeps it past writes elsewhere', async () => {
    const admin = (store: TestStore) => client(store.url, store.adminToken);
    await admin(one).post('/communities', {
      slug: 'elsewhere',
      name: 'Elsewhere',
      domain: 'Other',
    });
    const feed = '/practices?community=ops&limit=100';
    const first = await admin(two).get(feed);
    const etag = first.headers.get('etag')!;
    expect((await admin(two).get(feed, { 'If-None-Match': etag })).status).toBe(304);
    // A capture through process one in another community: process two's answer still holds.
    const elsewhere = await admin(one).post('/practices', {
      community: 'elsewhere',
      title: 'Captured in another community',
    });
    expect(elsewhere.status).toBe(201);
    expect((await admin(two).get(feed, { 'If-None-Match': etag })).status).toBe(304);
    // One in the feed's own community: process two answers afresh, with it.
    const here = await admin(one).post('/practices', { community: 'ops', title: 'Captured here' });
    expect(here.status).toBe(201);
    const after = await admin(two).get(feed, { 'If-None-Match': etag });
    expect(after.status).toBe(200);
    expect(after.body.items.map((p: { title: string }) => p.title)).toContain('Captured here');
  });

  it('delivers each webhook event once, whichever process queued it', async () => {
    const hook = await client(one.url, one.adminToken).post('/communities/ops/webhooks', {
      url: receiver.url,
      events: ['question.created'],
    });
    expect(hook.status).toBe(201);
    const asked = 6;
    for (let i = 0; i < asked; i++) {
      const store = i % 2 ? two : one;
      const res = await client(store.url, store.adminToken).post('/questions', {
        community: 'ops',
        title: `Who owns alert number ${i}?`,
      });
      expect(res.status).toBe(201);
    }
    const deadline = Date.now() + 15_000;
    while (received.length < asked && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    // Give a second delivery of any event the chance to arrive before counting.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(received).toHaveLength(asked);
    expect(new Set(received).size).toBe(asked);
  });
});
