/**
 * Where the extension keeps who it is connected as: the session in `storage.local` (survives
 * restarts, never synced to other devices) and the organisation's policy from `storage.managed`.
 */
import type { WxtBrowser } from 'wxt/browser';
import type { User } from '../core/types';

/**
 * What an administrator set by policy (public/managed-schema.json, docs/enterprise.md). Empty
 * values mean "not managed": the person decides.
 */
export interface ManagedPolicy {
  /** The store everyone connects to; people cannot change it. */
  storeUrl: string | null;
  /** Match patterns (`https://intranet.example.org/*`) of the sites the organisation enabled. */
  enabledSites: string[];
  /** Community slugs offered first, in this order. */
  communities: string[];
}

export const NO_POLICY: ManagedPolicy = { storeUrl: null, enabledSites: [], communities: [] };

/**
 * The match pattern for a site an administrator wrote as an origin (`https://intranet.example.org`),
 * a wildcard host (`https://*.example.org`) or a pattern; null when it is not an http(s) site or
 * names every host (policy enables intranet sites, never the whole web).
 */
export function sitePattern(input: string): string | null {
  const match = /^(https?|\*):\/\/((?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d+)?)(?:\/.*)?$/i.exec(
    input.trim(),
  );
  if (!match) return null;
  const [, scheme, host] = match;
  return `${scheme!.toLowerCase()}://${host!.toLowerCase()}/*`;
}

/** A store address as people write it (`cop.example.org` means https); null unless http(s). */
function storeAddress(input: string): string | null {
  const trimmed = input.trim();
  if (!trimmed) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  try {
    const { protocol } = new URL(withScheme);
    return protocol === 'http:' || protocol === 'https:' ? withScheme : null;
  } catch {
    return null;
  }
}

function strings(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
}

/** Reads a raw `storage.managed` object defensively: policy is typed by people, not by us. */
export function parsePolicy(raw: Record<string, unknown>): ManagedPolicy {
  const storeUrl = typeof raw.storeUrl === 'string' ? storeAddress(raw.storeUrl) : null;
  const sites = strings(raw.enabledSites)
    .map(sitePattern)
    .filter((p): p is string => p !== null);
  const communities = strings(raw.communities).map((c) => c.trim());
  return { storeUrl, enabledSites: [...new Set(sites)], communities: [...new Set(communities)] };
}

export interface StoredSession {
  storeUrl: string;
  token: string;
  user: Pick<User, 'id' | 'name' | 'email'>;
  /** Answers older than this (ISO) never raise an alert: they were there before the person connected. */
  alertsSince: string;
  /** The person's own cache and outbox (absent: the one cache per store of earlier versions). */
  cache?: string;
}

/** Someone who was signed in here before, whose cache (and perhaps unsent changes) stays theirs. */
export interface KnownPerson {
  storeUrl: string;
  user: Pick<User, 'id' | 'name' | 'email'>;
  cache: string;
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
  /** People signed in here before, whose unsent changes wait for them (never sent as someone else). */
  people?: KnownPerson[];
}

type Storage = Pick<WxtBrowser['storage'], 'local' | 'managed'>;

export function createSettings(storage: Storage) {
  async function get<K extends keyof LocalShape>(key: K): Promise<LocalShape[K]> {
    const all = (await storage.local.get(key)) as LocalShape;
    return all[key];
  }
  const set = (values: LocalShape) => storage.local.set(values);

  async function managedPolicy(): Promise<ManagedPolicy> {
    try {
      return parsePolicy(((await storage.managed.get(null)) ?? {}) as Record<string, unknown>);
    } catch {
      // Firefox throws when no policy exists; that simply means "not managed".
      return NO_POLICY;
    }
  }

  return {
    getSession: () => get('session'),
    async saveSession(session: StoredSession) {
      await set({ session, lastStoreUrl: session.storeUrl, sessionExpired: false });
    },
    async clearSession() {
      await storage.local.remove(['session', 'seenAnswers', 'notifiedAnswers']);
    },
    lastStoreUrl: () => get('lastStoreUrl'),
    async people(): Promise<KnownPerson[]> {
      return (await get('people')) ?? [];
    },
    async savePeople(people: KnownPerson[]) {
      await set({ people });
    },
    isExpired: async () => (await get('sessionExpired')) === true,
    markExpired: (expired: boolean) => set({ sessionExpired: expired }),
    seenAnswers: async () => new Set((await get('seenAnswers')) ?? []),
    saveSeenAnswers: (ids: Iterable<string>) => set({ seenAnswers: [...ids].slice(-2_000) }),
    notifiedAnswers: async () => new Set((await get('notifiedAnswers')) ?? []),
    saveNotifiedAnswers: (ids: Iterable<string>) =>
      set({ notifiedAnswers: [...ids].slice(-2_000) }),

    /** Everything an administrator set by policy; NO_POLICY when nothing is managed. */
    managedPolicy,
    /** The store URL an administrator set by policy, or null (no policy, or no managed storage). */
    async managedStoreUrl(): Promise<string | null> {
      return (await managedPolicy()).storeUrl;
    },
  };
}

export type Settings = ReturnType<typeof createSettings>;
