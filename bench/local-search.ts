/**
 * Local search (the client's in-memory index): 10,000 generated practices, every keystroke of a few
 * queries typed out. Run by `npm run bench` (`--only=search`); the budget is 30 ms p95 per keystroke.
 */
import { createLocalSearch } from '../src/client/search';
import { seededRandom } from '../src/core/seeded-random';
import type { Practice, PracticeKind } from '../src/core/types';
import type { Recorder } from './report';

export interface SearchBenchResult {
  practices: number;
  keystrokes: number;
  buildMs: number;
  /** The first query after building (includes JIT compilation). */
  firstQueryMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  budgetMs: number;
  ok: boolean;
  /** Every keystroke's time, fastest first. */
  timesMs: number[];
}

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ré',
  'su',
  'te',
  'vo',
  'ná',
  'pi',
  'do',
  'ge',
  'ül',
  'an',
  'or',
  'is',
  'ça',
];
const REAL_WORDS = [
  'incident',
  'review',
  'postmortem',
  'deployment',
  'rollback',
  'customer',
  'escalation',
  'runbook',
  'onboarding',
  'mentoring',
  'checklist',
  'retrospective',
  'estimate',
  'backlog',
  'testing',
  'pairing',
  'documentation',
  'handover',
  'architecture',
  'security',
  'privacy',
  'budget',
  'stakeholder',
  'café',
];
const KINDS: PracticeKind[] = ['method', 'story', 'case', 'tool', 'document', 'lesson'];

/** Generates `n` practices over a vocabulary of about 5,000 words. */
export function generatePractices(n: number, seed = 42): Practice[] {
  const rand = seededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)] as T;
  const vocabulary: string[] = [...REAL_WORDS];
  while (vocabulary.length < 5_000) {
    const parts = 2 + Math.floor(rand() * 3);
    let word = '';
    for (let i = 0; i < parts; i++) word += pick(SYLLABLES);
    vocabulary.push(word);
  }
  // Zipf-like: early words are much more common, as in real text.
  const word = () => vocabulary[Math.floor(vocabulary.length * rand() ** 3)] as string;
  const words = (k: number) => Array.from({ length: k }, word).join(' ');
  const at = new Date(Date.UTC(2025, 0, 1)).toISOString();
  return Array.from({ length: n }, (_, i) => ({
    id: `bench-${i.toString().padStart(6, '0')}`,
    community: `community-${i % 8}`,
    title: words(4 + Math.floor(rand() * 6)),
    body: words(60 + Math.floor(rand() * 140)),
    kind: pick(KINDS),
    tags: [word(), word()],
    source:
      rand() < 0.5
        ? {
            url: `https://intranet.example/p/${i}`,
            title: words(3),
            quote: { exact: words(15), prefix: '', suffix: '' },
          }
        : null,
    status: rand() < 0.7 ? 'published' : 'captured',
    featured: rand() < 0.05,
    version: 1,
    author: `user-${i % 50}`,
    authorName: `Person ${i % 50}`,
    endorsements: 0,
    createdAt: at,
    updatedAt: at,
    owner: `user-${i % 50}`,
    verifiedAt: null,
    reviewDueAt: at,
    due: false,
    helpedCount: 0,
  }));
}

/** Types each query one character at a time against 10,000 practices and reports latency. */
export function benchLocalSearch(
  options: { practices?: number; queries?: string[]; budgetMs?: number } = {},
): SearchBenchResult {
  const count = options.practices ?? 10_000;
  const budgetMs = options.budgetMs ?? 30;
  const queries = options.queries ?? [
    'incident review',
    'rollback runbook deployment',
    'cafe onboarding',
    'kalo mire',
    'security privacy budget',
    'a',
    'retrospective pairing testing',
    'stakeholder escalation customer',
  ];
  const corpus = generatePractices(count);
  const t0 = performance.now();
  const search = createLocalSearch(corpus);
  const buildMs = performance.now() - t0;

  // The very first query pays for compiling the search code; report it apart from the keystrokes.
  const c0 = performance.now();
  search.query('warm up the index');
  const firstQueryMs = performance.now() - c0;

  const times: number[] = [];
  for (const q of queries) {
    for (let i = 1; i <= q.length; i++) {
      const start = performance.now();
      search.query(q.slice(0, i), { limit: 20 });
      times.push(performance.now() - start);
    }
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;
  const round = (n: number) => Math.round(n * 100) / 100;
  const p95 = at(0.95);
  return {
    practices: count,
    keystrokes: times.length,
    buildMs: round(buildMs),
    firstQueryMs: round(firstQueryMs),
    p50Ms: round(at(0.5)),
    p95Ms: round(p95),
    maxMs: round(times[times.length - 1] ?? 0),
    budgetMs,
    ok: p95 <= budgetMs,
    timesMs: times.map(round),
  };
}

const SECTION = 'Local search';

/** Records the index's build time and each keystroke's latency (the p95 against its budget). */
export function benchLocalSearchFigures(rec: Recorder, { quick }: { quick: boolean }) {
  const result = benchLocalSearch({ practices: quick ? 2_000 : 10_000 });
  const corpus = `${result.practices.toLocaleString('en-US')} practices`;
  rec.add({ section: SECTION, name: `index build, ${corpus}`, unit: 'ms', runs: [result.buildMs] });
  rec.add({
    section: SECTION,
    name: `keystroke to results, ${corpus}`,
    unit: 'ms',
    runs: result.timesMs,
    note: `${result.keystrokes} keystrokes; the first query after building took ${result.firstQueryMs} ms`,
  });
  rec.add({
    section: SECTION,
    name: 'keystroke to results, p95',
    unit: 'ms',
    runs: [result.p95Ms],
    goal: { op: '<=', value: result.budgetMs },
  });
}
