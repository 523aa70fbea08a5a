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
  },
});
