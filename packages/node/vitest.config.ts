import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    // bench/: the benchmark's own helpers (plain Node scripts, not part of the package).
    include: ['src/**/*.test.ts', 'bench/**/*.test.mjs'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    testTimeout: 20_000,
  },
});
