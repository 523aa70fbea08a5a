import { defineConfig } from 'tsup';

const entry = { index: 'src/index.ts', 'test/index': 'src/test/index.ts' };
const shared = {
  sourcemap: true,
  target: 'es2022',
  // eventsource-parser is ESM-only: CommonJS consumers load it through require(esm) (Node >= 20.19).
  external: ['eventsource-parser'],
} as const;

export default defineConfig([
  {
    ...shared,
    // ESM stays one file per module, as in src: an app's bundler then drops every module the app does not
    // use (`sideEffects: false`), which it cannot do for statements inside one big file (a class with a
    // `static {}` block counts as a side effect). Modules loaded with `import()` keep their own file.
    entry: ['src/**/*.ts', '!src/**/*.test.ts', '!src/**/*.test-d.ts', '!src/types/**'],
    format: ['esm'],
    bundle: false,
    dts: { entry },
    // Only here: both builds run at once, and the CommonJS one must not delete what this one wrote.
    clean: true,
  },
  // One bundle: esbuild renames a class that refers to itself (`var Groq = class _Groq`), so an error printed
  // under require() read `_RateLimitError: ...`. keepNames gives each class its own name back.
  { ...shared, entry, format: ['cjs'], dts: true, keepNames: true },
]);
