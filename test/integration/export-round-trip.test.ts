/**
 * A community exported from one store and imported by an admin into a fresh one comes back whole: its
 * practices with their merges and who endorsed them, and its questions with their answers and the
 * accepted one. Exporting the copy gives the same file.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PracticeExport } from '../../src/core/console-responses';
import type { Practice } from '../../src/core/types';
import { client } from '../helpers/api';
import { ENGINES, type EngineStore, openEngineStore } from '../helpers/engines';

const PEOPLE = ['ada', 'bob', 'cy'].map((name) => ({
  name,
  email: `${name}-${randomUUID()}@example.com`,
}));

/** The same community and people in a store: what an import needs to find the authors again. */
async function setUp(store: EngineStore) {
  const admin = client(store.url, store.adminToken);
  await admin.post('/communities', { slug: 'sre', name: 'SRE', domain: 'Reliability' });
  const api: Record<string, ReturnType<typeof client>> = {};
  for (const { name, email } of PEOPLE) {
    const res = await admin.post('/users', { email, name, password: 'correct horse battery' });
    expect(res.status).toBe(201);
    const role = name === 'ada' ? 'coordinator' : 'member';
    await admin.put(`/communities/sre/members/${res.body.user.id}`, { role });
    api[name] = client(store.url, res.body.token);
  }
  return { admin, api };
}

/** The export without the moment it was made. */
async function exported(admin: ReturnType<typeof client>) {
  const res = await admin.get<PracticeExport>('/communities/sre/export?format=json');
  expect(res.status).toBe(200);
  const { exportedAt: _, ...file } = res.body;
  return file;
}

describe.each(ENGINES)('export and import on %s', (engine) => {
  let source: EngineStore;
  let copy: EngineStore;
  beforeAll(async () => {
    [source, copy] = await Promise.all([openEngineStore(engine), openEngineStore(engine)]);
  });
  afterAll(async () => {
    await source?.dispose();
    await copy?.dispose();
  });

  it('round-trips practices, merges, endorsements, questions and answers', async () => {
    const { admin, api } = await setUp(source);
    const { ada, bob, cy } = api as Record<'ada' | 'bob' | 'cy', ReturnType<typeof client>>;
    const capture = async (title: string) =>
      (
        await bob.post<{ practice: Practice }>('/practices', {
          community: 'sre',
          title,
          body: `How we ${title.toLowerCase()}.`,
          kind: 'method',
          tags: ['oncall'],
          source: { url: `https://wiki.example.org/${title.length}`, title },
        })
      ).body.practice;
    const kept = await capture('Rotate the pager weekly');
    const duplicate = await capture('Rotate pagers every week');
    const other = await capture('Write the postmortem within two days');
    for (const who of [ada, cy])
      expect((await who.post(`/practices/${other.id}/endorse`, { endorse: true })).status).toBe(
        200,
      );
    const merged = await ada.post(`/practices/${kept.id}/merge`, {
      baseVersion: kept.version,
      duplicates: [{ id: duplicate.id, baseVersion: duplicate.version }],
    });
    expect(merged.status).toBe(200);
    const asked = await cy.post('/questions', {
      community: 'sre',
      title: 'Who owns the pager at night?',
      body: 'Asking for the new team.',
      tags: ['oncall'],
    });
    const questionId = asked.body.question.id;
    const answer = await bob.post(`/questions/${questionId}/answers`, {
      id: randomUUID(),
      body: 'Whoever holds the weekly rotation.',
    });
    expect(answer.status).toBe(201);
    await ada.post(`/questions/${questionId}/answers`, {
      id: randomUUID(),
      body: 'The secondary, after midnight.',
    });
    expect(
      (await cy.post(`/questions/${questionId}/accept`, { answerId: answer.body.answer.id }))
        .status,
    ).toBe(200);
    await cy.post('/questions', { community: 'sre', title: 'Still open: who writes the runbook?' });

    const file = await exported(admin);
    expect(file.practices.find((p) => p.id === duplicate.id)?.mergedInto).toBe(kept.id);
    expect(file.practices.find((p) => p.id === other.id)?.endorsedBy?.length).toBe(2);
    expect(file.questions?.map((q) => q.answers.length).sort()).toEqual([0, 2]);

    const target = await setUp(copy);
    const imported = await target.admin.post('/communities/sre/import', file);
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ questions: 2, endorsements: 2, reassigned: 0 });
    expect(await exported(target.admin)).toEqual(file);

    // What people see, not only the file: the endorsements, the merge and the accepted answer.
    const copied = target.api as Record<'ada' | 'cy', ReturnType<typeof client>>;
    const practice = await copied.cy.get<{ practice: Practice }>(`/practices/${other.id}`);
    expect(practice.body.practice.endorsements).toBe(2);
    const question = await copied.ada.get(`/questions/${questionId}`);
    expect(question.body.question).toMatchObject({
      status: 'answered',
      acceptedAnswerId: answer.body.answer.id,
    });
  });
});
