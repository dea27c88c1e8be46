/**
 * The store's second line against leaked credentials: a question, answer or practice whose text carries
 * an obvious private key or token is refused (REST: 400 secret_detected; sync: rejected), whichever
 * client sent it, with a message that says what to remove.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCommunity, makeUser } from '../helpers/api';
import { ENGINES, type EngineStore, openEngineStore } from '../helpers/engines';

const GITHUB_TOKEN = `ghp_${'a1B2c3D4e5'.repeat(4)}`;
const PRIVATE_KEY =
  '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx1\n-----END RSA PRIVATE KEY-----';

describe.each(ENGINES)('secrets refused on %s', (engine) => {
  let store: EngineStore;
  let member: Awaited<ReturnType<typeof makeUser>>;
  let questionId: string;

  beforeAll(async () => {
    store = await openEngineStore(engine);
    member = await makeUser(store.url, store.adminToken, 'Sam Secretive');
    await makeCommunity(store.url, store.adminToken, 'vault', [[member.id, 'member']]);
    const q = await member.api.post('/questions', {
      community: 'vault',
      title: 'A clean question',
    });
    questionId = q.body.question.id;
  });
  afterAll(() => store?.dispose());

  it('refuses a question, answer or practice carrying a token or private key, naming what to remove', async () => {
    const refused = [
      await member.api.post('/questions', {
        community: 'vault',
        title: 'Why does the deploy fail?',
        body: `I call it with ${GITHUB_TOKEN} and get 403`,
      }),
      await member.api.post('/questions', {
        community: 'vault',
        title: 'Why does the deploy fail?',
        context: { selection: `export TOKEN=${GITHUB_TOKEN}` },
      }),
      await member.api.post(`/questions/${questionId}/answers`, { body: `Use ${PRIVATE_KEY}` }),
      await member.api.post('/practices', {
        community: 'vault',
        title: 'Deploy key',
        body: PRIVATE_KEY,
      }),
    ];
    for (const res of refused) {
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('secret_detected');
    }
    expect(refused[0]!.body.error.message).toMatch(/question's details carries a GitHub token/);
    expect(refused[0]!.body.error.message).not.toContain(GITHUB_TOKEN);
    expect(refused[1]!.body.error.message).toMatch(/selection from the page/);
    expect(refused[2]!.body.error.message).toMatch(/private key.*Remove it/);

    const listed = await member.api.get('/questions?community=vault');
    expect(listed.body.items).toHaveLength(1);
  });

  it('rejects a synced mutation carrying a token with the same message, and applies the rest', async () => {
    const clientId = `client-${randomUUID().slice(0, 8)}`;
    const res = await member.api.post('/sync/push', {
      clientId,
      mutations: [
        {
          id: 1,
          name: 'createQuestion',
          args: { id: randomUUID(), community: 'vault', title: `Token ${GITHUB_TOKEN} refused` },
        },
        {
          id: 2,
          name: 'createAnswer',
          args: { id: randomUUID(), questionId, body: 'Rotate it and read it from the vault.' },
        },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toMatchObject({
      id: 1,
      status: 'rejected',
      error: { code: 'secret_detected' },
    });
    expect(res.body.results[0].error.message).toMatch(/question's title carries a GitHub token/);
    expect(res.body.results[1]).toMatchObject({ id: 2, status: 'applied' });
  });

  it('still takes text that only mentions passwords and emails', async () => {
    const res = await member.api.post('/questions', {
      community: 'vault',
      title: 'Where do I reset my password?',
      body: 'Mail ops@example.com, the password: policy says 90 days.',
    });
    expect(res.status).toBe(201);
  });
});
