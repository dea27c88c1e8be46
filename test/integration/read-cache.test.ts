/**
 * Repeated reads come from memory, but never stale: every write that changes an answer is seen at once,
 * including writes by another process sharing the database. Runs on SQLite and (with DATABASE_URL) PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { get } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Practice, PullResponse } from '../../src/core/types';
import { recordChange } from '../../src/server/domain/changes';
import { openStorage } from '../../src/server/storage/database';
import {
  client,
  makeCommunity,
  makeCoordinatedCommunity,
  makeUser,
  makeUsers,
  type User,
} from '../helpers/api';
import { ENGINES, type EngineStore, openEngineStore } from '../helpers/engines';

describe.each(ENGINES)('cached reads on %s', (engine) => {
  let store: EngineStore;
  let ada: User;
  let bob: User;
  let eve: User;
  const slug = 'caching';

  beforeAll(async () => {
    store = await openEngineStore(engine);
    [ada, bob, eve] = await makeUsers(store, ['Ada', 'Bob', 'Eve']);
    await makeCoordinatedCommunity(store, slug, ada, [bob]);
  });
  afterAll(() => store?.dispose());

  const capture = (title: string) =>
    ada.api.post<{ practice: Practice }>('/practices', {
      community: slug,
      title,
      body: 'Written down so the next person does not start from nothing.',
      kind: 'method',
      tags: ['caching'],
    });
  const titles = (items: Practice[]) => items.map((p) => p.title);

  it('answers a repeated read again, and a write changes the next answer', async () => {
    await capture('Warm the pipeline cache');
    const first = await bob.api.get<{ items: Practice[] }>('/practices?q=pipeline');
    const again = await bob.api.get<{ items: Practice[] }>('/practices?q=pipeline');
    expect(again.body).toEqual(first.body);
    expect(titles(again.body.items)).toEqual(['Warm the pipeline cache']);

    await capture('Split the pipeline into stages');
    const after = await bob.api.get<{ items: Practice[] }>('/practices?q=pipeline');
    expect(titles(after.body.items).sort()).toEqual([
      'Split the pipeline into stages',
      'Warm the pipeline cache',
    ]);
  });

  it('answers If-None-Match with 304 until something changes', async () => {
    const path = `/practices?community=${slug}&limit=5`;
    const first = await bob.api.get(path);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    const unchanged = await bob.api.get(path, { 'If-None-Match': etag });
    expect(unchanged.status).toBe(304);

    await capture('Name caches after what they hold');
    const changed = await bob.api.get<{ items: Practice[] }>(path, { 'If-None-Match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(titles(changed.body.items)).toContain('Name caches after what they hold');
  });

  it('sends a large answer gzipped to a client that accepts it, the same answer once unzipped', async () => {
    for (let i = 0; i < 6; i++) await capture(`Compress the feed, part ${i}`);
    const path = `/api/v1/practices?community=${slug}&limit=50`;
    const raw = (acceptEncoding?: string) =>
      new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
        const url = new URL(path, store.url);
        get(
          url,
          {
            headers: {
              Authorization: `Bearer ${bob.token}`,
              ...(acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {}),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (d) => chunks.push(d));
            res.on('end', () =>
              resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }),
            );
          },
        ).on('error', reject);
      });
    const plain = await raw();
    expect(plain.encoding).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024);
    // Twice: computed (and compressed) the first time, from the cache the second.
    for (let i = 0; i < 2; i++) {
      const zipped = await raw('gzip, deflate, br');
      expect(zipped.encoding).toBe('gzip');
      expect(zipped.body.length).toBeLessThan(plain.body.length / 2);
      expect(JSON.parse(gunzipSync(zipped.body).toString())).toEqual(
        JSON.parse(plain.body.toString()),
      );
    }
  });

  it('keeps answers per caller: a cached answer never reaches someone else', async () => {
    const path = `/practices?community=${slug}&limit=20`;
    expect((await bob.api.get(path)).status).toBe(200);
    const outsider = await eve.api.get(path);
    expect(outsider.status).toBe(403);
    const anonymous = await client(store.url).get(path);
    expect(anonymous.status).toBe(401);
    // Same URL and data, so the same stamp: the ETag still differs per caller.
    const etag = (await bob.api.get(path)).headers.get('etag')!;
    expect((await ada.api.get(path, { 'If-None-Match': etag })).status).toBe(200);
  });

  it('refuses a revoked token on the very next request', async () => {
    const carol = await makeUser(store.url, store.adminToken, 'Carol');
    expect((await carol.api.get('/practices?limit=1')).status).toBe(200);
    expect((await carol.api.get('/practices?limit=1')).status).toBe(200);
    expect((await carol.api.del('/tokens/current')).status).toBe(204);
    const after = await carol.api.get('/practices?limit=1');
    expect(after.status).toBe(401);
  });

  it('reports a lastMutationId that only rejected mutations advanced', async () => {
    const clientId = `client-${randomUUID()}`;
    const path = `/sync/pull?since=0&clientId=${clientId}`;
    expect((await bob.api.get<PullResponse>(path)).body.lastMutationId).toBe(0);
    const push = await bob.api.post('/sync/push', {
      clientId,
      mutations: [
        {
          id: 1,
          name: 'createPractice',
          args: {
            id: randomUUID(),
            community: 'no-such-community',
            title: 'Refused',
            body: 'Nobody can capture into a community that does not exist.',
            kind: 'method',
            tags: [],
          },
        },
      ],
    });
    expect(push.body.results[0].status).toBe('rejected');
    expect((await bob.api.get<PullResponse>(path)).body.lastMutationId).toBe(1);
  });

  it('sees a write made by another process sharing the database', async () => {
    const { practice } = (await capture('Keep the cache key small')).body;
    const path = `/practices/${practice.id}`;
    const list = '/practices?q=key';
    expect(titles((await bob.api.get<{ items: Practice[] }>(list)).body.items)).toEqual([
      'Keep the cache key small',
    ]);
    // Another store process on the same database renames it (as one would: a new version, a change row).
    const other = await openStorage({
      dataDir: store.ctx.config.dataDir,
      databaseUrl: store.ctx.config.databaseUrl,
    });
    try {
      await other.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('practices')
          .set({ title: 'Keep the cache key short' })
          .where('id', '=', practice.id)
          .execute();
        await recordChange(trx, {
          entity: 'practice',
          entityId: practice.id,
          communityId: await communityId(trx),
        });
      });
    } finally {
      await other.close();
    }
    expect(titles((await bob.api.get<{ items: Practice[] }>(list)).body.items)).toEqual([
      'Keep the cache key short',
    ]);
    expect((await bob.api.get<{ practice: Practice }>(path)).body.practice.title).toBe(
      'Keep the cache key short',
    );
  });

  describe('invalidated per community and per kind of answer', () => {
    const other = 'caching-elsewhere';
    beforeAll(() =>
      makeCommunity(store.url, store.adminToken, other, [
        [ada.id, 'coordinator'],
        [eve.id, 'member'],
      ]),
    );
    const feed = `/practices?community=${slug}&limit=20`;

    it('keeps a feed cached while others capture in another community, and not after a capture in its own', async () => {
      const etag = (await bob.api.get(feed)).headers.get('etag')!;
      const elsewhere = await ada.api.post('/practices', {
        community: other,
        title: 'Captured next door',
        body: 'A capture in one community leaves the feeds of the others as they were.',
        kind: 'method',
        tags: [],
      });
      expect(elsewhere.status).toBe(201);
      expect((await bob.api.get(feed, { 'If-None-Match': etag })).status).toBe(304);

      await capture('Captured in the feed itself');
      const changed = await bob.api.get<{ items: Practice[] }>(feed, { 'If-None-Match': etag });
      expect(changed.status).toBe(200);
      expect(titles(changed.body.items)).toContain('Captured in the feed itself');
    });

    it('keeps the practice feed cached when a question is asked, while a pull shows the question', async () => {
      const clientId = `client-${randomUUID()}`;
      const pullPath = `/sync/pull?since=0&clientId=${clientId}`;
      const pullBefore = await bob.api.get<PullResponse>(pullPath);
      const etag = (await bob.api.get(feed)).headers.get('etag')!;
      const asked = await ada.api.post('/questions', {
        community: slug,
        title: 'Who keeps the cache warm at night?',
        body: '',
        tags: [],
      });
      expect(asked.status).toBe(201);
      expect((await bob.api.get(feed, { 'If-None-Match': etag })).status).toBe(304);
      const pullAfter = await bob.api.get<PullResponse>(pullPath);
      const questions = (r: PullResponse) => r.changes.filter((c) => c.entity === 'question');
      expect(questions(pullAfter.body).length).toBe(questions(pullBefore.body).length + 1);
    });

    it("shows a community's practices from the moment someone joins, and hides them once they leave", async () => {
      const everything = '/practices?limit=50';
      const seen = async () =>
        titles((await eve.api.get<{ items: Practice[] }>(everything)).body.items);
      expect(await seen()).not.toContain('Captured in the feed itself');
      const admin = client(store.url, store.adminToken);
      const joined = await admin.put(`/communities/${slug}/members/${eve.id}`, { role: 'member' });
      expect(joined.status).toBe(200);
      expect(await seen()).toContain('Captured in the feed itself');
      expect((await admin.del(`/communities/${slug}/members/${eve.id}`)).status).toBe(204);
      expect(await seen()).not.toContain('Captured in the feed itself');
      expect(await seen()).toContain('Captured next door');
    });
  });

  async function communityId(trx: Parameters<typeof recordChange>[0]) {
    const row = await trx
      .selectFrom('communities')
      .select('id')
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
    return row.id;
  }
});
