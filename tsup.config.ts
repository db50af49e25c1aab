import { defineConfig } from 'tsup';

/** One entry per public module: each becomes a subpath export with its own types. */
const modules = ['charts', 'domain', 'invoices', 'measure', 'plan', 'pressure', 'propensity', 'repurchase', 'rfm', 'simulate'];

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      ...Object.fromEntries(modules.map((m) => [`${m}/index`, `src/${m}/index.ts`])),
    },
    format: ['esm', 'cjs'],
    dts: true,
    splitting: true,
    treeshake: true,
    sourcemap: false,
    clean: true,
    target: 'node20',
    outDir: 'dist',
  },
  {
    // The CLI is the only place with I/O; ESM only, never imported by the core.
    entry: { 'cli/index': 'src/cli/index.ts' },
    format: ['esm'],
    dts: false,
    splitting: false,
    clean: false,
    target: 'node20',
    outDir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
