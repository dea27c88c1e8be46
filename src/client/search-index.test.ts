import { describe, expect, it } from 'vitest';
import { createPracticeIndex, FIELD_WEIGHTS, PREFIX_FACTOR, termWeights } from './search-index';
import { samplePractice } from './testing/fake-store';

const weightOf = (weights: Map<string, { weight: number }>, term: string) =>
  weights.get(term)?.weight;

/** The live slots an index's term (or prefix) points at, as practice ids. */
function idsFor(index: ReturnType<typeof createPracticeIndex>, term: string, prefix = false) {
  const ids: string[] = [];
  for (const { list } of index.expand({ term, prefix }).lists)
    list.slots.forEach((slot, i) => {
      if (list.incarnations[i] === index.incarnation[slot]) ids.push(index.slots[slot]?.id ?? '?');
    });
  return ids.sort();
}

describe('term weights', () => {
  it('weighs a word by the fields it is in: title, tags, quote, source title, body', () => {
    const weights = termWeights(
      samplePractice({
        title: 'Rollback',
        tags: ['deploy'],
        body: 'notes',
        source: { url: 'https://x.test', title: 'Wiki', quote: { exact: 'canary' } },
      } as never),
    );
    expect(weightOf(weights, 'rollback')).toBe(FIELD_WEIGHTS.title);
    expect(weightOf(weights, 'deploy')).toBe(FIELD_WEIGHTS.tags);
    expect(weightOf(weights, 'canary')).toBe(FIELD_WEIGHTS.quote);
    expect(weightOf(weights, 'wiki')).toBe(FIELD_WEIGHTS.sourceTitle);
    expect(weightOf(weights, 'notes')).toBe(FIELD_WEIGHTS.body);
  });

  it('adds up fields, while repeats within a field count less and less (1 + ln n)', () => {
    const weights = termWeights(
      samplePractice({ title: 'Incident', body: 'incident incident incident incident' }),
    );
    expect(weightOf(weights, 'incident')).toBeCloseTo(FIELD_WEIGHTS.title + 1 + Math.log(4), 10);
  });
});

describe('practice index', () => {
  it('finds a finished term exactly and a typed one as the start of words, a little lower', () => {
    const index = createPracticeIndex([
      samplePractice({ id: 'a', title: 'Review' }),
      samplePractice({ id: 'b', title: 'Reviewer guide' }),
    ]);
    expect(idsFor(index, 'review')).toEqual(['a']);
    expect(idsFor(index, 'review', true)).toEqual(['a', 'b']);
    const factors = index.expand({ term: 'review', prefix: true }).lists.map((l) => l.factor);
    expect(factors.sort()).toEqual([PREFIX_FACTOR, 1]);
  });

  it('forgets removed practices and indexes edits afresh, reusing their slots', () => {
    const index = createPracticeIndex([
      samplePractice({ id: 'a', title: 'Kanban board' }),
      samplePractice({ id: 'b', title: 'Kanban limits' }),
    ]);
    index.remove('a');
    expect(idsFor(index, 'kanban')).toEqual(['b']);
    expect(idsFor(index, 'board')).toEqual([]);
    expect(index.expand({ term: 'board', prefix: false }).lists).toEqual([]);
    index.upsert(samplePractice({ id: 'c', title: 'Standup' }));
    expect(index.slots.filter(Boolean)).toHaveLength(2);
    expect(index.slots.length).toBe(2); // c took a's slot
    index.upsert(samplePractice({ id: 'b', title: 'Scrum' }));
    expect(idsFor(index, 'kanban')).toEqual([]);
    expect(idsFor(index, 'scrum')).toEqual(['b']);
    expect(index.size).toBe(2);
  });

  it('compacts a posting list once most of it is dead, keeping the live postings', () => {
    const practices = Array.from({ length: 40 }, (_, i) =>
      samplePractice({ id: `p-${i}`, title: 'Common word' }),
    );
    const index = createPracticeIndex(practices);
    for (let i = 0; i < 30; i++) index.remove(`p-${i}`);
    const list = index.expand({ term: 'common', prefix: false }).lists[0]?.list;
    expect(list?.slots.length).toBeLessThan(40);
    expect(idsFor(index, 'common')).toEqual(
      practices
        .slice(30)
        .map((p) => p.id)
        .sort(),
    );
    expect(index.expand({ term: 'common', prefix: false }).size).toBe(10);
  });

  it('replaces everything on load', () => {
    const index = createPracticeIndex([samplePractice({ id: 'a', title: 'Old' })]);
    index.load([samplePractice({ id: 'b', title: 'New' })]);
    expect(idsFor(index, 'old')).toEqual([]);
    expect(idsFor(index, 'new')).toEqual(['b']);
    expect(index.size).toBe(1);
  });
});
