import { describe, expect, it } from 'vitest';
import type { Practice } from '../core/types';
import { createPracticeIndex, FIELD_WEIGHTS, PREFIX_FACTOR } from './search-index';
import { createMatcher, rankMatches } from './search-rank';
import { parseQuery } from './search-text';
import { samplePractice } from './testing/fake-store';

function setup(practices: Practice[]) {
  const index = createPracticeIndex(practices);
  const match = createMatcher(index);
  /** id → score of what `text` matches (before filters). */
  const scores = (text: string) => {
    const m = match(parseQuery(text));
    return Object.fromEntries(m.slots.map((s) => [index.slots[s]?.id, m.scores[s]]));
  };
  const ranked = (text: string, options = {}) =>
    rankMatches(match(parseQuery(text)), index.slots, options).map((r) => r.practice.id);
  return { scores, ranked };
}

describe('matching', () => {
  it('keeps only practices with every term, scoring each term by its best match', () => {
    const { scores } = setup([
      samplePractice({ id: 'both', title: 'Incident review', body: 'review' }),
      samplePractice({ id: 'one', title: 'Incident' }),
    ]);
    const both = scores('incident review ');
    expect(Object.keys(both)).toEqual(['both']);
    expect(both.both).toBeCloseTo(
      FIELD_WEIGHTS.title + FIELD_WEIGHTS.title + FIELD_WEIGHTS.body,
      10,
    );
  });

  it('scores a word the typed term only starts lower than the whole word', () => {
    const { scores } = setup([
      samplePractice({ id: 'exact', title: 'Deploy' }),
      samplePractice({ id: 'longer', title: 'Deployment' }),
    ]);
    expect(scores('deploy')).toEqual({
      exact: FIELD_WEIGHTS.title,
      longer: FIELD_WEIGHTS.title * PREFIX_FACTOR,
    });
  });

  it('answers each query afresh, whatever the one before matched', () => {
    const { scores } = setup([
      samplePractice({ id: 'a', title: 'Alpha beta' }),
      samplePractice({ id: 'b', title: 'Beta' }),
    ]);
    expect(Object.keys(scores('alpha beta ')).sort()).toEqual(['a']);
    expect(Object.keys(scores('beta ')).sort()).toEqual(['a', 'b']);
    expect(scores('gamma ')).toEqual({});
  });
});

describe('ranking', () => {
  const at = (day: number) => `2025-01-${String(day).padStart(2, '0')}T00:00:00.000Z`;

  it('puts featured, then published practices first on equal match, then the newer', () => {
    const { ranked } = setup([
      samplePractice({ id: 'captured', title: 'Runbook', status: 'captured' }),
      samplePractice({ id: 'old', title: 'Runbook', updatedAt: at(1) }),
      samplePractice({ id: 'new', title: 'Runbook', updatedAt: at(9) }),
      samplePractice({ id: 'featured', title: 'Runbook', featured: true, status: 'captured' }),
    ]);
    expect(ranked('runbook')).toEqual(['featured', 'new', 'old', 'captured']);
  });

  it('keeps the best `limit` in order, however the matches arrive', () => {
    const practices = Array.from({ length: 30 }, (_, i) =>
      samplePractice({ id: `p-${i}`, title: 'Runbook', updatedAt: at(1 + (i % 28)) }),
    );
    const { ranked } = setup(practices);
    const all = ranked('runbook', { limit: 30 });
    expect(ranked('runbook', { limit: 5 })).toEqual(all.slice(0, 5));
    expect(ranked('runbook', { limit: 0 })).toEqual(all.slice(0, 1));
  });

  it('filters by status, community, kind and tag', () => {
    const { ranked } = setup([
      samplePractice({ id: 'a', title: 'Pairing', community: 'dev', kind: 'method', tags: ['xp'] }),
      samplePractice({ id: 'b', title: 'Pairing', community: 'ops', kind: 'story' }),
      samplePractice({ id: 'c', title: 'Pairing', status: 'archived' }),
    ]);
    expect(ranked('pairing').sort()).toEqual(['a', 'b']);
    expect(ranked('pairing', { status: ['archived'] })).toEqual(['c']);
    expect(ranked('pairing', { community: 'ops' })).toEqual(['b']);
    expect(ranked('pairing', { community: ['dev', 'ops'] }).sort()).toEqual(['a', 'b']);
    expect(ranked('pairing', { kind: 'method' })).toEqual(['a']);
    expect(ranked('pairing', { tag: 'XP' })).toEqual(['a']);
  });
});
