/**
 * Builds the Custom Elements Manifest (custom-elements.json) from each element's JSDoc header, so
 * editors and docs tools describe exactly what the code declares. `node --import tsx
 * widgets/manifest.ts` rewrites widgets/custom-elements.json; the build copies it to dist.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WIDGET_TAGS } from './sizes';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
export const MANIFEST_PATH = join(HERE, 'custom-elements.json');

interface Described {
  name: string;
  description: string;
  type?: { text: string };
}

interface Doc {
  description: string;
  tags: { tag: string; type?: string; name: string; description: string }[];
}

/** The first `/** … *\/` block of `source`, split into prose and tags. */
export function parseHeader(source: string): Doc {
  const block = /\/\*\*([\s\S]*?)\*\//.exec(source)?.[1] ?? '';
  const lines = block.split('\n').map((l) => l.replace(/^\s*\* ?/, '').trimEnd());
  const prose: string[] = [];
  const tags: Doc['tags'] = [];
  for (const line of lines) {
    const m = /^@(\w+)\s*(?:\{([^}]*)\})?\s*(\S*)\s*(?:-\s*)?(.*)$/.exec(line.trim());
    if (m) {
      const [, tag = '', type, name = '', rest = ''] = m;
      // @summary and @element carry text, not a name.
      if (tag === 'summary') tags.push({ tag, name: '', description: `${name} ${rest}`.trim() });
      else tags.push({ tag, type, name, description: rest.trim() });
    } else if (tags.length) {
      const last = tags[tags.length - 1]!;
      if (line.trim()) last.description = `${last.description} ${line.trim()}`.trim();
    } else {
      prose.push(line);
    }
  }
  return { description: prose.join('\n').trim(), tags };
}

const pick = (doc: Doc, tag: string): Described[] =>
  doc.tags
    .filter((t) => t.tag === tag)
    .map((t) => ({
      name: t.name,
      description: t.description,
      ...(t.type ? { type: { text: t.type } } : {}),
    }));

/** The manifest as an object (schema 2.1.0). */
export function buildManifest() {
  const baseFile = join(HERE, 'element-base.tsx');
  const base = parseHeader(readFileSync(baseFile, 'utf8'));
  const modules = WIDGET_TAGS.map((tag) => {
    const file = join(HERE, `${tag}.tsx`);
    const source = readFileSync(file, 'utf8');
    const doc = parseHeader(source);
    const className = /export class (\w+) extends CopElement/.exec(source)?.[1];
    if (!className) throw new Error(`${file} declares no element class`);
    const element = doc.tags.find((t) => t.tag === 'element')?.name;
    if (element !== tag) throw new Error(`${file} documents @element ${element}, expected ${tag}`);
    const path = relative(ROOT, file);
    const attributes = pick(doc, 'attr').map((a) => ({ ...a, fieldName: a.name }));
    // Inherited theme properties and parts first, the element's own after (they may override).
    const merge = (tagName: string) => {
      const own = pick(doc, tagName);
      return [...pick(base, tagName).filter((b) => !own.some((o) => o.name === b.name)), ...own];
    };
    return {
      kind: 'javascript-module',
      path,
      declarations: [
        {
          kind: 'class',
          name: className,
          tagName: tag,
          customElement: true,
          summary: doc.tags.find((t) => t.tag === 'summary')?.description ?? '',
          description: doc.description,
          superclass: { name: 'CopElement', module: relative(ROOT, baseFile) },
          attributes,
          members: attributes.map((a) => ({
            kind: 'field',
            name: a.name,
            type: a.type,
            description: a.description,
            attribute: a.name,
            reflects: true,
          })),
          events: pick(doc, 'event'),
          cssParts: merge('csspart'),
          cssProperties: merge('cssproperty'),
        },
      ],
      exports: [
        { kind: 'js', name: className, declaration: { name: className, module: path } },
        {
          kind: 'custom-element-definition',
          name: tag,
          declaration: { name: className, module: path },
        },
      ],
    };
  });
  return { schemaVersion: '2.1.0', readme: 'widgets/README.md', modules };
}

export const manifestText = () => `${JSON.stringify(buildManifest(), null, 2)}\n`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(MANIFEST_PATH, manifestText());
  console.log(`wrote ${relative(process.cwd(), MANIFEST_PATH)}`);
}
