import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    // Both builds run in parallel into dist/: the library's clean must spare the CLI's output.
    clean: ['!cli.js', '!cli.js.map'],
    target: 'es2022',
  },
  {
    entry: { cli: 'src/cli.ts' },
    format: ['esm'],
    sourcemap: true,
    clean: false,
    target: 'es2022',
    // Only the bin gets the shebang; a hashbang in the library entry can trip older bundlers.
    banner: { js: '#!/usr/bin/env node' },
  },
]);
