import { defineConfig } from 'tsup';

const external = ['@groq-stream/core', 'undici', 'express'];

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    // Both builds run in parallel into dist/: the library's clean must spare the CLI's output.
    clean: ['!cli.js', '!cli.js.map'],
    target: 'node20',
    external,
  },
  {
    // The `groq-stream` bin: ESM only, and the only file with a shebang.
    entry: { cli: 'src/cli/cli.ts' },
    format: ['esm'],
    sourcemap: true,
    clean: false,
    target: 'node20',
    external,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
