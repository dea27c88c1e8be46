/** Hash routes of the console: `#/c/<community>/<page>`; the hash survives reloads and needs no server routes. */
import { signal } from '@preact/signals';

export const PAGES = [
  'queue',
  'due',
  'questions',
  'prompts',
  'members',
  'health',
  'webhooks',
  'audit',
] as const;
export type Page = (typeof PAGES)[number];

export interface Route {
  community: string | null;
  page: Page;
}

export function parseRoute(hash: string): Route {
  const [, c, slug, page] = hash.replace(/^#/, '').split('/');
  if (c !== 'c' || !slug) return { community: null, page: 'queue' };
  return {
    community: decodeURIComponent(slug),
    page: (PAGES as readonly string[]).includes(page ?? '') ? (page as Page) : 'queue',
  };
}

export const routeHref = (community: string, page: Page = 'queue') =>
  `#/c/${encodeURIComponent(community)}/${page}`;

export const route = signal<Route>(parseRoute(location.hash));

export function followHash(): () => void {
  const update = () => {
    route.value = parseRoute(location.hash);
  };
  addEventListener('hashchange', update);
  return () => removeEventListener('hashchange', update);
}
