/**
 * Retention: idempotency keys, revoked tokens, resolved conflicts and finished webhook deliveries are
 * deleted after their configured period, on both storage engines; the periodic job stops with the store.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneExpired, retentionJob } from '../../src/server/domain/retention';
import { makeCommunity, makeUser } from '../helpers/api';
import { ENGINES, type EngineStore, openEngineStore } from '../helpers/engines';

const DAY = 86_400_000;
const LATER = Date.now() + 2 * DAY;
const retention = {
  idempotencyKeysMs: DAY,
  revokedTokensMs: DAY,
  resolvedConflictsMs: DAY,
  webhookDeliveriesMs: DAY,
  intervalMs: 60_000,
};

describe.each(ENGINES)('retention on %s', (engine) => {
  let store: EngineStore;
  beforeAll(async () => {
    store = await openEngineStore(engine);
  });
  afterAll(() => store?.dispose());

  const count = async (
    table:
      | 'idempotency_keys'
      | 'api_tokens'
      | 'conflicts'
      | 'webhook_deliveries'
      | 'webhook_attempts',
  ) =>
    Number(
      (
        await store.ctx.storage.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('prunes each kind after its period, and nothing younger or still in use', async () => {
    const eva = await makeUser(store.url, store.adminToken, 'Eva');
    const community = await makeCommunity(store.url, store.adminToken, 'kept', [
      [eva.id, 'member'],
    ]);
    const created = await eva.api.post(
      '/practices',
      { community: 'kept', title: 'Drain before patching', body: 'Cordon, drain, patch.' },
      { 'Idempotency-Key': 'capture-1' },
    );
    expect(created.status).toBe(201);
    // A second token, signed out: revoked.
    const spare = await eva.api.post('/tokens', { name: 'laptop' });
    const signedOut = await fetch(`${store.url}/api/v1/tokens/current`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${spare.body.token}` },
    });
    expect(signedOut.status).toBe(204);
    const db = store.ctx.storage.db;
    const now = new Date().toISOString();
    /** A conflict on Eva's practice, settled by her when `resolved`; returns its id. */
    const conflictOf = async (resolved: boolean) => {
      const id = randomUUID();
      await db
        .insertInto('conflicts')
        .values({
          id,
          entity: 'practice',
          entity_id: created.body.practice.id,
          community_id: community.id,
          author_id: eva.id,
          base_version: 1,
          current_version: 2,
          proposed: '{}',
          current: '{}',
          resolved_at: resolved ? now : null,
          resolved_by: resolved ? eva.id : null,
          created_at: now,
        })
        .execute();
      return id;
    };
    const conflictId = await conflictOf(true);
    await conflictOf(false); // still open: it stays
    for (const [id, status] of [
      ['done', 'delivered'],
      ['gave-up', 'failed'],
      ['retrying', 'pending'],
    ] as const) {
      await db
        .insertInto('webhook_deliveries')
        .values({
          id,
          webhook_id: 'w1',
          community_id: community.id,
          event: 'ping',
          payload: '{}',
          status,
          attempts: 1,
          next_attempt_at: status === 'pending' ? now : null,
          last_status: null,
          last_error: null,
          created_at: now,
          delivered_at: null,
        })
        .execute();
      await db
        .insertInto('webhook_attempts')
        .values({ delivery_id: id, attempt: 1, at: now, status: 500, error: null, ms: 3 })
        .execute();
    }
    const tokensBefore = await count('api_tokens');

    // Within their periods, nothing goes.
    expect(await pruneExpired(store.ctx, retention, Date.now())).toEqual({
      idempotencyKeys: 0,
      revokedTokens: 0,
      resolvedConflicts: 0,
      webhookDeliveries: 0,
    });

    // Two days later, past every period.
    expect(await pruneExpired(store.ctx, retention, LATER)).toEqual({
      idempotencyKeys: 1,
      revokedTokens: 1,
      resolvedConflicts: 1,
      webhookDeliveries: 2,
    });
    expect(await count('idempotency_keys')).toBe(0);
    expect(await count('api_tokens')).toBe(tokensBefore - 1);
    expect(await count('conflicts')).toBe(1);
    expect(await count('webhook_deliveries')).toBe(1);
    expect(await count('webhook_attempts')).toBe(1);
    // Tokens in use still work; the revoked one stays refused.
    expect((await eva.api.get('/me')).status).toBe(200);
    const revoked = await fetch(`${store.url}/api/v1/me`, {
      headers: { authorization: `Bearer ${spare.body.token}` },
    });
    expect(revoked.status).toBe(401);
    // The author's clients hear that the resolved conflict is gone.
    const pulled = await eva.api.get('/sync/pull?since=0');
    expect(pulled.body.changes).toContainEqual(
      expect.objectContaining({ entity: 'conflict', id: conflictId, op: 'delete' }),
    );
  });
});

it('runs periodically and stops when the store closes', async () => {
  const store = await openEngineStore('sqlite', { COP_RETENTION_INTERVAL_MINUTES: '0.0001' });
  const job = retentionJob(store.ctx)!;
  try {
    const end = Date.now() + 10_000;
    while (job.passes < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    expect(job.passes).toBeGreaterThanOrEqual(2);
  } finally {
    await store.dispose();
  }
  expect(job.stopped).toBe(true);
  const passes = job.passes;
  await new Promise((r) => setTimeout(r, 2500));
  expect(job.passes).toBe(passes);
});
