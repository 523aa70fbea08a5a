import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // CommonJS is a bundle of its own, where @groq-stream/core, node and web load their ES modules through
    // require(esm): Jest's CommonJS runtime (30.5) cannot require an ES module, and this package is for tests.
    // A second copy beside an imported one is harmless here: it exports no class and keeps no state to share.
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
