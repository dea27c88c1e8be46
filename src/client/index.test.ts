import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import type { User } from '../core/types';
import { CACHE_VERSION } from './db';
import { type ClientOptions, createClient } from './index';
import { createFakeStore, type FakeStore, samplePractice } from './testing/fake-store';

const person = (id: string, name: string): User => ({
  id,
  name,
  email: `${id}@example.org`,
  isAdmin: false,
  createdAt: 'x',
});

/** A client of the fake store that syncs only when told, with a cache of its own. */
const clientOf = (store: FakeStore, options: Partial<ClientOptions> = {}) =>
  createClient({
    baseUrl: 'http://store.test',
    getToken: () => 'secret',
    dbName: `client-test-${Math.random()}`,
    fetch: store.fetch,
    live: false,
    intervalMs: 0,
    ...options,
  });

describe('createClient', () => {
  it('finds a capture in local search at once, and delivers it to the store', async () => {
    const store = createFakeStore();
    store.serverPut(samplePractice({ id: 'existing', title: 'Escalation ladder for outages' }));
    const client = await clientOf(store);
    await client.setUser(person('user-1', 'Ada'));
    const seen: string[] = [];
    client.subscribe((changes) => seen.push(...changes.map((c) => c.id)));

    const { mutation } = await client.mutate('createPractice', {
      community: 'support',
      title: 'Escalate after two pages',
    });
    const id = (mutation.args as { id: string }).id;
    expect(client.search.query('escal').map((h) => h.id)).toContain(id);
    expect(seen).toContain(id);

    await client.sync.syncNow();
    expect(client.sync.status.value.state).toBe('synced');
    expect(store.practices.has(id)).toBe(true);
    expect(
      client.search
        .query('escal')
        .map((h) => h.id)
        .sort(),
    ).toEqual(['existing', id].sort());
    client.close();
  });

  it('starts from an empty cache when a different person signs in, never silently dropping work', async () => {
    const store = createFakeStore();
    store.serverPut(samplePractice({ id: 'seen-by-ada', title: 'Visible to the first person' }));
    const client = await clientOf(store, { autoStart: false });
    await client.setUser(person('user-1', 'Ada'));
    await client.sync.syncNow();
    expect(client.search.size).toBe(1);

    store.fail('request-lost', 5);
    await client.mutate('createPractice', { community: 'support', title: 'Unsent' });
    await expect(client.setUser(person('user-2', 'Grace'))).rejects.toMatchObject({
      code: 'pending_changes',
      message: expect.stringContaining('Ada has 1 change not sent yet'),
    });
    expect(client.search.size).toBe(2);

    await client.setUser(person('user-2', 'Grace'), { discardPending: true });
    expect(client.search.size).toBe(0);
    expect(await client.db.count('practice')).toBe(0);
    expect(client.sync.status.value.pending).toBe(0);
    client.close();
  });

  it('steps aside when a newer version opens the cache elsewhere, and says it is out of date', async () => {
    const store = createFakeStore();
    const dbName = `client-test-${Math.random()}`;
    const client = await clientOf(store, { dbName });
    await client.setUser(person('user-1', 'Ada'));
    await client.sync.syncNow();
    expect(client.sync.status.value.state).toBe('synced');

    let blocked = false;
    // Another tab with newer code upgrades the cache: without the handler this open would wait.
    const newer = await openDB(dbName, CACHE_VERSION + 1, {
      blocked: () => {
        blocked = true;
      },
    });
    expect(blocked).toBe(false);
    expect(client.sync.status.value.state).toBe('outdated');
    // Nothing syncs any more, and nothing paints over the notice.
    const pulls = store.pulls.length;
    await client.sync.syncNow();
    client.sync.start();
    expect(client.sync.status.value.state).toBe('outdated');
    expect(store.pulls.length).toBe(pulls);
    newer.close();
    client.close();
  });
});
