import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approximateMatches, editDistance } from './fuzzy-match';

/** Reference: the textbook dynamic programme between `p` and every prefix of `t` (or, with
 * `anywhere`, every substring of `t` ending at each position). */
function textbook(p: string, t: string, anywhere: boolean): number[] {
  let col = Array.from({ length: p.length + 1 }, (_, i) => i);
  const out: number[] = [];
  for (let j = 0; j < t.length; j++) {
    const next = [anywhere ? 0 : j + 1];
    for (let i = 1; i <= p.length; i++) {
      next[i] = Math.min(col[i - 1]! + (p[i - 1] === t[j] ? 0 : 1), col[i]! + 1, next[i - 1]! + 1);
    }
    col = next;
    out.push(col[p.length]!);
  }
  return out;
}

const distance = (a: string, b: string) => (b.length ? textbook(a, b, false).at(-1)! : a.length);

describe('approximateMatches', () => {
  it('agrees with the textbook dynamic programme, across block boundaries too', () => {
    fc.assert(
      fc.property(
        // Mostly two to four blocks of 32 rows, where blocks are started and stopped.
        fc.string({
          unit: fc.constantFrom('a', 'b', 'c', ' '),
          minLength: 1,
          maxLength: 110,
          size: 'max',
        }),
        fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 200, size: 'max' }),
        fc.nat(),
        (p, t, kSeed) => {
          const k = kSeed % (p.length + 1);
          const ends = textbook(p, t, true);
          const best = Math.min(...ends);
          const found = approximateMatches(t, p, k);
          // An empty span is no match, however short the pattern.
          if (!(best <= k)) {
            expect(found).toEqual([]);
            return;
          }
          // The fewest edits anywhere are found, and each span needs exactly the edits it reports.
          expect(Math.min(...found.map((f) => f.errors))).toBe(best);
          for (const f of found) {
            expect(f.errors).toBeLessThanOrEqual(k);
            expect(distance(p, t.slice(f.start, f.end))).toBe(f.errors);
          }
          // One span per run of ends within k edits, ending at the run's closest end.
          if (k >= p.length) return;
          const runs: Array<{ end: number; errors: number }> = [];
          ends.forEach((d, i) => {
            const run = runs.at(-1);
            if (d > k) return;
            if (run && i > 0 && ends[i - 1]! <= k) {
              if (d < run.errors) Object.assign(run, { end: i + 1, errors: d });
            } else runs.push({ end: i + 1, errors: d });
          });
          const closest = runs.sort((a, b) => a.errors - b.errors).slice(0, 32);
          expect(found.map((f) => [f.end, f.errors])).toEqual(
            closest.map((r) => [r.end, r.errors]),
          );
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('reports spans that need exactly the edits it counts, in text made of words', () => {
    const word = fc.constantFrom('the', 'deploy', 'staging', 'on', 'call', 'page', 'tests', 'a');
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 10, maxLength: 60 }),
        fc.nat(),
        fc.integer({ min: 8, max: 70 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom('x', 'e', ' ', '')), { maxLength: 4 }),
        (words, from, length, edits) => {
          const t = words.join(' ');
          const start = from % Math.max(1, t.length - length);
          let p = t.slice(start, start + length);
          for (const [at, c] of edits) {
            const i = at % p.length;
            p = p.slice(0, i) + c + p.slice(i + 1);
          }
          if (!p) return;
          for (const f of approximateMatches(t, p, Math.floor(p.length / 3))) {
            expect(distance(p, t.slice(f.start, f.end))).toBe(f.errors);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reports where the closest span starts as well as where it ends', () => {
    const text = 'xx the smoke tests agaist staging xx';
    expect(approximateMatches(text, 'the smoke tests against staging', 3)).toEqual([
      { start: 3, end: 33, errors: 1 },
    ]);
  });

  it('returns one span per place, fewest edits first', () => {
    const text = 'deploy on friday. deploy on fryday. deploy on friday.';
    const found = approximateMatches(text, 'deploy on fryday', 2);
    expect(found[0]).toEqual({ start: 18, end: 34, errors: 0 });
    expect(found.map((f) => text.slice(f.start, f.end)).sort()).toEqual([
      'deploy on friday',
      'deploy on friday',
      'deploy on fryday',
    ]);
  });

  it('finds an edited long pattern in a large text, where it seeds rather than scans', () => {
    const words = Array.from({ length: 30_000 }, (_, i) => `w${(i * 7919) % 10007}`).join(' ');
    const pattern = Array.from({ length: 40 }, (_, i) => `step ${i} of the runbook`).join(', ');
    const older = pattern.replace('step 1 of', 'step one of').replace('step 20', 'stage 20');
    const text = `${words.slice(0, 30_000)} ${older} ${words.slice(30_000, 90_000)} ${pattern} ${words.slice(90_000)}`;
    const at = text.indexOf(pattern);
    const edited = pattern.replace('step 7 of', 'step 7 in').replace('step 30', 'stage 30');
    const found = approximateMatches(text, edited, 20);
    expect(found[0]).toEqual({ start: at, end: at + pattern.length, errors: 5 });
    // A place with more edits is a candidate too: context may still prefer it.
    expect(found[1]).toEqual({ start: 30_001, end: 30_001 + older.length, errors: 11 });
    expect(approximateMatches(text, 'x'.repeat(pattern.length), 20)).toEqual([]);
  });

  it('keeps the 32 closest of more places than a function call takes arguments', () => {
    const text = 'hi a '.repeat(290_000);
    const found = approximateMatches(text, 'hi b', 1);
    expect(found).toHaveLength(32);
    expect(found.every((f) => f.errors === 1)).toBe(true);
  });

  it('handles characters outside the Basic Multilingual Plane', () => {
    const text = 'Status: 🚀 launched 🎉 yesterday.';
    const [match] = approximateMatches(text, '🚀 launchd 🎉', 2);
    expect(text.slice(match!.start, match!.end)).toBe('🚀 launched 🎉');
    expect(match!.errors).toBe(1);
  });
});

describe('editDistance', () => {
  it('agrees with the textbook dynamic programme', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 40 }),
        fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 40 }),
        (a, b) => {
          expect(editDistance(a, b)).toBe(distance(a, b));
        },
      ),
      { numRuns: 300 },
    );
  });
});
