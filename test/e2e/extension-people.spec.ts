/**
 * One person's work stays theirs: changes Mira left unsent are never sent under Cora's account; the
 * options page says whose they are, and they leave once Mira signs in again.
 */
import { expect, test } from '@playwright/test';
import { client } from '../helpers/api';
import { launchExtension } from '../helpers/extension';
import { startStore } from '../helpers/store';
import { captureWhileStoreIsDown, connectAndSync } from './fixtures/extension-pages';
import { startFixtureServer } from './fixtures/server';
import { createWorld } from './fixtures/world';

test("signing in as someone else never sends the previous person's unsent changes", async () => {
  const store = await startStore();
  const pages = await startFixtureServer();
  const ext = await launchExtension();
  try {
    const world = await createWorld(store);
    const options = await connectAndSync(ext, store, world.member);

    // Mira captures while the store is away: the change waits in her outbox.
    await captureWhileStoreIsDown(ext, store, pages.url, 'Mira’s unsent capture');

    // Mira signs out; Cora signs in on the same browser once the store is back.
    await options.getByRole('button', { name: 'Sign out' }).click();
    await expect(options.getByRole('button', { name: 'Connect' })).toBeVisible();
    await store.start();
    await options.getByLabel('Email').fill(world.coordinator.email);
    await options.getByLabel('Password').fill(world.coordinator.password);
    await options.getByRole('button', { name: 'Connect' }).click();
    await expect(options.getByText(`Connected as ${world.coordinator.name}`)).toBeVisible();
    await expect(options.getByRole('status', { name: 'Sync state' })).toHaveAttribute(
      'data-state',
      'synced',
    );
    await expect(options.getByText('1 changes from Mira Member are not sent yet.')).toBeVisible();

    const api = client(store.url, world.coordinator.token);
    const captured = async () =>
      (await api.get(`/practices?community=${world.community.slug}&limit=100`)).body.items.filter(
        (p: { title: string }) => p.title === 'Mira’s unsent capture',
      );
    // "Synced" after Cora's sign-in means a whole cycle (push, then pull) ran as her: had it sent Mira's
    // change, the store would hold it now.
    expect(await captured()).toEqual([]);

    // Signing in as Mira sends them, as hers.
    await options.getByRole('button', { name: 'Sign in as Mira Member' }).click();
    await expect(options.getByLabel('Email')).toHaveValue(world.member.email);
    await options.getByLabel('Password').fill(world.member.password);
    await options.getByRole('button', { name: 'Connect' }).click();
    await expect(options.getByText(`Connected as ${world.member.name}`)).toBeVisible();
    await expect.poll(async () => (await captured()).length, { timeout: 60_000 }).toBe(1);
    expect((await captured())[0].author).toBe(world.member.id);
    await expect(options.getByText(/changes from Mira Member are not sent yet/)).toHaveCount(0);
  } finally {
    await ext.close({ removeProfile: true });
    await pages.close();
    await store.dispose();
  }
});
