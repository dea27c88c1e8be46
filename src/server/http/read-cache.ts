/**
 * Repeated reads (pulls near the head, practice feeds, searches, expert lookups) answered from memory.
 *
 * An answer is kept with the store's stamp at the time it was computed and served again only while the
 * stamp is unchanged: every write that could change it bumps the version or the epoch, in this process or
 * any other sharing the database, so a served answer is never stale. Expert scores also decay with time,
 * so their route gives a maximum age. Answers are kept per caller (the key starts with who asks), and the ETag lets a
 * browser revalidate for a 304 instead of downloading the same feed again.
 */
import type { MiddlewareHandler } from 'hono';
import type { Principal } from '../context';
import type { Env } from './hono';

interface Entry {
  /** UTF-8, encoded once: a hit writes the bytes as they are. */
  body: Uint8Array<ArrayBuffer>;
  /** The stamp the answer was computed at, as `version.epoch`. */
  stamp: string;
  etag: string;
  at: number;
}

export interface ReadCache {
  /**
   * Caches the route's answers, each for at most `maxAgeMs` (as long as the stamp holds by default).
   * `revalidate` adds the ETag for browsers: worth it for feeds polled by the same URL, not for pulls,
   * whose URL carries a new cursor each time (and whose small replies would only grow).
   */
  middleware(options?: { maxAgeMs?: number; revalidate?: boolean }): MiddlewareHandler<Env>;
  stats(): { entries: number; bytes: number; hits: number; misses: number };
}

const callerKey = (p: Principal) =>
  p.kind === 'anonymous'
    ? 'anonymous'
    : `${p.user.id}${p.user.isAdmin ? ':admin' : ''}${p.via === 'embed' ? `:embed:${p.embedCommunities?.join(',')}` : ''}`;

/** Answers are validated by the stamp; the ETag says so to the browser, per caller and URL. */
const etagOf = (stamp: string, key: string) => `W/"${stamp}.${hashOf(key)}"`;

/** The headers that let a browser keep an answer and ask whether it changed (none without an ETag). */
const validators = (etag: string): Record<string, string> =>
  etag ? { 'cache-control': 'private, no-cache', etag } : {};

/** `budgetBytes` bounds the cached bodies; 0 turns the cache off. */
export function createReadCache(budgetBytes: number): ReadCache {
  // In insertion order: when the budget is spent, the oldest answers go first.
  const entries = new Map<string, Entry>();
  let bytes = 0;
  let hits = 0;
  let misses = 0;
  const forget = (key: string, entry: Entry) => {
    entries.delete(key);
    bytes -= entry.body.length;
  };

  const middleware: ReadCache['middleware'] =
    ({ maxAgeMs = Number.POSITIVE_INFINITY, revalidate = true } = {}) =>
    async (c, next) => {
      if (c.req.method !== 'GET' || budgetBytes <= 0) return next();
      const { version, epoch } = c.get('stamp');
      const stamp = `${version}.${epoch}`;
      const url = c.req.url;
      const key = `${callerKey(c.get('principal'))} ${url.slice(url.indexOf('/', url.indexOf('//') + 2))}`;
      // The client's copy carries the same stamp: nothing it could show has changed since.
      const ifNoneMatch = revalidate ? c.req.header('if-none-match') : undefined;
      if (ifNoneMatch && ifNoneMatch === etagOf(stamp, key))
        return c.body(null, 304, validators(ifNoneMatch));
      // "no-cache" from the client asks for an answer computed afresh (benchmarks of the query path send it).
      const fresh = c.req.header('cache-control')?.includes('no-cache') === true;
      const entry = entries.get(key);
      if (entry && !fresh && entry.stamp === stamp && Date.now() - entry.at < maxAgeMs) {
        hits += 1;
        // A plain header object, not Hono's Headers: the cheapest response @hono/node-server writes.
        return new Response(entry.body, {
          status: 200,
          headers: { 'content-type': 'application/json', ...validators(entry.etag) },
        });
      }
      misses += 1;
      if (entry) forget(key, entry);
      await next();
      if (c.res.status !== 200 || !/json/.test(c.res.headers.get('content-type') ?? '')) return;
      const body = new Uint8Array(await c.res.arrayBuffer());
      const etag = revalidate ? etagOf(stamp, key) : '';
      c.res = c.body(body, 200, { 'content-type': 'application/json', ...validators(etag) });
      if (body.length > budgetBytes / 16) return;
      entries.set(key, { body, stamp, etag, at: Date.now() });
      bytes += body.length;
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
