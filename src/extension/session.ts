/**
 * The connection to a store: signing in (password or API token), restoring it when the service
 * worker starts, noticing an expired token and signing out. Owns the one client of the extension.
 */
import type { WxtBrowser } from 'wxt/browser';
import type { ApiOptions, ClientOptions, CopClient } from '../client';
import { ApiError, createApi } from '../client';
import type { User } from '../core/types';
import { RequestError, type SessionView } from './messages';
import type { Settings, StoredSession } from './settings';

export interface SessionDeps {
  settings: Settings;
  permissions: Pick<WxtBrowser['permissions'], 'contains'>;
  createClient: (options: ClientOptions) => Promise<CopClient>;
  /** For tests: the API used to sign in before a client exists. */
  createApi?: (
    options: ApiOptions,
  ) => Pick<ReturnType<typeof createApi>, 'login' | 'me'> &
    Partial<Pick<ReturnType<typeof createApi>, 'logout' | 'exchangeSsoCode'>>;
  /** Called with the new client (or null) whenever it changes. */
  onClient?: (client: CopClient | null) => void;
  /** Called whenever what pages should show about the session changes. */
  onChange?: (view: SessionView) => void;
  /** For tests: other people's caches. */
  caches?: CacheAccess;
}

/** The host permission pattern for a store URL (`https://cop.example.org/*`). */
export function originPattern(storeUrl: string): string {
  return `${new URL(storeUrl).origin}/*`;
}

/** Whether two store URLs name the same store (scheme, host, port and path; a trailing slash aside). */
export function sameStore(a: string, b: string): boolean {
  const key = (url: string) => {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
  };
  try {
    return key(a) === key(b);
  } catch {
    return false;
  }
}

/**
 * One IndexedDB cache per store and person, so two stores never mix their rows or mutation ids, and
 * one person's unsent changes are never sent under someone else's sign-in. (Without a person: the
 * one cache per store of earlier versions, kept for the session that made it.)
 */
export function cacheName(storeUrl: string, userId?: string): string {
  const base = `cop-kit@${new URL(storeUrl).host}`;
  return userId ? `${base}/${encodeURIComponent(userId)}` : base;
}

/** Unsent changes of someone signed in here before. */
export interface UnsentWork {
  cache: string;
  storeUrl: string;
  user: Pick<User, 'id' | 'name' | 'email'>;
  pending: number;
}

/** Counts and removes other people's caches (IndexedDB by default). */
export interface CacheAccess {
  pending(cache: string): Promise<number>;
  remove(cache: string): Promise<void>;
}

const idbCaches: CacheAccess = {
  async pending(cache) {
    const { openCache } = await import('../client/db');
    const db = await openCache(cache);
    try {
      return await db.count('outbox');
    } finally {
      db.close();
    }
  },
  async remove(cache) {
    const { deleteDB } = await import('idb');
    await deleteDB(cache);
  },
};

const cacheOf = (s: StoredSession) => s.cache ?? cacheName(s.storeUrl);

function toUser(user: Pick<User, 'id' | 'name' | 'email'>) {
  return { id: user.id, name: user.name, email: user.email };
}

export function createSession(deps: SessionDeps) {
  const makeApi = deps.createApi ?? createApi;
  let session: StoredSession | null = null;
  let client: CopClient | null = null;
  let stopWatching: (() => void) | undefined;

  async function view(): Promise<SessionView> {
    const managed = await deps.settings.managedPolicy();
    return {
      storeUrl: session?.storeUrl ?? (await deps.settings.lastStoreUrl()) ?? null,
      managedStoreUrl: managed.storeUrl,
      managed,
      user: session ? session.user : null,
      expired: session !== null && (await deps.settings.isExpired()),
    };
  }

  async function announce() {
    deps.onChange?.(await view());
  }

  /** Only the organisation's store, when it set one by policy. */
  async function requireManagedStore(storeUrl: string) {
    const managed = await deps.settings.managedStoreUrl();
    if (managed && !sameStore(managed, storeUrl)) {
      throw new RequestError(
        'store_managed',
        `Your organisation set the store to ${managed}. Connect to that store instead.`,
      );
    }
  }

  /**
   * A session with another store than the one policy now names is put aside (its cache and outbox
   * stay): the person connects to the organisation's store. True when it was put aside.
   */
  async function dropIfNotManaged(): Promise<boolean> {
    const managed = await deps.settings.managedStoreUrl();
    if (!managed || !session || sameStore(managed, session.storeUrl)) return false;
    closeClient();
    session = null;
    await deps.settings.clearSession();
    return true;
  }

  async function requirePermission(storeUrl: string) {
    const pattern = originPattern(storeUrl);
    if (!(await deps.permissions.contains({ origins: [pattern] }))) {
      throw new RequestError(
        'permission_required',
        `The extension may not reach ${new URL(storeUrl).origin} yet. Press Connect again and allow it.`,
      );
    }
  }

  async function openClient(next: StoredSession, user: User | null) {
    closeClient();
    const created = await deps.createClient({
      baseUrl: next.storeUrl,
      // Read at every call, so a renewed token takes effect without a new client.
      getToken: () => session?.token,
      dbName: cacheOf(next),
      intervalMs: 0,
    });
    if (user) await created.setUser(user);
    client = created;
    // A token the store no longer accepts: keep the outbox, ask the person to connect again.
    let wasExpired = false;
    stopWatching = created.sync.status.subscribe((status) => {
      const expired = status.error?.code === 'unauthorized';
      if (expired === wasExpired) return;
      wasExpired = expired;
      deps.settings
        .markExpired(expired)
        .then(announce)
        .catch(() => undefined);
    });
    deps.onClient?.(created);
  }

  function closeClient() {
    stopWatching?.();
    stopWatching = undefined;
    if (client) {
      client.close();
      client = null;
      deps.onClient?.(null);
    }
  }

  /** Remembers someone who leaves, so their unsent changes wait for them (see `unsent`). */
  async function remember(person: StoredSession) {
    const cache = cacheOf(person);
    const others = (await deps.settings.people()).filter((p) => p.cache !== cache);
    await deps.settings.savePeople([
      ...others,
      { storeUrl: person.storeUrl, user: person.user, cache },
    ]);
  }

  /**
   * Keeps a successful sign-in and (re)opens the client for it: the same person keeps their client;
   * anyone else gets their own cache and outbox. Nothing is saved until the client is open, so a
   * failure leaves the previous session as it was.
   */
  async function establish(storeUrl: string, token: string, user: User) {
    const previous = session;
    const samePerson = previous?.storeUrl === storeUrl && previous.user.id === user.id;
    const next: StoredSession = {
      storeUrl,
      token,
      user: toUser(user),
      alertsSince: samePerson && previous ? previous.alertsSince : new Date().toISOString(),
      cache: samePerson && previous ? cacheOf(previous) : cacheName(storeUrl, user.id),
    };
    const reuse = samePerson && client !== null;
    session = next;
    try {
      if (reuse && client) await client.setUser(user);
      else await openClient(next, user);
      await deps.settings.saveSession(next);
    } catch (error) {
      session = previous;
      if (!reuse) {
        closeClient();
        if (previous) await openClient(previous, null).catch(() => undefined);
      }
      throw error;
    }
    if (reuse && client) void client.sync.syncNow();
    if (previous && !samePerson) await remember(previous);
    const known = await deps.settings.people();
    if (known.some((p) => p.cache === next.cache)) {
      await deps.settings.savePeople(known.filter((p) => p.cache !== next.cache));
    }
    await announce();
    return view();
  }

  function wrap(error: unknown): never {
    if (error instanceof RequestError) throw error;
    if (error instanceof ApiError) {
      throw new RequestError(
        error.code,
        error.code === 'unauthorized' && error.status === 401
          ? 'The store did not accept these credentials. Check them and try again.'
          : error.message,
      );
    }
    throw new RequestError('error', error instanceof Error ? error.message : String(error));
  }

  return {
    /** Restores the stored session when the service worker starts. */
    async restore(): Promise<void> {
      session = (await deps.settings.getSession()) ?? null;
      if (await dropIfNotManaged()) return;
      if (session) await openClient(session, null);
    },
    /** Follows a policy change: announces it, and leaves a store the organisation no longer names. */
    async policyChanged(): Promise<void> {
      await dropIfNotManaged();
      await announce();
    },
    client: () => client,
    current: () => session,
    view,

    async connect(storeUrl: string, email: string, password: string): Promise<SessionView> {
      try {
        await requireManagedStore(storeUrl);
        await requirePermission(storeUrl);
        const api = makeApi({ baseUrl: storeUrl, getToken: () => null });
        const { token, user } = await api.login(email, password);
        return await establish(storeUrl, token, user);
      } catch (error) {
        wrap(error);
      }
    },

    async useToken(storeUrl: string, token: string): Promise<SessionView> {
      try {
        await requireManagedStore(storeUrl);
        await requirePermission(storeUrl);
        const api = makeApi({ baseUrl: storeUrl, getToken: () => token });
        const { user } = await api.me();
        return await establish(storeUrl, token, user);
      } catch (error) {
        wrap(error);
      }
    },

    /** Finishes "Sign in with your organisation": trades the store's one-time code for a token. */
    async useSsoCode(storeUrl: string, code: string): Promise<SessionView> {
      try {
        await requireManagedStore(storeUrl);
        await requirePermission(storeUrl);
        const api = makeApi({ baseUrl: storeUrl, getToken: () => null });
        if (!api.exchangeSsoCode)
          throw new RequestError('error', 'Single sign-on is not available.');
        const { token, user } = await api.exchangeSsoCode(code);
        return await establish(storeUrl, token, user);
      } catch (error) {
        wrap(error);
      }
    },

    /** Other people's changes that wait for them to sign in again (never sent as the current person). */
    async unsent(): Promise<UnsentWork[]> {
      const caches = deps.caches ?? idbCaches;
      const current = session ? cacheOf(session) : null;
      const found = await Promise.all(
        (await deps.settings.people())
          .filter((p) => p.cache !== current)
          .map(async (p) => ({ ...p, pending: await caches.pending(p.cache).catch(() => 0) })),
      );
      return found.filter((w) => w.pending > 0);
    },

    /** Deletes someone else's cache with their unsent changes (the person confirmed it). */
    async discardUnsent(cache: string): Promise<UnsentWork[]> {
      const people = await deps.settings.people();
      if (!people.some((p) => p.cache === cache) || (session && cacheOf(session) === cache)) {
        throw new RequestError('not_found', 'There are no such unsent changes.');
      }
      await (deps.caches ?? idbCaches).remove(cache);
      await deps.settings.savePeople(people.filter((p) => p.cache !== cache));
      return this.unsent();
    },

    async signOut(): Promise<SessionView> {
      const ending = session;
      if (ending) {
        // The store revokes the token, so a copy of it (a synced profile, a backup) no longer works.
        // An expired token or an unreachable store still signs out here.
        const api = makeApi({ baseUrl: ending.storeUrl, getToken: () => ending.token });
        await api.logout?.().catch(() => undefined);
      }
      // The cache and its outbox stay: work not yet sent leaves when this person connects again.
      if (session) await remember(session);
      closeClient();
      session = null;
      await deps.settings.clearSession();
      await deps.settings.markExpired(false);
      await announce();
      return view();
    },
  };
}

export type Session = ReturnType<typeof createSession>;
