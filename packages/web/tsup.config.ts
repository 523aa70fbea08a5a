import { writeFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    external: ['@groq-stream/core'],
    // CommonJS gets the ES module itself, through require(esm) (Node >= 20.19, Bun), so that it imports core
    // as an app's import does: a CommonJS bundle of its own required core's CommonJS entry, a second copy of
    // core in a process that also imports it.
    onSuccess: () => writeFile('dist/index.cjs', "module.exports = require('./index.js');\n"),
  },
  // The declarations of the `require` condition (.d.cts): the same types, which TypeScript must read as CommonJS.
  { entry: { index: 'src/index.ts' }, format: ['cjs'], dts: { only: true }, external: ['@groq-stream/core'] },
]);
