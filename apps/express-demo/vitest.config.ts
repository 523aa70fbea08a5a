import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    // bench/: the benchmark's own helpers (plain Node scripts, not part of the app).
    include: ['src/**/*.test.ts', 'bench/**/*.test.mjs'],
    testTimeout: 20_000,
  },
});
