/**
 * Repeated reads (pulls near the head, practice feeds, searches, expert lookups) answered from memory.
 *
 * An answer is kept with the store's stamp at the time it was computed and served again only while the
 * stamp is unchanged: every write that could change it bumps the version or the epoch, in this process or
 * any other sharing the database, so a served answer is never stale. Expert scores also decay with time,
 * which MAX_AGE bounds. Answers are kept per caller (the key starts with who asks), and the ETag lets a
 * browser revalidate for a 304 instead of downloading the same feed again.
 */
import type { MiddlewareHandler } from 'hono';
import type { Principal } from '../context';
import type { Env } from './hono';

const MAX_AGE_MS = 60_000;

interface Entry {
  body: string;
  etag: string;
  at: number;
}

export interface ReadCache {
  middleware: MiddlewareHandler<Env>;
  stats(): { entries: number; bytes: number; hits: number; misses: number };
}

const callerKey = (p: Principal) =>
  p.kind === 'anonymous'
    ? 'anonymous'
    : `${p.user.id}${p.user.isAdmin ? ':admin' : ''}${p.via === 'embed' ? `:embed:${p.embedCommunities?.join(',')}` : ''}`;

/** `budgetBytes` bounds the cached bodies (UTF-16 length × 2); 0 turns the cache off. */
export function createReadCache(budgetBytes: number): ReadCache {
  const entries = new Map<string, Entry>();
  let bytes = 0;
  let hits = 0;
  let misses = 0;
  const forget = (key: string, entry: Entry) => {
    entries.delete(key);
    bytes -= entry.body.length * 2;
  };

  const middleware: ReadCache['middleware'] = async (c, next) => {
    if (c.req.method !== 'GET' || budgetBytes <= 0) return next();
    const { principal, stamp } = c.var;
    const url = c.req.url;
    const key = `${callerKey(principal)} ${url.slice(url.indexOf('/', url.indexOf('//') + 2))}`;
    const etag = `W/"${stamp.version}.${stamp.epoch}.${hashOf(key)}"`;
    const headers = { 'Cache-Control': 'private, no-cache', ETag: etag };
    // The client's copy carries the same stamp: nothing it could show has changed since.
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
    // "no-cache" from the client asks for an answer computed afresh (benchmarks of the query path send it).
    const fresh = /no-cache|no-store/i.test(c.req.header('cache-control') ?? '');
    const entry = entries.get(key);
    if (entry && !fresh && entry.etag === etag && Date.now() - entry.at < MAX_AGE_MS) {
      hits += 1;
      // Most recently used last: the map's first key is the next to go.
      entries.delete(key);
      entries.set(key, entry);
      return c.body(entry.body, 200, { ...headers, 'Content-Type': 'application/json' });
    }
    misses += 1;
    if (entry) forget(key, entry);
    await next();
    if (c.res.status !== 200 || !/json/.test(c.res.headers.get('content-type') ?? '')) return;
    const body = await c.res.text();
    c.res = c.body(body, 200, { ...headers, 'Content-Type': 'application/json' });
    if (body.length * 2 > budgetBytes / 16) return;
    entries.set(key, { body, etag, at: Date.now() });
    bytes += body.length * 2;
    for (const [oldest, old] of entries) {
      if (bytes <= budgetBytes) break;
      forget(oldest, old);
    }
  };
  return { middleware, stats: () => ({ entries: entries.size, bytes, hits, misses }) };
}

/** FNV-1a, 32 bits: the ETag differs per caller and URL without revealing either. */
function hashOf(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
