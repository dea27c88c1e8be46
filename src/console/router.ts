/** Hash routes of the console: `#/c/<community>/<page>`; the hash survives reloads and needs no server routes. */
import { signal } from '@preact/signals';
import { PAGES, type Page } from './page-names';

export { PAGES, type Page };

export interface Route {
  community: string | null;
  page: Page;
  /** Pages outside any one community: the directory, and an invitation link being redeemed. */
  view?: 'directory' | 'invitation' | 'profile' | 'overview';
  /** The invitation's token, for `#/invitation/<token>`. */
  token?: string;
}

export const DIRECTORY_HREF = '#/directory';
export const PROFILE_HREF = '#/profile';
export const OVERVIEW_HREF = '#/overview';

export function parseRoute(hash: string): Route {
  const [, c, slug, page] = hash.replace(/^#/, '').split('/');
  if (c === 'directory') return { community: null, page: 'queue', view: 'directory' };
  if (c === 'profile') return { community: null, page: 'queue', view: 'profile' };
  if (c === 'overview') return { community: null, page: 'queue', view: 'overview' };
  if (c === 'invitation' && slug)
    return { community: null, page: 'queue', view: 'invitation', token: slug };
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
