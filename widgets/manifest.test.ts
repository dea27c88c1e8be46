// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ELEMENTS } from './define';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MANIFEST_PATH = join(ROOT, 'widgets', 'custom-elements.json');

interface Named {
  name: string;
  fieldName?: string;
}
interface Declaration extends Named {
  kind: string;
  tagName?: string;
  customElement?: boolean;
  attributes?: Named[];
  events?: Named[];
  cssProperties?: Named[];
  cssParts?: Named[];
}
interface Manifest {
  modules: {
    path: string;
    declarations?: Declaration[];
    exports?: { kind: string; name: string; declaration: { name: string; module?: string } }[];
  }[];
}

/** What `npm run manifest` would write now, without writing it. */
async function analyze(): Promise<Manifest> {
  // The analyzer's CLI module ships without types; it is the same code `cem analyze` runs.
  const cliModule: string = '@custom-elements-manifest/analyzer/cli.js';
  const { cli } = (await import(cliModule)) as {
    cli: (options: { argv: string[]; cwd: string; noWrite: boolean }) => Promise<Manifest>;
  };
  return cli({ argv: ['analyze', '--quiet'], cwd: ROOT, noWrite: true });
}

const shipped = (): Manifest => JSON.parse(readFileSync(MANIFEST_PATH, 'utf8'));
const elementsOf = (manifest: Manifest) =>
  manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName);

/** The elements DESIGN.md promises (the widget kit). */
const DESIGN_TAGS = ['cop-practices', 'cop-experts', 'cop-ask', 'cop-capture', 'cop-prompt'];

describe('custom-elements.json', () => {
  it('is what the analyzer writes from the elements’ JSDoc today (run `npm run manifest`)', async () => {
    expect(shipped()).toEqual(await analyze());
  });

  it('describes every element of the kit with the attributes it observes and its events', () => {
    const declarations = elementsOf(shipped());
    expect(declarations.map((d) => d.tagName).sort()).toEqual([...DESIGN_TAGS].sort());
    expect(Object.keys(ELEMENTS).sort()).toEqual([...DESIGN_TAGS].sort());
    for (const d of declarations) {
      const element = ELEMENTS[d.tagName as keyof typeof ELEMENTS];
      expect(d.name, d.tagName).toBe(element.name);
      expect(d.customElement, d.tagName).toBe(true);
      expect(d.attributes?.map((a) => a.name).sort(), d.tagName).toEqual(
        [...element.observedAttributes].sort(),
      );
      // Each attribute reflects the property of the same name.
      for (const a of d.attributes ?? [])
        expect(a.fieldName, `${d.tagName}[${a.name}]`).toBe(a.name);
      // The theme properties and frame parts every element inherits from CopElement.
      const properties = d.cssProperties?.map((p) => p.name);
      expect(properties, d.tagName).toContain('--cop-accent');
      expect(properties, d.tagName).toContain('--cop-height');
      expect(
        d.cssParts?.map((p) => p.name),
        d.tagName,
      ).toContain('root');
    }
    const events = Object.fromEntries(
      declarations.map((d) => [d.tagName, (d.events ?? []).map((e) => e.name)]),
    );
    expect(events).toEqual({
      'cop-practices': [],
      'cop-experts': [],
      'cop-ask': ['cop-question-posted'],
      'cop-capture': ['cop-practice-captured'],
      'cop-prompt': ['cop-question-posted'],
    });
  });

  it('defines each tag where define.ts registers it, pointing at its class', () => {
    const manifest = shipped();
    const definitions = manifest.modules
      .flatMap((m) => m.exports ?? [])
      .filter((e) => e.kind === 'custom-element-definition');
    expect(Object.fromEntries(definitions.map((d) => [d.name, d.declaration.name]))).toEqual(
      Object.fromEntries(Object.entries(ELEMENTS).map(([tag, element]) => [tag, element.name])),
    );
    for (const { name, declaration } of definitions) {
      const home = manifest.modules.find((m) => m.path === declaration.module);
      expect(
        home?.declarations?.some((d) => d.name === declaration.name),
        name,
      ).toBe(true);
    }
  });

  it('shows a page only public members, not the internal ones', () => {
    const members = shipped()
      .modules.flatMap((m) => m.declarations ?? [])
      .flatMap((d) => (d as { members?: { name: string; privacy?: string }[] }).members ?? []);
    expect(members.length).toBeGreaterThan(0);
    expect(members.filter((m) => m.privacy || m.name.startsWith('#'))).toEqual([]);
    // @internal: the benchmark's hook
    expect(members.map((m) => m.name)).not.toContain('markFirstContent');
  });
});
