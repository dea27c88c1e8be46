import { describe, expect, it } from 'vitest';
import { highlight, SNIPPET_CHARS, snippet } from './search-highlight';
import { parseQuery } from './search-text';
import { samplePractice } from './testing/fake-store';

describe('what a hit shows', () => {
  it('takes the snippet from the quote when the body does not match', () => {
    const shown = highlight(
      samplePractice({
        title: 'Notes',
        body: 'Nothing relevant here.',
        source: { url: 'https://x.test', title: 'Wiki', quote: { exact: 'Use a canary first.' } },
      } as never),
      parseQuery('canary'),
    );
    expect(shown).toEqual({ title: 'Notes', snippet: 'Use a <mark>canary</mark> first.' });
  });

  it('shows a short text whole, with every match marked and the rest escaped', () => {
    expect(snippet('a <b> & review, Review', 0, parseQuery('review '))).toBe(
      'a &lt;b&gt; &amp; <mark>review</mark>, <mark>Review</mark>',
    );
  });

  it('cuts a long text to a window around the match, at word boundaries', () => {
    const words = Array.from({ length: 100 }, (_, i) => `w${i}`);
    words[60] = 'target';
    const text = words.join(' ');
    const at = text.indexOf('target');
    const cut = snippet(text, at, parseQuery('target '));
    expect(cut).toMatch(/^… w\d+ .*<mark>target<\/mark>.* w\d+ …$/);
    const inner = cut.slice(2, -2).replace(/<\/?mark>/g, '');
    expect(inner.length).toBeLessThanOrEqual(SNIPPET_CHARS);
    expect(text).toContain(inner); // whole words only
  });

  it('starts at the beginning when the match is near it', () => {
    const text = `target ${'word '.repeat(80)}`;
    const cut = snippet(text, 0, parseQuery('target '));
    expect(cut.startsWith('<mark>target</mark> word')).toBe(true);
    expect(cut.endsWith(' …')).toBe(true);
  });
});
