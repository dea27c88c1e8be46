import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Mutation, PushResponse } from '../core/types';
import { ApiError } from './api';
import { type CacheDb, openCache, pendingCount, setMeta } from './db';
import { enqueue, type ResultsOutcome } from './outbox';
import { pushOutbox } from './sync-push';
import { signedInUser } from './testing/fake-store';

let n = 0;
const open: CacheDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

async function outboxWith(count: number) {
  const db = await openCache(`push-test-${++n}-${Math.random()}`);
  open.push(db);
  await setMeta(db, 'user', signedInUser);
  for (let i = 1; i <= count; i++)
    await enqueue(db, 'createPractice', { id: `p-${i}`, community: 'support', title: `P ${i}` });
  return db;
}

const applied = (batch: Mutation[]): PushResponse => ({
  results: batch.map((m) => ({ id: m.id, status: 'applied' })),
  lastMutationId: batch.at(-1)?.id ?? 0,
  version: 1,
});

describe('outbox flusher', () => {
  it('sends the outbox in id order, batch by batch, until it is empty', async () => {
    const db = await outboxWith(5);
    const sent: number[][] = [];
    const settled: ResultsOutcome[] = [];
    await pushOutbox({
      db,
      api: {
        push: async (_client, batch) => {
          sent.push(batch.map((m) => m.id));
          return applied(batch);
        },
        pull: async () => {
          throw new Error('not needed');
        },
      },
      clientId: 'client-1',
      batchSize: 2,
      onSettled: async (outcome) => void settled.push(outcome),
    });
    expect(sent).toEqual([[1, 2], [3, 4], [5]]);
    expect(settled.map((o) => o.settled)).toEqual([2, 2, 1]);
    expect(await pendingCount(db)).toBe(0);
  });

  it('numbers the outbox from the id the store expects after a gap, and sends again', async () => {
    const db = await outboxWith(2);
    const sent: number[][] = [];
    await pushOutbox({
      db,
      api: {
        push: async (_client, batch) => {
          sent.push(batch.map((m) => m.id));
          if (batch[0]?.id !== 7)
            throw new ApiError(409, 'mutation_gap', 'Expected 7', { expected: 7 });
          return applied(batch);
        },
        pull: async () => {
          throw new Error('the gap named the id');
        },
      },
      clientId: 'client-1',
      batchSize: 100,
      onSettled: async () => {},
    });
    expect(sent).toEqual([
      [1, 2],
      [7, 8],
    ]);
  });

  it('asks a pull for the next id when the gap does not name it', async () => {
    const db = await outboxWith(1);
    const sent: number[] = [];
    await pushOutbox({
      db,
      api: {
        push: async (_client, batch) => {
          sent.push(batch[0]?.id ?? 0);
          if (batch[0]?.id !== 4) throw new ApiError(409, 'mutation_gap', 'Gap');
          return applied(batch);
        },
        pull: async () => ({ changes: [], cursor: 0, hasMore: false, lastMutationId: 3 }),
      },
      clientId: 'client-1',
      batchSize: 100,
      onSettled: async () => {},
    });
    expect(sent).toEqual([1, 4]);
  });

  it('stops with push_stalled when the store settles none of a batch, instead of looping', async () => {
    const db = await outboxWith(1);
    let pushes = 0;
    const flushing = pushOutbox({
      db,
      api: {
        push: async () => {
          pushes++;
          return { results: [], lastMutationId: 0, version: 1 };
        },
        pull: async () => {
          throw new Error('not needed');
        },
      },
      clientId: 'client-1',
      batchSize: 100,
      onSettled: async () => {},
    });
    await expect(flushing).rejects.toMatchObject({ code: 'push_stalled' });
    expect(pushes).toBe(1);
    expect(await pendingCount(db)).toBe(1);
  });
});
