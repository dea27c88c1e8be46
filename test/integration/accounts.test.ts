/**
 * Sessions that end, the community directory and joining, people found by name and invitations, on SQLite
 * and (with DATABASE_URL) PostgreSQL. Each way of losing access (signing out, a disabled account, a removed
 * membership) is shown with the very next request.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bumpEpoch } from '../../src/server/domain/changes';
import { client, makeCommunity, makeUser } from '../helpers/api';
import { ENGINES, type EngineStore, openEngineStore } from '../helpers/engines';

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

describe.each(ENGINES)('accounts and joining on %s', (engine) => {
  let store: EngineStore;
  let admin: ReturnType<typeof client>;
  const embedFor = (sub: string, email: string) =>
    new SignJWT({ sub, email, name: 'Intranet Person' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(store.embedSecret));
  const login = (email: string, userAgent = 'Test browser') =>
    client(store.url).post(
      '/auth/login',
      { email, password: 'correct horse battery' },
      { 'User-Agent': userAgent },
    );
  const db = () => store.ctx.storage.db;

  beforeAll(async () => {
    store = await openEngineStore(engine);
    admin = client(store.url, store.adminToken);
  });
  afterAll(() => store?.dispose());

  describe('sessions', () => {
    it('signing out revokes that token at once: the next request is 401, other sessions go on', async () => {
      const person = await makeUser(store.url, store.adminToken, 'Sam Signout');
      const laptop = await login(person.email, 'Laptop browser');
      const phone = await login(person.email, 'Phone browser');
      const api = client(store.url, laptop.body.token);
      expect((await api.get('/me')).status).toBe(200);
      expect((await api.post('/auth/logout')).status).toBe(204);
      const next = await api.get('/me');
      expect(next.status).toBe(401);
      expect(next.body.error.message).toMatch(/signed out|revoked/i);
      expect((await client(store.url, phone.body.token).get('/me')).status).toBe(200);
      const audit = await db()
        .selectFrom('audit_log')
        .select(['action', 'actor_id'])
        .where('action', '=', 'sign-out')
        .where('actor_id', '=', person.id)
        .execute();
      expect(audit).toHaveLength(1);
    });

    it('an embed token cannot be signed out and says why', async () => {
      const token = await embedFor(`logout-${randomUUID()}`, `embed.${randomUUID()}@example.com`);
      const reply = await client(store.url, token).post('/auth/logout');
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('not_revocable');
    });

    it('lists a person’s sessions with where each was made and revokes one', async () => {
      const person = await makeUser(store.url, store.adminToken, 'Lea Lister');
      const desk = await login(person.email, 'Desk Firefox');
      const other = await login(person.email, 'Other Chrome');
      const api = client(store.url, desk.body.token);
      const listed = await api.get('/me/sessions');
      expect(listed.status).toBe(200);
      const items = listed.body.items as any[];
      expect(items.map((s) => s.userAgent)).toEqual(
        expect.arrayContaining(['Desk Firefox', 'Other Chrome']),
      );
      const current = items.find((s) => s.current);
      expect(current.userAgent).toBe('Desk Firefox');
      expect(current.lastUsedAt).not.toBeNull();
      expect(Date.parse(current.endsAt)).toBeGreaterThan(Date.now() + 29 * DAY);
      const otherId = items.find((s) => s.userAgent === 'Other Chrome').id;
      expect((await api.del(`/tokens/${otherId}`)).status).toBe(204);
      expect((await client(store.url, other.body.token).get('/me')).status).toBe(401);
      const after = await api.get('/me/sessions');
      expect(after.body.items.map((s: any) => s.id)).not.toContain(otherId);
      // Someone else's session is not theirs to revoke.
      const stranger = await makeUser(store.url, store.adminToken, 'Stan Stranger');
      expect((await stranger.api.del(`/tokens/${current.id}`)).status).toBe(404);
      expect((await api.get('/me')).status).toBe(200);
    });

    it('a token unused for the idle lifetime, or older than the absolute one, stops working', async () => {
      const person = await makeUser(store.url, store.adminToken, 'Ida Idle');
      const idle = await login(person.email);
      const old = await login(person.email);
      const fresh = await login(person.email);
      const tokens = await db()
        .selectFrom('api_tokens')
        .select(['id', 'token_hash'])
        .where('user_id', '=', person.id)
        .execute();
      const { hashToken } = await import('../../src/server/domain/users');
      const idOf = (token: string) => tokens.find((t) => t.token_hash === hashToken(token))!.id;
      await db()
        .updateTable('api_tokens')
        .set({ created_at: daysAgo(40), last_used_at: daysAgo(31) })
        .where('id', '=', idOf(idle.body.token))
        .execute();
      await db()
        .updateTable('api_tokens')
        .set({ created_at: daysAgo(91), last_used_at: daysAgo(1) })
        .where('id', '=', idOf(old.body.token))
        .execute();
      await bumpEpoch(db());
      const idleReply = await client(store.url, idle.body.token).get('/me');
      expect(idleReply.status).toBe(401);
      expect(idleReply.body.error.message).toMatch(/30 days without use/);
      const oldReply = await client(store.url, old.body.token).get('/me');
      expect(oldReply.status).toBe(401);
      expect(oldReply.body.error.message).toMatch(/90 days after sign-in/);
      expect((await client(store.url, fresh.body.token).get('/me')).status).toBe(200);
      // The deployment's admin token is not a session: COP_ADMIN_TOKEN decides how long it lives.
      await db()
        .updateTable('api_tokens')
        .set({ created_at: daysAgo(400), last_used_at: daysAgo(100) })
        .where('name', '=', 'COP_ADMIN_TOKEN')
        .execute();
      await bumpEpoch(db());
      expect((await admin.get('/me')).status).toBe(200);
    });
  });

  describe('idle lifetime through the authenticator’s memory', () => {
    let short: EngineStore;
    beforeAll(async () => {
      // About 2.6 seconds of idleness ends a session; use is written every quarter second or so.
      short = await openEngineStore(engine, { COP_SESSION_IDLE_DAYS: '0.00003' });
    });
    afterAll(() => short?.dispose());

    it('a session in use stays alive, one left alone ends, without any write to bump the epoch', async () => {
      const person = await makeUser(short.url, short.adminToken, 'Una Used');
      const sign = () =>
        client(short.url).post('/auth/login', {
          email: person.email,
          password: 'correct horse battery',
        });
      const used = client(short.url, (await sign()).body.token);
      const left = client(short.url, (await sign()).body.token);
      expect((await left.get('/me')).status).toBe(200);
      for (let i = 0; i < 8; i++) {
        await new Promise((r) => setTimeout(r, 500));
        expect((await used.get('/me')).status, `use ${i}`).toBe(200);
      }
      const reply = await left.get('/me');
      expect(reply.status).toBe(401);
      expect(reply.body.error.message).toMatch(/without use/);
    });
  });

  describe('disabling a person', () => {
    it('cuts every API and embed token at the next request with a sentence; what they wrote stays', async () => {
      const coord = await makeUser(store.url, store.adminToken, 'Cleo Coord');
      const person = await makeUser(store.url, store.adminToken, 'Dana Disabled');
      const slug = `dis-${randomUUID().slice(0, 8)}`;
      await makeCommunity(store.url, store.adminToken, slug, [
        [coord.id, 'coordinator'],
        [person.id, 'member'],
      ]);
      const second = await login(person.email);
      // A person who arrives through an intranet page (an embed token; never linked by email alone).
      const embed = client(
        store.url,
        await embedFor(`dana-${randomUUID()}`, `dana.${randomUUID().slice(0, 8)}@example.com`),
      );
      const embedId = (await embed.get('/me')).body.user.id as string;
      const wrote = await person.api.post('/practices', {
        community: slug,
        title: 'Kept practice',
      });
      expect(wrote.status).toBe(201);

      expect((await coord.api.post(`/users/${person.id}/disable`)).status).toBe(403);
      const disabled = await admin.post(`/users/${person.id}/disable`);
      expect(disabled.status).toBe(200);
      expect(disabled.body.user.disabledAt).toEqual(expect.any(String));
      expect((await admin.post(`/users/${embedId}/disable`)).status).toBe(200);

      for (const api of [person.api, client(store.url, second.body.token), embed]) {
        const next = await api.get('/me');
        expect(next.status).toBe(401);
        expect(next.body.error.message).toMatch(/account is disabled/i);
      }
      const again = await login(person.email);
      expect(again.status).toBe(401);
      expect(again.body.error.message).toMatch(/disabled/i);
      const kept = await coord.api.get(`/practices/${wrote.body.practice.id}`);
      expect(kept.status).toBe(200);
      expect(kept.body.practice?.title ?? kept.body.title).toBe('Kept practice');

      expect((await admin.post(`/users/${person.id}/enable`)).body.user.disabledAt).toBeUndefined();
      await admin.post(`/users/${embedId}/enable`);
      // Enabling lets the person sign in again; the sessions from before stay ended.
      expect((await login(person.email)).status).toBe(200);
      expect((await person.api.get('/me')).status).toBe(401);
      expect((await embed.get('/me')).status).toBe(200);
      const actions = (
        await db()
          .selectFrom('audit_log')
          .select('action')
          .where('entity_id', '=', person.id)
          .where('entity', '=', 'user')
          .execute()
      ).map((r) => r.action);
      expect(actions).toEqual(['disable-user', 'enable-user']);
    });

    it('an admin cannot disable themselves, and an unknown person is 404', async () => {
      const me = await admin.get('/me');
      expect((await admin.post(`/users/${me.body.user.id}/disable`)).status).toBe(409);
      expect((await admin.post(`/users/${randomUUID()}/disable`)).status).toBe(404);
    });
  });

  describe('removing a membership', () => {
    it('cuts access at the next request, tells the person, and keeps them from rejoining alone', async () => {
      const coord = await makeUser(store.url, store.adminToken, 'Rae Remover');
      const person = await makeUser(store.url, store.adminToken, 'Ron Removed');
      const slug = `rm-${randomUUID().slice(0, 8)}`;
      await makeCommunity(store.url, store.adminToken, slug, [
        [coord.id, 'coordinator'],
        [person.id, 'member'],
      ]);
      await admin.patch(`/communities/${slug}`, { open: true, anonymousRead: true });
      const wrote = await person.api.post('/practices', { community: slug, title: 'Stays here' });
      expect((await person.api.get(`/practices?community=${slug}`)).status).toBe(200);

      const member = await makeUser(store.url, store.adminToken, 'Mo Member');
      await admin.put(`/communities/${slug}/members/${member.id}`, { role: 'member' });
      expect((await member.api.del(`/communities/${slug}/members/${person.id}`)).status).toBe(403);

      expect((await coord.api.del(`/communities/${slug}/members/${person.id}`)).status).toBe(204);
      const next = await person.api.get(`/practices?community=${slug}`);
      expect(next.status).toBe(403);
      expect(
        (await person.api.post('/questions', { community: slug, title: 'Still?' })).status,
      ).toBe(403);
      const me = await person.api.get('/me');
      expect(me.body.memberships).toEqual([]);
      expect(me.body.notifications[0]).toMatchObject({
        kind: 'membership-removed',
        community: slug,
      });
      // The open community does not take them back by one click, nor through an embed token.
      const rejoin = await person.api.post(`/communities/${slug}/join`);
      expect(rejoin.status).toBe(403);
      expect(rejoin.body.error.message).toMatch(/removed you/);
      // Someone from an intranet page joins the open community on first use; once removed, they stay out.
      const embed = client(
        store.url,
        await embedFor(`ron-${randomUUID()}`, `ron.${randomUUID().slice(0, 8)}@example.com`),
      );
      expect((await embed.get(`/practices?community=${slug}`)).status).toBe(200);
      const embedId = (await embed.get('/me')).body.user.id as string;
      expect((await coord.api.del(`/communities/${slug}/members/${embedId}`)).status).toBe(204);
      expect((await embed.get(`/practices?community=${slug}`)).status).toBe(403);
      expect((await coord.api.get(`/practices/${wrote.body.practice.id}`)).status).toBe(200);
      expect((await coord.api.del(`/communities/${slug}/members/${person.id}`)).status).toBe(404);
      // A coordinator adding them again lifts the removal.
      await coord.api.put(`/communities/${slug}/members/${person.id}`, { role: 'member' });
      expect((await person.api.get(`/practices?community=${slug}`)).status).toBe(200);
      const audit = await coord.api.get(`/communities/${slug}/audit`);
      expect(audit.body.items.map((e: any) => e.action)).toContain('remove-member');
    });

    it('keeps a community’s last coordinator unless an admin removes them', async () => {
      const coord = await makeUser(store.url, store.adminToken, 'Lone Coordinator');
      const slug = `lc-${randomUUID().slice(0, 8)}`;
      await makeCommunity(store.url, store.adminToken, slug, [[coord.id, 'coordinator']]);
      const self = await coord.api.del(`/communities/${slug}/members/${coord.id}`);
      expect(self.status).toBe(409);
      expect(self.body.error.code).toBe('last_coordinator');
      expect((await coord.api.post(`/communities/${slug}/leave`)).status).toBe(409);
      expect((await admin.del(`/communities/${slug}/members/${coord.id}`)).status).toBe(204);
    });
  });

  describe('directory and joining', () => {
    let coord: Awaited<ReturnType<typeof makeUser>>;
    let open: string;
    let closed: string;
    beforeAll(async () => {
      coord = await makeUser(store.url, store.adminToken, 'Dora Directory');
      open = `open-${randomUUID().slice(0, 8)}`;
      closed = `closed-${randomUUID().slice(0, 8)}`;
      await makeCommunity(store.url, store.adminToken, open, [[coord.id, 'coordinator']]);
      await makeCommunity(store.url, store.adminToken, closed, [[coord.id, 'coordinator']]);
      expect((await coord.api.patch(`/communities/${open}`, { open: true })).status).toBe(200);
      await coord.api.post('/practices', { community: open, title: 'Something recent' });
    });

    it('lists every community with coordinators, size, activity and the caller’s state', async () => {
      const newcomer = await makeUser(store.url, store.adminToken, 'Nia Newcomer');
      const reply = await newcomer.api.get('/communities?scope=all');
      expect(reply.status).toBe(200);
      const entry = reply.body.items.find((c: any) => c.slug === open);
      expect(entry).toMatchObject({
        open: true,
        domain: `The practice of ${open}`,
        coordinators: [{ id: coord.id, name: 'Dora Directory' }],
        memberCount: 1,
        state: 'none',
        activity: { practices30d: 1, questions30d: 0, lastActiveAt: expect.any(String) },
      });
      expect(reply.body.items.find((c: any) => c.slug === closed)).toMatchObject({
        open: false,
        state: 'none',
      });
      // Without scope the list stays the communities the caller reads (none yet).
      expect((await newcomer.api.get('/communities')).body.items).toEqual([]);
      expect((await client(store.url).get('/communities?scope=all')).status).toBe(401);
      expect((await newcomer.api.get('/communities?scope=everything')).status).toBe(400);
    });

    it('joins an open community with one step and leaves it again', async () => {
      const person = await makeUser(store.url, store.adminToken, 'Jo Joiner');
      expect((await person.api.get(`/practices?community=${open}`)).status).toBe(403);
      const joined = await person.api.post(`/communities/${open}/join`);
      expect(joined.status).toBe(200);
      expect(joined.body.membership).toMatchObject({ community: open, role: 'member' });
      expect((await person.api.get(`/practices?community=${open}`)).status).toBe(200);
      expect((await person.api.post(`/communities/${open}/join`)).status).toBe(200);
      const dir = await person.api.get('/communities?scope=all');
      expect(dir.body.items.find((c: any) => c.slug === open).state).toBe('member');
      const left = await person.api.post(`/communities/${open}/leave`);
      expect(left.body).toEqual({ left: true, withdrawn: false });
      expect((await person.api.get(`/practices?community=${open}`)).status).toBe(403);
      expect((await person.api.post(`/communities/${open}/leave`)).status).toBe(409);
    });

    it('asks to join a closed community: no access until a coordinator approves, and the person is told', async () => {
      const person = await makeUser(store.url, store.adminToken, 'Ari Asker');
      const asked = await person.api.post(`/communities/${closed}/join`);
      expect(asked.status).toBe(202);
      expect(asked.body.request).toMatchObject({ status: 'pending', community: closed });
      expect((await person.api.get(`/practices?community=${closed}`)).status).toBe(403);
      const dir = await person.api.get('/communities?scope=all');
      expect(dir.body.items.find((c: any) => c.slug === closed).state).toBe('requested');
      // The coordinator hears of it and sees it in the list.
      expect((await coord.api.get('/me')).body.notifications[0].kind).toBe('join-requested');
      const pending = await coord.api.get(`/communities/${closed}/requests`);
      expect(pending.body.items.map((r: any) => r.user.id)).toContain(person.id);
      expect((await person.api.get(`/communities/${closed}/requests`)).status).toBe(403);
      const approved = await coord.api.post(
        `/communities/${closed}/requests/${asked.body.request.id}/approve`,
      );
      expect(approved.status).toBe(200);
      expect(approved.body.membership.role).toBe('member');
      expect((await person.api.get(`/practices?community=${closed}`)).status).toBe(200);
      const me = await person.api.get('/me');
      expect(me.body.notifications[0]).toMatchObject({ kind: 'join-approved', community: closed });
      expect(
        (await coord.api.post(`/communities/${closed}/requests/${asked.body.request.id}/decline`))
          .status,
      ).toBe(409);
      expect(
        (await person.api.post('/me/notifications/read', {})).body.read,
      ).toBeGreaterThanOrEqual(1);
      expect((await person.api.get('/me')).body.notifications[0].readAt).toEqual(
        expect.any(String),
      );
    });

    it('a declined person is told, may ask again, and may withdraw', async () => {
      const person = await makeUser(store.url, store.adminToken, 'Dex Declined');
      const asked = await person.api.post(`/communities/${closed}/join`);
      const declined = await coord.api.post(
        `/communities/${closed}/requests/${asked.body.request.id}/decline`,
      );
      expect(declined.status).toBe(200);
      expect(declined.body).toMatchObject({ request: { status: 'declined' }, membership: null });
      expect((await person.api.get('/me')).body.notifications[0].kind).toBe('join-declined');
      expect((await person.api.get(`/practices?community=${closed}`)).status).toBe(403);
      expect((await person.api.post(`/communities/${closed}/join`)).status).toBe(202);
      expect((await person.api.post(`/communities/${closed}/leave`)).body).toEqual({
        left: false,
        withdrawn: true,
      });
      const pending = await coord.api.get(`/communities/${closed}/requests`);
      expect(pending.body.items.map((r: any) => r.user.id)).not.toContain(person.id);
    });

    it('lets coordinators edit their community, and nobody else', async () => {
      const member = await makeUser(store.url, store.adminToken, 'Pat Patcher');
      await admin.put(`/communities/${closed}/members/${member.id}`, { role: 'member' });
      expect((await member.api.patch(`/communities/${closed}`, { name: 'Mine now' })).status).toBe(
        403,
      );
      const edited = await coord.api.patch(`/communities/${closed}`, {
        name: 'Closed circle',
        domain: 'How we keep a closed circle useful',
        anonymousRead: true,
        reviewIntervalDays: 30,
        routingSeats: 2,
        autoRouting: false,
      });
      expect(edited.status).toBe(200);
      expect(edited.body.community).toMatchObject({
        slug: closed,
        name: 'Closed circle',
        anonymousRead: true,
        open: false,
        reviewIntervalDays: 30,
        routingSeats: 2,
        autoRouting: false,
      });
      expect((await coord.api.patch(`/communities/${closed}`, { routingSeats: 0 })).status).toBe(
        400,
      );
      expect((await admin.patch('/communities/nowhere-here', { open: true })).status).toBe(404);
      const audit = await coord.api.get(`/communities/${closed}/audit`);
      const entry = audit.body.items.find((e: any) => e.action === 'update-community');
      expect(entry.before).toMatchObject({ name: closed });
      expect(entry.after).toMatchObject({ name: 'Closed circle' });
    });
  });

  describe('people found, not typed', () => {
    let coord: Awaited<ReturnType<typeof makeUser>>;
    let slug: string;
    beforeAll(async () => {
      coord = await makeUser(store.url, store.adminToken, 'Sue Searcher');
      slug = `find-${randomUUID().slice(0, 8)}`;
      await makeCommunity(store.url, store.adminToken, slug, [[coord.id, 'coordinator']]);
    });

    it('finds people by name or the start of an email, a few at a time, for coordinators only', async () => {
      const target = await makeUser(store.url, store.adminToken, 'Quentin Quarry');
      const byName = await coord.api.get(`/communities/${slug}/people?q=quarry`);
      expect(byName.status).toBe(200);
      expect(byName.body.items).toEqual([
        { id: target.id, name: 'Quentin Quarry', email: target.email, state: 'none' },
      ]);
      const byEmail = await coord.api.get(
        `/communities/${slug}/people?q=${encodeURIComponent(target.email.slice(0, 12))}`,
      );
      expect(byEmail.body.items.map((p: any) => p.id)).toContain(target.id);
      // A search for the shared domain does not list everyone's address.
      const domain = await coord.api.get(`/communities/${slug}/people?q=example.com`);
      expect(domain.body.items).toEqual([]);
      for (let i = 0; i < 12; i++) await makeUser(store.url, store.adminToken, `Zed Many ${i}`);
      expect(
        (await coord.api.get(`/communities/${slug}/people?q=zed many`)).body.items,
      ).toHaveLength(10);
      expect((await coord.api.get(`/communities/${slug}/people?q=q`)).status).toBe(400);
      expect((await coord.api.get(`/communities/${slug}/people?q=%25%25`)).body.items).toEqual([]);
      expect((await target.api.get(`/communities/${slug}/people?q=sue`)).status).toBe(403);
      // Adding the one found by id; they now show as a member.
      await coord.api.put(`/communities/${slug}/members/${target.id}`, { role: 'member' });
      const again = await coord.api.get(`/communities/${slug}/people?q=quarry`);
      expect(again.body.items[0].state).toBe('member');
    });

    it('invites someone new: the link lets them choose a password and arrive as a member', async () => {
      const email = `invitee-${randomUUID().slice(0, 8)}@example.com`;
      const made = await coord.api.post(`/communities/${slug}/invitations`, { email });
      expect(made.status).toBe(201);
      expect(made.body.url).toBe(`${store.url}/console/#/invitation/${made.body.token}`);
      const listed = await coord.api.get(`/communities/${slug}/invitations`);
      expect(listed.body.items.map((i: any) => i.email)).toContain(email);

      const anonymous = client(store.url);
      const shown = await anonymous.get(`/invitations/${made.body.token}`);
      expect(shown.status).toBe(200);
      expect(shown.body.invitation).toMatchObject({ email, role: 'member', community: { slug } });
      const signed = await anonymous.post('/auth/invitation', {
        token: made.body.token,
        name: 'Ivy Invitee',
        password: 'a long new password',
      });
      expect(signed.status).toBe(201);
      expect(signed.body.user.email).toBe(email);
      expect(signed.body.membership).toMatchObject({ community: slug, role: 'member' });
      const api = client(store.url, signed.body.token);
      expect((await api.get(`/practices?community=${slug}`)).status).toBe(200);
      expect(
        (await anonymous.post('/auth/login', { email, password: 'a long new password' })).status,
      ).toBe(200);
      // The link works once.
      const reused = await anonymous.post('/auth/invitation', {
        token: made.body.token,
        name: 'Someone else',
        password: 'another password',
      });
      expect(reused.status).toBe(409);
      expect(reused.body.error.code).toBe('invitation_used');
      expect((await anonymous.get(`/invitations/not-a-token`)).status).toBe(404);
      // Someone already in the store is added from the search, not invited.
      const existing = await coord.api.post(`/communities/${slug}/invitations`, { email });
      expect(existing.status).toBe(409);
      expect(existing.body.error.code).toBe('already_registered');
    });

    it('an invitation is redeemed by a person signed in another way, only for its own email', async () => {
      const email = `sso-${randomUUID().slice(0, 8)}@example.com`;
      const made = await coord.api.post(`/communities/${slug}/invitations`, {
        email,
        role: 'coordinator',
      });
      const wrong = await makeUser(store.url, store.adminToken, 'Wrong Person');
      const refused = await wrong.api.post(`/invitations/${made.body.token}/accept`);
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toContain(email);
      // The person arrives by another sign-in (here an embed token, as single sign-on would create them).
      const arrived = client(store.url, await embedFor(`sso-${randomUUID()}`, email));
      const accepted = await arrived.post(`/invitations/${made.body.token}/accept`);
      expect(accepted.status).toBe(200);
      expect(accepted.body.membership).toMatchObject({ community: slug, role: 'coordinator' });
    });
  });
});
