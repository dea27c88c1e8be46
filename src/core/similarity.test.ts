import { describe, expect, it } from 'vitest';
import { findSimilar, type PracticeText, similarity } from './similarity';

const practices = [
  {
    id: 'p1',
    title: 'Run smoke tests against staging before every deploy',
    body: 'Before deploying, run the smoke test suite against staging and post results in #release.',
  },
  {
    id: 'p2',
    title: 'Write down the incident timeline as you go',
    body: 'The incident commander keeps a timeline in the channel; it makes the review easy.',
  },
  {
    id: 'p3',
    title: 'Rotate API keys every ninety days',
    body: 'Use the vault to rotate keys; never paste keys into tickets.',
  },
  {
    id: 'p4',
    title: 'Onboarding buddy for new joiners',
    body: 'Every new joiner gets a buddy for the first month who answers the small questions.',
    source: { quote: { exact: 'Pair each new hire with a buddy for four weeks.' } },
  },
];

describe('similarity', () => {
  it('scores identical practices 1 and unrelated ones low', () => {
    expect(similarity(practices[0]!, practices[0]!)).toBeCloseTo(1);
    expect(similarity(practices[0]!, practices[2]!)).toBeLessThan(0.1);
    expect(similarity(practices[1]!, practices[3]!)).toBeLessThan(0.1);
  });

  it('is symmetric and tolerant of case, accents and small wording changes', () => {
    const a = { title: 'Café opening checklist', body: 'Check the espresso machine first.' };
    const b = { title: 'cafe opening check-list', body: 'Check the espresso machines first!' };
    expect(similarity(a, b)).toBeGreaterThan(0.6);
    expect(similarity(a, b)).toBeCloseTo(similarity(b, a));
  });

  it('counts an identical source quote', () => {
    const sameQuote = {
      title: 'Buddies for new hires',
      source: { quote: { exact: 'Pair each new hire with a buddy for four weeks.' } },
    };
    const noQuote = { title: 'Buddies for new hires' };
    expect(similarity(sameQuote, practices[3]!)).toBeGreaterThan(
      similarity(noQuote, practices[3]!),
    );
  });

  it('is 0 for empty text', () => {
    expect(similarity({ title: '' }, practices[0]!)).toBe(0);
  });
});

describe('findSimilar', () => {
  it('ranks a near-duplicate first', () => {
    const draft: PracticeText = {
      title: 'Always run the smoke tests on staging before a deploy',
      body: 'Run smoke tests against staging first, then deploy.',
    };
    const hits = findSimilar(draft, practices);
    expect(hits[0]?.practice.id).toBe('p1');
    expect(hits[0]!.score).toBeGreaterThan(0.4);
    expect(hits.every((h) => h.practice.id === 'p1' || h.score < hits[0]!.score)).toBe(true);
  });

  it('returns nothing for unrelated text', () => {
    const draft = { title: 'Printer on floor 3 needs toner', body: 'Order toner from facilities.' };
    expect(findSimilar(draft, practices)).toEqual([]);
    expect(findSimilar({ title: '   ' }, practices)).toEqual([]);
  });

  it('respects threshold and limit, and leaves out the practice itself', () => {
    const all = findSimilar(practices[0]!, practices, { threshold: 0 });
    expect(all.map((h) => h.practice.id)).not.toContain('p1');
    expect(all).toHaveLength(3);
    expect(findSimilar(practices[0]!, practices, { threshold: 0, limit: 2 })).toHaveLength(2);
    const scores = all.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('notices edits to a practice it has seen before', () => {
    const p = { id: 'x', title: 'Rotate API keys every ninety days' };
    const draft = { title: 'Rotate keys every 90 days' };
    expect(findSimilar(draft, [p])).toHaveLength(1);
    p.title = 'Team lunch on Fridays';
    expect(findSimilar(draft, [p])).toEqual([]);
  });

  // How long this takes is a figure of `npm run bench -- --only=core`.
  it("finds the practices of a draft's topic among thousands", () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({
      id: `m${i}`,
      title: `Practice number ${i} about topic ${i % 50}`,
      body: `Some body text for practice ${i}, with details on topic ${i % 50} and more. `.repeat(
        5,
      ),
    }));
    const similar = findSimilar(
      { title: 'Practice about topic 7', body: 'details on topic 7' },
      many,
    );
    expect(similar.length).toBeGreaterThan(0);
    expect(similar[0]!.practice.title).toMatch(/ topic 7$/);
  });
});
