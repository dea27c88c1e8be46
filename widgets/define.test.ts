// @vitest-environment happy-dom
import { expect, it } from 'vitest';
import { defineElements, ELEMENTS } from './define';

/** A registry of our own, as a scoped registry or a second copy of the bundle would hold. */
function registry(already: Record<string, CustomElementConstructor> = {}) {
  const tags = new Map(Object.entries(already));
  return {
    tags,
    get: (tag: string) => tags.get(tag),
    define: (tag: string, element: CustomElementConstructor) => {
      if (tags.has(tag)) throw new DOMException(`${tag} is already defined`, 'NotSupportedError');
      tags.set(tag, element);
    },
  };
}

it('defines every element in the registry it is given', () => {
  const own = registry();
  expect(defineElements(own)).toEqual(Object.keys(ELEMENTS));
  expect(own.tags.get('cop-practices')).toBe(ELEMENTS['cop-practices']);
});

it('skips tags another copy defined already, and defining twice is harmless', () => {
  class Theirs extends HTMLElement {}
  const shared = registry({ 'cop-ask': Theirs });
  expect(defineElements(shared)).not.toContain('cop-ask');
  expect(shared.tags.get('cop-ask')).toBe(Theirs);
  expect(defineElements(shared)).toEqual([]);
  // The page's own registry got them when the module loaded.
  expect(customElements.get('cop-capture')).toBe(ELEMENTS['cop-capture']);
});
