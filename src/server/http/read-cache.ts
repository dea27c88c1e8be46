/**
 * Repeated reads (pulls near the head, practice feeds, searches, expert lookups) answered from memory.
 *
 * An answer is kept with its stamp at the time it was computed and served again only while the stamp is
 * unchanged. The stamp is the latest change to what the answer shows (its kinds of entity, in the caller's
 * communities: see read-scope.ts) and the store's epoch; a write in this process or any other sharing the
 * database changes it, so a served answer is never stale, and a write elsewhere leaves it cached. Expert scores also decay with time,
 * so their route gives a maximum age. Answers are kept per caller (the key starts with who asks); the
 * ETag lets a browser revalidate for a 304; a client that accepts gzip gets the answer compressed (once,
 * off the event loop), which makes a first sync's pages about six times smaller on the wire.
 */
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import type { Principal } from '../context';
import type { Env } from './hono';
import { hashOf, type Kinds, type ReadScope } from './read-scope';

const gzip = promisify(gzipCallback);
/** Smaller answers gain nothing worth a compression. */
const COMPRESS_FROM_BYTES = 1024;
/**
 * Larger answers are not kept: they are catch-up pulls from far behind, each asked once by one client,
 * and a few of them (1–3 MB each) would push out thousands of feeds and polls that are asked again.
 */
const KEEP_UP_TO_BYTES = 512 * 1024;
/**
 * Answers over this size (catch-up pages, long lists) share a quarter of the budget; the small ones —
 * feeds, polls near the head, searches, expert lists, asked again and again — have the rest to themselves,
 * so many large answers asked in turn can evict each other but never the small ones.
 */
const LARGE_FROM_BYTES = 64 * 1024;
const LARGE_SHARE = 1 / 4;

interface Entry {
  key: string;
  /** UTF-8, encoded once: a hit writes the bytes as they are. */
  body: Uint8Array<ArrayBuffer>;
  /** The same, gzipped, made the first time a client accepts it (once, however many ask at that moment). */
  gzipped?: Promise<Uint8Array<ArrayBuffer>>;
  /** Bytes of the gzipped copy, once made. */
  gzippedBytes: number;
  /** The stamp the answer was computed at (see read-scope.ts). */
  stamp: string;
  etag: string;
  at: number;
}

export interface ReadCache {
  /**
   * Caches the route's answers, which show `kinds` of entity, each for at most `maxAgeMs` (as long as the
   * stamp holds by default). `revalidate` adds the ETag for browsers: worth it for feeds polled by the
   * same URL, not for pulls, whose URL carries a new cursor each time (and whose small replies would only grow).
   */
  middleware(options: {
    kinds: Kinds;
    maxAgeMs?: number;
    revalidate?: boolean;
  }): MiddlewareHandler<Env>;
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
export function createReadCache(budgetBytes: number, scope: ReadScope): ReadCache {
  const small = lruSegment(budgetBytes * (1 - LARGE_SHARE));
  const large = lruSegment(budgetBytes * LARGE_SHARE);
  const segmentOf = (entry: Entry) => (entry.body.length >= LARGE_FROM_BYTES ? large : small);
  const keep = (key: string, entry: Entry) => {
    if (entry.body.length > Math.min(budgetBytes / 16, KEEP_UP_TO_BYTES)) return;
    segmentOf(entry).keep(key, entry);
  };
  const lookup = (key: string) => small.get(key) ?? large.get(key);

  /** The answer as the client takes it: gzipped when it accepts that and the answer is worth it. */
  async function reply(entry: Entry, acceptsGzip: boolean, headers: Record<string, string>) {
    const base = { 'content-type': 'application/json', ...headers };
    if (!acceptsGzip || entry.body.length < COMPRESS_FROM_BYTES)
      return new Response(entry.body, { status: 200, headers: base });
    // Big answers are the pages of a first sync, sent once: the fastest level. Feeds are sent again and again.
    const level = entry.body.length >= 256 * 1024 ? 1 : 6;
    entry.gzipped ??= gzip(entry.body, { level }).then((zipped) => {
      entry.gzippedBytes = zipped.length;
      // The copy counts against the budget while the entry is kept.
      segmentOf(entry).grew(entry, zipped.length);
      return new Uint8Array(zipped);
    });
    // A plain header object, not Hono's Headers: the cheapest response @hono/node-server writes.
    return new Response(await entry.gzipped, {
      status: 200,
      headers: { ...base, 'content-encoding': 'gzip', vary: 'Origin, Accept-Encoding' },
    });
  }

  const middleware: ReadCache['middleware'] =
    ({ kinds, maxAgeMs = Number.POSITIVE_INFINITY, revalidate = true }) =>
    async (c, next) => {
      if (c.req.method !== 'GET' || budgetBytes <= 0) return next();
      const { version, epoch } = c.get('stamp');
      const stamp = await scope.stampOf(c.var.ctx, c.var.principal, {
        version,
        epoch,
        kinds,
        communitySlug: c.req.query('community'),
      });
      const url = c.req.url;
      const key = `${callerKey(c.get('principal'))} ${url.slice(url.indexOf('/', url.indexOf('//') + 2))}`;
      // The client's copy carries the same stamp: nothing it could show has changed since.
      const ifNoneMatch = revalidate ? c.req.header('if-none-match') : undefined;
      if (ifNoneMatch && ifNoneMatch === etagOf(stamp, key))
        return c.body(null, 304, validators(ifNoneMatch));
      const acceptsGzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
      // "no-cache" from the client asks for an answer computed afresh (benchmarks of the query path send it).
      const fresh = c.req.header('cache-control')?.includes('no-cache') === true;
      const entry = lookup(key);
      if (entry && !fresh && entry.stamp === stamp && Date.now() - entry.at < maxAgeMs) {
        segmentOf(entry).touch(key, entry);
        return reply(entry, acceptsGzip, validators(entry.etag));
      }
      if (entry) segmentOf(entry).forget(key, entry);
      await next();
      if (c.res.status !== 200 || !/json/.test(c.res.headers.get('content-type') ?? '')) return;
      const computed: Entry = {
        key,
        body: new Uint8Array(await c.res.arrayBuffer()),
        gzippedBytes: 0,
        stamp,
        etag: revalidate ? etagOf(stamp, key) : '',
        at: Date.now(),
      };
      c.res = await reply(computed, acceptsGzip, validators(computed.etag));
      keep(key, computed);
    };
  return { middleware };
}

/** Entries within `budget` bytes, in order of last use: when the budget is spent, the least recently used go. */
function lruSegment(budget: number) {
  const entries = new Map<string, Entry>();
  let bytes = 0;
  const sizeOf = (entry: Entry) => entry.body.length + entry.gzippedBytes;
  const forget = (key: string, entry: Entry) => {
    if (entries.get(key) !== entry) return;
    entries.delete(key);
    bytes -= sizeOf(entry);
  };
  const evict = () => {
    for (const [oldest, old] of entries) {
      if (bytes <= budget) break;
      forget(oldest, old);
    }
  };
  return {
    get: (key: string) => entries.get(key),
    forget,
    keep(key: string, entry: Entry) {
      const previous = entries.get(key);
      if (previous) forget(key, previous);
      entries.set(key, entry);
      bytes += sizeOf(entry);
      evict();
    },
    /** Used again: to the end of the line for eviction. */
    touch(key: string, entry: Entry) {
      entries.delete(key);
      entries.set(key, entry);
    },
    /** The entry's gzipped copy was made: it counts while the entry is kept. */
    grew(entry: Entry, by: number) {
      if (entries.get(entry.key) !== entry) return;
      bytes += by;
      evict();
    },
  };
}
