/**
 * The real extension and a sync client reach the store through a proxy that drops, delays, duplicates,
 * reorders and cuts requests: every capture arrives exactly once and both caches end equal to the store.
 * Replay a run with COP_FAULT_SEED=<seed>.
 */
import 'fake-indexeddb/auto';
import { expect, type Page, test } from '@playwright/test';
import { type CopClient, createClient } from '../../src/client';
import type { Change, User } from '../../src/core/types';
import { cacheName } from '../../src/extension/session';
import { client } from '../helpers/api';
import { launchExtension } from '../helpers/extension';
import { FAULT_KINDS, startFaultProxy } from '../helpers/fault-proxy';
import { startStore } from '../helpers/store';
import {
  captureSelection,
  connectAndSync,
  panel,
  selectText,
  toolbarButton,
} from './fixtures/extension-pages';
import { startFixtureServer } from './fixtures/server';
import { createWorld } from './fixtures/world';

const SEED = Number(process.env.COP_FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ENTITIES = ['community', 'membership', 'practice', 'question', 'answer'] as const;

test('the extension and a sync client converge on the store through a faulty network', async () => {
  const store = await startStore();
  const proxy = await startFaultProxy({ target: store.url, seed: SEED, rate: 0.45 });
  proxy.enabled = false;
  const pages = await startFixtureServer();
  const ext = await launchExtension();
  let coordinatorClient: CopClient | undefined;
  try {
    const world = await createWorld(store);
    const slug = world.community.slug;
    // The extension's store URL is the proxy: the e2e build may reach any port on 127.0.0.1.
    await connectAndSync(ext, { url: proxy.url }, world.member);

    // The coordinator works from a sync client through the same proxy.
    const coordinatorUser = (await world.coordinator.api.get('/me')).body.user as User;
    coordinatorClient = await createClient({
      baseUrl: proxy.url,
      getToken: () => world.coordinator.token,
      dbName: `extension-faults-${SEED}`,
      intervalMs: 500,
      autoStart: false,
    });
    await coordinatorClient.setUser(coordinatorUser);
    coordinatorClient.sync.start();
    await coordinatorClient.sync.syncNow();

    proxy.enabled = true;
    const page = await ext.context.newPage();
    await page.goto(`${pages.url}/article.html`);
    const captured: string[] = [];
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i++) {
      const title = `Faulty network capture ${i}`;
      outcomes.push(await capture(page, title));
      captured.push(title);
      await coordinatorClient.mutate('createPractice', {
        community: slug,
        title: `Coordinator capture ${i}`,
      });
    }
    outcomes.push(await ask(page, 'Does the network ever behave?'));

    // The coordinator answers the question once it has reached their cache.
    await expect
      .poll(
        async () =>
          (await coordinatorClient!.db.getAll('question')).some(
            (q) => q.title === 'Does the network ever behave?',
          ),
        { timeout: 60_000 },
      )
      .toBe(true);
    const question = (await coordinatorClient.db.getAll('question')).find(
      (q) => q.title === 'Does the network ever behave?',
    )!;
    await coordinatorClient.mutate('createAnswer', {
      questionId: question.id,
      body: 'Only on loopback, and not even there.',
    });

    // The network heals: both sides sync until nothing waits.
    proxy.enabled = false;
    await proxy.idle();
    const side = await ext.openPage('sidepanel.html');
    const state = side.getByRole('status', { name: 'Sync state' });
    await expect
      .poll(
        async () => {
          await coordinatorClient!.sync.syncNow();
          await side.getByRole('button', { name: 'Sync now' }).click();
          return `${await state.getAttribute('data-state')} ${await state.getAttribute('data-pending')} ${await coordinatorClient!.db.count('outbox')}`;
        },
        { timeout: 60_000, intervals: [500] },
      )
      .toBe('synced 0 0');
    // One more round so each side has pulled the other's last writes.
    await coordinatorClient.sync.syncNow();
    await side.getByRole('button', { name: 'Sync now' }).click();
    await expect(state).toHaveAttribute('data-state', 'synced');
    await proxy.idle();

    // Exactly once in the store.
    const api = client(store.url, world.coordinator.token);
    const stored = (await api.get(`/practices?community=${slug}&limit=100`)).body.items as {
      title: string;
    }[];
    const titles = stored.map((p) => p.title).sort();
    expect(titles).toEqual(
      [...captured, ...[0, 1, 2, 3].map((i) => `Coordinator capture ${i}`)].sort(),
    );
    const questions = (await api.get(`/questions?community=${slug}`)).body.items as {
      title: string;
      answerCount?: number;
    }[];
    expect(questions.map((q) => q.title)).toEqual(['Does the network ever behave?']);
    const answers = (await api.get(`/questions/${question.id}`)).body.answers as unknown[];
    expect(answers).toHaveLength(1);

    // Both caches equal the store as a fresh pull shows it.
    const memberView = await pullEverything(store.url, world.member.token);
    // The extension keeps one cache per store and person: the member's, signed in through the proxy.
    const extensionCache = await readExtensionCache(side, cacheName(proxy.url, world.member.id));
    for (const entity of ENTITIES)
      expect(extensionCache[entity], `extension cache: ${entity}`).toEqual(
        memberView[entity] ?? {},
      );
    const coordinatorView = await pullEverything(store.url, world.coordinator.token);
    for (const entity of ENTITIES) {
      const rows = Object.fromEntries(
        ((await coordinatorClient.db.getAll(entity)) as { id: string }[]).map((r) => [r.id, r]),
      );
      expect(rows, `sync client cache: ${entity}`).toEqual(coordinatorView[entity] ?? {});
    }

    const injected = FAULT_KINDS.map((k) => `${k} ${proxy.faults[k]}`).join(', ');
    console.log(
      [
        `extension through faults (seed ${SEED}): 4 captures and 1 question from the extension (outcomes: ${outcomes.join(', ')}), 4 captures and 1 answer from a sync client`,
        `  faults injected: ${injected}; ${proxy.clean} requests passed clean`,
        `  store holds each write once (${titles.length} practices, 1 question, 1 answer): writes lost 0, duplicated 0; both caches equal the store`,
      ].join('\n'),
    );
    expect(Object.values(proxy.faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  } finally {
    coordinatorClient?.close();
    await ext.close({ removeProfile: true });
    await proxy.close();
    await pages.close();
    await store.dispose();
  }
});

/** Captures the selection through the in-page panel; returns the outcome it showed. */
async function capture(page: Page, title: string): Promise<string> {
  const form = await captureSelection(
    page,
    '#key-rule',
    'Always publish the new signing key',
    title,
  );
  // Saved if the store answered in time, queued if the network ate the request: both are kept.
  const status = form.getByRole('status');
  await expect(status).toHaveAttribute('data-outcome', /saved|queued/, { timeout: 20_000 });
  const outcome = (await status.getAttribute('data-outcome')) ?? '';
  await page.keyboard.press('Escape');
  await expect(form).toHaveCount(0);
  return outcome;
}

async function ask(page: Page, title: string): Promise<string> {
  await selectText(page, '#key-rule', 'tokens issued in the last hour stay valid');
  await toolbarButton(page, 'Ask the community').click();
  const form = await panel(page);
  await form.getByLabel('Question').fill(title);
  await form.getByRole('button', { name: 'Post question' }).click();
  const status = form.getByRole('status');
  await expect(status).toHaveAttribute('data-outcome', /posted|queued/, { timeout: 20_000 });
  return (await status.getAttribute('data-outcome')) ?? '';
}

/** Every row the person may see, pulled from the store directly (not through the proxy). */
async function pullEverything(url: string, token: string) {
  const api = client(url, token);
  const rows: Record<string, Record<string, unknown>> = {};
  let since = 0;
  for (;;) {
    const res = await api.get(`/sync/pull?since=${since}&limit=1000`);
    for (const change of res.body.changes as Change[]) {
      rows[change.entity] ??= {};
      if (change.op === 'put') rows[change.entity]![change.id] = change.data;
      else delete rows[change.entity]![change.id];
    }
    if (!res.body.hasMore) return rows;
    since = res.body.cursor;
  }
}

/** The extension's IndexedDB cache, read from one of its own pages. */
function readExtensionCache(page: Page, name: string) {
  return page.evaluate(
    async ({ name, entities }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        // Never create an empty database under a wrong name: that cache does not exist.
        open.onupgradeneeded = () => {
          open.transaction?.abort();
          reject(new Error(`the extension has no cache named ${name}`));
        };
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const out: Record<string, Record<string, unknown>> = {};
      for (const entity of entities) {
        const rows = await new Promise<{ id: string }[]>((resolve, reject) => {
          const request = db.transaction(entity).objectStore(entity).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        out[entity] = Object.fromEntries(rows.map((r) => [r.id, r]));
      }
      db.close();
      return out;
    },
    { name, entities: [...ENTITIES] },
  );
}
