import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'test/index': 'src/test/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // eventsource-parser is ESM-only: CommonJS consumers load it through require(esm) (Node >= 20.19).
  external: ['eventsource-parser'],
});
