import { defineConfig } from 'tsup';

// The server only; the browser script is bundled by scripts/build-client.mjs (esbuild).
export default defineConfig({
  entry: { server: 'src/server.ts' },
  format: ['esm'],
  dts: false,
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: ['@groq-stream/node', '@groq-stream/mock-server', 'express'],
});
