import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApi } from './api';
import { type CacheChange, type CacheDb, getMeta, openCache, setMeta } from './db';
import { enqueue } from './outbox';
import { createSyncEngine, type SyncEngine, type SyncStatus } from './sync';
import {
  createFakeStore,
  type FakeStore,
  samplePractice,
  signedInUser,
} from './testing/fake-store';

const ada = signedInUser;
let n = 0;
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function setup(
  options: {
    store?: FakeStore;
    token?: () => string | null;
    engine?: Partial<Parameters<typeof createSyncEngine>[0]>;
  } = {},
) {
  const store = options.store ?? createFakeStore();
  const db: CacheDb = await openCache(`sync-test-${++n}-${Math.random()}`);
  await setMeta(db, 'user', ada);
  const api = createApi({
    baseUrl: 'http://store.test',
    getToken: options.token ?? (() => 'secret'),
    fetch: store.fetch,
  });
  const changes: CacheChange[] = [];
  const sync = createSyncEngine({
    db,
    api,
    clientId: 'client-0001',
    intervalMs: 0,
    broadcast: false,
    initialDelayMs: 5,
    maxDelayMs: 20,
    onChange: (c) => changes.push(...c),
    ...options.engine,
  });
  cleanups.push(() => {
    sync.stop();
    db.close();
  });
  return { store, db, sync, changes };
}

/** Every state the status signal went through. */
function recordStates(sync: SyncEngine) {
  const states: SyncStatus['state'][] = [];
  const stop = sync.status.subscribe((s) => {
    if (states[states.length - 1] !== s.state) states.push(s.state);
  });
  cleanups.push(stop);
  return states;
}

describe('sync engine', () => {
  it('delivers queued writes exactly once when a push answer is lost, retrying the same ids', async () => {
    const { store, db, sync } = await setup();
    // Queued straight into the outbox, so only the explicit syncNow() calls below push.
    await enqueue(db, 'createPractice', { id: 'p-1', community: 'support', title: 'One' });
    await enqueue(db, 'createPractice', { id: 'p-2', community: 'support', title: 'Two' });
    await sync.syncNow();
    expect(store.applied).toEqual(['client-0001:1', 'client-0001:2']);

    await enqueue(db, 'createPractice', { id: 'p-3', community: 'support', title: 'Three' });
    await enqueue(db, 'createPractice', { id: 'p-4', community: 'support', title: 'Four' });
    store.fail('response-lost', 1, 'push'); // the store applies 3 and 4, but the answer is lost
    store.fail('request-lost', 1, 'push'); // the first retry does not even arrive
    await sync.syncNow();
    expect(sync.status.value).toMatchObject({ state: 'offline', pending: 2 });
    await sync.syncNow();
    expect(sync.status.value).toMatchObject({ state: 'offline', pending: 2 });
    await sync.syncNow();

    expect(sync.status.value).toMatchObject({ state: 'synced', pending: 0 });
    expect(store.applied).toEqual([
      'client-0001:1',
      'client-0001:2',
      'client-0001:3',
      'client-0001:4',
    ]);
    expect(store.pushes.map((p) => p.mutations.map((m) => m.id))).toEqual([
      [1, 2],
      [3, 4],
      [3, 4],
    ]);
    expect(await db.count('outbox')).toBe(0);
    expect(store.practices.size).toBe(4);
    expect(await db.count('practice')).toBe(4);
    expect(await getMeta(db, 'lastMutationId')).toBe(4);
  });

  it('takes a rejected mutation out of the outbox, reports it and undoes its optimistic row', async () => {
    const { store, db, sync } = await setup();
    await sync.mutate('createPractice', { id: 'empty-title', community: 'support', title: '   ' });
    expect(await db.get('practice', 'empty-title')).toBeDefined();
    await sync.syncNow();

    expect(await db.count('outbox')).toBe(0);
    expect(await db.get('practice', 'empty-title')).toBeUndefined();
    expect(sync.problems.value).toEqual([
      expect.objectContaining({
        id: 1,
        result: expect.objectContaining({
          status: 'rejected',
          error: { code: 'invalid', message: 'title: must not be empty' },
        }),
      }),
    ]);
    // Never retried: the store saw it once.
    expect(store.pushes).toHaveLength(1);
    await sync.dismissProblem(1);
    expect(sync.problems.value).toEqual([]);
  });

  it('pulls page after page until hasMore is false, deleting tombstoned rows', async () => {
    const { store, db, sync, changes } = await setup({ engine: { pullLimit: 2 } });
    for (let i = 1; i <= 5; i++)
      store.serverPut(samplePractice({ id: `p-${i}`, title: `Practice ${i}` }));
    await sync.syncNow();
    expect(store.pulls.map((p) => p.since)).toEqual([0, 2, 4]);
    expect(await db.count('practice')).toBe(5);

    store.serverDelete('p-2');
    store.serverDelete('p-4');
    await sync.syncNow();
    expect((await db.getAllKeys('practice')).sort()).toEqual(['p-1', 'p-3', 'p-5']);
    expect(await getMeta(db, 'cursor')).toBe(7);
    expect(changes.filter((c) => !c.row).map((c) => c.id)).toEqual(['p-2', 'p-4']);
  });

  it('shows pending, then synced; offline when the store cannot be reached', async () => {
    const { store, sync } = await setup();
    const states = recordStates(sync);
    await sync.mutate('createQuestion', {
      id: 'q-1',
      community: 'support',
      title: 'Who owns the VPN?',
    });
    expect(sync.status.value.pending).toBe(1);
    await sync.syncNow();
    expect(sync.status.value).toMatchObject({ state: 'synced', pending: 0 });
    expect(sync.status.value.lastSyncAt).toEqual(expect.any(String));
    expect(states).toEqual(['synced', 'pending', 'synced']);

    store.fail('request-lost', 1);
    await sync.mutate('createQuestion', {
      id: 'q-2',
      community: 'support',
      title: 'And the wiki?',
    });
    await sync.syncNow();
    expect(sync.status.value).toMatchObject({
      state: 'offline',
      pending: 1,
      error: { code: 'unreachable', message: expect.stringContaining('your work is kept') },
    });
  });

  it('retries by itself with backoff until the store is back', async () => {
    const { store, sync } = await setup();
    store.fail('request-lost', 3);
    sync.start();
    await sync.mutate('createPractice', { community: 'support', title: 'Keep trying' });
    await vi.waitFor(() => expect(sync.status.value.state).toBe('synced'), { timeout: 2000 });
    expect(store.practices.size).toBe(1);
  });

  it('sends at most 100 mutations per push, in id order', async () => {
    const { store, db, sync } = await setup();
    for (let i = 0; i < 230; i++) {
      // Queued directly, so the engine does not start a push per write.
      await enqueue(db, 'endorsePractice', { practiceId: `p-${i}` });
    }
    await sync.syncNow();
    expect(store.pushes.map((p) => p.mutations.length)).toEqual([100, 100, 30]);
    const ids = store.pushes.flatMap((p) => p.mutations.map((m) => m.id));
    expect(ids).toEqual(Array.from({ length: 230 }, (_, i) => i + 1));
  });

  it('resyncs the id counter when the store reports a gap', async () => {
    const { store, db, sync } = await setup();
    await setMeta(db, 'nextMutationId', 50); // e.g. the store was restored from an older backup
    await sync.mutate('createPractice', {
      id: 'after-restore',
      community: 'support',
      title: 'Still here',
    });
    await sync.syncNow();
    expect(store.applied).toEqual(['client-0001:1']);
    expect(store.practices.has('after-restore')).toBe(true);
    expect(await db.count('outbox')).toBe(0);
    expect(await getMeta(db, 'nextMutationId')).toBe(2);
  });

  it('is signed-out without a token and keeps the work until someone signs in', async () => {
    let token: string | null = null;
    const { store, db, sync } = await setup({ token: () => token });
    await sync.mutate('createPractice', { community: 'support', title: 'Offline capture' });
    await sync.syncNow();
    expect(sync.status.value).toMatchObject({ state: 'signed-out', pending: 1 });
    expect(await db.count('outbox')).toBe(1);

    token = 'secret';
    await sync.syncNow();
    expect(sync.status.value.state).toBe('synced');
    expect(store.practices.size).toBe(1);
  });

  it('pulls when the live channel says so', async () => {
    let trigger: () => void = () => {};
    const { store, db, sync } = await setup({
      engine: {
        live: ({ onChange }) => {
          trigger = onChange;
          return { close() {} };
        },
      },
    });
    sync.start();
    await vi.waitFor(() => expect(store.pulls.length).toBe(1));
    store.serverPut(samplePractice({ id: 'from-a-colleague' }));
    trigger();
    await vi.waitFor(async () =>
      expect(await db.get('practice', 'from-a-colleague')).toBeDefined(),
    );
  });
});
