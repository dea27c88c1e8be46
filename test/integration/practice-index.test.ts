/**
 * SQLite indexes new practices for search just after their write commits (storage/practice-index.ts). Whatever
 * happens in between — a search, an edit or a delete of a practice still queued, a crash — search finds
 * exactly the committed practices and the full-text index stays consistent with them.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Practice, User } from '../../src/core/types';
import type { Db, Principal } from '../../src/server/context';
import { createPractice } from '../../src/server/domain/practices';
import { openStorage, type Storage } from '../../src/server/storage/database';
import { makeCommunity, makeUser } from '../helpers/api';
import { type EngineStore, openEngineStore } from '../helpers/engines';

describe('the queue of practices to index for search (SQLite)', () => {
  let store: EngineStore;
  let storage: Storage;
  let ada: Awaited<ReturnType<typeof makeUser>>;
  let principal: Principal;

  beforeAll(async () => {
    store = await openEngineStore('sqlite');
    storage = store.ctx.storage;
    ada = await makeUser(store.url, store.adminToken, 'Ada');
    await makeCommunity(store.url, store.adminToken, 'ops', [[ada.id, 'coordinator']]);
    const me = await ada.api.get<{ user: User }>('/me');
    principal = { kind: 'user', user: me.body.user, via: 'token' };
  });
  afterAll(() => store?.dispose());

  /** Captures a practice as the domain does, but without the catch-up that follows a request's transaction. */
  async function insertQueued(title: string, db: Db = storage.db): Promise<string> {
    const id = randomUUID();
    await createPractice(db, principal, {
      id,
      community: 'ops',
      title,
      body: 'Written while the index waits.',
      kind: 'method',
      tags: [],
    });
    return id;
  }

  const queued = async () =>
    Number(
      (await sql<{ n: number }>`select count(*) as n from practices_fts_queue`.execute(storage.db))
        .rows[0]?.n,
    );

  const search = async (q: string) => {
    // Computed, not cached: these writes go straight to the database, without a new version.
    const res = await ada.api.get<{ items: Practice[] }>(
      `/practices?q=${encodeURIComponent(q)}&community=ops&limit=100`,
      { 'cache-control': 'no-cache' },
    );
    expect(res.status).toBe(200);
    return res.body.items.map((p) => p.id);
  };

  /** FTS5 compares the whole index with the practices it was built from. */
  const indexIsExact = () =>
    sql`insert into practices_fts(practices_fts, rank) values ('integrity-check', 1)`.execute(
      storage.db,
    );

  it('a search finds a practice written a moment before, even before the catch-up ran', async () => {
    const id = await insertQueued('Quarantine flaky runners');
    expect(await queued()).toBe(1);
    expect(await search('quarantine')).toEqual([id]);
    expect(await queued()).toBe(0);
    await indexIsExact();
  });

  it('the catch-up after a push indexes its practices without waiting for a search', async () => {
    const id = randomUUID();
    const res = await ada.api.post('/sync/push', {
      clientId: `c-${randomUUID()}`,
      mutations: [
        { id: 1, name: 'createPractice', args: { id, community: 'ops', title: 'Pin base images' } },
      ],
    });
    expect(res.status).toBe(200);
    await storage.indexSoon();
    expect(await queued()).toBe(0);
    expect(await search('base images')).toEqual([id]);
  });

  it('edits and deletes of practices still queued leave the index exact', async () => {
    const edited = await insertQueued('Drain nodes slowly');
    const removed = await insertQueued('Drain nodes at once');
    await storage.db
      .updateTable('practices')
      .set({ title: 'Cordon the node first' })
      .where('id', '=', edited)
      .execute();
    await storage.db.deleteFrom('practices').where('id', '=', removed).execute();
    expect(await queued()).toBe(1);

    expect(await search('cordon')).toEqual([edited]);
    expect(await search('drain')).toEqual([]);
    await indexIsExact();

    // Once indexed, an edit updates the index at once and a delete removes the practice from it.
    await storage.db
      .updateTable('practices')
      .set({ title: 'Cordon, then drain' })
      .where('id', '=', edited)
      .execute();
    expect(await queued()).toBe(0);
    expect(await search('drain')).toEqual([edited]);
    await storage.db.deleteFrom('practices').where('id', '=', edited).execute();
    expect(await search('cordon')).toEqual([]);
    await indexIsExact();
  });

  it('tidying merges the segments many small writes left, and search finds the same', async () => {
    const structure = async () =>
      Number(
        (
          await sql<{
            n: number;
          }>`select length(block) as n from practices_fts_data where id = 10`.execute(storage.db)
        ).rows[0]?.n,
      );
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push(await insertQueued(`Rehearse the failover ${i}`));
    await storage.searchable();
    // Each edit of an indexed practice writes a small segment of its own, and nothing merges them yet.
    for (const [i, id] of ids.entries())
      await storage.db
        .updateTable('practices')
        .set({ body: `Rehearsed ${i} times.` })
        .where('id', '=', id)
        .execute();
    expect((await search('rehearse failover')).sort()).toEqual([...ids].sort());
    const before = await structure();
    await storage.tidy();
    expect(await structure()).toBeLessThan(before);
    expect((await search('rehearse failover')).sort()).toEqual([...ids].sort());
    await indexIsExact();
  });

  it('practices a crash left in the queue are indexed when the store opens the database again', async () => {
    // More than one step's worth, the last one the practice looked for.
    await storage.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 1_200; i++) await insertQueued(`Routine check ${i}`, trx);
    });
    const id = await insertQueued('Keep a warm standby');
    const dataDir = store.ctx.config.dataDir;
    // A second handle on the same file, as the next start would open it.
    const reopened = await openStorage({ dataDir });
    try {
      expect(await queued()).toBe(0);
      const hit = await sql<{ id: string }>`select p.id from practices_fts
        join practices p on p.rid = practices_fts.rowid where practices_fts match 'standby'`.execute(
        reopened.db,
      );
      expect(hit.rows.map((r) => r.id)).toEqual([id]);
    } finally {
      await reopened.close();
    }
    await indexIsExact();
  });
});
