/**
 * Builds the widget kit: ONE entry ES module, dist/widgets/cop-widgets.js, with one Preact inside
 * (and a German chunk beside it that it loads only on German pages), plus
 * cop-widgets.css (space reservation), custom-elements.json, version.json and the /demo page.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { versionDefine } from '../scripts/version';
import { renderDemo } from './demo/render';
import { sizeRules } from './sizes';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const OUT = join(ROOT, 'dist', 'widgets');
const BUNDLE = 'cop-widgets.js';

/** The files that travel with the bundle: written after it, so the demo can name its version. */
function companions(): Plugin {
  return {
    name: 'cop-widget-companions',
    apply: 'build',
    closeBundle() {
      const code = readFileSync(join(OUT, BUNDLE));
      const hash = createHash('sha256').update(code).digest('hex').slice(0, 12);
      const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
        version: string;
      };
      const versioned = `/widgets/${BUNDLE}?v=${hash}`;
      writeFileSync(
        join(OUT, 'version.json'),
        `${JSON.stringify({ version, hash, bundle: versioned }, null, 2)}\n`,
      );
      writeFileSync(
        join(OUT, 'cop-widgets.css'),
        `/* CoP Kit widgets ${version}: reserves each element's space before the script runs (set --cop-height to change it). */\n${sizeRules((tag) => tag, true)}\n`,
      );
      // Written by the analyzer (custom-elements-manifest.config.mjs), which the build runs first.
      copyFileSync(join(HERE, 'custom-elements.json'), join(OUT, 'custom-elements.json'));
      mkdirSync(join(ROOT, 'dist', 'demo'), { recursive: true });
      writeFileSync(
        join(ROOT, 'dist', 'demo', 'index.html'),
        renderDemo(readFileSync(join(HERE, 'demo', 'index.html'), 'utf8'), { bundle: versioned }),
      );
      // The page's script is a file of its own: its Content-Security-Policy allows no inline script.
      copyFileSync(join(HERE, 'demo', 'page.js'), join(ROOT, 'dist', 'demo', 'page.js'));
    },
  };
}

export default defineConfig({
  root: ROOT,
  publicDir: false,
  logLevel: 'warn',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact', legalComments: 'none' },
  define: { 'process.env.NODE_ENV': JSON.stringify('production'), ...versionDefine() },
  plugins: [companions()],
  build: {
    outDir: OUT,
    emptyOutDir: true,
    target: 'es2022',
    minify: 'esbuild',
    sourcemap: true,
    reportCompressedSize: false,
    modulePreload: false,
    // Not library mode: that keeps whitespace in ES output, and a host page pays for every byte.
    rollupOptions: {
      input: join(HERE, 'index.ts'),
      preserveEntrySignatures: 'exports-only',
      // One script for the host page; only words it may never need (German) sit in a chunk beside it.
      output: {
        format: 'es',
        entryFileNames: BUNDLE,
        chunkFileNames: 'cop-widgets-[name]-[hash].js',
      },
    },
  },
});
