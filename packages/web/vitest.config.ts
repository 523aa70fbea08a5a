import { defineConfig } from 'vitest/config';

// Every test runs twice: in Node and in an edge-like sandbox (web-standard globals only), because the
// route handler must behave the same in both. Tests that need a mock server (node:http) are `*.node.test.ts`.
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
    ],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    testTimeout: 20_000,
  },
});
