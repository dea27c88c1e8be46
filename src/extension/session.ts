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
  ) => Pick<ReturnType<typeof createApi>, 'login' | 'me' | 'exchangeSsoCode'>;
  /** Called with the new client (or null) whenever it changes. */
  onClient?: (client: CopClient | null) => void;
  /** Called whenever what pages should show about the session changes. */
  onChange?: (view: SessionView) => void;
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

/** One IndexedDB cache per store, so two stores never mix their rows or mutation ids. */
export function cacheName(storeUrl: string): string {
  return `cop-kit@${new URL(storeUrl).host}`;
}

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
      dbName: cacheName(next.storeUrl),
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

  /** Keeps a successful sign-in and (re)opens the client for it. */
  async function establish(storeUrl: string, token: string, user: User) {
    const sameStore = session?.storeUrl === storeUrl && client !== null;
    const next: StoredSession = {
      storeUrl,
      token,
      user: toUser(user),
      alertsSince:
        session?.storeUrl === storeUrl && session.user.id === user.id
          ? session.alertsSince
          : new Date().toISOString(),
    };
    await deps.settings.saveSession(next);
    session = next;
    if (sameStore && client) {
      await client.setUser(user);
      void client.sync.syncNow();
    } else {
      await openClient(next, user);
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
        const { token, user } = await api.exchangeSsoCode(code);
        return await establish(storeUrl, token, user);
      } catch (error) {
        wrap(error);
      }
    },

    async signOut(): Promise<SessionView> {
      // The cache and its outbox stay: work not yet sent leaves when this person connects again.
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
