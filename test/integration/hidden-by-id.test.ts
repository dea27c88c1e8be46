/**
 * A practice, question or conflict in a community the caller cannot see answers exactly as one that does
 * not exist: 404 with the same code, on every by-id route — no route confirms that an id exists elsewhere.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, makeCommunity, makeUser } from '../helpers/api';
import { ENGINES, type EngineStore, openEngineStore } from '../helpers/engines';

describe.each(ENGINES)('ids in communities the caller cannot see, on %s', (engine) => {
  let store: EngineStore;
  let eva: Awaited<ReturnType<typeof makeUser>>;
  const hidden = { practice: '', question: '', answer: '', conflict: '' };

  beforeAll(async () => {
    store = await openEngineStore(engine);
    eva = await makeUser(store.url, store.adminToken, 'Eva');
    const finn = await makeUser(store.url, store.adminToken, 'Finn');
    const rita = await makeUser(store.url, store.adminToken, 'Rita');
    // Eva coordinates a community of her own, so coordinator-only checks are passed where they can be.
    await makeCommunity(store.url, store.adminToken, 'seen', [[eva.id, 'coordinator']]);
    await makeCommunity(store.url, store.adminToken, 'hidden', [
      [finn.id, 'member'],
      [rita.id, 'coordinator'],
    ]);
    const practice = await finn.api.post('/practices', {
      community: 'hidden',
      title: 'Secret runbook',
      body: 'Only for this community.',
    });
    hidden.practice = practice.body.practice.id;
    const question = await finn.api.post('/questions', { community: 'hidden', title: 'Secret?' });
    hidden.question = question.body.question.id;
    const answer = await rita.api.post(`/questions/${hidden.question}/answers`, { body: 'Yes.' });
    hidden.answer = answer.body.answer.id;
    // Two edits from the same base make a conflict.
    await rita.api.put(`/practices/${hidden.practice}`, {
      baseVersion: 1,
      patch: { title: 'Secret runbook, edited' },
    });
    const stale = await rita.api.put(`/practices/${hidden.practice}`, {
      baseVersion: 1,
      patch: { title: 'Secret runbook, stale' },
    });
    hidden.conflict = stale.body.error?.details?.conflict?.id ?? '';
  });
  afterAll(() => store?.dispose());

  const routes: [string, (id: string) => [string, string, unknown?]][] = [
    ['GET /practices/{id}', (id) => ['GET', `/practices/${id}`]],
    [
      'PUT /practices/{id}',
      (id) => ['PUT', `/practices/${id}`, { baseVersion: 2, patch: { title: 'Mine now' } }],
    ],
    [
      'POST /practices/{id}/review',
      (id) => ['POST', `/practices/${id}/review`, { action: 'publish', baseVersion: 2 }],
    ],
    ['POST /practices/{id}/endorse', (id) => ['POST', `/practices/${id}/endorse`, {}]],
    [
      'POST /practices/{id}/merge',
      (id) => [
        'POST',
        `/practices/${id}/merge`,
        { baseVersion: 2, duplicates: [{ id: randomUUID(), baseVersion: 1 }] },
      ],
    ],
    ['GET /questions/{id}', (id) => ['GET', `/questions/${id}`]],
    [
      'POST /questions/{id}/answers',
      (id) => ['POST', `/questions/${id}/answers`, { body: 'Me too.' }],
    ],
  ];

  for (const [name, request] of routes)
    it(`${name} answers a hidden id as a missing one`, async () => {
      const kind = name.includes('question') ? 'question' : 'practice';
      const api = client(store.url, eva.token);
      const [method, path, body] = request(hidden[kind]);
      const seen = await api.raw(method, path, body);
      const [, missingPath, missingBody] = request(randomUUID());
      const missing = await api.raw(method, missingPath, missingBody);
      expect(missing.status).toBe(404);
      expect({ status: seen.status, code: seen.body.error?.code }).toEqual({
        status: missing.status,
        code: missing.body.error?.code,
      });
    });

  it('POST /questions/{id}/accept answers a hidden question as a missing one', async () => {
    const api = client(store.url, eva.token);
    const seen = await api.post(`/questions/${hidden.question}/accept`, {
      answerId: hidden.answer,
    });
    const missing = await api.post(`/questions/${randomUUID()}/accept`, { answerId: randomUUID() });
    expect(missing.status).toBe(404);
    expect([seen.status, seen.body.error.code]).toEqual([missing.status, missing.body.error.code]);
  });

  it('POST /conflicts/{id}/resolve answers a hidden conflict as a missing one', async () => {
    expect(hidden.conflict).not.toBe('');
    const api = client(store.url, eva.token);
    const body = { keep: 'current', baseVersion: 2 };
    const seen = await api.post(`/conflicts/${hidden.conflict}/resolve`, body);
    const missing = await api.post(`/conflicts/${randomUUID()}/resolve`, body);
    expect(missing.status).toBe(404);
    expect([seen.status, seen.body.error.code]).toEqual([missing.status, missing.body.error.code]);
  });

  it('bulk review and merge say the same of a hidden item as of a missing one', async () => {
    const api = client(store.url, eva.token);
    const bulk = await api.post('/practices/bulk-review', {
      action: 'publish',
      items: [
        { id: hidden.practice, baseVersion: 2 },
        { id: randomUUID(), baseVersion: 2 },
      ],
    });
    const [a, b] = bulk.body.results ?? bulk.body.items ?? [];
    expect(a.status).toBe(b.status);
    expect(a.error?.code).toBe(b.error?.code);
    const own = await eva.api.post('/practices', { community: 'seen', title: 'Mine' });
    const merge = (id: string) =>
      api.post(`/practices/${own.body.practice.id}/merge`, {
        baseVersion: 1,
        duplicates: [{ id, baseVersion: 2 }],
      });
    const [seen, missing] = [await merge(hidden.practice), await merge(randomUUID())];
    expect([seen.status, seen.body.error?.code]).toEqual([
      missing.status,
      missing.body.error?.code,
    ]);
  });
});
