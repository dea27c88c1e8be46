/**
 * Near-duplicate practices: character-trigram Jaccard over title, body and quote. The extension
 * asks "endorse this instead?" with it; the console suggests merges.
 */

/** What comparison needs of a practice (a draft capture has no id yet). */
export interface PracticeText {
  id?: string;
  title: string;
  body?: string;
  source?: { quote?: { exact: string } | null } | null;
}

export interface SimilarPractice<T> {
  practice: T;
  /** 0 (nothing in common) to 1 (the same text). */
  score: number;
}

/** Text beyond this adds cost, not discrimination. */
const MAX_CHARS = 4_000;

/** Words too common to say anything about what a practice is about. */
const STOP_WORDS = new Set(
  (
    'a an and are as at be but by for from has have how i if in into is it its of on or our so ' +
    'that the their then there these this to was we were what when where which who why will ' +
    'with you your der die das und ist nicht ein eine le la les des et est un une el los y'
  ).split(' '),
);

/** The trigram sets a practice is compared by: sorted, distinct trigram codes. */
export interface SimilarityProfile {
  title: Int32Array;
  all: Int32Array;
  quote: Int32Array;
}

/** Lower-cased words without accents, punctuation or stop words. */
function words(text: string): string[] {
  return text
    .slice(0, MAX_CHARS)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w && !STOP_WORDS.has(w));
}

/** 10 bits of a character: exact for Latin scripts, hashed beyond (rare collisions are harmless). */
const tenBits = (c: number) => (c < 0x400 ? c : Math.imul(c, 0x9e3779b1) >>> 22);

/** Trigrams of each word padded with a space either side, as small integers. */
function trigrams(...texts: string[]): Int32Array {
  const codes: number[] = [];
  for (const text of texts) {
    for (const word of words(text)) {
      const w = ` ${word} `;
      for (let i = 0; i + 3 <= w.length; i++) {
        codes.push(
          (tenBits(w.charCodeAt(i)) << 20) |
            (tenBits(w.charCodeAt(i + 1)) << 10) |
            tenBits(w.charCodeAt(i + 2)),
        );
      }
    }
  }
  const sorted = Int32Array.from(codes).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i]!;
  }
  return sorted.slice(0, n);
}

export function similarityProfile(p: PracticeText): SimilarityProfile {
  const quote = p.source?.quote?.exact ?? '';
  return {
    title: trigrams(p.title),
    all: trigrams(p.title, p.body ?? '', quote),
    quote: trigrams(quote),
  };
}

function jaccard(a: Int32Array, b: Int32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

/** How alike two practices are, from 0 to 1: title most, then all text, then the quoted source. */
export function similarity(
  a: PracticeText | SimilarityProfile,
  b: PracticeText | SimilarityProfile,
): number {
  const pa = 'all' in a ? a : similarityProfile(a);
  const pb = 'all' in b ? b : similarityProfile(b);
  const title = jaccard(pa.title, pb.title);
  const all = jaccard(pa.all, pb.all);
  if (pa.quote.length > 0 && pb.quote.length > 0) {
    return 0.35 * title + 0.35 * all + 0.3 * jaccard(pa.quote, pb.quote);
  }
  return 0.45 * title + 0.55 * all;
}

/** Profiles of practices already seen, recomputed only when their text changes. */
const cache = new WeakMap<object, { texts: string[]; profile: SimilarityProfile }>();

function cachedProfile(p: PracticeText): SimilarityProfile {
  const texts = [p.title, p.body ?? '', p.source?.quote?.exact ?? ''];
  const hit = cache.get(p);
  if (hit?.texts.every((t, i) => t === texts[i])) return hit.profile;
  const profile = similarityProfile(p);
  cache.set(p, { texts, profile });
  return profile;
}

/**
 * Practices similar to `candidate`, most similar first: those scoring at least `threshold`
 * (default 0.3), at most `limit` (default 5). The candidate itself (same id) is left out.
 */
export function findSimilar<T extends PracticeText>(
  candidate: PracticeText,
  practices: readonly T[],
  options: { threshold?: number; limit?: number } = {},
): SimilarPractice<T>[] {
  const { threshold = 0.3, limit = 5 } = options;
  const target = similarityProfile(candidate);
  if (target.all.length === 0) return [];
  const hits: SimilarPractice<T>[] = [];
  for (const practice of practices) {
    if (candidate.id !== undefined && practice.id === candidate.id) continue;
    const score = similarity(target, cachedProfile(practice));
    if (score >= threshold) hits.push({ practice, score });
  }
  return hits.sort((a, b) => b.score - a.score).slice(0, limit);
}
