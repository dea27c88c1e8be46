/**
 * Answering a query from the index: the practices that match every term with their scores
 * (rarest term first, each narrowing the next), then the filters and the best few, best first.
 */
import type { Practice, PracticeKind, PracticeStatus } from '../core/types';
import type { PracticeIndex } from './search-index';
import type { QueryTerm } from './search-text';

/** The slots matching every term; `scores[slot]` is the sum of the slot's best weight per term. */
export interface Matches {
  slots: number[];
  /** Scratch space: valid until the next match. */
  scores: Float64Array;
}

/** A matcher over `index` that reuses its scratch arrays for every query (a keystroke allocates little). */
export function createMatcher(index: PracticeIndex): (terms: QueryTerm[]) => Matches {
  const { incarnation } = index;
  // Stamps mark which slots the current term (or candidate set) touched, so nothing needs clearing.
  let acc = new Float64Array(0);
  let best = new Float64Array(0);
  let bestStamp = new Int32Array(0);
  let candStamp = new Int32Array(0);
  let stamp = 0;

  function ensureScratch() {
    if (acc.length >= index.slots.length) return;
    const n = Math.max(index.slots.length, acc.length * 2, 64);
    acc = new Float64Array(n);
    best = new Float64Array(n);
    bestStamp = new Int32Array(n);
    candStamp = new Int32Array(n);
    stamp = 0;
  }

  return (terms) => {
    ensureScratch();
    // Rarest term first: each narrows the candidates the next one has to look at.
    const expanded = terms.map((q) => index.expand(q)).sort((a, b) => a.size - b.size);
    let candidates: number[] | undefined;
    for (const { lists } of expanded) {
      const termStamp = ++stamp;
      const next: number[] = [];
      if (candidates) for (const slot of candidates) candStamp[slot] = termStamp;
      for (const { list, factor } of lists) {
        const { slots: ps, incarnations: pi, weights: pw } = list;
        for (let i = 0; i < ps.length; i++) {
          const slot = ps[i] as number;
          if (candidates && candStamp[slot] !== termStamp) continue;
          if (pi[i] !== incarnation[slot]) continue;
          const score = (pw[i] as number) * factor;
          if (bestStamp[slot] !== termStamp) {
            bestStamp[slot] = termStamp;
            best[slot] = score;
            next.push(slot);
          } else if (score > (best[slot] as number)) {
            best[slot] = score;
          }
        }
      }
      for (const slot of next) {
        acc[slot] = (candidates ? (acc[slot] as number) : 0) + (best[slot] as number);
      }
      candidates = next;
      if (candidates.length === 0) break;
    }
    return { slots: candidates ?? [], scores: acc };
  };
}

export interface RankOptions {
  limit?: number;
  community?: string | readonly string[];
  tag?: string;
  kind?: PracticeKind;
  /** Which statuses count; by default captured and published (not rejected or archived). */
  status?: readonly PracticeStatus[];
}

export interface Ranked {
  practice: Practice;
  score: number;
}

const better = (a: Ranked, b: Ranked) =>
  a.score > b.score || (a.score === b.score && a.practice.updatedAt > b.practice.updatedAt);

/** The best `limit` matches that pass the filters, best first (ties: the newer first). */
export function rankMatches(
  matches: Matches,
  slots: ReadonlyArray<Practice | undefined>,
  options: RankOptions = {},
): Ranked[] {
  const communities =
    options.community === undefined
      ? undefined
      : new Set(typeof options.community === 'string' ? [options.community] : options.community);
  const statuses = new Set(options.status ?? ['captured', 'published']);
  const tag = options.tag?.toLowerCase();
  const limit = Math.max(1, options.limit ?? 20);
  // Keep only the best `limit` as we go (sorted, best first): sorting every match costs too much per keystroke.
  const top: Ranked[] = [];
  for (const slot of matches.slots) {
    const practice = slots[slot];
    if (!practice) continue;
    if (!statuses.has(practice.status)) continue;
    if (communities && !communities.has(practice.community)) continue;
    if (options.kind && practice.kind !== options.kind) continue;
    if (tag && !practice.tags.includes(tag)) continue;
    // Curated practices win ties.
    const score =
      (matches.scores[slot] as number) +
      (practice.featured ? 0.5 : 0) +
      (practice.status === 'published' ? 0.25 : 0);
    const entry = { practice, score };
    if (top.length === limit && !better(entry, top[limit - 1] as Ranked)) continue;
    let i = Math.min(top.length, limit - 1);
    top[i] = entry;
    while (i > 0 && better(entry, top[i - 1] as Ranked)) {
      top[i] = top[i - 1] as Ranked;
      top[--i] = entry;
    }
  }
  return top;
}
