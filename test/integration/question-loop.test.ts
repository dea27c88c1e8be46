/**
 * The question loop on SQLite and (with DATABASE_URL) PostgreSQL: a posted question is routed at once to
 * people fairly chosen, routed again while nobody answers, people own their expertise and availability,
 * and an accepted answer becomes a practice by its answerer.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Question } from '../../src/core/types';
import { questionRouter } from '../../src/server/domain/question-router';
import {
  client,
  makeCoordinatedCommunity,
  makeUser,
  makeUsers,
  publishPractices,
  type User,
} from '../helpers/api';
import { ENGINES, type EngineStore, openEngineStore } from '../helpers/engines';

const HOUR = 3_600_000;

describe.each(ENGINES)('question loop on %s', (engine) => {
  let store: EngineStore;
  let coord: User;
  let asker: User;
  let expert: User;
  let second: User;
  let rising: User;
  let hidden: User;
  let away: User;

  const settings = (slug: string, values: { routing_seats?: number; auto_routing?: number }) =>
    store.ctx.storage.db.updateTable('communities').set(values).where('slug', '=', slug).execute();

  /** A community where Eva and Finn published on kubernetes, Rita, Hana and Axel declared it. */
  async function community(slug: string) {
    await makeCoordinatedCommunity(store, slug, coord, [
      asker,
      expert,
      second,
      rising,
      hidden,
      away,
    ]);
    const publish = (u: User, n: number) =>
      publishPractices(u, coord, n, (i) => ({
        community: slug,
        title: `Kubernetes upgrade step ${i} by ${u.id}`,
        body: 'kubernetes',
        tags: ['kubernetes'],
      }));
    await publish(expert, 5);
    await publish(second, 2);
    for (const u of [rising, hidden, away, asker])
      await u.api.put('/me/expertise', { community: slug, topics: ['kubernetes'] });
    await hidden.api.put('/me/expertise', { community: slug, hidden: true });
  }

  const ask = async (slug: string, title = `How do I upgrade kubernetes (${randomUUID()})?`) => {
    const res = await asker.api.post('/questions', {
      community: slug,
      title,
      tags: ['kubernetes'],
    });
    expect(res.status).toBe(201);
    return res.body.question as Question;
  };

  beforeAll(async () => {
    store = await openEngineStore(engine);
    [coord, asker, expert, second, rising, hidden, away] = await makeUsers(store, [
      'Cora Coordinator',
      'Ada Asker',
      'Eva Expert',
      'Finn Second',
      'Rita Rising',
      'Hana Hidden',
      'Axel Away',
    ]);
    await away.api.put('/me/expertise', {
      awayUntil: new Date(Date.now() + 7 * 24 * HOUR).toISOString(),
    });
  });
  afterAll(() => store?.dispose());

  it('routes a posted question at once to three people, fairly, never the asker, hidden or away', async () => {
    await community('auto-a');
    const hook = await coord.api.post('/communities/auto-a/webhooks', {
      url: 'https://hooks.example.com/cop',
      events: ['question.routed'],
    });
    expect(hook.status).toBe(201);
    const q = await ask('auto-a');
    expect(q.routedTo).toHaveLength(3);
    expect(new Set(q.routedTo)).toEqual(new Set([expert.id, second.id, rising.id]));

    const mine = await rising.api.get('/questions?for=me');
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((i: Question) => i.id)).toContain(q.id);
    const notMine = await hidden.api.get('/questions?for=me');
    expect(notMine.body.items).toHaveLength(0);
    expect((await rising.api.get('/questions?for=you')).status).toBe(400);

    // The community's webhook hears of it, in the same Slack/Teams message as a coordinator's routing.
    const queued = await store.ctx.storage.db
      .selectFrom('webhook_deliveries')
      .select('payload')
      .where('event', '=', 'question.routed')
      .execute();
    expect(queued).toHaveLength(1);
    const payload = JSON.parse(queued[0]!.payload);
    expect(payload.data.routedBy.name).toBe('automatic routing');
    expect(payload.data.routedTo.map((p: { id: string }) => p.id).sort()).toEqual(
      [...q.routedTo].sort(),
    );
  });

  it('spreads by load and keeps a seat for a rising member when seats are fewer', async () => {
    await community('auto-b');
    await settings('auto-b', { routing_seats: 2 });
    const counts = new Map<string, number>();
    for (let i = 0; i < 4; i++) {
      const q = await ask('auto-b');
      expect(q.routedTo).toHaveLength(2);
      // One seat goes to someone not yet in the core (Finn or Rita), never both to Eva's peers only.
      expect(q.routedTo.some((id) => id === rising.id || id === second.id)).toBe(true);
      for (const id of q.routedTo) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    // The load spreads: Eva does not take every question, and everyone who knows gets some.
    expect(counts.get(expert.id)).toBeLessThan(4);
    for (const u of [expert, second, rising]) expect(counts.get(u.id) ?? 0).toBeGreaterThan(0);
  });

  it('routes nobody when the community switched automatic routing off', async () => {
    await community('auto-off');
    await settings('auto-off', { auto_routing: 0 });
    const q = await ask('auto-off');
    expect(q.routedTo).toEqual([]);
    const router = questionRouter(store.ctx)!;
    expect(await router.route(q.id)).toEqual([]);
  });

  it('routes to the next people when nobody answers in time, and shows the question waiting', async () => {
    await community('escalate');
    await settings('escalate', { routing_seats: 1 });
    const q = await ask('escalate');
    expect(q.routedTo).toHaveLength(1);
    const router = questionRouter(store.ctx)!;
    const realNow = router.options.now;
    try {
      // Not yet due: nothing happens.
      router.options.now = () => new Date(Date.now() + router.options.waitMs - HOUR);
      await router.tick();
      let now = (await coord.api.get(`/questions/${q.id}`)).body.question as Question;
      expect(now.routedTo).toHaveLength(1);
      expect(now.waitingSince).toBeUndefined();

      router.options.now = () => new Date(Date.now() + router.options.waitMs + HOUR);
      expect(await router.tick()).toBeGreaterThan(0);
      now = (await coord.api.get(`/questions/${q.id}`)).body.question as Question;
      expect(now.routedTo).toHaveLength(2);
      expect(now.waitingSince).toBeTruthy();
      const waiting = await coord.api.get('/questions?community=escalate&waiting=1');
      expect(waiting.body.items.map((i: Question) => i.id)).toEqual([q.id]);

      // An answer ends the rounds and the waiting.
      const helper =
        now.routedTo[1] === expert.id ? expert : now.routedTo[1] === second.id ? second : rising;
      await helper.api.post(`/questions/${q.id}/answers`, { body: 'Drain first.' });
      router.options.now = () => new Date(Date.now() + 3 * router.options.waitMs);
      await router.tick();
      now = (await coord.api.get(`/questions/${q.id}`)).body.question as Question;
      expect(now.routedTo).toHaveLength(2);
      expect(now.waitingSince).toBeUndefined();
    } finally {
      router.options.now = realNow;
    }
  });

  it('lets a member read and set their topics, visibility and availability, and validates them', async () => {
    await community('profile');
    const me = await rising.api.get('/me/expertise');
    expect(me.status).toBe(200);
    expect(me.body.topics).toContain('kubernetes');
    expect(me.body.hidden).toBe(false);
    expect(me.body.load).toBeGreaterThanOrEqual(1);
    expect(me.body.evidence).toMatchObject({ practices: 0, acceptedAnswers: 0 });

    const eva = await expert.api.get('/me/expertise?community=profile');
    expect(eva.body.evidence.practices).toBe(5);
    expect(eva.body.communities).toHaveLength(1);

    // Without `community`, the PUT applies to every community of mine.
    const put = await rising.api.put('/me/expertise', {
      topics: ['helm', 'kubernetes'],
      muted: true,
      quietHours: { from: '22:00', to: '07:00' },
    });
    expect(put.status).toBe(200);
    expect(put.body.communities.every((c: { topics: string[] }) => c.topics.includes('helm'))).toBe(
      true,
    );
    expect(put.body).toMatchObject({ muted: true, quietHours: { from: '22:00', to: '07:00' } });

    // The setExpertise mutation writes the same rows.
    await rising.api.post('/sync/push', {
      clientId: `c-${randomUUID()}`,
      mutations: [
        { id: 1, name: 'setExpertise', args: { community: 'profile', topics: ['terraform'] } },
      ],
    });
    const after = await rising.api.get('/me/expertise?community=profile');
    expect(after.body.topics).toEqual(['terraform']);

    for (const bad of [
      { quietHours: { from: '25:00', to: '07:00' } },
      { awayUntil: 'next week' },
      { topics: 'kubernetes' },
      { community: 'Not A Slug' },
    ]) {
      const res = await rising.api.put('/me/expertise', bad);
      expect(res.status).toBe(400);
      expect(res.body.error.message.length).toBeGreaterThan(5);
    }
    const outsider = await makeUser(store.url, store.adminToken, 'Olga Outsider');
    expect((await outsider.api.put('/me/expertise', { community: 'profile' })).status).toBe(403);
  });

  it('hides a hidden person from every expert list and from routing', async () => {
    await community('hide');
    const experts = await coord.api.get('/experts?topic=kubernetes&community=hide');
    const ids = experts.body.items.map((i: { user: { id: string } }) => i.user.id);
    expect(ids).toContain(rising.id);
    expect(ids).not.toContain(hidden.id);
    await rising.api.put('/me/expertise', { hidden: true });
    const again = await coord.api.get('/experts?topic=kubernetes&community=hide');
    expect(again.body.items.map((i: { user: { id: string } }) => i.user.id)).not.toContain(
      rising.id,
    );
    const q = await ask('hide');
    expect(q.routedTo).not.toContain(rising.id);
    expect(q.routedTo).not.toContain(hidden.id);
    const sug = await coord.api.get(`/questions/${q.id}/route-suggestions`);
    const all = [...sug.body.suggested, ...sug.body.others].map((c: any) => c.user.id);
    expect(all).not.toContain(rising.id);
    expect(all).not.toContain(hidden.id);
    // A coordinator cannot route to them by hand either, and hears that they are hidden, not why.
    const byHand = await coord.api.post(`/questions/${q.id}/route`, { userIds: [hidden.id] });
    expect(byHand.status).toBe(400);
    expect(byHand.body.error.code).toBe('hidden_from_routing');
    expect(byHand.body.error.message).toContain('Hana Hidden chose not to be found');
    expect((await hidden.api.get('/questions?for=me')).body.items).toHaveLength(0);
    await rising.api.put('/me/expertise', { hidden: false });
  });

  it('turns an accepted answer into a captured practice by the answerer, once, for the asker or a coordinator', async () => {
    await community('promote');
    const q = await ask('promote', 'How do I drain a node safely?');
    const early = await asker.api.post(`/questions/${q.id}/promote`, {});
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('no_accepted_answer');
    const answer = (
      await expert.api.post(`/questions/${q.id}/answers`, {
        body: 'Cordon, drain with --ignore-daemonsets, patch, uncordon.',
      })
    ).body.answer;
    await asker.api.post(`/questions/${q.id}/accept`, { answerId: answer.id });

    const other = await second.api.post(`/questions/${q.id}/promote`, {});
    expect(other.status).toBe(403);
    const promoted = await asker.api.post(`/questions/${q.id}/promote`, { kind: 'method' });
    expect(promoted.status).toBe(201);
    expect(promoted.body.practice).toMatchObject({
      author: expert.id,
      status: 'captured',
      fromQuestion: q.id,
      title: 'How do I drain a node safely?',
      community: 'promote',
      tags: ['kubernetes'],
    });
    expect(promoted.body.practice.body).toContain('Cordon, drain');
    const again = await coord.api.post(`/questions/${q.id}/promote`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_promoted');

    // It goes through review like any capture, and then counts as the answerer's evidence.
    const queued = await coord.api.get('/practices?community=promote&status=captured');
    expect(queued.body.items.map((p: { id: string }) => p.id)).toContain(promoted.body.practice.id);
    const before = (await expert.api.get('/me/expertise?community=promote')).body.evidence;
    expect(before.acceptedAnswers).toBe(1);
    await coord.api.post('/practices/bulk-review', {
      action: 'publish',
      items: [{ id: promoted.body.practice.id, baseVersion: 1 }],
    });
    const after = (await expert.api.get('/me/expertise?community=promote')).body.evidence;
    expect(after.practices).toBe(before.practices + 1);

    expect((await asker.api.post(`/questions/${randomUUID()}/promote`, {})).status).toBe(404);
  });

  it('counts a question answered by existing knowledge once per person, in the value figures', async () => {
    await community('reuse');
    const practice = (await coord.api.get('/practices?community=reuse&status=published')).body
      .items[0];
    const chose = (body: unknown, who = asker) => who.api.post('/answered-by-existing', body);
    expect((await chose({ kind: 'practice', id: practice.id })).status).toBe(201);
    const again = await chose({ kind: 'practice', id: practice.id });
    expect(again.status).toBe(200);
    expect(again.body.recorded).toBe(false);
    expect((await chose({ kind: 'practice', id: practice.id }, second)).status).toBe(201);
    expect((await chose({ kind: 'question', id: randomUUID() })).status).toBe(404);
    expect((await chose({ kind: 'answer', id: practice.id })).status).toBe(400);
    const outsider = await makeUser(store.url, store.adminToken, 'Oscar Outsider');
    expect((await chose({ kind: 'practice', id: practice.id }, outsider)).status).toBe(404);

    const today = new Date().toISOString().slice(0, 10);
    const health = await coord.api.get(`/communities/reuse/health?from=${today}&to=${today}`);
    expect(health.status).toBe(200);
    expect(health.body.months.at(-1).answeredByExisting).toBe(2);
    const overview = await client(store.url, store.adminToken).get('/overview');
    const figures = overview.body.communities.find((c: { slug: string }) => c.slug === 'reuse');
    expect(figures.value).toMatchObject({ answeredByExisting: 2, answeredByExisting90d: 2 });

    // A question asked and answered by naming the practice is answered by existing knowledge too: one figure.
    const asked = await asker.api.post('/questions', {
      community: 'reuse',
      title: 'Where is the runbook for this?',
    });
    expect(asked.status).toBe(201);
    const answered = await coord.api.post(`/questions/${asked.body.question.id}/answers`, {
      body: `It is written down: /console/#/practices/${practice.id}`,
    });
    expect(answered.status).toBe(201);
    const later = await coord.api.get(`/communities/reuse/health?from=${today}&to=${today}`);
    expect(later.body.months.at(-1).answeredByExisting).toBe(3);
    expect(later.body.months.at(-1)).not.toHaveProperty('answeredFromPractices');
    const csv = await client(store.url, store.adminToken).get('/overview?format=csv');
    const [header, ...rows] = (csv.body as string).split('\r\n');
    const column = header!.split(',').indexOf('answered_by_existing');
    const reuse = rows.find((r) => r.startsWith('reuse,'))!;
    expect(reuse.split(',')[column]).toBe('3');
  });
});

describe('the question router', () => {
  it('stops when the store closes', async () => {
    const store = await openEngineStore('sqlite');
    const router = questionRouter(store.ctx)!;
    expect(router.stopped).toBe(false);
    await store.dispose();
    expect(router.stopped).toBe(true);
    expect(await router.tick()).toBe(0);
  });
});
