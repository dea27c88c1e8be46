/**
 * Instant search over cached practices: an in-memory inverted index, folded to lowercase without
 * diacritics, with prefix matching on the term being typed. Answers a keystroke without the network.
 *
 * The parts, each readable and tested alone: the words (search-text.ts: folding, tokenizing, query
 * terms), the index (search-index.ts: term weights, postings, prefix expansion), matching and
 * ranking (search-rank.ts) and what a hit shows (search-highlight.ts). This file joins them.
 */
import type { Practice, SearchHit } from '../core/types';
import type { CacheChange } from './db';
import { highlight } from './search-highlight';
import { createPracticeIndex } from './search-index';
import { createMatcher, type RankOptions, rankMatches } from './search-rank';
import { parseQuery } from './search-text';

export { escapeHtml, markMatches } from './search-highlight';
export { parseQuery, plainLowercase, tokenize } from './search-text';

export type LocalSearchQuery = RankOptions;

export interface LocalSearch {
  /** Replaces the whole index. */
  load(practices: Iterable<Practice>): void;
  upsert(practice: Practice): void;
  remove(id: string): void;
  /** Applies cache changes (only practices matter); call it for every sync or local write. */
  update(changes: readonly CacheChange[]): void;
  /** Best matches first; the last term matches as a prefix. An empty query finds nothing. */
  query(text: string, options?: LocalSearchQuery): SearchHit[];
  readonly size: number;
}

/** Builds an empty (or pre-filled) local search index. */
export function createLocalSearch(initial?: Iterable<Practice>): LocalSearch {
  const index = createPracticeIndex(initial);
  const match = createMatcher(index);

  return {
    load: (practices) => index.load(practices),
    upsert: (practice) => index.upsert(practice),
    remove: (id) => index.remove(id),
    update(changes) {
      for (const change of changes) {
        if (change.entity !== 'practice') continue;
        if (change.row) index.upsert(change.row);
        else index.remove(change.id);
      }
    },
    query(text, options = {}) {
      const terms = parseQuery(text);
      if (terms.length === 0) return [];
      const matches = match(terms);
      if (matches.slots.length === 0) return [];
      return rankMatches(matches, index.slots, options).map(({ practice, score }) => ({
        ...practice,
        score: Math.round(score * 1000) / 1000,
        highlight: highlight(practice, terms),
      }));
    },
    get size() {
      return index.size;
    },
  };
}
