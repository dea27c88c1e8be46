/**
 * One API client per store and token, shared by every element on the page. An element's failures
 * read as `describeError(error, conn.store)` (src/client/api.ts).
 */
import { type Api, createApi } from '../src/client/api';
import type { Community, Membership, User } from '../src/core/types';

export interface Connection {
  api: Api;
  store: string;
  token: string | null;
  /** The token's `sub` claim (read, not verified: it only keeps one person's cache apart from another's). */
  subject: string;
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

/** The `sub` claim of a JWT, or '' when it has none or is not a JWT. */
export function tokenSubject(token: string | null): string {
  try {
    const payload = token?.split('.')[1];
    if (!payload) return '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const sub = (JSON.parse(json) as { sub?: unknown }).sub;
    return typeof sub === 'string' ? sub : '';
  } catch {
    return '';
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

  // The client keeps the store's own sentence for a refused token, so `describe` can show it as is.
  const api = createApi({ baseUrl: store, getToken: () => token });

  const connection: Connection = {
    api,
    store,
    token,
    subject: tokenSubject(token),
    me: once(async () => (token ? api.me() : null)),
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
