import { defineConfig } from 'vitest/config';

// Every test runs twice: in Node and in an edge-like sandbox (web-standard globals only),
// because core must behave the same in both. The benchmark's scripts (bench/, Node only) have their own.
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'node', environment: 'node', include: ['src/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'edge', environment: 'edge-runtime', include: ['src/**/*.test.ts'], exclude: ['src/**/*.node.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'bench', environment: 'node', include: ['bench/**/*.test.mjs'], typecheck: { enabled: false } },
      },
    ],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    // Vitest's 5 s default is for an idle machine. CI runs every package's suite at once on 2 cores, where
    // work of a few hundred milliseconds alone has taken past 5 s; the siblings allow 20 s for the same reason.
    // A hang still fails, only later.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
