/**
 * The practice feed over several communities: featured first, then the most recently updated, whichever
 * community each comes from; a tag or kind narrows it; the limit holds. (Each community's page is read
 * through its own index and the pages merged, so this pins the order that merge must keep.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Practice } from '../../src/core/types';
import { makeCommunity, makeUser } from '../helpers/api';
import { ENGINES, type EngineStore, openEngineStore } from '../helpers/engines';

describe.each(ENGINES)('the practice feed on %s', (engine) => {
  let store: EngineStore;
  let ada: Awaited<ReturnType<typeof makeUser>>;
  const captured: Practice[] = [];

  beforeAll(async () => {
    store = await openEngineStore(engine);
    ada = await makeUser(store.url, store.adminToken, 'Ada');
    for (const slug of ['north', 'south', 'east'])
      await makeCommunity(store.url, store.adminToken, slug, [[ada.id, 'coordinator']]);
    // Alternating communities, oldest first; every third one tagged "handover".
    for (let i = 0; i < 9; i++) {
      const res = await ada.api.post<{ practice: Practice }>('/practices', {
        community: ['north', 'south', 'east'][i % 3],
        title: `Practice ${i}`,
        body: 'Kept for the feed.',
        kind: i % 2 ? 'story' : 'method',
        tags: i % 3 === 0 ? ['handover'] : [],
      });
      expect(res.status).toBe(201);
      captured.push(res.body.practice);
    }
    // The oldest one, featured by its coordinator.
    const oldest = captured[0]!;
    const featured = await ada.api.post(`/practices/${oldest.id}/review`, {
      action: 'feature',
      baseVersion: oldest.version,
    });
    expect(featured.status).toBe(200);
  });
  afterAll(() => store?.dispose());

  const titles = async (path: string) =>
    (await ada.api.get<{ items: Practice[] }>(path)).body.items.map((p) => p.title);

  it('puts featured practices first, then the newest across every community', async () => {
    expect(await titles('/practices?limit=4')).toEqual([
      'Practice 0',
      'Practice 8',
      'Practice 7',
      'Practice 6',
    ]);
  });

  it('narrows by tag, kind and community, newest first', async () => {
    expect(await titles('/practices?tag=handover&limit=20')).toEqual([
      'Practice 0',
      'Practice 6',
      'Practice 3',
    ]);
    expect(await titles('/practices?kind=story&limit=2')).toEqual(['Practice 7', 'Practice 5']);
    expect(await titles('/practices?community=south&limit=20')).toEqual([
      'Practice 7',
      'Practice 4',
      'Practice 1',
    ]);
  });
});
