import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import type { Change } from '../core/types';
import {
  applyChanges,
  CACHE_VERSION,
  getClientId,
  getMeta,
  openCache,
  resetForNewUser,
} from './db';
import { samplePractice } from './testing/fake-store';

let n = 0;
const freshName = () => `db-test-${++n}-${Math.random()}`;

describe('openCache', () => {
  it('creates a store per entity with lookups by community, question and author', async () => {
    const db = await openCache(freshName());
    expect([...db.objectStoreNames].sort()).toEqual(
      [
        'answer',
        'community',
        'conflict',
        'endorsement',
        'membership',
        'meta',
        'outbox',
        'practice',
        'problems',
        'prompt',
        'question',
      ].sort(),
    );
    await db.put('answer', {
      id: 'a1',
      questionId: 'q1',
      community: 'support',
      body: 'Yes',
      author: 'u1',
      authorName: 'Ada',
      accepted: false,
      createdAt: 'x',
    });
    expect(await db.getAllFromIndex('answer', 'questionId', 'q1')).toHaveLength(1);
    // Only lookups something makes: every index is written with every row of a first sync.
    expect([...db.transaction('practice').store.indexNames]).toEqual([]);
    db.close();
  });

  it('upgrades a version 1 cache: rows and pending work kept, unused indexes dropped', async () => {
    const name = freshName();
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        for (const store of ['community', 'membership', 'question', 'answer', 'endorsement'])
          db.createObjectStore(store, { keyPath: 'id' });
        const practice = db.createObjectStore('practice', { keyPath: 'id' });
        for (const index of ['community', 'author', 'status', 'updatedAt'])
          practice.createIndex(index, index);
        practice.createIndex('sourceUrl', 'source.url');
        db.createObjectStore('prompt', { keyPath: 'id' }).createIndex('community', 'community');
        db.createObjectStore('conflict', { keyPath: 'id' }).createIndex('entityId', 'entityId');
        db.createObjectStore('outbox', { keyPath: 'id' });
        db.createObjectStore('problems', { keyPath: 'id' });
        db.createObjectStore('meta');
      },
    });
    await v1.put('practice', samplePractice());
    await v1.put('meta', 'client-kept', 'clientId');
    v1.close();

    const db = await openCache(name);
    expect(await db.get('practice', 'practice-0001')).toMatchObject({ id: 'practice-0001' });
    expect(await getClientId(db)).toBe('client-kept');
    expect([...db.transaction('practice').store.indexNames]).toEqual([]);
    expect([...db.transaction('conflict').store.indexNames]).toEqual([]);
    db.close();
  });

  it('keeps one client id across restarts', async () => {
    const name = freshName();
    const first = await openCache(name);
    const id = await getClientId(first);
    first.close();
    const second = await openCache(name);
    expect(await getClientId(second)).toBe(id);
    expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    second.close();
  });

  it('steps aside when another tab opens a newer version, and says this tab is outdated', async () => {
    const name = freshName();
    let outdated = 0;
    await openCache(name, { onOutdated: () => outdated++ });
    let blocked = false;
    // Without the blocking handler this open waits for the first connection to close.
    const newer = await openDB(name, CACHE_VERSION + 1, {
      blocked: () => {
        blocked = true;
      },
    });
    expect(blocked).toBe(false);
    expect(outdated).toBe(1);
    newer.close();
  });
});

describe('applyChanges', () => {
  it('puts rows, deletes tombstones and stores the cursor together', async () => {
    const db = await openCache(freshName());
    await db.put('practice', samplePractice({ id: 'old-one' }));
    const changes: Change[] = [
      {
        entity: 'practice',
        id: 'p-new',
        op: 'put',
        version: 5,
        data: samplePractice({ id: 'p-new', title: 'New' }),
      },
      { entity: 'practice', id: 'old-one', op: 'delete', version: 6 },
    ];
    const written = await applyChanges(db, changes, 6, { since: 0, lastMutationId: 3 });

    expect(written).toEqual([
      { entity: 'practice', id: 'p-new', row: expect.objectContaining({ title: 'New' }) },
      { entity: 'practice', id: 'old-one', row: undefined },
    ]);
    expect(await db.getAllKeys('practice')).toEqual(['p-new']);
    expect(await getMeta(db, 'cursor')).toBe(6);
    expect(await getMeta(db, 'lastMutationId')).toBe(3);
    db.close();
  });

  it('applies nothing when another tab already moved the cursor past `since`', async () => {
    const db = await openCache(freshName());
    await applyChanges(db, [], 10);
    const stale: Change[] = [
      { entity: 'practice', id: 'p', op: 'put', version: 4, data: samplePractice({ id: 'p' }) },
    ];
    expect(await applyChanges(db, stale, 4, { since: 3 })).toBeNull();
    expect(await db.count('practice')).toBe(0);
    expect(await getMeta(db, 'cursor')).toBe(10);
    db.close();
  });

  it('starts afresh for another person, but not while the previous one has unsent changes', async () => {
    const db = await openCache(freshName());
    const grace = {
      id: 'user-2',
      email: 'g@example.org',
      name: 'Grace',
      isAdmin: false,
      createdAt: 'x',
    };
    const firstClient = await getClientId(db);
    await applyChanges(
      db,
      [{ entity: 'practice', id: 'p', op: 'put', version: 1, data: samplePractice({ id: 'p' }) }],
      1,
    );
    await db.put('outbox', {
      id: 1,
      name: 'endorsePractice',
      args: { practiceId: 'p' },
      queuedAt: 'x',
      by: { id: 'u', name: 'U' },
      touches: [],
    });

    expect(await resetForNewUser(db, grace)).toBe(false);
    expect(await db.count('practice')).toBe(1);
    expect(await db.count('outbox')).toBe(1);

    expect(await resetForNewUser(db, grace, { discardPending: true })).toBe(true);
    expect(await db.count('practice')).toBe(0);
    expect(await db.count('outbox')).toBe(0);
    expect(await getMeta(db, 'cursor')).toBeUndefined();
    expect(await getMeta(db, 'user')).toEqual(grace);
    expect(await getClientId(db)).not.toBe(firstClient);
    db.close();
  });
});
