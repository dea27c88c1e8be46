import { signal } from '@preact/signals';
import { expect, test, vi } from 'vitest';
import type { ClientOptions, CopClient } from '../client';
import { ApiError } from '../client';
import { cacheName, createSession, originPattern } from './session';
import { createSettings } from './settings';

/** storage.local in memory, and storage.managed with an optional policy. */
function fakeStorage(policy: Record<string, unknown> | null = null) {
  let data: Record<string, unknown> = {};
  return {
    local: {
      get: async (key: string) => (key in data ? { [key]: data[key] } : {}),
      set: async (values: Record<string, unknown>) => {
        data = { ...data, ...structuredClone(values) };
      },
      remove: async (keys: string[]) => {
        for (const k of keys) delete data[k];
      },
    },
    managed: {
      get: async () => {
        if (!policy) throw new Error('Managed storage manifest not found');
        return policy;
      },
    },
    dump: () => data,
  };
}

const user = { id: 'u-1', name: 'Ada', email: 'ada@x.test', isAdmin: false, createdAt: '' };

/** A client that has nothing to send, for a second session in the same storage. */
const syncedClient = () =>
  ({
    setUser: async () => {},
    close() {},
    sync: { status: signal({ state: 'synced', pending: 0 }), syncNow: async () => {} },
  }) as never;

function setup(options: { granted?: boolean; policy?: Record<string, unknown> } = {}) {
  const storage = fakeStorage(options.policy ?? null);
  const settings = createSettings(storage as never);
  const status = signal<{
    state: string;
    pending: number;
    error?: { code: string; message: string };
  }>({
    state: 'synced',
    pending: 0,
  });
  const clients: ClientOptions[] = [];
  const client = {
    setUser: vi.fn(async () => {}),
    close: vi.fn(),
    sync: { status, syncNow: vi.fn(async () => {}) },
  } as unknown as CopClient;
  const login = vi.fn(async (email: string, password: string) => {
    if (password !== 'right') throw new ApiError(401, 'unauthorized', 'no');
    return { token: 'tok-1', user: { ...user, email } };
  });
  const onChange = vi.fn();
  /** The tokens the store was asked to revoke. */
  const loggedOut: unknown[] = [];
  const session = createSession({
    settings,
    permissions: { contains: async () => options.granted !== false } as never,
    createClient: async (o) => {
      clients.push(o);
      return client;
    },
    createApi: ({ getToken }) => ({
      login,
      me: async () => {
        if ((await getToken()) !== 'pasted') throw new ApiError(401, 'unauthorized', 'no');
        return { user, memberships: [] };
      },
      logout: async () => {
        loggedOut.push(await getToken());
      },
      exchangeSsoCode: async (code: string) => {
        if (code !== 'cop_sso_good') throw new ApiError(400, 'sso_code_invalid', 'Sign in again.');
        return { token: 'tok-sso', user };
      },
    }),
    onChange,
  });
  return { session, settings, storage, clients, client, status, onChange, loggedOut };
}

test('connecting signs in, keeps the session and opens one client for that store', async () => {
  const { session, clients, client, storage } = setup();
  const view = await session.connect('https://cop.example.org', 'ada@x.test', 'right');
  expect(view).toMatchObject({
    storeUrl: 'https://cop.example.org',
    user: { name: 'Ada' },
    expired: false,
  });
  expect(clients).toEqual([
    expect.objectContaining({
      baseUrl: 'https://cop.example.org',
      dbName: 'cop-kit@cop.example.org/u-1',
      intervalMs: 0,
    }),
  ]);
  expect(await clients[0]!.getToken()).toBe('tok-1');
  expect(client.setUser).toHaveBeenCalledWith(expect.objectContaining({ id: 'u-1' }));
  expect(storage.dump().session).toMatchObject({ token: 'tok-1', user: { id: 'u-1' } });
});

test('the session is restored when the service worker starts again', async () => {
  const first = setup();
  await first.session.connect('https://cop.example.org', 'ada@x.test', 'right');
  const again = createSession({
    settings: first.settings,
    permissions: { contains: async () => true } as never,
    createClient: async (o) => {
      first.clients.push(o);
      return first.client;
    },
  });
  await again.restore();
  expect(again.current()?.user.name).toBe('Ada');
  expect(again.client()).toBe(first.client);
  expect(await first.clients[1]!.getToken()).toBe('tok-1');
});

test('wrong credentials and a missing permission are explained', async () => {
  await expect(
    setup().session.connect('https://cop.example.org', 'a@x.test', 'wrong'),
  ).rejects.toMatchObject({
    code: 'unauthorized',
    message: expect.stringContaining('did not accept'),
  });
  await expect(
    setup({ granted: false }).session.connect('https://cop.example.org', 'a@x.test', 'right'),
  ).rejects.toMatchObject({ code: 'permission_required' });
});

test('an API token works instead of a password', async () => {
  const { session } = setup();
  expect((await session.useToken('https://cop.example.org', 'pasted')).user?.name).toBe('Ada');
  await expect(session.useToken('https://cop.example.org', 'bad')).rejects.toMatchObject({
    code: 'unauthorized',
  });
});

test('signing out asks the store to revoke the token, and signs out here even if it cannot', async () => {
  const { session, loggedOut, storage } = setup();
  await session.connect('https://cop.example.org', 'ada@x.test', 'right');
  await session.signOut();
  expect(loggedOut).toEqual(['tok-1']);
  expect(storage.dump().session).toBeUndefined();
});

test('an expired token is noticed; signing out closes the client and forgets the token', async () => {
  const { session, status, onChange, client, storage } = setup();
  await session.connect('https://cop.example.org', 'ada@x.test', 'right');
  status.value = {
    state: 'error',
    pending: 2,
    error: { code: 'unauthorized', message: 'expired' },
  };
  await vi.waitFor(() =>
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ expired: true })),
  );

  const view = await session.signOut();
  expect(view).toMatchObject({ user: null, expired: false, storeUrl: 'https://cop.example.org' });
  expect(client.close).toHaveBeenCalled();
  expect(session.client()).toBeNull();
  expect(storage.dump().session).toBeUndefined();
});

test('a store URL from policy is reported as managed', async () => {
  const { session } = setup({ policy: { storeUrl: ' https://cop.corp.example ' } });
  expect((await session.view()).managedStoreUrl).toBe('https://cop.corp.example');
  expect((await setup().session.view()).managedStoreUrl).toBeNull();
});

test('with a store set by policy, connecting elsewhere is refused and explained', async () => {
  const { session, clients } = setup({ policy: { storeUrl: 'https://cop.corp.example/' } });
  await expect(
    session.connect('https://cop.example.org', 'ada@x.test', 'right'),
  ).rejects.toMatchObject({
    code: 'store_managed',
    message: expect.stringContaining('organisation'),
  });
  await expect(session.useToken('https://evil.example', 'pasted')).rejects.toMatchObject({
    code: 'store_managed',
  });
  expect(clients).toEqual([]);
  expect(
    (await session.connect('https://cop.corp.example', 'ada@x.test', 'right')).user?.name,
  ).toBe('Ada');
  expect((await session.view()).managed).toEqual({
    storeUrl: 'https://cop.corp.example/',
    enabledSites: [],
    communities: [],
  });
});

test('a session with another store than policy names is put aside at start-up, its outbox kept', async () => {
  const first = setup();
  await first.session.connect('https://cop.example.org', 'ada@x.test', 'right');
  const policy = fakeStorage({ storeUrl: 'https://cop.corp.example' });
  const storage = { local: first.storage.local, managed: policy.managed };
  const opened: ClientOptions[] = [];
  const again = createSession({
    settings: createSettings(storage as never),
    permissions: { contains: async () => true } as never,
    createClient: async (o) => {
      opened.push(o);
      return first.client;
    },
  });
  await again.restore();
  expect(again.current()).toBeNull();
  expect(opened).toEqual([]);
  expect(first.storage.dump().session).toBeUndefined();
  expect(await again.view()).toMatchObject({
    user: null,
    managedStoreUrl: 'https://cop.corp.example',
  });
});

test('origin patterns and cache names are per store', () => {
  expect(originPattern('http://127.0.0.1:8787/base')).toBe('http://127.0.0.1:8787/*');
  expect(cacheName('http://127.0.0.1:8787')).toBe('cop-kit@127.0.0.1:8787');
});

test('a one-time code from signing in with the organisation becomes the session', async () => {
  const { session, storage } = setup();
  const view = await session.useSsoCode('https://cop.example.org', 'cop_sso_good');
  expect(view).toMatchObject({ storeUrl: 'https://cop.example.org', user: { name: 'Ada' } });
  expect(session.current()?.token).toBe('tok-sso');
  expect(JSON.stringify(await storage.local.get('session'))).toContain('tok-sso');
  await expect(session.useSsoCode('https://cop.example.org', 'cop_sso_used')).rejects.toThrow(
    'Sign in again.',
  );
});

test("signing in as someone else opens their own cache; the first person's unsent changes wait for them", async () => {
  const { session, clients, storage } = setup();
  await session.connect('https://cop.example.org', 'ada@x.test', 'right');
  const pending: Record<string, number> = { 'cop-kit@cop.example.org/u-1': 3 };
  const removed: string[] = [];
  const bob = { ...user, id: 'u-2', name: 'Bob', email: 'bob@x.test' };
  const other = createSession({
    settings: createSettings(storage as never),
    permissions: { contains: async () => true } as never,
    createClient: async (o) => {
      clients.push(o);
      return syncedClient();
    },
    createApi: () => ({
      login: async () => ({ token: 'tok-b', user: bob }),
      me: async () => ({ user: bob, memberships: [] }),
    }),
    caches: {
      pending: async (cache) => pending[cache] ?? 0,
      remove: async (cache) => {
        removed.push(cache);
      },
    },
  });
  await other.restore();
  await other.connect('https://cop.example.org', 'bob@x.test', 'right');
  // Bob's client is Bob's own: Ada's outbox is never pushed with Bob's token.
  expect(clients.at(-1)?.dbName).toBe('cop-kit@cop.example.org/u-2');
  expect(await other.unsent()).toEqual([
    expect.objectContaining({ user: expect.objectContaining({ name: 'Ada' }), pending: 3 }),
  ]);
  expect(await other.discardUnsent('cop-kit@cop.example.org/u-1')).toEqual([]);
  expect(removed).toEqual(['cop-kit@cop.example.org/u-1']);
  await expect(other.discardUnsent('cop-kit@cop.example.org/u-2')).rejects.toMatchObject({
    code: 'not_found',
  });
});

test('a refused sign-in leaves the previous session whole, in memory and in storage', async () => {
  const { session, storage } = setup();
  await session.connect('https://cop.example.org', 'ada@x.test', 'right');
  const before = structuredClone(storage.dump().session);
  await expect(session.useToken('https://cop.example.org', 'refused')).rejects.toMatchObject({
    code: 'unauthorized',
  });
  expect(storage.dump().session).toEqual(before);
  expect(session.current()?.user.name).toBe('Ada');

  // The user check passes but the new person's cache cannot open: still nothing half-saved.
  const failing = createSession({
    settings: createSettings(storage as never),
    permissions: { contains: async () => true } as never,
    createClient: async (o) => {
      if (o.dbName?.endsWith('/u-2')) throw new Error('IndexedDB is unavailable');
      return syncedClient();
    },
    createApi: () => ({
      login: async () => ({ token: 'tok-b', user: { ...user, id: 'u-2', name: 'Bob' } }),
      me: async () => ({ user, memberships: [] }),
    }),
  });
  await failing.restore();
  await expect(failing.connect('https://cop.example.org', 'bob@x.test', 'x')).rejects.toThrow();
  expect(storage.dump().session).toEqual(before);
  expect(failing.current()?.user.name).toBe('Ada');
});
