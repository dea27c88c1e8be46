/** Builds the coordinators' console into dist/console, served by the store under /console/. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { versionDefine } from '../../scripts/version';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/console/',
  define: versionDefine(),
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  resolve: {
    alias: { react: 'preact/compat', 'react-dom': 'preact/compat' },
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
});
