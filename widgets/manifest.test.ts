// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ELEMENTS } from './define';
import { buildManifest, MANIFEST_PATH, manifestText, parseHeader } from './manifest';

describe('custom-elements.json', () => {
  it('is up to date with the elements’ JSDoc (run `node --import tsx widgets/manifest.ts`)', () => {
    expect(readFileSync(MANIFEST_PATH, 'utf8')).toBe(manifestText());
  });

  it('documents exactly the attributes each element observes, and its events', () => {
    const declarations = buildManifest().modules.flatMap((m) => m.declarations);
    expect(declarations.map((d) => d.tagName).sort()).toEqual(Object.keys(ELEMENTS).sort());
    for (const d of declarations) {
      const element = ELEMENTS[d.tagName as keyof typeof ELEMENTS];
      expect(d.attributes.map((a) => a.name).sort(), d.tagName).toEqual(
        [...element.observedAttributes].sort(),
      );
      expect(d.name).toBe(element.name);
      expect(d.cssProperties.map((p) => p.name)).toContain('--cop-accent');
      expect(d.cssProperties.map((p) => p.name)).toContain('--cop-height');
    }
    const events = Object.fromEntries(
      declarations.map((d) => [d.tagName, d.events.map((e) => e.name)]),
    );
    expect(events).toEqual({
      'cop-practices': [],
      'cop-experts': [],
      'cop-ask': ['cop-question-posted'],
      'cop-capture': ['cop-practice-captured'],
      'cop-prompt': ['cop-question-posted'],
    });
  });

  it('reads a JSDoc header into prose and tags', () => {
    const doc = parseHeader(`/**
 * Prose line.
 * @element x-y
 * @attr {number} limit - How many (1–50,
 *   default 10).
 * @cssproperty --x-gap - The gap.
 */`);
    expect(doc.description).toBe('Prose line.');
    expect(doc.tags).toEqual([
      { tag: 'element', type: undefined, name: 'x-y', description: '' },
      { tag: 'attr', type: 'number', name: 'limit', description: 'How many (1–50, default 10).' },
      { tag: 'cssproperty', type: undefined, name: '--x-gap', description: 'The gap.' },
    ]);
  });
});
