/**
 * Approximate matching for anchoring: where a pattern sits in a text within a number of edits
 * (insertions, deletions, substitutions), and the edit distance between two short strings.
 *
 * Myers' bit-parallel edit distance, 32 pattern rows per block. A long text is not scanned whole:
 * exact pieces of the pattern vote for the places worth scanning (pigeonhole seeding).
 *
 * Ours, not approx-string-match (what hypothesis uses), measured by `npm run bench -- --only=anchoring`
 * (issue 19; 200 KB page, quotes edited by 1–5 characters, median per search, load average ≈ 7):
 * approx-string-match is faster up to 200 characters (20: 2.1 against 5.3 ms; 100: 3.3 against
 * 11.3; 200: 5.3 against 17.8) and slower beyond, where our seeding skips the scan (500: 10.0
 * against 3.0; 2,000: 44 against 4.3; behind our seeds it is even). Both find the right place with
 * the same edits on every fixture of the anchoring tests and on 160 generated quotes. But it is not
 * as good: its starts can be early, so a span needs more edits than it reports (5 spans in 500
 * searches in a text of few words; ours: 0), and it returns only the fewest-edit places, where ours
 * also offers the best span of every other place for the quote's context to weigh.
 */

/** Where a pattern was found: `[start, end)` in the text, and the edits between them. */
export interface ApproximateMatch {
  start: number;
  end: number;
  errors: number;
}

/** Below this many block steps a search simply scans the whole text. */
const FULL_SCAN_BUDGET = 1_500_000;
/** Matches examined closely (and returned). */
const MAX_CANDIDATES = 32;
const MAX_SEED_PIECES = 32;
const MIN_SEED_LENGTH = 8;
const MAX_SEED_HITS = 64;

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
export function editDistance(a: string, b: string): number {
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

/**
 * The stretches of `text` worth scanning for `pattern` with up to `maxErrors` edits: the whole text
 * while a scan is cheap (under 1.5 million steps of 32 pattern characters), else the places exact
 * pieces of the pattern point to.
 */
export function searchWindows(
  text: string,
  pattern: string,
  maxErrors: number,
): Array<[number, number]> {
  return text.length * Math.ceil(pattern.length / 32) <= FULL_SCAN_BUDGET
    ? [[0, text.length]]
    : seedWindows(text, pattern, maxErrors);
}

/**
 * The places `pattern` occurs in `text` with at most `maxErrors` edits: the best span of each
 * stretch of acceptable ends, fewest edits first, at most 32. Spans whose end is near another's
 * count once, so a caller can weigh a few distinct candidates (by their context) rather than one.
 */
export function approximateMatches(
  text: string,
  pattern: string,
  maxErrors: number,
): ApproximateMatch[] {
  const m = pattern.length;
  const k = maxErrors;
  if (m === 0) return [];
  const forward = new BitMatcher(pattern);
  const windows = searchWindows(text, pattern, k);

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
  const found: ApproximateMatch[] = [];
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
