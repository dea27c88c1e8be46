/**
 * Where the extension keeps who it is connected as: the session in `storage.local` (survives
 * restarts, never synced to other devices) and the organisation's store URL from `storage.managed`.
 */
import type { WxtBrowser } from 'wxt/browser';
import type { User } from '../core/types';

export interface StoredSession {
  storeUrl: string;
  token: string;
  user: Pick<User, 'id' | 'name' | 'email'>;
  /** Answers older than this (ISO) never raise an alert: they were there before the person connected. */
  alertsSince: string;
}

interface LocalShape {
  session?: StoredSession;
  /** The store URL last used, kept after sign-out to prefill the form. */
  lastStoreUrl?: string;
  /** The stored token stopped working; cleared by the next successful connect. */
  sessionExpired?: boolean;
  /** Answer ids the person has seen (opened in the side panel), per store. */
  seenAnswers?: string[];
  /** Answer ids a notification was shown for, so each answer alerts once. */
  notifiedAnswers?: string[];
}

type Storage = Pick<WxtBrowser['storage'], 'local' | 'managed'>;

export function createSettings(storage: Storage) {
  async function get<K extends keyof LocalShape>(key: K): Promise<LocalShape[K]> {
    const all = (await storage.local.get(key)) as LocalShape;
    return all[key];
  }
  const set = (values: LocalShape) => storage.local.set(values);

  return {
    getSession: () => get('session'),
    async saveSession(session: StoredSession) {
      await set({ session, lastStoreUrl: session.storeUrl, sessionExpired: false });
    },
    async clearSession() {
      await storage.local.remove(['session', 'seenAnswers', 'notifiedAnswers']);
    },
    lastStoreUrl: () => get('lastStoreUrl'),
    isExpired: async () => (await get('sessionExpired')) === true,
    markExpired: (expired: boolean) => set({ sessionExpired: expired }),
    seenAnswers: async () => new Set((await get('seenAnswers')) ?? []),
    saveSeenAnswers: (ids: Iterable<string>) => set({ seenAnswers: [...ids].slice(-2_000) }),
    notifiedAnswers: async () => new Set((await get('notifiedAnswers')) ?? []),
    saveNotifiedAnswers: (ids: Iterable<string>) =>
      set({ notifiedAnswers: [...ids].slice(-2_000) }),

    /** The store URL an administrator set by policy, or null (no policy, or no managed storage). */
    async managedStoreUrl(): Promise<string | null> {
      try {
        const { storeUrl } = (await storage.managed.get('storeUrl')) as { storeUrl?: unknown };
        return typeof storeUrl === 'string' && storeUrl.trim() ? storeUrl.trim() : null;
      } catch {
        // Firefox throws when no policy exists; that simply means "not managed".
        return null;
      }
    },
  };
}

export type Settings = ReturnType<typeof createSettings>;
