/**
 * What a search hit shows: its title with the matching words marked, and a snippet of about
 * SNIPPET_CHARS around the first match in the body (or the quote), escaped for innerHTML.
 */
import type { Practice, SearchHit } from '../core/types';
import { type QueryTerm, TOKEN, tokenMatches } from './search-text';

export const SNIPPET_CHARS = 180;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);

/** Escapes `text` and wraps every word that matches a query term in `<mark>`. */
export function markMatches(text: string, terms: readonly QueryTerm[]): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    const start = m.index ?? 0;
    if (!tokenMatches(m[0], terms)) continue;
    out += `${escapeHtml(text.slice(last, start))}<mark>${escapeHtml(m[0])}</mark>`;
    last = start + m[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

/** The marked title, and a snippet around the first match in the body, else in the quote. */
export function highlight(practice: Practice, terms: readonly QueryTerm[]): SearchHit['highlight'] {
  const candidates = [practice.body, practice.source?.quote?.exact ?? ''];
  let source = practice.body;
  let at = -1;
  for (const text of candidates) {
    for (const m of text.matchAll(TOKEN)) {
      if (tokenMatches(m[0], terms)) {
        at = m.index ?? 0;
        break;
      }
    }
    if (at >= 0) {
      source = text;
      break;
    }
  }
  return {
    title: markMatches(practice.title, terms),
    snippet: snippet(source, Math.max(at, 0), terms),
  };
}

/** A window of about SNIPPET_CHARS around position `at`, cut at word boundaries. */
export function snippet(text: string, at: number, terms: readonly QueryTerm[]): string {
  if (text.length <= SNIPPET_CHARS) return markMatches(text, terms);
  let start = Math.max(0, at - Math.floor(SNIPPET_CHARS / 3));
  let end = Math.min(text.length, start + SNIPPET_CHARS);
  start = Math.max(0, end - SNIPPET_CHARS);
  if (start > 0) {
    const space = text.indexOf(' ', start);
    if (space !== -1 && space < at) start = space + 1;
  }
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > at) end = space;
  }
  const prefix = start > 0 ? '… ' : '';
  const suffix = end < text.length ? ' …' : '';
  return `${prefix}${markMatches(text.slice(start, end), terms)}${suffix}`;
}
