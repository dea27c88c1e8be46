import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { StoreContext } from '../context';
import type { Env } from './hono';
import { createReadCache } from './read-cache';

/** A route behind the cache that answers `size` bytes and counts how often it computed an answer. */
function cachedRoute(budgetBytes: number) {
  const computed = new Map<string, number>();
  const cache = createReadCache(budgetBytes, { stampOf: async () => 'unchanged' });
  const app = new Hono<Env>();
  app.use('*', async (c, next) => {
    c.set('ctx', {} as StoreContext);
    c.set('principal', { kind: 'anonymous' });
    c.set('stamp', { version: 1, epoch: 0 });
    await next();
  });
  app.use('*', cache.middleware({ kinds: 'all' }));
  app.get('/:name', (c) => {
    const name = c.req.param('name');
    computed.set(name, (computed.get(name) ?? 0) + 1);
    return c.json({ name, padding: 'x'.repeat(Number(c.req.query('size'))) });
  });
  const get = (name: string, size: number) => app.request(`/${name}?size=${size}`);
  return { get, computed: (name: string) => computed.get(name) ?? 0 };
}

describe('the read cache', () => {
  it('keeps the answers asked again over those asked once when its memory is full', async () => {
    const route = cachedRoute(1024 * 1024);
    await route.get('feed', 30_000);
    for (let i = 0; i < 20; i++) await route.get(`once-${i}`, 30_000);
    await route.get('feed', 30_000);
    // Another 20 answers: more than the megabyte holds, so the least recently used ones go.
    for (let i = 20; i < 40; i++) await route.get(`once-${i}`, 30_000);
    await route.get('feed', 30_000);
    expect(route.computed('feed')).toBe(1);
    await route.get('once-0', 30_000);
    expect(route.computed('once-0')).toBe(2);
  });

  it('does not keep an answer over 512 KB (a catch-up pull), which would push out many small ones', async () => {
    const route = cachedRoute(64 * 1024 * 1024);
    await route.get('catch-up', 600_000);
    await route.get('catch-up', 600_000);
    expect(route.computed('catch-up')).toBe(2);
    await route.get('feed', 10_000);
    await route.get('feed', 10_000);
    expect(route.computed('feed')).toBe(1);
  });

  it('keeps small answers while large ones, asked in turn, evict only each other', async () => {
    const route = cachedRoute(4 * 1024 * 1024);
    for (let i = 0; i < 40; i++) await route.get(`feed-${i}`, 20_000);
    // 30 catch-up pages of 200 KB: 6 MB, more than the whole budget, asked twice over.
    for (let pass = 0; pass < 2; pass++)
      for (let i = 0; i < 30; i++) await route.get(`page-${i}`, 200_000);
    for (let i = 0; i < 40; i++) await route.get(`feed-${i}`, 20_000);
    for (let i = 0; i < 40; i++) expect(route.computed(`feed-${i}`)).toBe(1);
    // The large ones had their own quarter: asked in a cycle larger than it, each was computed again.
    expect(route.computed('page-0')).toBe(2);
  });
});
