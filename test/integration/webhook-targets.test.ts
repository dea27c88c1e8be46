/** A coordinator cannot point the store's webhooks at what only the store's machine can reach. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookDispatcher, webhookDispatcher } from '../../src/server/domain/webhook-delivery';
import { outboundPolicy } from '../../src/server/http/outbound';
import { makeCommunity, makeUser } from '../helpers/api';
import { type EngineStore, openEngineStore } from '../helpers/engines';

describe('webhook targets', () => {
  let store: EngineStore;
  let coordinator: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    store = await openEngineStore('sqlite');
    coordinator = await makeUser(store.url, store.adminToken, 'Cora');
    await makeCommunity(store.url, store.adminToken, 'hooks', [[coordinator.id, 'coordinator']]);
  });
  afterAll(() => store?.dispose());

  const create = (url: string) =>
    coordinator.api.post('/communities/hooks/webhooks', { url, events: ['practice.featured'] });
  /** Creating a webhook for `url` is refused as a receiver the store must not call. */
  const refused = async (url: string) => {
    const res = await create(url);
    expect(res.status, url).toBe(400);
    expect(res.body.error.code).toBe('webhook_url_not_allowed');
    return res;
  };

  it('refuses loopback and link-local receivers with a clear error', async () => {
    for (const url of [
      'http://127.0.0.1:8787/api/v1/users',
      'http://localhost:5432/',
      'http://[::1]/hook',
      'http://169.254.169.254/latest/meta-data/',
    ]) {
      const res = await refused(url);
      expect(res.body.error.message).toMatch(/^url: .*(loopback|link-local)/);
      expect(res.body.error.message).toMatch(/COP_WEBHOOK_HOSTS/);
    }
  });

  it('refuses private, CGNAT and unique-local receivers in any spelling, and moving a receiver there', async () => {
    for (const url of [
      'http://10.20.30.40/hooks/cop',
      'http://100.64.1.1/',
      'http://[fd00::5]/',
      'http://[::ffff:192.168.0.1]/',
      'http://[64:ff9b::a00:1]/',
      'http://2130706433/',
      'http://0x0a.0.0.1/',
    ])
      await refused(url);
    const created = await create('https://hooks.example.invalid/cop');
    expect(created.status).toBe(201);
    const moved = await coordinator.api.put(
      `/communities/hooks/webhooks/${created.body.webhook.id}`,
      { url: 'http://127.0.0.1:9/' },
    );
    expect(moved.status).toBe(400);
    expect(moved.body.error.code).toBe('webhook_url_not_allowed');
  });

  it('checks the address at delivery time, connects to nothing, and logs only "not delivered"', async () => {
    // The store's own dispatcher would ask the real DNS; this test's dispatcher asks a DNS that answers
    // the inside (a rebinding name), pointing at a loopback receiver that counts connections.
    webhookDispatcher(store.ctx)?.stop();
    let connections = 0;
    const receiver = createServer((_req, res) => res.writeHead(204).end());
    receiver.on('connection', () => {
      connections += 1;
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const port = (receiver.address() as AddressInfo).port;
    try {
      const asked: string[] = [];
      const dispatcher = new WebhookDispatcher(store.ctx, {
        backoffMs: 0,
        maxAttempts: 1,
        timeoutMs: 2000,
        post: outboundPolicy(null, async (name) => {
          asked.push(name);
          return [{ address: '127.0.0.1', family: 4 }];
        }).post,
      });
      const hook = (await create(`http://rebind.example.invalid:${port}/hook`)).body.webhook;
      const ping = await coordinator.api.post(`/communities/hooks/webhooks/${hook.id}/test`, {});
      expect(ping.status).toBeLessThan(300);
      expect(await dispatcher.runDue()).toBeGreaterThanOrEqual(1);
      const log = await coordinator.api.get(`/communities/hooks/webhooks/${hook.id}/deliveries`);
      expect(log.body.items[0]).toMatchObject({ status: 'failed', lastError: 'Not delivered.' });
      expect(JSON.stringify(log.body.items)).not.toMatch(/127\.0\.0\.1|resolves|ECONN/);
      expect(asked).toContain('rebind.example.invalid');
      expect(connections).toBe(0);
    } finally {
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  });
});
