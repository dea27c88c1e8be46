import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Practice, Question } from '../core/types';
import { applyChanges, getMeta, openCache, pendingMutations, setMeta } from './db';
import { enqueue, rebaseOnPulled, renumberPending, settleResults } from './outbox';
import { samplePractice, signedInUser } from './testing/fake-store';

let n = 0;
const freshName = () => `outbox-test-${++n}-${Math.random()}`;
const ada = signedInUser;

const sampleQuestion: Question = {
  id: 'q',
  community: 'support',
  title: 'Why does the VPN drop?',
  body: '',
  tags: [],
  context: null,
  status: 'open',
  acceptedAnswerId: null,
  routedTo: [],
  author: 'user-2',
  authorName: 'Bob',
  answerCount: 0,
  version: 1,
  createdAt: 'x',
  updatedAt: 'x',
};

async function signedInCache(name = freshName()) {
  const db = await openCache(name);
  await setMeta(db, 'user', ada);
  return db;
}

describe('enqueue', () => {
  it('survives a browser restart: the mutation is still pending and ids continue', async () => {
    const name = freshName();
    const before = await signedInCache(name);
    await enqueue(before, 'createPractice', {
      community: 'support',
      title: 'Rotate on-call weekly',
    });
    await enqueue(before, 'endorsePractice', { practiceId: 'p-2' });
    before.close();

    const after = await openCache(name);
    const pending = await pendingMutations(after);
    expect(pending.map((m) => [m.id, m.name])).toEqual([
      [1, 'createPractice'],
      [2, 'endorsePractice'],
    ]);
    const { mutation } = await enqueue(after, 'acceptAnswer', {
      questionId: 'q-1',
      answerId: 'a-1',
    });
    expect(mutation.id).toBe(3);
    after.close();
  });

  it('shows a new capture at once, with status captured and the signed-in author', async () => {
    const db = await signedInCache();
    const { mutation, changes } = await enqueue(db, 'createPractice', {
      community: 'support',
      title: '  Check the runbook first ',
      tags: ['On Call', 'on-call'],
      source: { url: 'https://intranet/incidents', quote: { exact: 'Always page twice' } },
    });
    const id = (mutation.args as { id: string }).id;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const practice = (await db.get('practice', id)) as Practice;
    expect(practice).toMatchObject({
      title: 'Check the runbook first',
      status: 'captured',
      author: 'user-1',
      authorName: 'Ada',
      tags: ['on-call'],
      source: {
        url: 'https://intranet/incidents',
        title: '',
        quote: { exact: 'Always page twice', prefix: '', suffix: '' },
      },
    });
    expect(changes).toEqual([{ entity: 'practice', id, row: practice }]);
    db.close();
  });

  it('never hands out one id twice, even to two tabs writing at the same moment', async () => {
    const name = freshName();
    const tabA = await signedInCache(name);
    const tabB = await openCache(name);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        enqueue(i % 2 ? tabA : tabB, 'endorsePractice', { practiceId: `p-${i}` }),
      ),
    );
    const ids = results.map((r) => r.mutation.id).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await getMeta(tabA, 'nextMutationId')).toBe(21);
    tabA.close();
    tabB.close();
  });
});

describe('settleResults', () => {
  it('removes answered mutations; a rejected one becomes a problem and its optimistic row goes away', async () => {
    const db = await signedInCache();
    const good = await enqueue(db, 'createPractice', {
      id: 'good-practice',
      community: 'support',
      title: 'Good',
    });
    const bad = await enqueue(db, 'createPractice', {
      id: 'bad-practice',
      community: 'nope',
      title: 'Bad',
    });

    const outcome = await settleResults(db, {
      results: [
        { id: good.mutation.id, status: 'applied' },
        {
          id: bad.mutation.id,
          status: 'rejected',
          error: { code: 'forbidden', message: 'You are not a member of nope.' },
        },
      ],
      lastMutationId: 2,
      version: 9,
    });

    expect(outcome.settled).toBe(2);
    expect(await db.count('outbox')).toBe(0);
    expect(await db.get('practice', 'good-practice')).toBeDefined();
    expect(await db.get('practice', 'bad-practice')).toBeUndefined();
    expect(outcome.changes).toEqual([{ entity: 'practice', id: 'bad-practice', row: undefined }]);
    expect(await db.getAll('problems')).toEqual([
      expect.objectContaining({
        id: 2,
        mutation: {
          id: 2,
          name: 'createPractice',
          args: expect.objectContaining({ title: 'Bad' }),
        },
        result: expect.objectContaining({
          status: 'rejected',
          error: { code: 'forbidden', message: 'You are not a member of nope.' },
        }),
      }),
    ]);
    db.close();
  });

  it('undoes a conflicting edit but keeps later pending edits of the same practice on top', async () => {
    const db = await signedInCache();
    await db.put(
      'practice',
      samplePractice({ id: 'p', title: 'Original', body: 'Body', version: 3 }),
    );
    await enqueue(db, 'updatePractice', { id: 'p', baseVersion: 3, patch: { title: 'Mine' } });
    await enqueue(db, 'updatePractice', { id: 'p', baseVersion: 4, patch: { body: 'New body' } });
    expect(await db.get('practice', 'p')).toMatchObject({
      title: 'Mine',
      body: 'New body',
      version: 5,
    });

    await settleResults(db, {
      results: [{ id: 1, status: 'conflict', conflictId: 'c1', message: 'Edited meanwhile.' }],
      lastMutationId: 1,
      version: 9,
    });
    expect(await db.get('practice', 'p')).toMatchObject({
      title: 'Original',
      body: 'New body',
      version: 4,
    });
    expect(await db.count('problems')).toBe(1);
    db.close();
  });
});

describe('rebaseOnPulled', () => {
  it('lays pending edits over newer rows from the store', async () => {
    const db = await signedInCache();
    await db.put('practice', samplePractice({ id: 'p', title: 'Original', tags: [] }));
    await enqueue(db, 'updatePractice', { id: 'p', baseVersion: 1, patch: { title: 'My title' } });

    const fromStore = samplePractice({
      id: 'p',
      title: 'Original',
      tags: ['featured-by-coordinator'],
      featured: true,
    });
    const written = await applyChanges(
      db,
      [{ entity: 'practice', id: 'p', op: 'put', version: 7, data: fromStore }],
      7,
      {
        afterApply: rebaseOnPulled,
      },
    );

    const practice = await db.get('practice', 'p');
    expect(practice).toMatchObject({
      title: 'My title',
      featured: true,
      tags: ['featured-by-coordinator'],
    });
    expect(written?.[0]?.row).toEqual(practice);
    db.close();
  });

  it('replaces a stand-in endorsement by the store row', async () => {
    const db = await signedInCache();
    await db.put('practice', samplePractice({ id: 'p', endorsements: 2 }));
    await enqueue(db, 'endorsePractice', { practiceId: 'p' });
    expect(await db.get('practice', 'p')).toMatchObject({ endorsements: 3 });
    expect(
      await db.getAllFromIndex('endorsement', 'practiceId_userId', ['p', 'user-1']),
    ).toHaveLength(1);
    await settleResults(db, {
      results: [{ id: 1, status: 'applied' }],
      lastMutationId: 1,
      version: 2,
    });

    await applyChanges(
      db,
      [
        {
          entity: 'practice',
          id: 'p',
          op: 'put',
          version: 2,
          data: samplePractice({ id: 'p', endorsements: 3 }),
        },
        {
          entity: 'endorsement',
          id: 'e-9',
          op: 'put',
          version: 2,
          data: {
            id: 'e-9',
            practiceId: 'p',
            community: 'support',
            userId: 'user-1',
            createdAt: 'x',
          },
        },
      ],
      2,
      { afterApply: rebaseOnPulled },
    );
    expect(
      await db.getAllKeysFromIndex('endorsement', 'practiceId_userId', ['p', 'user-1']),
    ).toEqual(['e-9']);
    expect(await db.get('practice', 'p')).toMatchObject({ endorsements: 3 });
    db.close();
  });
});

describe('writes the store has shown', () => {
  const endorsementBy = (userId: string, id: string) => ({
    entity: 'endorsement' as const,
    id,
    op: 'put' as const,
    version: 2,
    data: { id, practiceId: 'p', community: 'support', userId, createdAt: 'x' },
  });

  it('an endorsement already made from another device is counted once', async () => {
    const db = await signedInCache();
    await db.put('practice', samplePractice({ id: 'p', endorsements: 0 }));
    await enqueue(db, 'endorsePractice', { practiceId: 'p' });
    // The pull brings the same person's endorsement from their other device while ours waits.
    const fromStore = samplePractice({ id: 'p', endorsements: 1 });
    await applyChanges(
      db,
      [
        { entity: 'practice', id: 'p', op: 'put', version: 2, data: fromStore },
        endorsementBy('user-1', 'e-1'),
      ],
      2,
      { afterApply: (tx, c, w) => rebaseOnPulled(tx, c, w, { lastMutationId: 0 }) },
    );
    // The store applies ours without a change (already endorsed) and the next pull brings nothing.
    await settleResults(db, {
      results: [{ id: 1, status: 'applied' }],
      lastMutationId: 1,
      version: 2,
    });
    const changes = await applyChanges(db, [], 2, {
      afterApply: (tx, c, w) => rebaseOnPulled(tx, c, w, { lastMutationId: 1 }),
    });

    expect(await db.get('practice', 'p')).toMatchObject({ endorsements: 1 });
    expect(await db.getAllKeys('endorsement')).toEqual(['e-1']);
    expect(changes).toContainEqual({ entity: 'practice', id: 'p', row: fromStore });
    expect(await getMeta(db, 'settled')).toBeUndefined();
    db.close();
  });

  it('a push whose answer was lost is not laid twice on the rows the pull brings', async () => {
    const db = await signedInCache();
    const question = { ...sampleQuestion, answerCount: 0 };
    await db.put('question', question);
    const { mutation } = await enqueue(db, 'createAnswer', { questionId: 'q', body: 'Reboot it.' });
    const answerId = (mutation.args as { id: string }).id;
    await enqueue(db, 'updatePractice', { id: 'missing', baseVersion: 1, patch: { title: 'x' } });
    expect(await db.get('question', 'q')).toMatchObject({ answerCount: 1 });

    // The store applied mutation 1, but its answer never arrived; the pull shows its rows.
    await applyChanges(
      db,
      [
        {
          entity: 'question',
          id: 'q',
          op: 'put',
          version: 3,
          data: { ...question, answerCount: 1 },
        },
        {
          entity: 'answer',
          id: answerId,
          op: 'put',
          version: 3,
          data: {
            id: answerId,
            questionId: 'q',
            community: 'support',
            body: 'Reboot it.',
            author: 'user-1',
            authorName: 'Ada',
            accepted: false,
            createdAt: 'y',
          },
        },
      ],
      3,
      { afterApply: (tx, c, w) => rebaseOnPulled(tx, c, w, { lastMutationId: 1 }) },
    );

    expect(await db.get('question', 'q')).toMatchObject({ answerCount: 1 });
    expect(await db.get('answer', answerId)).toMatchObject({ createdAt: 'y' });
    expect((await pendingMutations(db)).map((m) => m.id)).toEqual([2]);
    db.close();
  });

  it('keeps pending writes until the last page of a pull, then lets the shown ones go', async () => {
    const db = await signedInCache();
    await db.put('practice', samplePractice({ id: 'p', title: 'Original', version: 1 }));
    await enqueue(db, 'updatePractice', { id: 'p', baseVersion: 1, patch: { title: 'Mine' } });
    await settleResults(db, {
      results: [{ id: 1, status: 'applied' }],
      lastMutationId: 1,
      version: 5,
    });

    await applyChanges(db, [], 3, {
      afterApply: (tx, c, w) => rebaseOnPulled(tx, c, w, { lastMutationId: 1, complete: false }),
    });
    expect(await db.get('practice', 'p')).toMatchObject({ title: 'Mine', version: 2 });

    const edited = samplePractice({ id: 'p', title: 'Mine', version: 2 });
    await applyChanges(
      db,
      [{ entity: 'practice', id: 'p', op: 'put', version: 5, data: edited }],
      5,
      {
        afterApply: (tx, c, w) => rebaseOnPulled(tx, c, w, { lastMutationId: 1 }),
      },
    );
    expect(await db.get('practice', 'p')).toEqual(edited);
    expect(await getMeta(db, 'settled')).toBeUndefined();
    db.close();
  });

  it('a refused write behind an earlier pending one on the same row undoes only itself', async () => {
    const db = await signedInCache();
    await db.put('question', { ...sampleQuestion, answerCount: 0 });
    await enqueue(db, 'createAnswer', { questionId: 'q', body: 'First' });
    await enqueue(db, 'createAnswer', { questionId: 'q', body: 'Second' });
    expect(await db.get('question', 'q')).toMatchObject({ answerCount: 2 });

    await settleResults(db, {
      results: [{ id: 2, status: 'rejected', error: { code: 'invalid', message: 'No.' } }],
      lastMutationId: 2,
      version: 4,
    });
    expect(await db.get('question', 'q')).toMatchObject({ answerCount: 1 });
    expect((await pendingMutations(db)).map((m) => m.id)).toEqual([1]);
    db.close();
  });
});

describe('writes that changed no cached row', () => {
  it('leave the outbox when refused, and the settled list with the next pull when applied', async () => {
    const db = await signedInCache();
    // No membership of "support" is cached, so neither write touches a row.
    await enqueue(db, 'setExpertise', { community: 'support', topics: ['dns'] });
    await enqueue(db, 'setExpertise', { community: 'support', topics: ['tls'] });
    await settleResults(db, {
      results: [
        { id: 1, status: 'applied' },
        { id: 2, status: 'rejected', error: { code: 'forbidden', message: 'Not a member.' } },
      ],
      lastMutationId: 2,
      version: 3,
    });
    expect(await db.count('outbox')).toBe(0);
    expect(await db.count('problems')).toBe(1);
    expect(await getMeta(db, 'settled')).toHaveLength(1);

    await applyChanges(db, [], 3, {
      afterApply: (tx, c, w) => rebaseOnPulled(tx, c, w, { lastMutationId: 2 }),
    });
    expect(await getMeta(db, 'settled')).toBeUndefined();
    db.close();
  });
});

describe('renumberPending', () => {
  it('moves pending mutations to the ids the store expects, keeping their order', async () => {
    const db = await signedInCache();
    await setMeta(db, 'nextMutationId', 40);
    await enqueue(db, 'endorsePractice', { practiceId: 'a' });
    await enqueue(db, 'endorsePractice', { practiceId: 'b' });
    await renumberPending(db, 1);
    const pending = await pendingMutations(db);
    expect(pending.map((m) => [m.id, (m.args as { practiceId: string }).practiceId])).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    expect((await enqueue(db, 'endorsePractice', { practiceId: 'c' })).mutation.id).toBe(3);
    db.close();
  });
});
