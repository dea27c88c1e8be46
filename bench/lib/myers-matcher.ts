/**
 * The approximate matcher CoP Kit's anchoring used until issue 19 (Myers' bit-parallel edit distance,
 * 32 pattern rows per block, written for CoP Kit), kept here as the anchoring benchmark's baseline so
 * the choice of approx-string-match (src/core/anchoring/fuzzy-match.ts) can be checked again.
 */
import { type ApproximateMatch, searchWindows } from '../../src/core/anchoring/fuzzy-match';

const MAX_CANDIDATES = 32;

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

/**
 * The places `pattern` occurs in `text` with at most `maxErrors` edits, as CoP Kit found them before:
 * the best span of each stretch of acceptable ends, fewest edits first, at most 32.
 */
export function myersMatches(text: string, pattern: string, maxErrors: number): ApproximateMatch[] {
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
