/**
 * The local search's words: lowercase without diacritics ("Café Ørsted" → "cafe orsted"), split on
 * anything that is not a letter, digit or mark, and the query's terms (the last one still typed).
 */

const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const SPECIAL_RE = /[ßæœøłđðþı]/g;
const NON_ASCII = /[^ -~\t\n\r]/;
/** A word of a text, for finding where query terms occur in it. */
export const TOKEN = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * Lowercase, without diacritics ("Café Ørsted" → "cafe orsted"): the form words are indexed and matched in.
 * (Not the anchoring kind of folding, which also keeps a map back to the original offsets.)
 */
export function plainLowercase(text: string): string {
  const lower = text.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  return lower
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(SPECIAL_RE, (ch) => SPECIAL_LETTERS[ch] ?? ch);
}

const WORD_SPLIT = /[^\p{L}\p{N}\p{M}]+/u;
/** Folded forms of the non-ASCII words seen so far: a vocabulary is small, normalising is not cheap. */
const foldedWords = new Map<string, string>();

/** The folded words of a text, in order. */
export function tokenize(text: string): string[] {
  if (!text) return [];
  const out: string[] = [];
  for (const word of text.toLowerCase().split(WORD_SPLIT)) {
    if (!word) continue;
    if (!NON_ASCII.test(word)) {
      out.push(word);
      continue;
    }
    let folded = foldedWords.get(word);
    if (folded === undefined) {
      folded = plainLowercase(word);
      if (foldedWords.size < 100_000) foldedWords.set(word, folded);
    }
    if (folded) out.push(folded);
  }
  return out;
}

export interface QueryTerm {
  term: string;
  /** The word is still being typed: it matches every word it starts. */
  prefix: boolean;
}

/** Splits what was typed into terms; the last one is still being typed unless followed by a space. */
export function parseQuery(text: string): QueryTerm[] {
  const terms = tokenize(text);
  const typing = !/[\s\p{P}]$/u.test(text);
  return [...new Set(terms)].map((term, i, all) => ({
    term,
    prefix: typing && i === all.length - 1,
  }));
}

/** Whether a word of a text matches one of the query's terms. */
export const tokenMatches = (token: string, terms: readonly QueryTerm[]) => {
  const folded = plainLowercase(token);
  return terms.some((q) => (q.prefix ? folded.startsWith(q.term) : folded === q.term));
};
