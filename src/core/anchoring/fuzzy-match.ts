/**
 * Approximate matching for anchoring: where a pattern sits in a text within a number of edits
 * (insertions, deletions, substitutions), and the edit distance between two short strings.
 *
 * Myers' bit-parallel edit distance, 32 pattern rows per block. A long text is not scanned whole:
 * exact pieces of the pattern vote for the places worth scanning (pigeonhole seeding).
 *
 * Ours, not approx-string-match (what hypothesis uses): `npm run bench -- --only=anchoring` (issue 19;
 * a 200 KB page, quotes edited by 1–5 characters, median per search, load average ≈ 6). It is a little
 * faster up to 200 characters (20: 2.3 against our 3.0 ms; 100: 3.2 against 4.4; 200: 4.3 against
 * 6.9), mostly because it narrows the search to the fewest edits found so far, which we cannot (see
 * below), and far slower beyond, where our seeding skips the scan (500: 6.8 against 2.7; 2,000: 35
 * against 3.9). Both find the right place with the same edits on every fixture of the anchoring tests
 * and on 160 generated quotes. But it is not as good: a start can come early, so a span needs more
 * edits than it reports (5 spans in 500 searches in a text of few words; ours: 0), and it returns only
 * the fewest-edit places, where ours also offers the best span of every other place within reach for
 * the quote's context to weigh. Its cut-off (blocks whose rows are all beyond k are not computed) and a
 * table for ASCII characters made ours 1.7–2.6× faster than before (20: 5.3 → 3.0 ms; 200: 17.8 → 6.9).
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
  /** The same as `peq` for the first 128 character codes, read without hashing. */
  private readonly ascii: Int32Array[];
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
    this.ascii = Array.from({ length: 128 }, (_, c) => this.peq.get(c) ?? this.none);
  }

  /** Which pattern rows hold character `code`, a bit per row, 32 rows per block. */
  private eqs(code: number): Int32Array {
    return code < 128 ? this.ascii[code]! : (this.peq.get(code) ?? this.none);
  }

  /**
   * One step of block `b` down a text column: `hin` is the change of the row above the block
   * (-1, 0 or 1); returns the change of its last row.
   */
  private advance(b: number, eqBits: number, hin: number, pv: Int32Array, mv: Int32Array): number {
    let eq = eqBits;
    const p = pv[b]!;
    const mm = mv[b]!;
    const xv = eq | mm;
    if (hin < 0) eq |= 1;
    const xh = (((eq & p) + p) ^ p) | eq;
    let ph = mm | ~(xh | p);
    let mh = p & xh;
    const high = b === this.blocks - 1 ? this.topBit : 0x80000000 | 0;
    const hout = ph & high ? 1 : mh & high ? -1 : 0;
    ph <<= 1;
    mh <<= 1;
    if (hin < 0) mh |= 1;
    else if (hin > 0) ph |= 1;
    pv[b] = mh | ~(xv | ph);
    mv[b] = ph & xv;
    return hout;
  }

  /**
   * Walks `text[from, to)` and returns, for each run of ends where the whole pattern matches a
   * span with at most `k` edits, the end with the fewest. Blocks whose rows are all beyond `k`
   * are not computed (Ukkonen's cut-off, as in Myers' block algorithm).
   */
  bestEnds(
    text: string,
    from: number,
    to: number,
    k: number,
  ): Array<{ end: number; errors: number }> {
    const last = this.blocks - 1;
    const pv = new Int32Array(this.blocks);
    const mv = new Int32Array(this.blocks);
    // score[b]: the edit distance at block b's last row, for the active blocks 0..y.
    const score = new Int32Array(this.blocks);
    let y = Math.min(last, Math.max(0, Math.ceil(k / 32) - 1));
    for (let b = 0; b <= y; b++) {
      pv[b] = -1;
      score[b] = (b + 1) * 32;
    }
    score[last] = this.m;
    const ends: Array<{ end: number; errors: number }> = [];
    let best = -1;
    let bestErrors = k + 1;
    for (let j = from; j < to; j++) {
      const eqs = this.eqs(text.charCodeAt(j));
      let carry = 0;
      for (let b = 0; b <= y; b++) {
        carry = this.advance(b, eqs[b]!, carry, pv, mv);
        score[b] = score[b]! + carry;
      }
      if (score[y]! - carry <= k && y < last && (eqs[y + 1]! & 1 || carry < 0)) {
        // The block below may now hold a row within k: start it as all rows one worse.
        y++;
        pv[y] = -1;
        mv[y] = 0;
        const rows = y === last ? this.m - 32 * last : 32;
        score[y] = score[y - 1]! + rows - carry + this.advance(y, eqs[y]!, carry, pv, mv);
      } else {
        while (y > 0 && score[y]! >= k + 32) y--;
      }
      const d = y === last ? score[y]! : k + 1;
      if (d <= k) {
        if (d < bestErrors) {
          best = j + 1;
          bestErrors = d;
        }
      } else if (best !== -1) {
        ends.push({ end: best, errors: bestErrors });
        best = -1;
        bestErrors = k + 1;
      }
    }
    if (best !== -1) ends.push({ end: best, errors: bestErrors });
    return ends;
  }

  /**
   * Walks `text[from, to)` backwards and reports, after each character, the edit distance between
   * the whole pattern (give it reversed) and the text from that character to `to`.
   */
  scanBack(text: string, from: number, to: number, visit: (pos: number, distance: number) => void) {
    const pv = new Int32Array(this.blocks).fill(-1);
    const mv = new Int32Array(this.blocks);
    let score = this.m;
    for (let j = to - 1; j >= from; j--) {
      const eqs = this.eqs(text.charCodeAt(j));
      // The row above the first block costs one more per character: the span ends at `to`.
      let hin = 1;
      for (let b = 0; b < this.blocks; b++) hin = this.advance(b, eqs[b]!, hin, pv, mv);
      score += hin;
      visit(j, score);
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
  // concat, not push(...): a repetitive page can hold more runs than a call takes arguments.
  for (const [from, to] of windows) ends = ends.concat(forward.bestEnds(text, from, to, k));
  ends = ends.sort((a, b) => a.errors - b.errors).slice(0, MAX_CANDIDATES);

  // Walk back from each end to the start that gives the same (least) number of edits.
  // Reversed by UTF-16 unit, the way the backward scan reads the text.
  const backward = new BitMatcher(pattern.split('').reverse().join(''));
  const found: ApproximateMatch[] = [];
  for (const { end } of ends) {
    let start = -1;
    let errors = k + 1;
    backward.scanBack(text, Math.max(0, end - m - k), end, (pos, d) => {
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
