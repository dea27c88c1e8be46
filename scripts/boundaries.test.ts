import { describe, expect, it } from 'vitest';
import { findViolations, importsOf } from './boundaries';

describe('import boundaries', () => {
  it('finds static, type-only, re-exported and dynamic imports', () => {
    const text = [
      "import { a } from './a';",
      "import type { B } from '../b';",
      "export { c } from './c';",
      "const d = await import('./d');",
    ].join('\n');
    expect(importsOf(text)).toEqual(['./a', '../b', './c', './d']);
  });

  it('refuses a console file that imports a server type', () => {
    const violations = findViolations([
      { path: 'src/console/api.ts', text: "import type { X } from '../server/domain/x';" },
    ]);
    expect(violations).toEqual([
      {
        file: 'src/console/api.ts',
        specifier: '../server/domain/x',
        rule: 'browser code never imports src/server',
      },
    ]);
  });

  it('refuses widgets and entrypoints reaching into the server, but not into core or client', () => {
    const violations = findViolations([
      { path: 'widgets/a.ts', text: "import '../src/server/app';\nimport '../src/core/types';" },
      { path: 'entrypoints/b/main.ts', text: "import '../../src/server/x';" },
      { path: 'src/ui/c.tsx', text: "import '../client/api';" },
    ]);
    expect(violations.map((v) => v.file)).toEqual(['widgets/a.ts', 'entrypoints/b/main.ts']);
  });

  it('keeps src/core to itself and zod', () => {
    const violations = findViolations([
      { path: 'src/core/ok.ts', text: "import { z } from 'zod';\nimport './limits';" },
      { path: 'src/core/client.ts', text: "import '../client/api';" },
      { path: 'src/core/node.ts', text: "import { readFileSync } from 'node:fs';" },
      { path: 'src/core/ok.test.ts', text: "import { it } from 'vitest';" },
    ]);
    expect(violations.map((v) => `${v.file} ${v.specifier}`)).toEqual([
      'src/core/client.ts ../client/api',
      'src/core/node.ts node:fs',
    ]);
  });

  it('keeps the domain off the HTTP layer, but for its outbound and HTML helpers', () => {
    const violations = findViolations([
      { path: 'src/server/domain/a.ts', text: "import { conflict } from '../http/errors';" },
      { path: 'src/server/domain/b.ts', text: "import { conflict } from './errors';" },
      {
        path: 'src/server/domain/c.ts',
        text: "import type { OutboundPolicy } from '../http/outbound';",
      },
    ]);
    expect(violations.map((v) => v.file)).toEqual(['src/server/domain/a.ts']);
  });

  it('lets the rest of the server import anything', () => {
    expect(
      findViolations([{ path: 'src/server/app.ts', text: "import '../console/api';" }]),
    ).toEqual([]);
  });
});
