/**
 * One API client per store and token, shared by every element on the page; an element's failures
 * read as `describeError(error, conn.store)` (src/client/api.ts). It also says whose saved snapshots
 * the page may show (the person the store verified for the token) and deletes them when the store
 * refuses the token.
 */
import { type Api, createApi } from '../src/client/api';
import type { Community, Membership, User } from '../src/core/types';
import { forgetPerson, MAX_AGE, type Owner, recallToken, rememberToken } from './snapshots';

export interface Connection {
  api: Api;
  store: string;
  token: string | null;
  /** The token's `sub` claim (read, not verified). */
  subject: string;
  /**
   * Whose snapshots this page may show: the person the store verified for the token (anonymous
   * readers share "anonymous"), until the token expires; null while nobody is verified.
   */
  owner(): Promise<Owner | null>;
  /** The signed-in person and their memberships; null without a token. Asked once. */
  me(): Promise<{ user: User; memberships: Membership[] } | null>;
  /** The communities the caller may read (anonymously: those open to anonymous readers). Asked once. */
  communities(): Promise<Community[]>;
  /** A GET that sends the token when there is one, and reads anonymously otherwise. */
  read<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T>;
}

const connections = new Map<string, Connection>();

/** Where the script was loaded from: the default `store`. */
export const SCRIPT_ORIGIN = new URL(import.meta.url).origin;

/** The `store` attribute if it is an http(s) URL, else the script's origin. */
export function storeUrl(attribute: string | null): string {
  if (attribute) {
    try {
      const url = new URL(attribute, document.baseURI);
      if (url.protocol === 'http:' || url.protocol === 'https:')
        return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
    } catch {}
  }
  return SCRIPT_ORIGIN;
}

/** The claims of a JWT, read without verifying them (empty for an API token). */
function tokenClaims(token: string | null): { sub?: unknown; exp?: unknown } {
  try {
    const payload = token?.split('.')[1];
    if (!payload) return {};
    return JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) ?? {};
  } catch {
    return {};
  }
}

/** Whether the token is an embed token (a JWT), which acts with a member's rights only, not an API token. */
export const isEmbedToken = (token: string | null) => token?.split('.').length === 3;

/** The `sub` claim of a JWT, or '' when it has none or is not a JWT. */
export function tokenSubject(token: string | null): string {
  const { sub } = tokenClaims(token);
  return typeof sub === 'string' ? sub : '';
}

/** The token's SHA-256 in hex (so the token itself is never stored), or null where pages lack Web Crypto. */
async function tokenDigest(token: string): Promise<string | null> {
  try {
    const subtle = globalThis.crypto?.subtle;
    if (!subtle) return null;
    const bytes = new Uint8Array(await subtle.digest('SHA-256', new TextEncoder().encode(token)));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  } catch {
    return null;
  }
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

export function connect(store: string, token: string | null): Connection {
  const key = `${store}\n${token ?? ''}`;
  const known = connections.get(key);
  if (known) return known;

  const { exp } = tokenClaims(token);
  /** Snapshots live no longer than the token they were fetched with. */
  const until = () =>
    Math.min(typeof exp === 'number' ? exp * 1000 : Number.POSITIVE_INFINITY, Date.now() + MAX_AGE);
  let verified: Owner | null = null;
  const digest = token ? tokenDigest(token) : Promise.resolve(null);

  /** The store refused the token: what was saved for its person goes, on this page and for later visits. */
  async function refused() {
    const known = await digest.then((d) => (d ? recallToken(store, d) : undefined));
    for (const person of new Set([known?.person, verified?.person]))
      if (person) await forgetPerson(store, person);
    verified = null;
  }

  // The client keeps the store's own sentence for a refused token, so `describe` can show it as is.
  const api = createApi({
    baseUrl: store,
    getToken: () => token,
    fetch: async (input, init) => {
      const response = await globalThis.fetch(input, init);
      const sentToken = !!new Headers(init?.headers).get('authorization');
      if (response.status === 401 && sentToken) await refused();
      return response;
    },
  });
  const me = once(async () => (token ? api.me() : null));

  const connection: Connection = {
    api,
    store,
    token,
    subject: tokenSubject(token),
    me,
    owner: once(async () => {
      if (!token) return { store, person: 'anonymous', until: Date.now() + MAX_AGE };
      if (until() <= Date.now()) return null;
      // A token this browser saw verified before is recalled at once (even offline); a new one asks the store.
      const known = await digest.then((d) => (d ? recallToken(store, d) : undefined));
      if (known) return known;
      const answer = await me().catch(() => null);
      if (!answer) return null;
      verified = { store, person: answer.user.id, until: until() };
      const d = await digest;
      if (d) await rememberToken(d, verified);
      return verified;
    }),
    communities: once(async () => {
      const { items } = await api.request<{ items: Community[] }>('/api/v1/communities', {
        auth: !!token,
      });
      return items;
    }),
    read: (path, query) => api.request(path, { query, auth: !!token }),
  };
  connections.set(key, connection);
  return connection;
}
