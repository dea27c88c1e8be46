/**
 * Quote selectors: describes a selection as a W3C TextQuoteSelector (`{exact, prefix, suffix}`)
 * and finds it again in a page that moved or changed a little, letting the context around each
 * candidate decide between them. Pure: the DOM comes in as a parameter, nothing leaves the page.
 */
import { LIMITS } from '../limits';
import { type FoldedText, foldText, isIgnorable, normalizeWhitespace } from './folding';
import { type ApproximateMatch, approximateMatches, editDistance } from './fuzzy-match';
import { type PageText, readPageText, textOffset, textRange } from './text-position';

/** A W3C TextQuoteSelector: the quoted text and a little context either side. */
export interface TextQuote {
  exact: string;
  prefix: string;
  suffix: string;
}

/** What anchoring needs of a quote; missing context just means less help choosing. */
export interface QuoteToFind {
  exact: string;
  prefix?: string;
  suffix?: string;
}

/** Where a quote sits in a text: `[start, end)` offsets and how closely it matched (1 = exactly). */
export interface TextMatch {
  start: number;
  end: number;
  score: number;
}

// ── Finding a quote in a text ───────────────────────────────────────────────

/** Context beyond this many characters next to the quote adds cost, not certainty. */
const CONTEXT_CAP = 64;
/** Occurrences of an exact quote worth telling apart by context. */
const MAX_OCCURRENCES = 500;

/** Edits a quote of `m` characters may have suffered and still be recognised on its own. */
function allowedErrors(m: number): number {
  // Short quotes get no slack: one edit turns "deadline" into "headline".
  return Math.floor(Math.max(0, m - 6) / 5);
}

/** Edits the search tolerates when the surrounding context vouches for the match. */
const searchErrors = (m: number) => Math.floor(m / 3);

/** Context similarity that lets a more edited quote still anchor. */
const CONTEXT_VOUCHES = 0.7;

function similarity(a: string, b: string): number {
  const len = Math.max(a.length, b.length);
  return len === 0 ? 1 : 1 - editDistance(a, b) / len;
}

/**
 * Finds a quote in a text: exactly if it is there (context picks among several occurrences),
 * otherwise the closest span within a few edits. Whitespace and typographic quotes or dashes
 * never count as differences. Returns offsets into `text` (or `text.source`), or null.
 */
export function findQuoteInText(text: string | FoldedText, quote: QuoteToFind): TextMatch | null {
  const page = typeof text === 'string' ? foldText(text) : text;
  const pattern = foldText(quote.exact).folded;
  const m = pattern.length;
  if (m === 0) return null;
  const t = page.folded;

  let candidates: ApproximateMatch[] = [];
  for (let at = t.indexOf(pattern); at !== -1 && candidates.length < MAX_OCCURRENCES; ) {
    candidates.push({ start: at, end: at + m, errors: 0 });
    at = t.indexOf(pattern, at + 1);
  }
  const k = searchErrors(m);
  if (candidates.length === 0 && k > 0) candidates = approximateMatches(t, pattern, k);

  const prefix = foldText(quote.prefix ?? '').folded.slice(-CONTEXT_CAP);
  const suffix = foldText(quote.suffix ?? '').folded.slice(0, CONTEXT_CAP);
  const strict = allowedErrors(m);
  let best: ApproximateMatch | undefined;
  let bestScore = -1;
  for (const c of candidates) {
    if (candidates.length === 1 && c.errors === 0) {
      best = c;
      break;
    }
    const before = prefix
      ? similarity(prefix, t.slice(Math.max(0, c.start - prefix.length), c.start))
      : 0;
    const after = suffix ? similarity(suffix, t.slice(c.end, c.end + suffix.length)) : 0;
    const context = prefix && suffix ? (before + after) / 2 : Math.max(before, after);
    if (c.errors > strict && context < CONTEXT_VOUCHES) continue;
    // The quote itself weighs most; context decides between similar candidates.
    const score = 50 * (1 - c.errors / m) + 20 * before + 20 * after;
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  if (!best) return null;
  return {
    start: page.toSource(best.start),
    end: page.toSource(best.end - 1) + 1,
    score: 1 - best.errors / m,
  };
}

// ── The DOM side ────────────────────────────────────────────────────────────

/** Collapsed text of `text[from, to)`. */
const cleanSlice = (text: string, from: number, to: number) =>
  normalizeWhitespace(text.slice(from, to));

/**
 * Builds a TextQuoteSelector from a selection inside `root`: the selected text and up to
 * `contextChars` characters either side, with whitespace collapsed the same way everywhere.
 * The quote and its context are cut to the store's limits.
 */
export function describeQuote(root: Node, range: Range, contextChars = 32): TextQuote {
  const page = readPageText(root);
  const text = page.text;
  let start = textOffset(page, range.startContainer, range.startOffset);
  let end = Math.max(start, textOffset(page, range.endContainer, range.endOffset));
  while (start < end && isIgnorable(text.charCodeAt(start))) start++;
  while (end > start && isIgnorable(text.charCodeAt(end - 1))) end--;

  const chars = Math.max(0, Math.min(contextChars, LIMITS.quoteContext));
  // Raw text may hold long runs of indentation: widen the window until it yields enough.
  let prefix = '';
  for (let span = chars * 2; chars > 0; span *= 2) {
    prefix = cleanSlice(text, Math.max(0, start - span), start);
    if (prefix.length >= chars || span >= start) break;
  }
  let suffix = '';
  for (let span = chars * 2; chars > 0; span *= 2) {
    suffix = cleanSlice(text, end, end + span);
    if (suffix.length >= chars || end + span >= text.length) break;
  }
  return {
    exact: cleanSlice(text, start, end).slice(0, LIMITS.quote).trim(),
    prefix: prefix.slice(-chars).trim(),
    suffix: suffix.slice(0, chars).trim(),
  };
}

/** Finds a quote again under `root`; null when the page no longer holds anything close to it. */
export function anchorQuote(root: Node, quote: QuoteToFind): Range | null {
  return anchorQuotes(root, [quote])[0] ?? null;
}

/**
 * Anchors many quotes in one pass over the page (a page with many captured practices); `page` is
 * its text if already read (pageTextReader, in idle slices).
 */
export function anchorQuotes(
  root: Node,
  quotes: readonly QuoteToFind[],
  page: PageText = readPageText(root),
): Array<Range | null> {
  const folded = foldText(page.text);
  return quotes.map((quote) => {
    const match = findQuoteInText(folded, quote);
    // Matches start and end on visible characters, so on characters of text nodes.
    return match ? textRange(root, page, match.start, match.end) : null;
  });
}
