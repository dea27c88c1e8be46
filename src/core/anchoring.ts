/**
 * Text anchoring: builds a W3C TextQuoteSelector from a selection and finds it again in a page
 * that moved or changed a little. Pure: the DOM comes in as a parameter, nothing leaves the page.
 */
import { LIMITS } from './limits';
import { walkVisibleText } from './visible-text';

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

// ── Folding: what matching ignores ──────────────────────────────────────────

/** Whitespace, zero-width characters and soft hyphens: pages add and drop them freely.
 * Keep in step with IGNORABLE_RUN_RE. */
function isIgnorable(c: number): boolean {
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

// ── Approximate matching: Myers' bit-parallel edit distance, 32 rows per block ──

/** Matches one pattern against text columns, keeping the edit-distance column as bit vectors. */
class BitMatcher {
  readonly m: number;
  private readonly blocks: number;
  private readonly topBit: number;
  private readonly peq = new Map<number, Int32Array>();
  private readonly none: Int32Array;

  constructor(pattern: string) {
    this.m = pattern.length;
    this.blocks = Math.ceil(this.m / 32);
    this.topBit = 1 << ((this.m - 1) & 31);
    this.none = new Int32Array(this.blocks);
    for (let i = 0; i < this.m; i++) {
      const code = pattern.charCodeAt(i);
      let eq = this.peq.get(code);
      if (!eq) {
        eq = new Int32Array(this.blocks);
        this.peq.set(code, eq);
      }
      eq[i >>> 5]! |= 1 << (i & 31);
    }
  }

  /** Work a scan over `columns` characters costs, in block steps. */
  cost(columns: number): number {
    return columns * this.blocks;
  }

  /**
   * Walks `text[from, to)` (backwards when `reverse`) and reports, after each character, the
   * edit distance between the whole pattern and the best text span ending there. With `anchored`
   * that span must reach back to where the walk began; otherwise it may start anywhere.
   */
  scan(
    text: string,
    from: number,
    to: number,
    reverse: boolean,
    anchored: boolean,
    visit: (pos: number, distance: number) => void,
  ): void {
    const blocks = this.blocks;
    const last = blocks - 1;
    const pv = new Int32Array(blocks).fill(-1);
    const mv = new Int32Array(blocks);
    let score = this.m;
    const step = reverse ? -1 : 1;
    const end = reverse ? from - 1 : to;
    for (let j = reverse ? to - 1 : from; j !== end; j += step) {
      const eqs = this.peq.get(text.charCodeAt(j)) ?? this.none;
      // The row above the first block: free (0) when the match may start anywhere.
      let hin = anchored ? 1 : 0;
      for (let b = 0; b < blocks; b++) {
        let eq = eqs[b]!;
        const p = pv[b]!;
        const mm = mv[b]!;
        const xv = eq | mm;
        if (hin < 0) eq |= 1;
        const xh = (((eq & p) + p) ^ p) | eq;
        let ph = mm | ~(xh | p);
        let mh = p & xh;
        const high = b === last ? this.topBit : 0x80000000 | 0;
        const hout = ph & high ? 1 : mh & high ? -1 : 0;
        ph <<= 1;
        mh <<= 1;
        if (hin < 0) mh |= 1;
        else if (hin > 0) ph |= 1;
        pv[b] = mh | ~(xv | ph);
        mv[b] = ph & xv;
        hin = hout;
      }
      score += hin;
      visit(reverse ? j : j + 1, score);
    }
  }
}

/** Edit distance between two short strings (context comparison). */
function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = new Int32Array(b.length + 1);
  let cur = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      cur[j] = Math.min(sub, prev[j]! + 1, cur[j - 1]! + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** Exposed for tests: the reference the bit-parallel matcher is checked against. */
export const _internals = { BitMatcher, editDistance, isIgnorable, IGNORABLE_RUN_RE };

// ── Finding a quote in a text ───────────────────────────────────────────────

/** Context beyond this many characters next to the quote adds cost, not certainty. */
const CONTEXT_CAP = 64;
/** Occurrences of an exact quote worth telling apart by context. */
const MAX_OCCURRENCES = 500;
/** Below this many block steps a fuzzy search simply scans the whole text. */
const FULL_SCAN_BUDGET = 1_500_000;
/** Fuzzy candidates examined closely. */
const MAX_CANDIDATES = 32;
const MAX_SEED_PIECES = 32;
const MIN_SEED_LENGTH = 8;
const MAX_SEED_HITS = 64;

/** Edits a quote of `m` characters may have suffered and still be recognised on its own. */
function allowedErrors(m: number): number {
  // Short quotes get no slack: one edit turns "deadline" into "headline".
  return Math.floor(Math.max(0, m - 6) / 5);
}

/** Edits the search tolerates when the surrounding context vouches for the match. */
const searchErrors = (m: number) => Math.floor(m / 3);

/** Context similarity that lets a more edited quote still anchor. */
const CONTEXT_VOUCHES = 0.7;

interface Candidate {
  start: number;
  end: number;
  errors: number;
}

function similarity(a: string, b: string): number {
  const len = Math.max(a.length, b.length);
  return len === 0 ? 1 : 1 - editDistance(a, b) / len;
}

/** Where a quote of the pattern may start, voted for by exact pieces of it (pigeonhole). */
function seedWindows(text: string, pattern: string, k: number): Array<[number, number]> {
  const m = pattern.length;
  const pieces = Math.max(1, Math.min(k + 1, MAX_SEED_PIECES, Math.floor(m / MIN_SEED_LENGTH)));
  const size = Math.floor(m / pieces);
  const votes = new Map<number, number>();
  for (let p = 0; p < pieces; p++) {
    const piece = pattern.slice(p * size, p * size + size);
    let hits = 0;
    for (let at = text.indexOf(piece); at !== -1 && hits < MAX_SEED_HITS; hits++) {
      const diagonal = at - p * size;
      votes.set(diagonal, (votes.get(diagonal) ?? 0) + 1);
      at = text.indexOf(piece, at + 1);
    }
  }
  // Diagonals within k of each other are one candidate.
  const diagonals = [...votes.keys()].sort((a, b) => a - b);
  const clusters: Array<{ from: number; to: number; votes: number }> = [];
  for (const d of diagonals) {
    const c = clusters[clusters.length - 1];
    if (c && d - c.to <= k) {
      c.to = d;
      c.votes += votes.get(d)!;
    } else {
      clusters.push({ from: d, to: d, votes: votes.get(d)! });
    }
  }
  return clusters
    .sort((a, b) => b.votes - a.votes)
    .slice(0, MAX_CANDIDATES)
    .map((c) => [Math.max(0, c.from - k), Math.min(text.length, c.to + m + k)]);
}

function fuzzyCandidates(text: string, pattern: string, k: number): Candidate[] {
  const m = pattern.length;
  const forward = new BitMatcher(pattern);
  const windows: Array<[number, number]> =
    forward.cost(text.length) <= FULL_SCAN_BUDGET
      ? [[0, text.length]]
      : seedWindows(text, pattern, k);

  // Best end of each run of acceptable columns.
  let ends: Array<{ end: number; errors: number }> = [];
  for (const [from, to] of windows) {
    let best = -1;
    let bestErrors = k + 1;
    forward.scan(text, from, to, false, false, (pos, d) => {
      if (d <= k) {
        if (d < bestErrors) {
          best = pos;
          bestErrors = d;
        }
      } else if (best !== -1) {
        ends.push({ end: best, errors: bestErrors });
        best = -1;
        bestErrors = k + 1;
      }
    });
    if (best !== -1) ends.push({ end: best, errors: bestErrors });
  }
  ends = ends.sort((a, b) => a.errors - b.errors).slice(0, MAX_CANDIDATES);

  // Walk back from each end to the start that gives the same (least) number of edits.
  // Reversed by UTF-16 unit, the way the backward scan reads the text.
  const backward = new BitMatcher(pattern.split('').reverse().join(''));
  const found: Candidate[] = [];
  for (const { end } of ends) {
    let start = -1;
    let errors = k + 1;
    backward.scan(text, Math.max(0, end - m - k), end, true, true, (pos, d) => {
      if (d > k) return;
      const closer = Math.abs(end - pos - m) < Math.abs(end - start - m);
      if (d < errors || (d === errors && closer)) {
        start = pos;
        errors = d;
      }
    });
    if (start !== -1 && start < end) found.push({ start, end, errors });
  }
  return found;
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

  let candidates: Candidate[] = [];
  for (let at = t.indexOf(pattern); at !== -1 && candidates.length < MAX_OCCURRENCES; ) {
    candidates.push({ start: at, end: at + m, errors: 0 });
    at = t.indexOf(pattern, at + 1);
  }
  const k = searchErrors(m);
  if (candidates.length === 0 && k > 0) candidates = fuzzyCandidates(t, pattern, k);

  const prefix = foldText(quote.prefix ?? '').folded.slice(-CONTEXT_CAP);
  const suffix = foldText(quote.suffix ?? '').folded.slice(0, CONTEXT_CAP);
  const strict = allowedErrors(m);
  let best: Candidate | undefined;
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

const TEXT_NODE = 3;
const FOLLOWING = 4;
const CONTAINED_BY = 16;

/** The text a reader sees under `root`, and which text node each part came from. */
export interface PageText {
  text: string;
  nodes: Text[];
  /** `starts[i]` is where `nodes[i]` begins in `text`; separators sit between nodes. */
  starts: number[];
}

/**
 * Reads the page text under `root` a part at a time: each call reads on while `more()` holds and
 * gives the whole text once the walk has ended (null: call again, e.g. in the next idle slice).
 */
export function pageTextReader(root: Node): (more?: () => boolean) => PageText | null {
  const walk = walkVisibleText(root);
  const parts: string[] = [];
  const nodes: Text[] = [];
  const starts: number[] = [];
  let length = 0;
  let endsInSpace = true;
  return (more = () => true) => {
    do {
      const t = walk.next();
      if (!t) return { text: parts.join(''), nodes, starts };
      if (walk.breakBefore && !endsInSpace) {
        parts.push('\n');
        length++;
      }
      nodes.push(t);
      starts.push(length);
      parts.push(t.data);
      length += t.data.length;
      endsInSpace = isIgnorable(t.data.charCodeAt(t.data.length - 1));
    } while (more());
    return null;
  };
}

const readPageText = (root: Node): PageText => pageTextReader(root)()!;

/** Index of the first text node for which `isAtOrAfter` holds (they are in document order). */
function firstNode(page: PageText, isAtOrAfter: (t: Text) => boolean): number {
  let lo = 0;
  let hi = page.nodes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isAtOrAfter(page.nodes[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Offset in the page text of a DOM boundary point (a range's start or end). */
function textOffset(page: PageText, container: Node, offset: number): number {
  const at = (i: number) => (i < page.nodes.length ? page.starts[i]! : page.text.length);
  if (container.nodeType === TEXT_NODE) {
    const i = page.nodes.indexOf(container as Text);
    if (i !== -1) return page.starts[i]! + Math.min(offset, (container as Text).data.length);
  }
  const child = container.nodeType === TEXT_NODE ? container : container.childNodes[offset];
  if (child) {
    return at(
      firstNode(page, (t) => t === child || !!(child.compareDocumentPosition(t) & FOLLOWING)),
    );
  }
  // After the container's last child: the first text node past the container.
  return at(
    firstNode(
      page,
      (t) => (container.compareDocumentPosition(t) & (FOLLOWING | CONTAINED_BY)) === FOLLOWING,
    ),
  );
}

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

function toRange(root: Node, page: PageText, match: TextMatch): Range {
  // The text node holding character `index` (matches start and end on visible characters).
  const locate = (index: number): [Text, number] => {
    let lo = 0;
    let hi = page.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (page.starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return [page.nodes[lo]!, index - page.starts[lo]!];
  };
  const doc = root.ownerDocument ?? (root as Document);
  const range = doc.createRange();
  const [startNode, startOffset] = locate(match.start);
  const [endNode, lastOffset] = locate(match.end - 1);
  range.setStart(startNode, startOffset);
  range.setEnd(endNode, lastOffset + 1);
  return range;
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
    return match ? toRange(root, page, match) : null;
  });
}
