import { writeFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

const entry = { index: 'src/index.ts', 'test/index': 'src/test/index.ts' };

export default defineConfig([
  {
    // ESM stays one file per module, as in src: an app's bundler then drops every module the app does not
    // use (`sideEffects: false`), which it cannot do for statements inside one big file (a class with a
    // `static {}` block counts as a side effect). Modules loaded with `import()` keep their own file.
    entry: ['src/**/*.ts', '!src/**/*.test.ts', '!src/**/*.test-d.ts', '!src/types/**'],
    format: ['esm'],
    bundle: false,
    sourcemap: true,
    target: 'es2022',
    dts: { entry },
    clean: true,
    // CommonJS gets the ES modules themselves, through require(esm) (Node >= 20.19, Bun): a CommonJS bundle
    // of its own would be a second copy in a process that also imports the package, with classes of its own
    // and its own list of remembered keys, which the other copy's redaction does not know.
    onSuccess: async () => {
      await writeFile('dist/index.cjs', "module.exports = require('./index.js');\n");
      await writeFile('dist/test/index.cjs', "module.exports = require('./index.js');\n");
    },
  },
  // The declarations of the `require` condition (.d.cts): the same types, which TypeScript must read as CommonJS.
  { entry, format: ['cjs'], dts: { only: true } },
]);
