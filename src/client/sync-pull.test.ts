import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Change, PullResponse } from '../core/types';
import { type CacheDb, getMeta, openCache, setMeta } from './db';
import { pullUntilCaughtUp, widensView } from './sync-pull';
import { samplePractice, signedInUser } from './testing/fake-store';

let n = 0;
const open: CacheDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

async function cache() {
  const db = await openCache(`pull-test-${++n}-${Math.random()}`);
  open.push(db);
  await setMeta(db, 'user', signedInUser);
  return db;
}

const practice = (id: string, version: number): Change => ({
  entity: 'practice',
  id,
  op: 'put',
  version,
  data: samplePractice({ id, title: id }),
});

const myMembership = (role: 'member' | 'coordinator') => ({
  id: 'support:user-1',
  community: 'support',
  userId: signedInUser.id,
  role,
  topics: [],
  hidden: false,
  joinedAt: '2025-01-01T00:00:00.000Z',
});

const membership = (role: 'member' | 'coordinator', version: number): Change => ({
  entity: 'membership',
  id: 'support:user-1',
  op: 'put',
  version,
  data: myMembership(role),
});

/** A feed of `changes`, `per` per page, that logs what is asked and what is applied. */
function feed(changes: Change[], per: number, log: string[]) {
  return async (since: number): Promise<PullResponse> => {
    log.push(`pull ${since}`);
    const page = changes.filter((c) => c.version > since).slice(0, per);
    const cursor = page.at(-1)?.version ?? since;
    return {
      changes: page,
      cursor,
      hasMore: changes.some((c) => c.version > cursor),
      lastMutationId: 0,
    };
  };
}

describe('puller', () => {
  it('pulls page after page until caught up, asking for the next page before applying one', async () => {
    const db = await cache();
    const log: string[] = [];
    const changes = [1, 2, 3, 4, 5].map((v) => practice(`p-${v}`, v));
    await pullUntilCaughtUp({
      db,
      api: { pull: feed(changes, 2, log) },
      clientId: 'client-1',
      pullLimit: 2,
      onChanges: (applied) => log.push(`applied ${applied.map((c) => c.id).join(',')}`),
    });
    expect(log).toEqual([
      'pull 0',
      'pull 2',
      'applied p-1,p-2',
      'pull 4',
      'applied p-3,p-4',
      'applied p-5',
    ]);
    expect(await getMeta(db, 'cursor')).toBe(5);
    expect((await db.getAll('practice')).map((p) => p.id).sort()).toEqual([
      'p-1',
      'p-2',
      'p-3',
      'p-4',
      'p-5',
    ]);
  });

  it('pulls again from the start when my role widens what I may read', async () => {
    const db = await cache();
    await setMeta(db, 'cursor', 10);
    const log: string[] = [];
    const older = practice('p-old', 3);
    const pages: PullResponse[] = [
      { changes: [membership('coordinator', 11)], cursor: 11, hasMore: false, lastMutationId: 0 },
      {
        changes: [older, membership('coordinator', 11)],
        cursor: 11,
        hasMore: false,
        lastMutationId: 0,
      },
    ];
    await pullUntilCaughtUp({
      db,
      api: {
        pull: async (since) => {
          log.push(`pull ${since}`);
          return pages.shift() as PullResponse;
        },
      },
      clientId: 'client-1',
      pullLimit: 100,
      onChanges: () => {},
    });
    expect(log).toEqual(['pull 10', 'pull 0']);
    expect(await db.get('practice', 'p-old')).toBeTruthy();
  });

  it('sees a widened view only in my own new or changed membership', async () => {
    const db = await cache();
    expect(await widensView(db, [membership('member', 1)])).toBe(true);
    await db.put('membership', myMembership('member'));
    expect(await widensView(db, [membership('member', 2)])).toBe(false);
    expect(await widensView(db, [membership('coordinator', 2)])).toBe(true);
    expect(await widensView(db, [practice('p-1', 2)])).toBe(false);
  });
});
