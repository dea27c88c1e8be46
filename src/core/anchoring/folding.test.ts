import { describe, expect, it } from 'vitest';
import { foldText, isIgnorable, normalizeWhitespace } from './folding';

describe('folding', () => {
  it('treats exactly the same characters as ignorable in all of its forms', () => {
    const disagree: number[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      const collapsed = normalizeWhitespace(`a${ch}b`) === 'a b';
      const dropped = foldText(ch).folded === '';
      if (collapsed !== isIgnorable(c) || dropped !== isIgnorable(c)) disagree.push(c);
    }
    expect(disagree).toEqual([]);
  });

  it('maps folded offsets back to the source', () => {
    const source = '  a b\n\n c\u200bd ';
    const f = foldText(source);
    expect(f.folded).toBe('abcd');
    expect([0, 1, 2, 3].map(f.toSource)).toEqual([2, 4, 8, 10]);
  });

  it('folds typographic quotes and dashes one character for one', () => {
    const source = '\u201cDon\u2019t\u201d \u2014 ok \u2212 1\u2032';
    const f = foldText(source);
    expect(f.folded).toBe('"Don\'t"-ok-1\'');
    // Folding never shifts what follows: each variant stands where it stood.
    expect(f.toSource(f.folded.indexOf('-'))).toBe(source.indexOf('\u2014'));
    expect(f.toSource(f.folded.length - 1)).toBe(source.length - 1);
  });
});

describe('normalizeWhitespace', () => {
  it('collapses runs of whitespace and invisible characters', () => {
    expect(normalizeWhitespace('  a \n\t b\u200b\u00a0c  ')).toBe('a b c');
  });
});
