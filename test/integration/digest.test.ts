/**
 * The weekly digest, on SQLite and (with DATABASE_URL) PostgreSQL: coordinators choose the day and preview
 * it; on that day it reaches a real HTTP endpoint on loopback in the Slack and Teams formats, with the week's
 * featured practices, waiting questions, new members, practices due and "helped" count, and it goes out
 * once per community and week however many checks race for it.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoWeek, isoWeekday, WEEKDAYS } from '../../src/core/digest';
import type { Practice } from '../../src/core/types';
import { sendWeeklyDigests, startDigests } from '../../src/server/domain/digest';
import { stewardship } from '../../src/server/domain/stewardship';
import { verifyWebhookSignature } from '../../src/server/domain/webhooks';
import { makeCommunity, makeUser } from '../helpers/api';
import { ENGINES, type EngineStore, openEngineStore } from '../helpers/engines';
import { type Receiver, startReceiver } from '../helpers/receiver';

type User = Awaited<ReturnType<typeof makeUser>>;
const DAY = 86_400_000;

describe.each(ENGINES)('weekly digest on %s', (engine) => {
  let store: EngineStore;
  let coord: User;
  let author: User;
  let reader: User;
  let receiver: Receiver;
  const received: { headers: IncomingHttpHeaders; raw: string; json: any }[] = [];

  beforeAll(async () => {
    // The receiver runs on this machine, which a store refuses unless told otherwise.
    store = await openEngineStore(engine, { COP_WEBHOOK_HOSTS: '127.0.0.1' });
    coord = await makeUser(store.url, store.adminToken, 'Cora Coordinator');
    author = await makeUser(store.url, store.adminToken, 'Ada Author');
    reader = await makeUser(store.url, store.adminToken, 'Rafa Reader');
    await makeCommunity(store.url, store.adminToken, 'platform', [
      [coord.id, 'coordinator'],
      [author.id, 'member'],
      [reader.id, 'member'],
    ]);
    await makeCommunity(store.url, store.adminToken, 'later-in-week', [[coord.id, 'coordinator']]);
    receiver = await startReceiver('/digest', ({ headers, body }) => {
      received.push({ headers, raw: body, json: JSON.parse(body) });
    });
  });
  afterAll(async () => {
    stewardship(store.ctx).options.now = () => new Date();
    await store?.dispose();
    await receiver?.close();
  });

  const capture = async (title: string) => {
    const res = await author.api.post('/practices', {
      community: 'platform',
      title,
      body: 'Steps that worked.',
      tags: ['ops'],
    });
    expect(res.status).toBe(201);
    return res.body.practice as Practice;
  };

  it('previews the week for coordinators and sends it once, on the chosen day, to a real endpoint', async () => {
    const hook = await coord.api.post('/communities/platform/webhooks', {
      url: receiver.url,
      events: ['digest.weekly'],
    });
    expect(hook.status).toBe(201);
    const secret = hook.body.webhook.secret as string;

    // The week: one practice featured and helpful, one fallen due, a question nobody answered yet.
    const star = await capture('Blue-green deploys behind the load balancer');
    const featured = await coord.api.post(`/practices/${star.id}/review`, {
      action: 'feature',
      baseVersion: star.version,
    });
    expect(featured.status).toBe(200);
    const stale = await capture('Restart the cache nightly');
    const job = stewardship(store.ctx);
    const later = new Date(Date.now() + 100 * DAY);
    job.options.now = () => later;
    await job.runOnce();
    // The featured practice is still right; only the other one stays due.
    expect((await author.api.post(`/practices/${star.id}/verify`)).status).toBe(200);
    job.options.now = () => new Date();
    expect(
      (await reader.api.post(`/practices/${star.id}/helped`, { how: 'saved-time' })).status,
    ).toBe(200);
    const asked = await reader.api.post('/questions', {
      community: 'platform',
      title: 'Who owns the staging certificates?',
      body: '',
    });
    expect(asked.status).toBe(201);

    // Every check of this test happens a minute from now, after everything above.
    const now = new Date(Date.now() + 60_000);
    const digests = startDigests(store.ctx);
    digests.options.now = () => now;
    const today = WEEKDAYS[isoWeekday(now) - 1]!;

    // Members may not read or set it; a day must be a weekday.
    expect((await reader.api.get('/communities/platform/digest')).status).toBe(403);
    expect((await reader.api.put('/communities/platform/digest', { day: today })).status).toBe(403);
    const wrong = await coord.api.put('/communities/platform/digest', { day: 'funday' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/monday/);

    // Nothing goes out before a day is chosen.
    expect(await sendWeeklyDigests(store.ctx, now)).toEqual([]);

    const chosen = await coord.api.put('/communities/platform/digest', { day: today });
    expect(chosen.status).toBe(200);
    expect(chosen.body.day).toBe(today);
    expect(chosen.body.sent).toEqual([]);
    expect(chosen.body.preview).toMatchObject({
      community: { slug: 'platform', name: 'platform' },
      week: isoWeek(now),
      featured: [{ id: star.id, title: star.title }],
      waiting: [{ id: asked.body.question.id, title: 'Who owns the staging certificates?' }],
      waitingCount: 1,
      due: [{ id: stale.id, title: stale.title }],
      dueCount: 1,
      helped: 1,
    });
    expect(chosen.body.preview.newMembers.map((m: { name: string }) => m.name).sort()).toEqual([
      'Ada Author',
      'Cora Coordinator',
      'Rafa Reader',
    ]);
    expect(chosen.body.previewText).toContain('• Helped this week: 1 time');

    // A community whose day is still to come this week waits for it.
    if (isoWeekday(now) < 7) {
      const tomorrow = WEEKDAYS[isoWeekday(now)]!;
      expect(
        (await coord.api.put('/communities/later-in-week/digest', { day: tomorrow })).status,
      ).toBe(200);
    }

    // Two checks race (as two store processes would): the week is claimed once.
    const raced = await Promise.all([digests.runOnce(), sendWeeklyDigests(store.ctx, now)]);
    expect(raced.flat()).toEqual(['platform']);
    expect(await sendWeeklyDigests(store.ctx, now)).toEqual([]);

    await expect.poll(() => received.length, { timeout: 15_000 }).toBe(1);
    const [delivery] = received;
    expect(delivery!.headers['x-cop-event']).toBe('digest.weekly');
    expect(
      verifyWebhookSignature(
        secret,
        String(delivery!.headers['x-cop-timestamp']),
        delivery!.raw,
        String(delivery!.headers['x-cop-signature']),
      ),
    ).toBe(true);
    const body = delivery!.json;
    expect(body.event).toBe('digest.weekly');
    // Slack reads text and blocks; Teams reads the MessageCard's sections.
    const title = `platform: the week ${isoWeek(now)}`;
    expect(body.text).toContain(title);
    expect(body.text).toContain(`• Newly featured: “${star.title}”`);
    expect(body.text).toContain(
      '• Questions still waiting: 1: “Who owns the staging certificates?”',
    );
    expect(body.text).toContain(`• Due for review: 1: “${stale.title}”`);
    expect(body.text).toContain('• New members: 3:');
    expect(body.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: title } });
    expect(body.blocks[1].text.text).toContain('*Helped this week:* 1 time');
    expect(body['@type']).toBe('MessageCard');
    expect(body.sections[0].activityTitle).toBe(title);
    expect(body.sections[0].facts).toContainEqual({ name: 'Helped this week', value: '1 time' });
    expect(body.data.digest.helped).toBe(1);

    // The console reads what was sent.
    const view = await coord.api.get('/communities/platform/digest');
    expect(view.status).toBe(200);
    expect(view.body.sent).toHaveLength(1);
    expect(view.body.sent[0]).toMatchObject({
      week: isoWeek(now),
      digest: { dueCount: 1, helped: 1, featured: [{ title: star.title }] },
    });

    // Next week, the next digest.
    const nextWeek = new Date(now.getTime() + 7 * DAY);
    expect(await sendWeeklyDigests(store.ctx, nextWeek)).toContain('platform');
  });
});
