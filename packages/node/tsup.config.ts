import { writeFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

const external = ['@groq-stream/core', 'undici', 'express'];

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm'],
    dts: true,
    sourcemap: true,
    // The builds run in parallel into dist/: the library's clean must spare the CLI's output.
    clean: ['!cli.js', '!cli.js.map'],
    target: 'node20',
    external,
    // CommonJS gets the ES module itself, through require(esm) (Node >= 20.19, Bun), so that it imports core
    // as an app's import does: a CommonJS bundle of its own required core's CommonJS entry, a second copy of
    // core in a process that also imports it.
    onSuccess: () => writeFile('dist/index.cjs', "module.exports = require('./index.js');\n"),
  },
  // The declarations of the `require` condition (.d.cts): the same types, which TypeScript must read as CommonJS.
  { entry: { index: 'src/index.ts' }, format: ['cjs'], dts: { only: true }, external },
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
