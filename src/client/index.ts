/**
 * The client in one call: API, cache, sync loop, live channel and local search wired together
 * for the extension's service worker, the widgets and the console.
 */
import type { User } from '../core/types';
import { type Api, ApiError, createApi, type TokenSource } from './api';
import {
  allRows,
  type CacheChange,
  type CacheDb,
  getMeta,
  openCache,
  resetForNewUser,
  setMeta,
} from './db';
import { openLiveChannel } from './events';
import { createLocalSearch, type LocalSearch } from './search';
import { createSyncEngine, type SyncEngine } from './sync';

export interface ClientOptions {
  baseUrl: string;
  getToken: TokenSource;
  /** One cache per store and origin; default `cop-kit`. */
  dbName?: string;
  fetch?: typeof fetch;
  /** Open the Server-Sent Events channel (default true). */
  live?: boolean;
  /** Periodic sync in ms; 0 turns it off (the extension uses alarms). Default 60 s. */
  intervalMs?: number;
  /** Start syncing at once (default true). */
  autoStart?: boolean;
}

export interface CopClient {
  api: Api;
  db: CacheDb;
  sync: SyncEngine;
  search: LocalSearch;
  /** Queues a write: shown at once in the cache and search, sent when the store is reachable. */
  mutate: SyncEngine['mutate'];
  /** Calls `listener` with every change to cached rows; returns the unsubscribe function. */
  subscribe(listener: (changes: CacheChange[]) => void): () => void;
  /**
   * Signs in with email and password, remembers the person as the author of optimistic writes and
   * returns the token for the caller to keep (where it lives is the caller's business).
   */
  signIn(
    email: string,
    password: string,
    opts?: { discardPending?: boolean },
  ): Promise<{ token: string; user: User }>;
  /**
   * Records who is signed in (e.g. after `api.me()` with a stored token). A different person starts
   * from an empty cache with a new client id; if the previous person still has unsent changes this
   * fails with code `pending_changes` (details: pending, previous) unless `discardPending` is set.
   */
  setUser(user: User | null, opts?: { discardPending?: boolean }): Promise<void>;
  close(): void;
}

export async function createClient(options: ClientOptions): Promise<CopClient> {
  const api = createApi({
    baseUrl: options.baseUrl,
    getToken: options.getToken,
    fetch: options.fetch,
  });
  // Another tab may upgrade the cache to a newer version: this connection then closes at once, so
  // that tab is not held up, and the sync status turns `outdated` for the UI to ask for a reload.
  let engine: SyncEngine | undefined;
  const db = await openCache(options.dbName ?? 'cop-kit', { onOutdated: () => engine?.outdated() });
  const search = createLocalSearch(await allRows(db, 'practice'));
  const listeners = new Set<(changes: CacheChange[]) => void>();

  const sync = createSyncEngine({
    db,
    api,
    intervalMs: options.intervalMs,
    onChange(changes) {
      search.update(changes);
      for (const listener of listeners) listener(changes);
    },
    live:
      options.live === false
        ? undefined
        : ({ onChange, onOpen }) =>
            openLiveChannel({
              baseUrl: options.baseUrl,
              getToken: options.getToken,
              fetch: options.fetch,
              onChange,
              onOpen,
            }),
  });

  engine = sync;

  async function setUser(user: User | null, opts: { discardPending?: boolean } = {}) {
    const previous = await getMeta(db, 'user');
    if (previous && user && previous.id !== user.id) {
      if (!(await resetForNewUser(db, user, opts))) {
        const pending = await db.count('outbox');
        throw new ApiError(
          409,
          'pending_changes',
          `${previous.name} has ${pending} change${pending === 1 ? '' : 's'} not sent yet. Sign in as ${previous.name} to send them, or discard them to continue.`,
          { pending, previous },
        );
      }
      search.load([]);
      await sync.refresh();
      void sync.syncNow();
      return;
    }
    await setMeta(db, 'user', user);
  }

  if (options.autoStart !== false) sync.start();

  return {
    api,
    db,
    sync,
    search,
    mutate: sync.mutate,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async signIn(email, password, opts) {
      const session = await api.login(email, password);
      try {
        await setUser(session.user, opts);
      } catch (error) {
        // Hand the session back so the caller can keep it if the person chooses to discard.
        if (error instanceof ApiError)
          throw new ApiError(error.status, error.code, error.message, {
            ...(error.details as object),
            session,
          });
        throw error;
      }
      return session;
    },
    setUser,
    close() {
      sync.stop();
      db.close();
    },
  };
}

export type {
  Api,
  ApiOptions,
  ExpertQuery,
  PracticeListItem,
  PracticeQuery,
  QuestionQuery,
} from './api';
export { ApiError, createApi, isTransient, UNAUTHORIZED_MESSAGE, UNREACHABLE_MESSAGE } from './api';
export type { CacheChange, CacheDb, PendingMutation, Problem } from './db';
export { openLiveChannel } from './events';
export type { EnqueueResult, MutateArgs } from './outbox';
export type { LocalSearch, LocalSearchQuery } from './search';
export { createLocalSearch } from './search';
export type { SyncEngine, SyncState, SyncStatus } from './sync';
export { createSyncEngine } from './sync';
