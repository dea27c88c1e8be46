/**
 * Text folding for anchoring: what matching ignores. Pages add and drop whitespace, invisible
 * characters and typographic variants freely, so a quote is compared on its folded form, and the
 * fold keeps a map back to the original offsets.
 */

/** Whitespace, zero-width characters and soft hyphens: pages add and drop them freely.
 * Keep in step with IGNORABLE_RUN_RE. */
export function isIgnorable(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 0xa0 ||
    c === 0xad ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200d) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x2060 ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Typographic variants that editors and CMSs swap in and out, folded one character for one. */
const TYPOGRAPHIC: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201b': "'",
  '\u2032': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u201f': '"',
  '\u2033': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
};
const TYPOGRAPHIC_RE = /[\u2018-\u201f\u2032\u2033\u2010-\u2015\u2212]/g;

const IGNORABLE_RUN_RE =
  /[\t-\r \u00a0\u00ad\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]+/g;

/** A text prepared for matching; prepare a page once with `foldText` to find many quotes in it. */
export interface FoldedText {
  source: string;
  /** The text without ignorable characters, typographic variants folded. */
  folded: string;
  /** Offset in `source` of the character at `index` in `folded`. */
  toSource(index: number): number;
}

export function foldText(source: string): FoldedText {
  const t = source.replace(TYPOGRAPHIC_RE, (c) => TYPOGRAPHIC[c] ?? c);
  const map = new Int32Array(t.length);
  const parts: string[] = [];
  let n = 0;
  let segment = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    // Most characters are visible ASCII: skip the full test for them.
    if ((c > 32 && c < 0x7f) || !isIgnorable(c)) {
      map[n++] = i;
    } else {
      if (i > segment) parts.push(t.slice(segment, i));
      segment = i + 1;
    }
  }
  if (segment < t.length) parts.push(t.slice(segment));
  return { source, folded: parts.join(''), toSource: (index) => map[index] ?? t.length };
}

/** Collapses every run of whitespace (and invisible characters) to one space and trims. */
export function normalizeWhitespace(s: string): string {
  return s.replace(IGNORABLE_RUN_RE, ' ').trim();
}
