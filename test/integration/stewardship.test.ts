/**
 * Keeping the practice alive, on SQLite and (with DATABASE_URL) PostgreSQL: owners verify, practices fall
 * due past their interval (owners told once), "this helped" counts once per person, an author's edit of a
 * published practice waits beside it (through the sync protocol too), stewards own a tag, and sponsors see
 * an aggregated overview and nothing else.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Practice, PullResponse } from '../../src/core/types';
import { stewardship } from '../../src/server/domain/stewardship';
import {
  makeCommunity,
  makeCoordinatedCommunity,
  makeUser,
  makeUsers,
  type User,
} from '../helpers/api';
import { ENGINES, type EngineStore, openEngineStore } from '../helpers/engines';
import { type Receiver, startReceiver } from '../helpers/receiver';

const DAY = 86_400_000;

describe.each(ENGINES)('stewardship on %s', (engine) => {
  let store: EngineStore;
  let coord: User;
  let author: User;
  let reader: User;
  let other: User;
  let outsider: User;
  const slug = 'platform';
  const received: { event: string; data: any }[] = [];
  let receiver: Receiver;

  const capture = async (by: User, over: Record<string, unknown> = {}) => {
    const res = await by.api.post('/practices', {
      community: slug,
      title: `Drain nodes before patching ${randomUUID().slice(0, 6)}`,
      body: 'Cordon, drain, patch, uncordon.',
      tags: ['kubernetes'],
      ...over,
    });
    expect(res.status).toBe(201);
    return res.body.practice as Practice;
  };
  /** The coordinator reviews practice `id` at version `baseVersion`. */
  const review = (id: string, action: string, baseVersion: number, more: object = {}) =>
    coord.api.post(`/practices/${id}/review`, { action, baseVersion, ...more });
  const publish = async (p: Practice) => {
    const res = await review(p.id, 'publish', p.version);
    expect(res.status).toBe(200);
    return res.body as Practice;
  };
  const read = async (id: string, by: User = reader) =>
    (await by.api.get(`/practices/${id}`)).body.practice as Practice;

  beforeAll(async () => {
    store = await openEngineStore(engine, { COP_WEBHOOK_HOSTS: '127.0.0.1' });
    [coord, author, reader, other, outsider] = await makeUsers(store, [
      'Cora Coordinator',
      'Ada Author',
      'Rafa Reader',
      'Olga Other',
      'Otto Outsider',
    ]);
    await makeCoordinatedCommunity(store, slug, coord, [author, reader, other]);
    await makeCommunity(store.url, store.adminToken, 'elsewhere', [[outsider.id, 'member']]);
    receiver = await startReceiver('/hook', ({ body }) => {
      const json = JSON.parse(body);
      received.push({ event: json.event, data: json.data });
    });
  });
  afterAll(async () => {
    stewardship(store.ctx).options.now = () => new Date();
    await store?.dispose();
    await receiver?.close();
  });

  describe('owners and "Still right"', () => {
    it('makes the author the owner, due after the community’s interval', async () => {
      const p = await capture(author);
      expect(p.owner).toBe(author.id);
      expect(p.verifiedAt).toBeNull();
      expect(p.due).toBe(false);
      expect(Date.parse(p.reviewDueAt) - Date.parse(p.createdAt)).toBe(90 * DAY);
    });

    it('lets the owner and coordinators verify, not other members; the version stays', async () => {
      const p = await capture(author);
      const refused = await reader.api.post(`/practices/${p.id}/verify`);
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toMatch(/owner or a coordinator/);
      const ok = await author.api.post(`/practices/${p.id}/verify`);
      expect(ok.status).toBe(200);
      const verified = ok.body.practice as Practice;
      expect(verified.verifiedAt).not.toBeNull();
      expect(Date.parse(verified.reviewDueAt) - Date.parse(verified.verifiedAt!)).toBe(90 * DAY);
      expect(verified.version).toBe(p.version);
      expect((await coord.api.post(`/practices/${p.id}/verify`)).status).toBe(200);
      expect((await outsider.api.post(`/practices/${p.id}/verify`)).status).toBe(403);
      expect((await reader.api.post(`/practices/${randomUUID()}/verify`)).status).toBe(404);
    });

    it('lets a coordinator hand a practice to another member, who may then verify it', async () => {
      const p = await capture(author);
      expect((await reader.api.put(`/practices/${p.id}/owner`, { owner: other.id })).status).toBe(
        403,
      );
      const notMember = await coord.api.put(`/practices/${p.id}/owner`, { owner: outsider.id });
      expect(notMember.status).toBe(400);
      const moved = await coord.api.put(`/practices/${p.id}/owner`, { owner: other.id });
      expect(moved.status).toBe(200);
      expect(moved.body.practice.owner).toBe(other.id);
      expect((await other.api.post(`/practices/${p.id}/verify`)).status).toBe(200);
    });

    it('gives a tag’s practices, old and new, to its steward', async () => {
      const before = await capture(author, { tags: ['terraform'] });
      expect(
        (
          await reader.api.put(`/communities/${slug}/stewards`, {
            tag: 'terraform',
            userId: other.id,
          })
        ).status,
      ).toBe(403);
      const named = await coord.api.put(`/communities/${slug}/stewards`, {
        tag: 'terraform',
        userId: other.id,
      });
      expect(named.status).toBe(200);
      expect(named.body.items).toEqual([
        { tag: 'terraform', userId: other.id, name: 'Olga Other' },
      ]);
      expect((await read(before.id)).owner).toBe(other.id);
      const after = await capture(author, { tags: ['terraform', 'aws'] });
      expect(after.owner).toBe(other.id);
      expect((await reader.api.get(`/communities/${slug}/stewards`)).body.items).toHaveLength(1);
      await coord.api.put(`/communities/${slug}/stewards`, { tag: 'terraform', userId: null });
      expect((await reader.api.get(`/communities/${slug}/stewards`)).body.items).toEqual([]);
    });
  });

  describe('due for review', () => {
    it('marks practices due past their interval, tells the owner and the webhook once, and clears on verify', async () => {
      const hook = await coord.api.post(`/communities/${slug}/webhooks`, {
        url: receiver.url,
        events: ['practice.due'],
      });
      expect(hook.status).toBe(201);
      const p = await capture(author);
      const job = stewardship(store.ctx);
      const later = new Date(Date.now() + 91 * DAY);
      job.options.now = () => later;
      expect(await job.runOnce()).toBeGreaterThan(0);
      const due = await read(p.id);
      expect(due.due).toBe(true);
      expect(due.version).toBe(p.version);
      // A second look the next day tells nobody again.
      const dayAfter = new Date(later.getTime() + DAY);
      job.options.now = () => dayAfter;
      expect(await job.runOnce()).toBe(0);
      const told = (await author.api.get('/me/notifications')).body.items.filter(
        (n: any) => n.entityId === p.id,
      );
      expect(told).toHaveLength(1);
      expect(told[0]).toMatchObject({ kind: 'practice.due', community: slug });
      expect(told[0].text).toMatch(/due for review/);
      // The queue: coordinators only.
      expect((await reader.api.get(`/communities/${slug}/due`)).status).toBe(403);
      const queue = await coord.api.get(`/communities/${slug}/due`);
      expect(queue.status).toBe(200);
      expect(queue.body.items.map((x: Practice) => x.id)).toContain(p.id);
      // The webhook heard it once.
      await expect
        .poll(
          () =>
            received.filter((r) => r.event === 'practice.due' && r.data.practice.id === p.id)
              .length,
          { timeout: 5000 },
        )
        .toBe(1);
      const heard = received.find((r) => r.data.practice.id === p.id)!;
      expect(heard.data.practice.owner).toEqual({ id: author.id, name: 'Ada Author' });
      // The owner says it is still right, on the store's clock: the badge clears and the interval restarts.
      const verified = (await author.api.post(`/practices/${p.id}/verify`)).body
        .practice as Practice;
      expect(verified.due).toBe(false);
      expect(verified.verifiedAt).toBe(dayAfter.toISOString());
      expect(verified.reviewDueAt).toBe(new Date(dayAfter.getTime() + 90 * DAY).toISOString());
      expect(
        (await coord.api.get(`/communities/${slug}/due`)).body.items.map((x: Practice) => x.id),
      ).not.toContain(p.id);
      expect(await job.runOnce()).toBe(0);
      job.options.now = () => new Date();
    });

    it('follows the community’s review interval', async () => {
      await store.ctx.storage.db
        .updateTable('communities')
        .set({ review_interval_days: 10 })
        .where('slug', '=', 'elsewhere')
        .execute();
      const res = await outsider.api.post('/practices', {
        community: 'elsewhere',
        title: 'Short-lived',
      });
      const p = res.body.practice as Practice;
      expect(Date.parse(p.reviewDueAt) - Date.parse(p.createdAt)).toBe(10 * DAY);
      const job = stewardship(store.ctx);
      job.options.now = () => new Date(Date.now() + 9 * DAY);
      await job.runOnce();
      expect((await outsider.api.get(`/practices/${p.id}`)).body.practice.due).toBe(false);
      job.options.now = () => new Date(Date.now() + 11 * DAY);
      await job.runOnce();
      expect((await outsider.api.get(`/practices/${p.id}`)).body.practice.due).toBe(true);
      job.options.now = () => new Date();
    });

    it('reviews a kind on its own interval when the community sets one', async () => {
      const patch = (by: User, reviewIntervalsByKind: unknown) =>
        by.api.patch(`/communities/${slug}`, { reviewIntervalsByKind });
      expect((await patch(reader, { tool: 30 })).status).toBe(403);
      const unknownKind = await patch(coord, { recipe: 30 });
      expect(unknownKind.status).toBe(400);
      expect((await patch(coord, { tool: 0 })).status).toBe(400);
      const set = await patch(coord, { tool: 30 });
      expect(set.status).toBe(200);
      expect(set.body.community).toMatchObject({
        reviewIntervalDays: 90,
        reviewIntervalsByKind: { tool: 30 },
      });
      const tool = await capture(author, { kind: 'tool' });
      const method = await capture(author, { kind: 'method' });
      expect(Date.parse(tool.reviewDueAt) - Date.parse(tool.createdAt)).toBe(30 * DAY);
      expect(Date.parse(method.reviewDueAt) - Date.parse(method.createdAt)).toBe(90 * DAY);
      const job = stewardship(store.ctx);
      job.options.now = () => new Date(Date.now() + 31 * DAY);
      await job.runOnce();
      job.options.now = () => new Date();
      expect((await read(tool.id)).due).toBe(true);
      expect((await read(method.id)).due).toBe(false);
      // Cleared, every kind follows the community's interval again.
      expect((await patch(coord, {})).body.community.reviewIntervalsByKind).toEqual({});
      const again = await read(tool.id);
      expect(Date.parse(again.reviewDueAt) - Date.parse(again.createdAt)).toBe(90 * DAY);
    });
  });

  describe('"this helped"', () => {
    it('counts once per person, keeps how it helped for the owner, and refuses the author and outsiders', async () => {
      const p = await capture(author);
      const first = await reader.api.post(`/practices/${p.id}/helped`, {});
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ counted: true, practice: { helpedCount: 1 } });
      const again = await reader.api.post(`/practices/${p.id}/helped`, { how: 'saved-time' });
      expect(again.body).toMatchObject({ counted: false, practice: { helpedCount: 1 } });
      const second = await other.api.post(`/practices/${p.id}/helped`, {
        how: 'avoided-mistake',
        note: 'Caught a missing drain.',
      });
      expect(second.body.practice.helpedCount).toBe(2);
      expect((await author.api.post(`/practices/${p.id}/helped`, {})).status).toBe(400);
      expect((await outsider.api.post(`/practices/${p.id}/helped`, {})).status).toBe(403);
      expect((await reader.api.post(`/practices/${p.id}/helped`, { how: 'nope' })).status).toBe(
        400,
      );
      const notes = await author.api.get(`/practices/${p.id}/helped`);
      expect(notes.status).toBe(200);
      expect(notes.body.items.map((n: any) => n.how).sort()).toEqual([
        'avoided-mistake',
        'saved-time',
      ]);
      expect(JSON.stringify(notes.body)).not.toMatch(/Rafa|Olga/);
      expect((await reader.api.get(`/practices/${p.id}/helped`)).status).toBe(403);
    });

    it('sorts listings and searches by it, and counts it as expert evidence', async () => {
      const plain = await capture(author, { title: 'Zebra rollout checklist plain' });
      const loved = await capture(author, { title: 'Zebra rollout checklist loved' });
      await reader.api.post(`/practices/${loved.id}/helped`, {});
      await other.api.post(`/practices/${loved.id}/helped`, {});
      const listed = await reader.api.get(`/practices?community=${slug}&sort=helped&limit=100`);
      expect(listed.status).toBe(200);
      const ids = listed.body.items.map((x: Practice) => x.id);
      expect(ids.indexOf(loved.id)).toBeLessThan(ids.indexOf(plain.id));
      expect(listed.body.items[0].helpedCount).toBeGreaterThanOrEqual(2);
      const searched = await reader.api.get(`/practices?q=zebra&sort=helped`);
      expect(searched.body.items[0].id).toBe(loved.id);
      expect((await reader.api.get('/practices?sort=sideways')).status).toBe(400);
      await publish(loved);
      const experts = await reader.api.get(`/experts?topic=zebra&community=${slug}`);
      const ada = experts.body.items.find((x: any) => x.user.id === author.id);
      expect(ada.evidence.map((e: any) => e.kind)).toContain('helped');
    });
  });

  describe('an author’s edit of a published practice', () => {
    let clientCounter = 0;
    const push = async (by: User, clientId: string, mutations: unknown[]) => {
      const res = await by.api.post('/sync/push', { clientId, mutations });
      expect(res.status).toBe(200);
      return res.body.results as { status: string }[];
    };

    it('waits for review beside the reviewed text, through sync, without losing an offline edit', async () => {
      const p = await publish(await capture(author, { title: 'Reviewed title', tags: ['ops'] }));
      const clientId = `author-client-${++clientCounter}`;
      const [first, second] = await push(author, clientId, [
        {
          id: 1,
          name: 'updatePractice',
          args: { id: p.id, baseVersion: p.version, patch: { title: 'Proposed title' } },
        },
        // A second offline edit names the version the client counted (one more), as optimistic.ts does.
        {
          id: 2,
          name: 'updatePractice',
          args: {
            id: p.id,
            baseVersion: p.version + 1,
            patch: { body: 'Proposed body', tags: ['ops', 'new'] },
          },
        },
      ]);
      expect(first!.status).toBe('applied');
      expect(second!.status).toBe('applied');
      const seen = await read(p.id);
      expect(seen.title).toBe('Reviewed title');
      expect(seen.status).toBe('published');
      expect(seen.tags).toEqual(['ops']);
      expect(seen.pendingRevision).toMatchObject({
        title: 'Proposed title',
        body: 'Proposed body',
        tags: ['ops', 'new'],
        author: author.id,
      });
      expect(seen.version).toBe(p.version + 2);
      // Readers who sync get the reviewed text and the waiting revision.
      const pull = (await reader.api.get(`/sync/pull?since=0&clientId=reader-${clientCounter}`))
        .body as PullResponse;
      const pulled = pull.changes.find((c) => c.entity === 'practice' && c.id === p.id) as any;
      expect(pulled.data.title).toBe('Reviewed title');
      expect(pulled.data.pendingRevision.title).toBe('Proposed title');
      // Search still finds the reviewed text, not the proposal.
      expect(
        (await reader.api.get(`/practices?q=proposed&community=${slug}`)).body.items.map(
          (x: Practice) => x.id,
        ),
      ).not.toContain(p.id);
      // A stale edit is kept as a conflict, as always.
      const [stale] = await push(author, clientId, [
        {
          id: 3,
          name: 'updatePractice',
          args: { id: p.id, baseVersion: p.version, patch: { title: 'Stale' } },
        },
      ]);
      expect(stale!.status).toBe('conflict');
      // The coordinator sees it in the queue, with both texts.
      const queue = await coord.api.get(`/communities/${slug}/queue`);
      const item = queue.body.items.find((x: Practice) => x.id === p.id);
      expect(item.title).toBe('Reviewed title');
      expect(item.pendingRevision.title).toBe('Proposed title');
      // Publishing takes the revision in.
      const published = await review(p.id, 'publish', seen.version);
      expect(published.status).toBe(200);
      expect(published.body).toMatchObject({
        title: 'Proposed title',
        body: 'Proposed body',
        tags: ['ops', 'new'],
        status: 'published',
      });
      expect(published.body.pendingRevision).toBeUndefined();
      expect(published.body.verifiedAt).not.toBeNull();
      const found = await reader.api.get(`/practices?q=proposed&community=${slug}`);
      expect(found.body.items.map((x: Practice) => x.id)).toContain(p.id);
    });

    it('keeps a featured practice featured and drops a rejected revision', async () => {
      const captured = await capture(author, { title: 'Featured title' });
      const featured = (await review(captured.id, 'feature', 1)).body as Practice;
      const [r] = await push(author, `author-client-${++clientCounter}`, [
        {
          id: 1,
          name: 'updatePractice',
          args: { id: featured.id, baseVersion: featured.version, patch: { title: 'Worse title' } },
        },
      ]);
      expect(r!.status).toBe('applied');
      const waiting = await read(featured.id);
      expect(waiting).toMatchObject({
        title: 'Featured title',
        featured: true,
        status: 'published',
      });
      const rejected = await review(featured.id, 'reject', waiting.version, {
        note: 'The old title says it better.',
      });
      expect(rejected.status).toBe(200);
      expect(rejected.body).toMatchObject({
        title: 'Featured title',
        status: 'published',
        featured: true,
      });
      expect(rejected.body.pendingRevision).toBeUndefined();
    });

    it('applies a coordinator’s edit and an edit of a fresh capture at once', async () => {
      const p = await publish(await capture(author, { title: 'Direct' }));
      const edited = await coord.api.put(`/practices/${p.id}`, {
        baseVersion: p.version,
        patch: { title: 'Edited by the coordinator' },
      });
      expect(edited.status).toBe(200);
      expect(edited.body.practice.title).toBe('Edited by the coordinator');
      expect(edited.body.practice.pendingRevision).toBeUndefined();
      const fresh = await capture(author, { title: 'Fresh' });
      const [r] = await push(author, `author-client-${++clientCounter}`, [
        {
          id: 1,
          name: 'updatePractice',
          args: { id: fresh.id, baseVersion: 1, patch: { title: 'Fresh, edited' } },
        },
      ]);
      expect(r!.status).toBe('applied');
      expect((await read(fresh.id)).title).toBe('Fresh, edited');
    });

    it('lets the owner propose archiving, which a coordinator decides', async () => {
      const p = await publish(await capture(author));
      expect((await reader.api.post(`/practices/${p.id}/propose-archive`)).status).toBe(403);
      const proposed = await author.api.post(`/practices/${p.id}/propose-archive`);
      expect(proposed.status).toBe(200);
      expect(proposed.body.practice.pendingRevision.archive).toBe(true);
      expect(proposed.body.practice.status).toBe('published');
      const archived = await review(p.id, 'archive', proposed.body.practice.version);
      expect(archived.body).toMatchObject({ status: 'archived' });
      expect(archived.body.pendingRevision).toBeUndefined();
    });
  });

  it('reports health month by month: levels, movement, helped and verifications', async () => {
    // Two questions this month: one answered by pointing at a practice, one still open.
    const known = await capture(author);
    const q1 = await reader.api.post('/questions', { community: slug, title: 'How to patch?' });
    await reader.api.post('/questions', { community: slug, title: 'Who owns DNS?' });
    const answered = await other.api.post(`/questions/${q1.body.question.id}/answers`, {
      body: `See the practice: /console/#/practices/${known.id}`,
    });
    expect(answered.status).toBe(201);
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 40 * DAY).toISOString().slice(0, 10);
    const res = await coord.api.get(`/communities/${slug}/health?from=${from}&to=${today}`);
    expect(res.status).toBe(200);
    const months = res.body.months as any[];
    expect(months.length).toBeGreaterThanOrEqual(2);
    const current = months.at(-1);
    expect(current.month).toBe(today.slice(0, 7));
    // Ada captured a lot this month: core; the readers only said "this helped".
    expect(current.levels.core).toBeGreaterThanOrEqual(1);
    expect(
      current.levels.core +
        current.levels.active +
        current.levels.peripheral +
        current.levels.inactive,
    ).toBe(4);
    expect(current.movedInward).toBeGreaterThanOrEqual(1);
    expect(current.helped).toBeGreaterThanOrEqual(3);
    expect(current.verifications).toBeGreaterThanOrEqual(3);
    // One question was answered by naming a practice: answered by existing knowledge.
    expect(current).toMatchObject({ questions: 2, shareAnswered: 0.5, answeredByExisting: 1 });
    expect(current.medianFirstAnswerMs).toBeGreaterThanOrEqual(0);
    // The weekly rhythm counts answers and verifications beside captures and questions.
    const weeks = res.body.weeks as { answers: number; verifications: number }[];
    expect(weeks.reduce((n, w) => n + w.answers, 0)).toBe(1);
    expect(weeks.reduce((n, w) => n + w.verifications, 0)).toBe(current.verifications);
  });

  describe('sponsors and the overview', () => {
    let sponsor: User;
    beforeAll(async () => {
      sponsor = await makeUser(store.url, store.adminToken, 'Sam Sponsor');
    });

    it('answers 403 to everyone but sponsors and admins', async () => {
      expect((await reader.api.get('/overview')).status).toBe(403);
      expect((await coord.api.get('/overview')).status).toBe(403);
      const admin = await (await import('../helpers/api'))
        .client(store.url, store.adminToken)
        .get('/overview');
      expect(admin.status).toBe(200);
      expect(admin.body.communities.map((c: any) => c.slug)).toEqual(['elsewhere', slug]);
    });

    it('lets only an admin make a sponsor, of named communities or of all', async () => {
      const { client } = await import('../helpers/api');
      const admin = client(store.url, store.adminToken);
      expect((await coord.api.put(`/users/${sponsor.id}/sponsor`, { sponsor: true })).status).toBe(
        403,
      );
      expect(
        (
          await admin.put(`/users/${sponsor.id}/sponsor`, {
            sponsor: true,
            communities: ['nowhere'],
          })
        ).status,
      ).toBe(404);
      const named = await admin.put(`/users/${sponsor.id}/sponsor`, {
        sponsor: true,
        communities: [slug],
      });
      expect(named.status).toBe(200);
      expect(named.body).toEqual({ userId: sponsor.id, sponsor: true, communities: [slug] });
      const view = await sponsor.api.get('/overview');
      expect(view.status).toBe(200);
      expect(view.body.communities).toHaveLength(1);
      const c = view.body.communities[0];
      expect(c).toMatchObject({ slug, name: slug });
      expect(c.health.members).toBe(4);
      expect(
        c.health.levels.core +
          c.health.levels.active +
          c.health.levels.peripheral +
          c.health.levels.inactive,
      ).toBe(4);
      expect(c.value.helped).toBeGreaterThanOrEqual(3);
      expect(c.stewardship.practices).toBeGreaterThan(0);
      expect(c.stewardship.shareCurrent).toBeGreaterThan(0);
      // Aggregates only: nobody's name.
      expect(JSON.stringify(view.body)).not.toMatch(/Ada|Rafa|Olga|Cora/);
      // The same figures download as a spreadsheet and as a JSON file.
      const csv = await sponsor.api.get('/overview?format=csv');
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(csv.headers.get('content-disposition')).toMatch(
        /attachment; filename="overview-.*\.csv"/,
      );
      const [header, row, end] = (csv.body as string).split('\r\n');
      expect(header).toMatch(/^slug,name,members,core,active,peripheral,inactive,/);
      expect(row!.split(',').slice(0, 3)).toEqual([slug, slug, '4']);
      expect(end).toBe('');
      expect(csv.body).not.toMatch(/Ada|Rafa|Olga|Cora/);
      const file = await sponsor.api.get('/overview?format=json');
      expect(file.headers.get('content-disposition')).toMatch(/\.json"/);
      expect(file.body.communities).toEqual(view.body.communities);
      expect((await sponsor.api.get('/overview?format=xls')).status).toBe(400);
      const all = await admin.put(`/users/${sponsor.id}/sponsor`, { sponsor: true });
      expect(all.body.communities).toEqual(['*']);
      expect((await sponsor.api.get('/overview')).body.communities).toHaveLength(2);
    });

    it('lets a coordinator make someone a sponsor in Members, who then reads the overview and nothing else', async () => {
      const backer = await makeUser(store.url, store.adminToken, 'Bea Backer');
      const made = await coord.api.put(`/communities/${slug}/members/${backer.id}`, {
        role: 'sponsor',
      });
      expect(made.status).toBe(200);
      expect(made.body.membership).toMatchObject({ community: slug, role: 'sponsor' });
      const view = await backer.api.get('/overview');
      expect(view.status).toBe(200);
      expect(view.body.communities.map((c: any) => c.slug)).toEqual([slug]);
      // A sponsor is counted apart from the people who practise.
      expect(view.body.communities[0].health.members).toBe(4);
      // No member's reading: not the practices, the questions, the experts nor the directory's "readable".
      expect((await backer.api.get(`/practices?community=${slug}`)).status).toBe(403);
      expect((await backer.api.get(`/questions?community=${slug}`)).status).toBe(403);
      expect((await backer.api.get(`/experts?topic=deploy&community=${slug}`)).status).toBe(403);
      expect((await backer.api.get('/communities')).body.items).toEqual([]);
      // The coordinator sees the role in Members, and the sponsor is nobody's expert.
      const members = await coord.api.get(`/communities/${slug}/members`);
      expect(members.body.items.find((m: any) => m.user.id === backer.id).role).toBe('sponsor');
      // The admin's route refuses to turn a member into a sponsor: the role is changed in Members.
      const admin = (await import('../helpers/api')).client(store.url, store.adminToken);
      const clash = await admin.put(`/users/${reader.id}/sponsor`, {
        sponsor: true,
        communities: [slug],
      });
      expect(clash.status).toBe(409);
      expect(clash.body.error.message).toMatch(/member of "platform".*Members/);
      // Made a member again, the person reads the practice and no longer sees the overview.
      await coord.api.put(`/communities/${slug}/members/${backer.id}`, { role: 'member' });
      expect((await backer.api.get(`/practices?community=${slug}`)).status).toBe(200);
      expect((await backer.api.get('/overview')).status).toBe(403);
      await coord.api.del(`/communities/${slug}/members/${backer.id}`);
    });

    it('keeps a sponsor a sponsor through an embed token that names the community', async () => {
      const { client } = await import('../helpers/api');
      const { SignJWT } = await import('jose');
      const token = await new SignJWT({
        sub: `sponsor-${randomUUID()}`,
        email: `sponsor-${randomUUID().slice(0, 8)}@example.com`,
        name: 'Ines Intranet',
        // The page's backend says this person may join the community on first use.
        communities: [slug],
      })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(new TextEncoder().encode(store.embedSecret));
      const embedded = client(store.url, token);
      const me = await embedded.get('/me');
      expect(me.status).toBe(200);
      const made = await coord.api.put(`/communities/${slug}/members/${me.body.user.id}`, {
        role: 'sponsor',
      });
      expect(made.status).toBe(200);
      // Without the sponsor membership this token would join as a member and read; with it, it may not.
      expect((await embedded.get(`/practices?community=${slug}`)).status).toBe(403);
      // The embed token's /me says so too (a coordinator shows as a member there; a sponsor as a sponsor).
      const after = await embedded.get('/me');
      expect(after.body.memberships).toEqual([
        expect.objectContaining({ community: slug, role: 'sponsor' }),
      ]);
      await coord.api.del(`/communities/${slug}/members/${me.body.user.id}`);
    });

    it('gives a sponsor nothing else: no practices, members, review, exports or webhooks', async () => {
      const p = await capture(author);
      const denied = [
        await sponsor.api.get(`/practices?community=${slug}`),
        await sponsor.api.get(`/practices/${p.id}`),
        await sponsor.api.post(`/practices/${p.id}/review`, { action: 'publish', baseVersion: 1 }),
        await sponsor.api.post(`/practices/${p.id}/verify`),
        await sponsor.api.get(`/communities/${slug}/members`),
        await sponsor.api.get(`/communities/${slug}/webhooks`),
        await sponsor.api.get(`/communities/${slug}/due`),
        await sponsor.api.get(`/communities/${slug}/export`),
        await sponsor.api.get(`/communities/${slug}/digest`),
        await sponsor.api.get(`/communities/${slug}/health?from=2026-01-01&to=2026-01-31`),
      ];
      for (const res of denied) expect([403, 404]).toContain(res.status);
      expect(denied.filter((r) => r.status === 403).length).toBeGreaterThanOrEqual(6);
      const { client } = await import('../helpers/api');
      await client(store.url, store.adminToken).put(`/users/${sponsor.id}/sponsor`, {
        sponsor: false,
      });
      expect((await sponsor.api.get('/overview')).status).toBe(403);
    });
  });
});
