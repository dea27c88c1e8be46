/**
 * The client against a real store (a child process on a free port): push, pull, the live channel,
 * exactly-once across a lost answer, rejections, conflicts and a store restart.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CopClient, createClient } from '../../src/client/index';
import { makeCommunity, makeUser } from '../helpers/api';
import { startStore, type TestStore } from '../helpers/store';

describe('client against the real store', () => {
  let store: TestStore;
  let ada: Awaited<ReturnType<typeof makeUser>>;
  let bob: Awaited<ReturnType<typeof makeUser>>;
  const clients: CopClient[] = [];

  beforeAll(async () => {
    store = await startStore();
    ada = await makeUser(store.url, store.adminToken, 'Ada');
    bob = await makeUser(store.url, store.adminToken, 'Bob');
    await makeCommunity(store.url, store.adminToken, 'platform', [
      [ada.id, 'coordinator'],
      [bob.id, 'member'],
    ]);
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) c.close();
    await store?.dispose();
  });

  /** A signed-in client with its own cache; `fetch` may be wrapped to lose answers. */
  async function connect(
    person: typeof ada,
    options: { fetch?: typeof fetch; live?: boolean } = {},
  ) {
    let token: string | null = null;
    const client = await createClient({
      baseUrl: store.url,
      getToken: () => token,
      dbName: `integration-${person.id}-${Math.random()}`,
      fetch: options.fetch,
      live: options.live ?? false,
      intervalMs: 0,
      autoStart: false,
    });
    clients.push(client);
    token = (await client.signIn(person.email, 'correct horse battery')).token;
    client.sync.start();
    return client;
  }

  it('captures offline-first and the practice reaches the store and other members', async () => {
    const client = await connect(ada);
    const { mutation } = await client.mutate('createPractice', {
      community: 'platform',
      title: 'Drain the node before patching',
      tags: ['Kubernetes'],
    });
    const id = (mutation.args as { id: string }).id;
    expect(client.search.query('drain').map((h) => h.id)).toEqual([id]);
    await client.sync.syncNow();
    expect(client.sync.status.value).toMatchObject({ state: 'synced', pending: 0 });

    const seen = (await bob.api.get(`/practices?community=platform`)).body.items as Array<{
      id: string;
    }>;
    expect(seen.map((p) => p.id)).toContain(id);
    const cached = await client.db.get('practice', id);
    expect(cached).toMatchObject({ status: 'captured', tags: ['kubernetes'], authorName: 'Ada' });
  });

  it('brings in a community’s earlier practices when the person joins it later', async () => {
    const carol = await makeUser(store.url, store.adminToken, 'Carol');
    await makeCommunity(store.url, store.adminToken, 'design', [[ada.id, 'coordinator']]);
    const earlier = (
      await ada.api.post('/practices', { community: 'design', title: 'Earlier design practice' })
    ).body.practice;
    const client = await connect(carol);
    await client.sync.syncNow();
    expect(await client.db.get('practice', earlier.id)).toBeUndefined();
    await ada.api.put(`/communities/design/members/${carol.id}`, { role: 'member' });
    await client.sync.syncNow();
    expect(await client.db.get('practice', earlier.id)).toMatchObject({
      title: 'Earlier design practice',
    });
    expect(client.search.query('earlier design').map((h) => h.id)).toEqual([earlier.id]);
  });

  it('applies a push exactly once when its answer is lost', async () => {
    let loseNextPushAnswer = true;
    const lossy: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input).endsWith('/sync/push') && loseNextPushAnswer) {
        loseNextPushAnswer = false;
        throw new TypeError('connection reset');
      }
      return response;
    };
    const client = await connect(ada, { fetch: lossy });
    await client.sync.syncNow();
    await client.mutate('createPractice', {
      id: crypto.randomUUID(),
      community: 'platform',
      title: 'Once only A',
    });
    await client.mutate('createPractice', {
      id: crypto.randomUUID(),
      community: 'platform',
      title: 'Once only B',
    });
    await vi.waitFor(
      () => expect(client.sync.status.value).toMatchObject({ state: 'synced', pending: 0 }),
      {
        timeout: 10_000,
      },
    );
    const all = (await ada.api.get('/practices?q=once&community=platform&limit=50')).body
      .items as Array<{
      title: string;
    }>;
    expect(all.map((p) => p.title).sort()).toEqual(['Once only A', 'Once only B']);
  });

  it('hears about other members’ changes on the live channel without polling', async () => {
    const listening = await connect(bob, { live: true });
    await listening.sync.syncNow();
    const writer = await connect(ada);
    const { mutation } = await writer.mutate('createPractice', {
      community: 'platform',
      title: 'Live news',
    });
    await vi.waitFor(
      async () =>
        expect(
          await listening.db.get('practice', (mutation.args as { id: string }).id),
        ).toBeDefined(),
      { timeout: 10_000 },
    );
    listening.close(); // an open event stream would hold up the restart test's graceful shutdown
  });

  it('reports a rejected write and an edit conflict as problems, keeping the store’s version', async () => {
    const client = await connect(bob);
    await client.mutate('createPractice', { community: 'not-a-member-here', title: 'Nope' });
    await client.sync.syncNow();
    expect(client.sync.problems.value.at(-1)?.result.status).toBe('rejected');
    expect(await client.db.count('outbox')).toBe(0);

    const { mutation } = await client.mutate('createPractice', {
      community: 'platform',
      title: 'Shared doc',
    });
    const id = (mutation.args as { id: string }).id;
    await client.sync.syncNow();
    // Someone else edits first, through the store directly.
    const other = await connect(ada);
    await other.sync.syncNow();
    await other.mutate('updatePractice', {
      id,
      baseVersion: 1,
      patch: { title: 'Shared document' },
    });
    await other.sync.syncNow();

    await client.mutate('updatePractice', {
      id,
      baseVersion: 1,
      patch: { body: 'My parallel edit' },
    });
    await client.sync.syncNow();
    const problem = client.sync.problems.value.at(-1);
    expect(problem?.result.status).toBe('conflict');
    expect(await client.db.get('practice', id)).toMatchObject({
      title: 'Shared document',
      version: 2,
      body: '',
    });
    expect((await client.db.getAll('conflict')).filter((c) => c.entityId === id)).toHaveLength(1);
  });

  it('keeps work while the store is down and sends it when it is back', async () => {
    const client = await connect(ada);
    await client.sync.syncNow();
    await store.stop();
    try {
      await client.mutate('createQuestion', { community: 'platform', title: 'Who owns the VPN?' });
      await client.sync.syncNow();
      expect(client.sync.status.value).toMatchObject({ state: 'offline', pending: 1 });
    } finally {
      await store.start();
    }
    await client.sync.syncNow();
    expect(client.sync.status.value).toMatchObject({ state: 'synced', pending: 0 });
    const questions = (await ada.api.get('/questions?community=platform')).body.items as Array<{
      title: string;
    }>;
    expect(questions.map((q) => q.title)).toContain('Who owns the VPN?');
  });
});
