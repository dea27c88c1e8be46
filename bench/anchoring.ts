/**
 * Fuzzy quote matching (issue 19): our bit-parallel matcher (src/core/anchoring/fuzzy-match.ts)
 * against approx-string-match (what hypothesis uses), scanning the whole text as it does and behind
 * our seeding. Speed: median per search for quotes of 20–2,000 characters edited by 1–5 characters
 * in a 200 KB page. Quality: on the anchoring tests' fixtures and on generated edited quotes, does
 * each find the right place, with how many edits, and does each span need the edits it reports.
 */
import search from 'approx-string-match';
import { findQuoteInText, foldText } from '../src/core/anchoring';
import {
  type ApproximateMatch,
  approximateMatches,
  editDistance,
  searchWindows,
} from '../src/core/anchoring/fuzzy-match';
import { EDITED_PAGE_QUOTE, PAGE_QUOTE, pageWithQuote } from '../src/core/testing/large-texts';
import { prng, WORDS, zipf } from './fixtures/corpus';
import { timed } from './lib/timed';
import { format, median, type Recorder } from './report';

const SECTION = 'anchoring';

type Matcher = (text: string, pattern: string, maxErrors: number) => ApproximateMatch[];
/** approx-string-match in the windows our seeding picks (the whole text when a scan is cheap). */
const seededSearch: Matcher = (text, pattern, maxErrors) =>
  searchWindows(text, pattern, maxErrors).flatMap(([from, to]) =>
    search(text.slice(from, to), pattern, maxErrors).map((m) => ({
      start: from + m.start,
      end: from + m.end,
      errors: m.errors,
    })),
  );
const MATCHERS: Array<{ name: string; find: Matcher }> = [
  { name: 'ours', find: approximateMatches },
  { name: 'approx-string-match', find: search },
  { name: 'approx-string-match behind our seeds', find: seededSearch },
];

/** The edits anchoring tolerates for a quote of `m` characters (quote-selector.ts's searchErrors). */
const maxErrorsFor = (m: number) => Math.floor(m / 3);

// ── Fixtures: the cases of src/core/anchoring/quote-selector.test.ts ─────────────────────────────

const CHECKLIST =
  'Release checklist. Before every deploy, run the smoke tests against staging and ' +
  'post the results in the release channel. If a test fails, stop and page the on-call ' +
  'engineer. After the deploy, watch the error dashboard for fifteen minutes.';
const HANDBOOK =
  'On-call handbook\nWhen an alert fires, acknowledge it within five minutes and open an incident ' +
  'channel before you start debugging.\nWrite down all that you tried. The timeline matters more than the fix.';
function seededQuotePage(): { text: string; quote: string; edited: string } {
  const words = Array.from({ length: 30_000 }, (_, i) => `w${(i * 7919) % 10007}`).join(' ');
  const quote = Array.from({ length: 60 }, (_, i) => `sentence${i} of the captured section`).join(
    ' ',
  );
  const edited = quote.replace('sentence10', 'phrase10').replace('sentence40 of', 'sentence40 in');
  return { text: `${words.slice(0, 90_000)} ${quote} ${words.slice(90_000)}`, quote, edited };
}

interface Fixture {
  name: string;
  text: string;
  quote: { exact: string; prefix?: string; suffix?: string };
  /** What the page holds now where the quote was; null: anchoring must find nothing. */
  expected: string | null;
}

function fixtures(): Fixture[] {
  const seeded = seededQuotePage();
  return [
    {
      name: 'a small edit inside the quote',
      text: CHECKLIST.replace('smoke tests', 'smoke-test suite'),
      quote: { exact: 'run the smoke tests against staging and post the results' },
      expected: 'run the smoke-test suite against staging and post the results',
    },
    {
      name: 'a typo fixed since capture',
      text: CHECKLIST,
      quote: { exact: 'If a tset fails, stop and page the on-cal engineer' },
      expected: 'If a test fails, stop and page the on-call engineer',
    },
    {
      name: 'characters outside the Basic Multilingual Plane',
      text: 'Status: 🚀 launched the new onboarding flow 🎉 yesterday.',
      quote: { exact: '🚀 launchd the new onboarding flow 🎉' },
      expected: '🚀 launched the new onboarding flow 🎉',
    },
    {
      name: 'an edited quote in a 200 KB page',
      text: pageWithQuote(),
      quote: { exact: EDITED_PAGE_QUOTE },
      expected: PAGE_QUOTE,
    },
    {
      name: 'a long quote with edits in a large text (seeds)',
      text: seeded.text,
      quote: { exact: seeded.edited },
      expected: seeded.quote,
    },
    {
      name: 'a larger edit the context vouches for',
      text: HANDBOOK,
      quote: {
        exact: 'Write down what you tried.',
        prefix: 'and open an incident channel before you start debugging.',
        suffix: 'The timeline matters more than the fix.',
      },
      expected: 'Write down all that you tried.',
    },
    {
      name: 'the same edit without context',
      text: HANDBOOK,
      quote: { exact: 'Write down what you tried.' },
      expected: null,
    },
    {
      name: 'a short quote never stretches onto another word',
      text: 'The headline was wrong.',
      quote: { exact: 'deadline' },
      expected: null,
    },
    {
      name: 'a quote that is gone',
      text: CHECKLIST,
      quote: { exact: 'rotate the database credentials quarterly' },
      expected: null,
    },
  ];
}

// ── Generated: a 200 KB page and quotes cut from it, then edited ─────────────────────────────────

function generatedPage(): string {
  const rand = prng(19);
  const parts: string[] = [];
  for (let length = 0; length < 200_000; ) {
    const word = `${zipf(rand, WORDS, 1.6)}${rand() < 0.08 ? '. ' : ' '}`;
    parts.push(word);
    length += word.length;
  }
  return parts.join('');
}

/** `edits` substitutions, deletions and insertions at random places. */
function edit(rand: () => number, s: string, edits: number): string {
  let out = s;
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rand() * out.length);
    const kind = i % 3;
    out =
      kind === 0
        ? `${out.slice(0, at)}q${out.slice(at + 1)}`
        : kind === 1
          ? out.slice(0, at) + out.slice(at + 1)
          : `${out.slice(0, at)}z${out.slice(at)}`;
  }
  return out;
}

const LENGTHS = [20, 32, 33, 64, 100, 200, 500, 2000];

interface Verdict {
  /** The match with the fewest edits overlaps where the quote is. */
  rightPlace: boolean;
  /** Edits between the quote and the span that match reports (Infinity when none). */
  edits: number;
  /** Matches whose span needs more edits than the matcher reports for it. */
  undercounted: number;
}

function judge(
  matches: ApproximateMatch[],
  text: string,
  pattern: string,
  at: [number, number],
): Verdict {
  const needs = (m: ApproximateMatch) => editDistance(pattern, text.slice(m.start, m.end));
  const undercounted = matches.filter((m) => needs(m) > m.errors).length;
  const best = [...matches].sort((a, b) => a.errors - b.errors)[0];
  if (!best) return { rightPlace: false, edits: Number.POSITIVE_INFINITY, undercounted };
  return { rightPlace: best.start < at[1] && best.end > at[0], edits: needs(best), undercounted };
}

/** "right place / searches, edits of the spans found (sum), undercounted spans". */
function summary(v: Verdict[]): string {
  const found = v.filter((x) => Number.isFinite(x.edits));
  const edits = found.reduce((sum, x) => sum + x.edits, 0);
  const undercounted = v.reduce((sum, x) => sum + x.undercounted, 0);
  return `${v.filter((x) => x.rightPlace).length}/${v.length}, ${edits}, ${undercounted}`;
}

/** Edited quotes cut from `page` at random: `samples` per length and number of edits (1–5). */
function* editedQuotes(page: string, lengths: number[], samples: number, seed: number) {
  const rand = prng(seed);
  for (const m of lengths) {
    for (let edits = 1; edits <= 5; edits++) {
      for (let sample = 0; sample < samples; sample++) {
        const at = Math.floor(rand() * (page.length - m));
        const pattern = edit(rand, page.slice(at, at + m), edits);
        yield { m, pattern, at: [at, at + m] as [number, number] };
      }
    }
  }
}

/** A page of a few short words, over and over: where a span's start is easiest to get wrong. */
function repetitivePage(): string {
  const rand = prng(23);
  const words = ['the', 'a', 'tests', 'deploy', 'on', 'call', 'page', 'staging'];
  return Array.from({ length: 4000 }, () => zipf(rand, words, 1.3)).join(' ');
}

export function benchAnchoring(rec: Recorder, { quick }: { quick: boolean }) {
  const rounds = quick ? 2 : 7;
  const page = foldText(generatedPage()).folded;
  const table = [
    `| quote | ${MATCHERS.map((m) => `${m.name}: median ms`).join(' | ')} | ${MATCHERS.map((m) => `${m.name}: right place, edits, undercounted spans`).join(' | ')} |`,
    `|---:|${MATCHERS.map(() => '---:|').join('')}${MATCHERS.map(() => '---|').join('')}`,
  ];
  for (const m of LENGTHS) {
    const runs = MATCHERS.map(() => [] as number[]);
    const verdicts = MATCHERS.map(() => [] as Verdict[]);
    for (const q of editedQuotes(page, [m], quick ? 1 : 4, m)) {
      const k = maxErrorsFor(q.pattern.length);
      MATCHERS.forEach((matcher, i) => {
        runs[i]!.push(...timed(rounds, () => matcher.find(page, q.pattern, k)));
        verdicts[i]!.push(judge(matcher.find(page, q.pattern, k), page, q.pattern, q.at));
      });
    }
    MATCHERS.forEach((matcher, i) => {
      rec.add({
        section: SECTION,
        name: `${m}-char quote, 1–5 edits, 200 KB page: ${matcher.name}`,
        unit: 'ms',
        runs: runs[i]!,
      });
    });
    table.push(
      `| ${m} | ${runs.map((r) => format(median(r))).join(' | ')} | ${verdicts.map(summary).join(' | ')} |`,
    );
  }

  // Where starts go wrong: a text of a few words, many searches.
  const words = repetitivePage();
  const repeated = MATCHERS.map(() => [] as Verdict[]);
  for (const q of editedQuotes(words, [12, 20, 33, 64, 100], quick ? 4 : 20, 5)) {
    MATCHERS.forEach((matcher, i) => {
      const found = matcher.find(words, q.pattern, maxErrorsFor(q.pattern.length));
      repeated[i]!.push(judge(found, words, q.pattern, q.at));
    });
  }
  MATCHERS.forEach((matcher, i) => {
    const v = repeated[i]!;
    rec.add({
      section: SECTION,
      name: `text of few words, ${v.length} edited quotes: spans needing more edits than reported, ${matcher.name}`,
      unit: 'spans',
      runs: [v.reduce((sum, x) => sum + x.undercounted, 0)],
      goal: { op: '=', value: 0 },
    });
  });
  table.push(`| few words, 12–100 | | | | ${repeated.map(summary).join(' | ')} |`);

  // The tests' fixtures: each matcher alone (its fewest-edit match), then anchoring end to end.
  const fixtureTable = [
    `| fixture | ${MATCHERS.map((m) => `${m.name}: right place, edits, undercounted spans`).join(' | ')} | findQuoteInText |`,
    `|---|${MATCHERS.map(() => '---|').join('')}---|`,
  ];
  const rightPlaces = MATCHERS.map(() => 0);
  let endToEnd = 0;
  const cases = fixtures();
  for (const f of cases) {
    const text = foldText(f.text).folded;
    const pattern = foldText(f.quote.exact).folded;
    const found = findQuoteInText(f.text, f.quote);
    const answered = found ? f.text.slice(found.start, found.end) : null;
    if (answered === f.expected) endToEnd++;
    const cells = MATCHERS.map((matcher, i) => {
      if (f.expected === null) return '—';
      const expected = foldText(f.expected).folded;
      const at = text.indexOf(expected);
      const v = judge(matcher.find(text, pattern, maxErrorsFor(pattern.length)), text, pattern, [
        at,
        at + expected.length,
      ]);
      if (v.rightPlace) rightPlaces[i]!++;
      return `${v.rightPlace ? 'yes' : '**no**'}, ${v.edits}, ${v.undercounted}`;
    });
    fixtureTable.push(
      `| ${f.name} | ${cells.join(' | ')} | ${answered === f.expected ? 'as expected' : `**${answered}**`} |`,
    );
  }
  const withPlace = cases.filter((f) => f.expected !== null).length;
  MATCHERS.forEach((matcher, i) => {
    rec.add({
      section: SECTION,
      name: `fixtures whose place the fewest-edit match finds: ${matcher.name}`,
      unit: `of ${withPlace}`,
      runs: [rightPlaces[i]!],
      goal: { op: '=', value: withPlace },
    });
  });
  rec.add({
    section: SECTION,
    name: 'fixtures findQuoteInText answers as the tests expect',
    unit: `of ${cases.length}`,
    runs: [endToEnd],
    goal: { op: '=', value: cases.length },
  });
  console.log(`\n${table.join('\n')}\n\n${fixtureTable.join('\n')}\n`);
  rec.note('anchoring: matchers side by side', table);
  rec.note('anchoring: fixtures', fixtureTable);
}
