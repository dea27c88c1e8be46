import 'fake-indexeddb/auto';
import { afterEach, expect, test, vi } from 'vitest';
import { type CopClient, createClient } from '../client';
import { createFakeStore, samplePractice } from '../client/testing/fake-store';
import type { PromptRule } from '../core/types';
import { createHandlers } from './handlers';
import { PAGE_TEXT_LIMIT, type Reply } from './messages';
import type { Session } from './session';
import type { TabPanel } from './tab-panel';

let clients: CopClient[] = [];
afterEach(() => {
  for (const c of clients) c.close();
  clients = [];
});

/** The background's handlers over a real client (fake IndexedDB) and an in-memory store. */
async function setup(options: { connected?: boolean } = {}) {
  const store = createFakeStore();
  let online = true;
  const client = await createClient({
    baseUrl: 'https://store.test',
    getToken: () => 'secret',
    fetch: (input, init) =>
      online ? store.fetch(input, init) : Promise.reject(new TypeError('fetch failed')),
    dbName: `handlers-${Math.random()}`,
    live: false,
    intervalMs: 0,
    autoStart: false,
  });
  clients.push(client);
  await client.setUser({
    id: 'user-1',
    name: 'Ada',
    email: 'ada@x.test',
    isAdmin: false,
    createdAt: '',
  });
  const connected = options.connected !== false;
  const session = {
    client: () => (connected ? client : null),
    current: () =>
      connected
        ? {
            storeUrl: 'https://store.test',
            token: 'secret',
            user: { id: 'user-1', name: 'Ada', email: '' },
            alertsSince: '',
          }
        : null,
  } as unknown as Session;
  const tabPanel = {
    highlight: vi.fn(async () => true),
    open: vi.fn(async () => {}),
    loadPart: vi.fn(async () => {}),
  };
  const handle = createHandlers({
    session,
    tabPanel: tabPanel as unknown as TabPanel,
    ready: Promise.resolve(),
    unseen: async () => ({}),
    markSeen: async () => {},
    openSidePanel: async () => true,
    openOptions: async () => true,
    settleMs: 200,
  });
  const call = async <T>(message: object, sender = {}) =>
    (await handle(message, sender)) as Reply<T>;
  return {
    store,
    client,
    call,
    tabPanel,
    goOffline: () => (online = false),
    goOnline: () => (online = true),
  };
}

const capture = {
  type: 'practice/capture',
  values: {
    community: 'platform-ops',
    title: 'Publish before revoke',
    body: '',
    kind: 'method',
    tags: ['security'],
    source: {
      url: 'https://wiki.test/runbook',
      title: 'Runbook',
      quote: { exact: 'publish the new key first', prefix: 'Always ', suffix: '.' },
    },
  },
};

test('a capture reaches the store at once when it is reachable', async () => {
  const { call, store } = await setup();
  const reply = await call<{ id: string; queued: boolean }>(capture);
  expect(reply).toEqual({ ok: true, value: { id: expect.any(String), queued: false } });
  expect(store.applied).toHaveLength(1);
});

test('offline, a capture is queued, searchable at once, and sent exactly once later', async () => {
  const { call, store, client, goOffline, goOnline } = await setup();
  goOffline();
  const reply = await call<{ id: string; queued: boolean }>(capture);
  expect(reply.ok && reply.value.queued).toBe(true);
  const hits = await call<{ id: string }[]>({ type: 'practices/search', q: 'revoke' });
  expect(hits.ok && hits.value.map((h) => h.id)).toEqual([reply.ok && reply.value.id]);

  goOnline();
  await client.sync.syncNow();
  await client.sync.syncNow();
  expect(store.applied).toHaveLength(1);
  expect(client.sync.status.value.pending).toBe(0);
});

test('similar practices come from the cache', async () => {
  const { call, store, client } = await setup();
  store.serverPut(
    samplePractice({
      id: 'p-9',
      community: 'platform-ops',
      title: 'Publish the new key before revoking the old one',
    }),
  );
  await client.sync.syncNow();
  const reply = await call<{ id: string }[]>({
    type: 'practice/similar',
    title: 'Publish new key before revoking old one',
    text: '',
    community: 'platform-ops',
  });
  expect(reply.ok && reply.value.map((p) => p.id)).toEqual(['p-9']);
});

test('what may already answer a question being typed comes from the cache, offline too', async () => {
  const { call, store, client, goOffline } = await setup();
  store.serverPut(
    samplePractice({
      id: 'p-7',
      community: 'platform-ops',
      title: 'Rotate signing keys without downtime',
    }),
  );
  await client.sync.syncNow();
  goOffline();
  const reply = await call<{ kind: string; id: string }[]>({
    type: 'question/similar',
    text: 'How do we rotate signing keys?',
  });
  expect(reply.ok && reply.value).toEqual([
    expect.objectContaining({ kind: 'practice', id: 'p-7' }),
  ]);
});

test('a page gets the highlights of practices captured from it', async () => {
  const { call, store, client, tabPanel } = await setup();
  store.serverPut(
    samplePractice({
      id: 'p-1',
      source: {
        url: 'https://wiki.test/runbook',
        title: 'Runbook',
        quote: { exact: 'x', prefix: '', suffix: '' },
      },
    }),
  );
  await client.sync.syncNow();
  const reply = await call(
    { type: 'page/hello', url: 'https://wiki.test/runbook#top', title: 'Runbook' },
    { tabId: 3, frameId: 0 },
  );
  expect(reply).toEqual({ ok: true, value: { prompts: [], needsText: false } });
  await vi.waitFor(() =>
    expect(tabPanel.highlight).toHaveBeenCalledWith({ tabId: 3, frameId: 0 }, [
      expect.objectContaining({ id: 'p-1' }),
    ]),
  );
});

const promptRule = (id: string, urlPatterns: string[], keywords: string[]): PromptRule => ({
  id,
  community: 'platform-ops',
  urlPatterns,
  keywords,
  message: `Prompt ${id}`,
  enabled: true,
  version: 1,
  updatedAt: '2026-01-01T00:00:00.000Z',
});

test('a hello is answered from the address; the text is asked for only when keywords need it', async () => {
  const { call, client, tabPanel } = await setup();
  await client.db.put('prompt', promptRule('by-url', ['https://wiki.test/*'], []));
  const sender = { tabId: 3, frameId: 0 };

  const byUrl = await call({ type: 'page/hello', url: 'https://wiki.test/a', title: 'A' }, sender);
  expect(byUrl).toEqual({
    ok: true,
    value: {
      prompts: [
        {
          id: 'by-url',
          community: 'platform-ops',
          communityName: 'platform-ops',
          message: 'Prompt by-url',
        },
      ],
      needsText: false,
    },
  });
  // No practice from this page: the panel is asked to clear (it injects nothing for that).
  await vi.waitFor(() => expect(tabPanel.highlight).toHaveBeenCalledWith(sender, []));

  await client.db.put('prompt', promptRule('by-word', ['https://wiki.test/*'], ['incident']));
  const hello = await call({ type: 'page/hello', url: 'https://wiki.test/a', title: 'A' }, sender);
  expect(hello).toMatchObject({ ok: true, value: { needsText: true } });
  const text = await call<{ prompts: { id: string }[] }>(
    { type: 'page/text', url: 'https://wiki.test/a', title: 'A', text: 'After the incident…' },
    sender,
  );
  expect(text.ok && text.value.prompts.map((p) => p.id).sort()).toEqual(['by-url', 'by-word']);

  // Text beyond the limit is not looked at, whatever a page sends.
  const late = `${'word '.repeat(PAGE_TEXT_LIMIT / 5)} incident`;
  const capped = await call<{ prompts: { id: string }[] }>(
    { type: 'page/text', url: 'https://wiki.test/a', title: 'A', text: late },
    sender,
  );
  expect(capped.ok && capped.value.prompts.map((p) => p.id)).toEqual(['by-url']);
});

test('a prompt opens the panel with its community; the toolbar without one', async () => {
  const { call, tabPanel } = await setup();
  const prompt = { id: 'r1', community: 'platform-ops' };
  expect(await call({ type: 'page/openPanel', mode: 'ask', prompt }, { tabId: 4 })).toEqual({
    ok: true,
    value: { opened: true },
  });
  expect(tabPanel.open).toHaveBeenLastCalledWith({ tabId: 4, frameId: 0 }, 'ask', { prompt });
  await call({ type: 'page/openPanel', mode: 'capture' }, { tabId: 4, frameId: 2 });
  expect(tabPanel.open).toHaveBeenLastCalledWith({ tabId: 4, frameId: 2 }, 'capture', {});
});

test('a page part loads into the frame of the first-load script that asked for it', async () => {
  const { call, tabPanel } = await setup();
  expect(
    await call({ type: 'page/loadPart', part: 'prompt-chip' }, { tabId: 4, frameId: 2 }),
  ).toEqual({ ok: true, value: { loaded: true } });
  expect(tabPanel.loadPart).toHaveBeenCalledWith({ tabId: 4, frameId: 2 }, 'prompt-chip');
});

test('without a connection, requests fail with a code and a sentence; unknown ones too', async () => {
  const { call } = await setup({ connected: false });
  expect(await call(capture)).toEqual({
    ok: false,
    error: { code: 'signed_out', message: expect.stringContaining('options page') },
  });
  expect(
    await call({ type: 'page/hello', url: 'https://x.test', title: '' }, { tabId: 1 }),
  ).toEqual({
    ok: true,
    value: { prompts: [], needsText: false },
  });
  expect(
    await call({ type: 'page/text', url: 'https://x.test', title: '', text: 'x' }, { tabId: 1 }),
  ).toEqual({ ok: true, value: { prompts: [] } });
  expect(await call({ type: 'nope' })).toMatchObject({
    ok: false,
    error: { code: 'unknown_request' },
  });
});

test('"Still right" from the side panel: who may press it comes from the cache, the store verifies', async () => {
  const { store, client, call } = await setup();
  const membership = (community: string, role: 'member' | 'coordinator', userId = 'user-1') => ({
    id: `${community}:${userId}`,
    community,
    userId,
    role,
    topics: [],
    hidden: false,
    joinedAt: '',
  });
  for (const m of [
    membership('platform', 'coordinator'),
    membership('support', 'member'),
    membership('design', 'coordinator', 'user-2'),
  ])
    await client.db.put('membership', m);
  expect(await call({ type: 'practice/reader' })).toEqual({
    ok: true,
    value: { userId: 'user-1', coordinates: ['platform'] },
  });

  const due = samplePractice({ id: 'p-due', due: true });
  const asked: string[] = [];
  const pullAndPush = store.fetch;
  store.fetch = async (input, init) => {
    const url = new URL(String(input));
    if (!url.pathname.endsWith('/verify')) return pullAndPush(input, init);
    asked.push(`${init?.method} ${url.pathname}`);
    return new Response(
      JSON.stringify({ practice: { ...due, due: false, verifiedAt: '2026-12-07T00:00:00.000Z' } }),
      { status: 200, headers: { 'content-type': 'application/json' } },
    );
  };
  const verified = await call<{ due: boolean; verifiedAt: string }>({
    type: 'practice/verify',
    practiceId: 'p-due',
  });
  expect(asked).toEqual(['POST /api/v1/practices/p-due/verify']);
  expect(verified).toMatchObject({
    ok: true,
    value: { due: false, verifiedAt: expect.any(String) },
  });
});
