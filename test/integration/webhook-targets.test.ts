/** A coordinator cannot point the store's webhooks at what only the store's machine can reach. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('refuses loopback and link-local receivers with a clear error', async () => {
    for (const url of [
      'http://127.0.0.1:8787/api/v1/users',
      'http://localhost:5432/',
      'http://[::1]/hook',
      'http://169.254.169.254/latest/meta-data/',
    ]) {
      const res = await create(url);
      expect(res.status, url).toBe(400);
      expect(res.body.error.code).toBe('webhook_url_not_allowed');
      expect(res.body.error.message).toMatch(/^url: .*(loopback|link-local)/);
    }
  });

  it('accepts an intranet receiver, and refuses moving it to loopback', async () => {
    const created = await create('http://10.20.30.40/hooks/cop');
    expect(created.status).toBe(201);
    const moved = await coordinator.api.put(
      `/communities/hooks/webhooks/${created.body.webhook.id}`,
      { url: 'http://127.0.0.1:9/' },
    );
    expect(moved.status).toBe(400);
    expect(moved.body.error.code).toBe('webhook_url_not_allowed');
  });
});
