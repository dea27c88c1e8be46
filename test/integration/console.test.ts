/**
 * The coordinators' console API on SQLite and (with DATABASE_URL) PostgreSQL: access, the review
 * queue, merges, edits that conflict, routing, health, export and import, audit and webhooks.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Practice, PullResponse, Question } from '../../src/core/types';
import { verifyWebhookSignature } from '../../src/server/domain/webhooks';
import {
  client,
  makeCoordinatedCommunity,
  makeUsers,
  publishPractices,
  type User,
} from '../helpers/api';
import { ENGINES, type EngineStore, openEngineStore } from '../helpers/engines';
import { type Receiver, startReceiver } from '../helpers/receiver';

// Retries come fast here: 20 ms, 40 ms, … so eight attempts fit in a few seconds.
process.env.COP_WEBHOOK_BACKOFF_MS = '20';

const practice = (community: string, over: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  community,
  title: 'Drain a Kubernetes node before patching',
  body: 'Cordon the node, drain it with ignore-daemonsets, patch it, then uncordon it again.',
  kind: 'method',
  tags: ['kubernetes'],
  source: {
    url: `https://wiki.example.com/${randomUUID()}`,
    title: 'Runbook',
    quote: { exact: 'drain blocks when a budget allows zero disruptions', prefix: '', suffix: '' },
  },
  ...over,
});

describe.each(ENGINES)('console API on %s', (engine) => {
  let store: EngineStore;
  let coord: User;
  let member: User;
  let expert: User;
  let second: User;
  let rising: User;
  const slug = 'platform';

  beforeAll(async () => {
    // The webhook receivers run on this machine, which a store refuses unless told otherwise.
    store = await openEngineStore(engine, { COP_WEBHOOK_HOSTS: '127.0.0.1' });
    [coord, member, expert, second, rising] = await makeUsers(store, [
      'Cora Coordinator',
      'Milo Member',
      'Eva Expert',
      'Finn Second',
      'Rita Rising',
    ]);
    await makeCoordinatedCommunity(store, slug, coord, [member, expert, second, rising]);
  });
  afterAll(() => store?.dispose());

  it('refuses members on every console endpoint with 403 and a readable error', async () => {
    const q = await member.api.post('/questions', { community: slug, title: 'A question' });
    const p = await member.api.post('/practices', practice(slug));
    const calls = [
      member.api.get(`/communities/${slug}/queue`),
      member.api.get(`/communities/${slug}/members`),
      member.api.get(`/communities/${slug}/health?from=2025-01-01&to=2025-01-31`),
      member.api.get(`/communities/${slug}/export?format=csv`),
      member.api.get(`/communities/${slug}/audit`),
      member.api.get(`/communities/${slug}/webhooks`),
      member.api.get(`/communities/${slug}/conflicts`),
      member.api.get(`/questions/${q.body.question.id}/route-suggestions`),
      member.api.post(`/questions/${q.body.question.id}/route`, { userIds: [expert.id] }),
      member.api.post(`/questions/${q.body.question.id}/close`, {}),
      member.api.post('/practices/bulk-review', {
        action: 'publish',
        items: [{ id: p.body.practice.id, baseVersion: 1 }],
      }),
      member.api.post(`/communities/${slug}/webhooks`, {
        url: 'https://hooks.example.com/x',
        events: ['question.created'],
      }),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
      expect(res.body.error.message).toMatch(/coordinator/);
    }
  });

  it('validates input and answers 400 with a code, never 500', async () => {
    const bad = [
      await coord.api.get(`/communities/${slug}/health?from=2025-02-01&to=2025-01-01`),
      await coord.api.get(`/communities/${slug}/health?from=yesterday&to=2025-01-01`),
      await coord.api.post('/practices/bulk-review', { action: 'reject', items: [] }),
      await coord.api.post(`/communities/${slug}/webhooks`, { url: 'ftp://x', events: [] }),
      await coord.api.post(`/communities/${slug}/import`, { format: 'other', practices: [] }),
    ];
    for (const res of bad) {
      expect(res.status).toBe(400);
      expect(typeof res.body.error.code).toBe('string');
      expect(res.body.error.message.length).toBeGreaterThan(5);
    }
  });

  it('lists the queue newest first with duplicates and reviews in bulk, rejections with a note', async () => {
    const s = 'queue-a';
    await makeCoordinatedCommunity(store, s, coord, [member]);
    const first = (await member.api.post('/practices', practice(s))).body.practice as Practice;
    await new Promise((r) => setTimeout(r, 5));
    const dup = (
      await member.api.post(
        '/practices',
        practice(s, { title: 'Drain Kubernetes nodes before patching them' }),
      )
    ).body.practice as Practice;
    await new Promise((r) => setTimeout(r, 5));
    const other = (
      await member.api.post(
        '/practices',
        practice(s, {
          title: 'Write the incident timeline',
          body: 'Keep notes with times in the channel.',
          tags: [],
          source: undefined,
        }),
      )
    ).body.practice as Practice;
    const queue = await coord.api.get(`/communities/${s}/queue`);
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((p: Practice) => p.id)).toEqual([other.id, dup.id, first.id]);
    const dupItem = queue.body.items[1];
    expect(dupItem.source.quote.exact).toContain('drain blocks');
    expect(dupItem.similar[0]).toMatchObject({ id: first.id });
    expect(queue.body.items[0].similar).toEqual([]);

    const noNote = await coord.api.post('/practices/bulk-review', {
      action: 'reject',
      items: [{ id: other.id, baseVersion: 1 }],
    });
    expect(noNote.status).toBe(400);
    const bulk = await coord.api.post('/practices/bulk-review', {
      action: 'publish',
      items: [
        { id: first.id, baseVersion: 1 },
        { id: dup.id, baseVersion: 7 },
      ],
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.results[0]).toMatchObject({
      status: 'applied',
      practice: { status: 'published' },
    });
    expect(bulk.body.results[1]).toMatchObject({
      status: 'conflict',
      error: { code: 'version_conflict' },
    });
    const rejected = await coord.api.post('/practices/bulk-review', {
      action: 'reject',
      note: 'Not about our domain',
      items: [{ id: other.id, baseVersion: 1 }],
    });
    expect(rejected.body.results[0].practice.status).toBe('rejected');
    const audit = await coord.api.get(`/communities/${s}/audit?action=reject`);
    expect(audit.body.items[0]).toMatchObject({
      action: 'reject',
      entityId: other.id,
      note: 'Not about our domain',
      actor: { id: coord.id, name: 'Cora Coordinator' },
      before: { status: 'captured' },
      after: { status: 'rejected' },
    });
  });

  it('keeps both versions when an edit conflicts, and resolves either way', async () => {
    const p = (await member.api.post('/practices', practice(slug))).body.practice as Practice;
    const mine = await coord.api.put(`/practices/${p.id}`, {
      baseVersion: 1,
      patch: { title: 'Coordinator title', tags: ['kubernetes', 'patching'] },
    });
    expect(mine.status).toBe(200);
    expect(mine.body.practice).toMatchObject({ title: 'Coordinator title', version: 2 });
    const stale = await coord.api.put(`/practices/${p.id}`, {
      baseVersion: 1,
      patch: { title: 'Stale title' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('edit_conflict');
    expect(stale.body.error.details.conflict.proposed).toEqual({ title: 'Stale title' });
    expect(stale.body.error.details.practice.title).toBe('Coordinator title');
    const conflicts = await coord.api.get(`/communities/${slug}/conflicts`);
    const listed = conflicts.body.items.find((c: any) => c.entityId === p.id);
    expect(listed).toMatchObject({
      proposed: { title: 'Stale title' },
      authorName: 'Cora Coordinator',
    });
    const resolved = await coord.api.post(`/conflicts/${listed.id}/resolve`, {
      keep: 'proposed',
      baseVersion: 2,
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body.practice).toMatchObject({ title: 'Stale title', version: 3 });
    expect(resolved.body.conflict.resolvedAt).toBeTruthy();
    const again = await coord.api.post(`/conflicts/${listed.id}/resolve`, {
      keep: 'current',
      baseVersion: 3,
    });
    expect(again.status).toBe(409);
  });

  it('merges duplicates keeping every source, tag and endorsement', async () => {
    const s = 'merge-a';
    await makeCoordinatedCommunity(store, s, coord, [member, expert, second, rising]);
    const target = (await member.api.post('/practices', practice(s))).body.practice as Practice;
    const dupA = (
      await expert.api.post('/practices', practice(s, { tags: ['kubernetes', 'patching'] }))
    ).body.practice as Practice;
    const dupB = (await second.api.post('/practices', practice(s, { tags: ['maintenance'] }))).body
      .practice as Practice;
    await rising.api.post(`/practices/${target.id}/endorse`, {});
    await rising.api.post(`/practices/${dupA.id}/endorse`, {});
    await second.api.post(`/practices/${dupA.id}/endorse`, {});
    await coord.api.post(`/practices/${dupB.id}/endorse`, {});
    await coord.api.post('/practices/bulk-review', {
      action: 'feature',
      items: [{ id: dupB.id, baseVersion: 1 }],
    });
    const res = await coord.api.post(`/practices/${target.id}/merge`, {
      baseVersion: 1,
      duplicates: [
        { id: dupA.id, baseVersion: 1 },
        { id: dupB.id, baseVersion: 2 },
      ],
      note: 'Same runbook step',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const merged = res.body.practice as Practice;
    expect(merged.sources?.map((x) => x.url)).toEqual([
      target.source!.url,
      dupA.source!.url,
      dupB.source!.url,
    ]);
    expect(merged.sources?.[1]?.practiceId).toBe(dupA.id);
    // Rita endorsed two of them and counts once; Finn and Cora once each.
    expect(merged.endorsements).toBe(3);
    expect(merged.tags.sort()).toEqual(['kubernetes', 'maintenance', 'patching']);
    expect(merged).toMatchObject({ status: 'published', featured: true, version: 2 });
    for (const id of [dupA.id, dupB.id]) {
      const dup = (await coord.api.get(`/practices/${id}`)).body.practice as Practice;
      expect(dup).toMatchObject({ status: 'archived', featured: false, mergedInto: target.id });
    }
    const again = await coord.api.post(`/practices/${target.id}/merge`, {
      baseVersion: 2,
      duplicates: [{ id: dupA.id, baseVersion: 2 }],
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_merged');
    const audit = await coord.api.get(`/communities/${s}/audit?action=merge`);
    expect(audit.body.items[0].before.duplicates).toHaveLength(2);
    expect(audit.body.items[0].note).toBe('Same runbook step');
  });

  it('suggests routes spread over experts with a rising member, and the expert sees routed questions', async () => {
    const s = 'routing-a';
    await makeCoordinatedCommunity(store, s, coord, [member, expert, second, rising]);
    // Routing by hand here: automatic routing (question-loop.test.ts) would take the seats first.
    await store.ctx.storage.db
      .updateTable('communities')
      .set({ auto_routing: 0 })
      .where('slug', '=', s)
      .execute();
    // Eva is core (five published practices), Finn active (two), Rita only declared the topic.
    const publish = (u: User, n: number) =>
      publishPractices(u, coord, n, (i) =>
        practice(s, { title: `Kubernetes upgrade step ${i} by ${u.id}`, body: 'kubernetes' }),
      );
    await publish(expert, 5);
    await publish(second, 2);
    await rising.api.post('/sync/push', {
      clientId: `c-${randomUUID()}`,
      mutations: [{ id: 1, name: 'setExpertise', args: { community: s, topics: ['kubernetes'] } }],
    });
    const routedTo: string[][] = [];
    for (let i = 0; i < 3; i++) {
      const q = (
        await member.api.post('/questions', {
          community: s,
          title: `How do I upgrade kubernetes safely (${i})?`,
          tags: ['kubernetes'],
        })
      ).body.question as Question;
      const sug = await coord.api.get(`/questions/${q.id}/route-suggestions`);
      expect(sug.status).toBe(200);
      expect(sug.body.topics).toContain('kubernetes');
      const ids = sug.body.suggested.map((c: any) => c.user.id);
      expect(sug.body.suggested.some((c: any) => c.reason === 'rising')).toBe(true);
      expect(ids).not.toContain(member.id);
      const routed = await coord.api.post(`/questions/${q.id}/route`, { userIds: ids });
      expect(routed.status).toBe(200);
      expect(routed.body.question.routedTo.sort()).toEqual([...ids].sort());
      routedTo.push(ids);
    }
    // Nobody gets every question, and everyone who knows the topic gets at least one.
    const counts = new Map<string, number>();
    for (const ids of routedTo) for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect(counts.get(expert.id)).toBeLessThan(3);
    for (const u of [expert, second, rising]) expect(counts.get(u.id) ?? 0).toBeGreaterThan(0);

    const mine = await rising.api.get(`/questions?routed=1&community=${s}`);
    const ritaCount = counts.get(rising.id);
    expect(mine.body.items).toHaveLength(ritaCount!);
    const pulled = await rising.api.get<PullResponse>('/sync/pull?since=0');
    const routedQuestions = pulled.body.changes.filter(
      (c) => c.entity === 'question' && c.op === 'put' && c.data.routedTo.includes(rising.id),
    );
    expect(routedQuestions).toHaveLength(ritaCount!);

    const q0 = mine.body.items[0] as Question;
    const closed = await coord.api.post(`/questions/${q0.id}/close`, { note: 'Answered in chat' });
    expect(closed.body.question.status).toBe('closed');
    const answer = await rising.api.post(`/questions/${q0.id}/answers`, { body: 'Late answer' });
    expect(answer.status).toBe(409);
    const reopened = await coord.api.post(`/questions/${q0.id}/reopen`, {});
    expect(reopened.body.question.status).toBe('open');
  });

  it('lists members with their participation level', async () => {
    const s = 'members-a';
    await makeCoordinatedCommunity(store, s, coord, [expert, second]);
    for (let i = 0; i < 5; i++)
      await expert.api.post('/practices', practice(s, { title: `Practice ${i}` }));
    await second.api.post('/practices', practice(s));
    const add = await coord.api.post(`/communities/${s}/members`, { email: rising.email });
    expect(add.status).toBe(201);
    const dupAdd = await coord.api.post(`/communities/${s}/members`, { email: rising.email });
    expect(dupAdd.status).toBe(409);
    const res = await coord.api.get(`/communities/${s}/members`);
    const level = (id: string) => res.body.items.find((m: any) => m.user.id === id)?.level;
    expect(level(expert.id)).toBe('core');
    expect(level(second.id)).toBe('active');
    expect(level(rising.id)).toBe('peripheral');
    expect(res.body.items.find((m: any) => m.user.id === coord.id).role).toBe('coordinator');
  });

  it('reports health figures that match the seeded data', async () => {
    const s = 'health-a';
    await makeCoordinatedCommunity(store, s, coord, [member, expert]);
    const ps: Practice[] = [];
    for (let i = 0; i < 4; i++)
      ps.push((await expert.api.post('/practices', practice(s, { title: `P${i}` }))).body.practice);
    await coord.api.post('/practices/bulk-review', {
      action: 'publish',
      items: ps.slice(0, 3).map((p) => ({ id: p.id, baseVersion: 1 })),
    });
    const q1 = (await member.api.post('/questions', { community: s, title: 'Q1' })).body.question;
    await member.api.post('/questions', { community: s, title: 'Q2' });
    await new Promise((r) => setTimeout(r, 20));
    const a1 = (await expert.api.post(`/questions/${q1.id}/answers`, { body: 'A1' })).body.answer;
    await member.api.post(`/practices/${ps[0]!.id}/endorse`, {});
    const today = new Date().toISOString().slice(0, 10);
    const res = await coord.api.get(`/communities/${s}/health?from=${today}&to=${today}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      captures: 4,
      published: 3,
      sharePublished: 0.75,
      questions: 2,
      answered: 1,
      shareAnswered: 0.5,
      medianFirstAnswerMs: Date.parse(a1.createdAt) - Date.parse(q1.createdAt),
      // Eva captured four and answered one: five contributions make her core; Milo only asked and endorsed.
      activeMembers: { peripheral: 1, active: 0, core: 1, total: 2 },
    });
    expect(res.body.weeks).toHaveLength(1);
    expect(res.body.weeks[0]).toMatchObject({ captures: 4, questions: 2 });
    expect(res.body.topContributors[0]).toMatchObject({
      user: { id: expert.id },
      captures: 4,
      answers: 1,
      contributions: 5,
    });
  });

  it('exports CSV, Markdown and JSON, and an admin imports the JSON back to the same practices', async () => {
    const from = 'export-a';
    const to = 'export-b';
    await makeCoordinatedCommunity(store, from, coord, [member]);
    await makeCoordinatedCommunity(store, to, coord, [member]);
    const p1 = (
      await member.api.post(
        '/practices',
        practice(from, { title: '=HYPERLINK("x") "quoted", title', body: 'Line one\nLine two' }),
      )
    ).body.practice;
    await member.api.post('/practices', practice(from, { title: 'Second', source: undefined }));
    await coord.api.post('/practices/bulk-review', {
      action: 'feature',
      items: [{ id: p1.id, baseVersion: 1 }],
    });
    const csv = await fetch(`${store.url}/api/v1/communities/${from}/export?format=csv`, {
      headers: { Authorization: `Bearer ${coord.token}` },
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain(`${from}-practices-`);
    const csvText = await csv.text();
    expect(csvText.split('\r\n')[0]).toMatch(/^id,title,kind,status/);
    expect(csvText).toContain(`"'=HYPERLINK(""x"") ""quoted"", title"`);
    const md = await (
      await fetch(`${store.url}/api/v1/communities/${from}/export?format=md`, {
        headers: { Authorization: `Bearer ${coord.token}` },
      })
    ).text();
    expect(md).toContain('## Second');
    expect(md).toContain('> drain blocks when a budget allows zero disruptions');

    const exported = (await coord.api.get(`/communities/${from}/export?format=json`)).body;
    expect(exported.practices).toHaveLength(2);
    const admin = client(store.url, store.adminToken);
    const imported = await admin.post(`/communities/${to}/import`, exported);
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body.created).toHaveLength(2);
    expect(imported.body.keptOriginals).toBe(true);
    const back = (await coord.api.get(`/communities/${to}/export?format=json`)).body;
    const comparable = (x: any) =>
      x.practices.map(({ id: _id, endorsements: _e, ...rest }: any) => rest);
    expect(comparable(back)).toEqual(comparable(exported));
    const twice = await coord.api.post(`/communities/${to}/import`, back);
    expect(twice.body).toMatchObject({
      created: [],
      skipped: back.practices.map((p: any) => p.id),
    });
  });

  it('a coordinator’s import becomes their own new captures, listed in the audit trail', async () => {
    const to = 'import-c';
    await makeCoordinatedCommunity(store, to, coord, [member]);
    const file = {
      format: 'cop-kit-practices',
      version: 1,
      practices: [
        {
          id: randomUUID(),
          title: 'Backdated and featured in someone else’s name',
          body: 'Text.',
          kind: 'method',
          tags: ['forged'],
          status: 'published',
          featured: true,
          source: null,
          author: { name: 'Milo', email: member.email },
          createdAt: '2001-01-01T00:00:00.000Z',
          updatedAt: '2001-01-02T00:00:00.000Z',
        },
      ],
    };
    const started = new Date().toISOString();
    const imported = await coord.api.post(`/communities/${to}/import`, file);
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body).toMatchObject({ keptOriginals: false });
    const id = imported.body.created[0];
    const back = (await coord.api.get(`/communities/${to}/export?format=json`)).body.practices;
    expect(back).toHaveLength(1);
    expect(back[0]).toMatchObject({
      id,
      status: 'captured',
      featured: false,
      author: { email: coord.email },
    });
    expect(back[0].createdAt >= started).toBe(true);
    const audit = (await coord.api.get(`/communities/${to}/audit?action=import`)).body.items;
    expect(audit[0].after).toMatchObject({
      created: 1,
      keptOriginals: false,
      practices: [
        {
          id,
          title: file.practices[0]!.title,
          fileAuthor: member.email,
          fileStatus: 'published, featured',
          fileCreatedAt: '2001-01-01T00:00:00.000Z',
        },
      ],
    });

    // The same id twice in one file is the file's fault: 400, nothing imported.
    const repeated = { ...file.practices[0]!, id: randomUUID() };
    const twice = { ...file, practices: [repeated, { ...repeated, title: 'Again' }] };
    const refused = await coord.api.post(`/communities/${to}/import`, twice);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('duplicate_id');
    expect(refused.body.error.message).toMatch(/practices\.1\.id/);
    expect(
      (await coord.api.get(`/communities/${to}/export?format=json`)).body.practices,
    ).toHaveLength(1);
  });

  describe('webhooks', () => {
    let receiver: Receiver;
    const received: { headers: Record<string, string>; body: string; status: number }[] = [];
    let failNext = 0;

    beforeAll(async () => {
      receiver = await startReceiver('/hook', ({ headers, body }) => {
        const status = failNext-- > 0 ? 500 : 200;
        received.push({ headers: headers as Record<string, string>, body, status });
        return status;
      });
    });
    afterAll(() => receiver.close());

    const waitFor = async (check: () => boolean, ms = 8_000) => {
      const end = Date.now() + ms;
      while (!check()) {
        if (Date.now() > end) throw new Error('timed out waiting');
        await new Promise((r) => setTimeout(r, 25));
      }
    };

    it('signs deliveries, retries after a 500 and shows every attempt in the log', async () => {
      const s = 'hooks-a';
      await makeCoordinatedCommunity(store, s, coord, [member, expert]);
      const created = await coord.api.post(`/communities/${s}/webhooks`, {
        url: receiver.url,
        events: ['question.created', 'question.routed', 'practice.featured'],
      });
      expect(created.status).toBe(201);
      const hook = created.body.webhook;
      expect(hook.secret).toMatch(/^whsec_/);

      failNext = 1;
      received.length = 0;
      const q = (
        await member.api.post('/questions', { community: s, title: 'Where is the runbook?' })
      ).body.question as Question;
      await waitFor(() => received.length >= 2);
      expect(received.map((r) => r.status)).toEqual([500, 200]);
      const [first, retry] = received as [(typeof received)[0], (typeof received)[0]];
      expect(retry.headers['x-cop-delivery']).toBe(first.headers['x-cop-delivery']);
      expect(retry.body).toBe(first.body);
      for (const r of received) {
        expect(r.headers['x-cop-event']).toBe('question.created');
        expect(
          verifyWebhookSignature(
            hook.secret,
            r.headers['x-cop-timestamp']!,
            r.body,
            r.headers['x-cop-signature']!,
          ),
        ).toBe(true);
        expect(
          verifyWebhookSignature(
            'whsec_wrong',
            r.headers['x-cop-timestamp']!,
            r.body,
            r.headers['x-cop-signature']!,
          ),
        ).toBe(false);
      }
      const message = JSON.parse(retry.body);
      expect(message.text).toContain('Where is the runbook?');
      expect(message).toMatchObject({ event: 'question.created', community: { slug: s } });

      const log = await coord.api.get(`/communities/${s}/webhooks/${hook.id}/deliveries`);
      expect(log.body.items[0]).toMatchObject({
        event: 'question.created',
        status: 'delivered',
        attempts: 2,
        lastStatus: 200,
      });
      expect(log.body.items[0].tries.map((t: any) => t.status)).toEqual([500, 200]);

      received.length = 0;
      await coord.api.post(`/questions/${q.id}/route`, { userIds: [expert.id] });
      await waitFor(() => received.length >= 1);
      expect(received[0]!.headers['x-cop-event']).toBe('question.routed');
      expect(JSON.parse(received[0]!.body).text).toContain('Eva Expert');

      received.length = 0;
      await coord.api.post(`/communities/${s}/webhooks/${hook.id}/test`, {});
      await waitFor(() => received.length >= 1);
      expect(received[0]!.headers['x-cop-event']).toBe('ping');

      const disabled = await coord.api.put(`/communities/${s}/webhooks/${hook.id}`, {
        enabled: false,
      });
      expect(disabled.body.webhook.enabled).toBe(false);
      received.length = 0;
      await member.api.post('/questions', { community: s, title: 'Unheard' });
      await new Promise((r) => setTimeout(r, 300));
      expect(received).toHaveLength(0);
      const audit = await coord.api.get(`/communities/${s}/audit`);
      expect(audit.body.items.map((e: any) => e.action)).toContain('create-webhook');
      expect(JSON.stringify(audit.body.items)).not.toContain(hook.secret);
    });

    it('gives up after the last attempt and can be retried by hand', async () => {
      const s = 'hooks-b';
      await makeCoordinatedCommunity(store, s, coord);
      const hook = (
        await coord.api.post(`/communities/${s}/webhooks`, {
          url: 'http://127.0.0.1:9/nothing-listens-here',
          events: ['practice.featured'],
        })
      ).body.webhook;
      await coord.api.post(`/communities/${s}/webhooks/${hook.id}/test`, {});
      let log: any;
      const end = Date.now() + 15_000;
      for (;;) {
        log = (await coord.api.get(`/communities/${s}/webhooks/${hook.id}/deliveries`)).body;
        if (log.items[0]?.status === 'failed' || Date.now() > end) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(log.items[0]).toMatchObject({ status: 'failed', attempts: 8 });
      // A closed port reads the same as a refused address: the log is no scanner of the store's network.
      expect(log.items[0].lastError).toBe('Not delivered.');
      expect(log.items[0].tries.every((t: any) => t.error === 'Not delivered.')).toBe(true);
      const retry = await coord.api.post(
        `/communities/${s}/webhooks/${hook.id}/deliveries/${log.items[0].id}/retry`,
        {},
      );
      expect(retry.status).toBe(202);
    }, 30_000);
  });

  it('documents every console route in /openapi.json', async () => {
    const doc = await (await fetch(`${store.url}/openapi.json`)).json();
    for (const path of [
      '/communities/{slug}/queue',
      '/practices/bulk-review',
      '/practices/{id}/merge',
      '/conflicts/{id}/resolve',
      '/questions/{id}/route',
      '/questions/{id}/route-suggestions',
      '/communities/{slug}/health',
      '/communities/{slug}/export',
      '/communities/{slug}/import',
      '/communities/{slug}/audit',
      '/communities/{slug}/webhooks/{id}/deliveries',
    ])
      expect(Object.keys(doc.paths)).toContain(`/api/v1${path}`);
  });
});
