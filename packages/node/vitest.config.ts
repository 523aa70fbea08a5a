import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    // bench/ and scripts/: the benchmark's helpers and the demo (plain Node scripts, not part of the package).
    include: ['src/**/*.test.ts', 'bench/**/*.test.mjs', 'scripts/**/*.test.mjs'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    testTimeout: 20_000,
  },
});
