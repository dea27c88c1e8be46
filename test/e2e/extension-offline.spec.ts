/**
 * Offline-first: a capture made while the store is down waits in the outbox, survives closing
 * the browser, and reaches the store exactly once after the store comes back.
 */
import { expect, test } from '@playwright/test';
import { client } from '../helpers/api';
import { launchExtension, newProfileDir } from '../helpers/extension';
import { startStore } from '../helpers/store';
import { captureWhileStoreIsDown, connectAndSync } from './fixtures/extension-pages';
import { startFixtureServer } from './fixtures/server';
import { createWorld } from './fixtures/world';

test('a capture made offline survives a browser restart and arrives exactly once', async () => {
  const store = await startStore();
  const pages = await startFixtureServer();
  const profile = newProfileDir();
  try {
    const world = await createWorld(store);
    let ext = await launchExtension({ userDataDir: profile });
    const options = await connectAndSync(ext, store, world.member);

    const form = await captureWhileStoreIsDown(
      ext,
      store,
      pages.url,
      'Offline capture: publish first',
    );
    await expect(form.getByRole('status')).toContainText('when the store is reachable');

    // The sync state says a write is waiting.
    await expect(options.getByRole('status', { name: 'Sync state' })).toHaveAttribute(
      'data-pending',
      '1',
    );
    await ext.close();

    ext = await launchExtension({ userDataDir: profile });
    const side = await ext.openPage('sidepanel.html');
    await expect(side.getByRole('status', { name: 'Sync state' })).toHaveAttribute(
      'data-pending',
      '1',
    );
    await store.start();

    const api = client(store.url, world.coordinator.token);
    const captured = async () =>
      (await api.get(`/practices?community=${world.community.slug}&limit=100`)).body.items.filter(
        (p: { title: string }) => p.title === 'Offline capture: publish first',
      );
    await expect.poll(async () => (await captured()).length, { timeout: 90_000 }).toBe(1);
    const [practice] = await captured();
    expect(practice.source.quote.exact).toBe('Always publish the new signing key');
    await expect(side.getByRole('status', { name: 'Sync state' })).toHaveAttribute(
      'data-state',
      'synced',
      { timeout: 30_000 },
    );
    // Nothing is sent twice, however often the client syncs again.
    await side.getByRole('button', { name: 'Sync now' }).click();
    await expect(side.getByRole('status', { name: 'Sync state' })).toHaveAttribute(
      'data-pending',
      '0',
    );
    expect(await captured()).toHaveLength(1);
    await ext.close({ removeProfile: true });
  } finally {
    await pages.close();
    await store.dispose();
  }
});
