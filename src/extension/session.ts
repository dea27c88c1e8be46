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
  createApi?: (options: ApiOptions) => Pick<ReturnType<typeof createApi>, 'login' | 'me'>;
  /** Called with the new client (or null) whenever it changes. */
  onClient?: (client: CopClient | null) => void;
  /** Called whenever what pages should show about the session changes. */
  onChange?: (view: SessionView) => void;
}

/** The host permission pattern for a store URL (`https://cop.example.org/*`). */
export function originPattern(storeUrl: string): string {
  return `${new URL(storeUrl).origin}/*`;
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
    return {
      storeUrl: session?.storeUrl ?? (await deps.settings.lastStoreUrl()) ?? null,
      managedStoreUrl: await deps.settings.managedStoreUrl(),
      user: session ? session.user : null,
      expired: session !== null && (await deps.settings.isExpired()),
    };
  }

  async function announce() {
    deps.onChange?.(await view());
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
      if (session) await openClient(session, null);
    },
    client: () => client,
    current: () => session,
    view,

    async connect(storeUrl: string, email: string, password: string): Promise<SessionView> {
      try {
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
        await requirePermission(storeUrl);
        const api = makeApi({ baseUrl: storeUrl, getToken: () => token });
        const { user } = await api.me();
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
