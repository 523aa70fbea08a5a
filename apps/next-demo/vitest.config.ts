import { defineConfig } from 'vitest/config';

// Unit tests of the page's logic (lib/) and the browser tests (e2e/), which drive Debian's Chromium
// against `next start` of the built app and against the Express demo. `pnpm build` must run first
// (turbo's test task depends on build).
export default defineConfig({
  test: {
    environment: 'node',
    include: ['lib/**/*.test.ts', 'e2e/**/*.test.ts'],
    globalSetup: ['e2e/ensure-chromium.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The browser tests start servers and a browser; one file at a time keeps timings honest on 2 cores.
    fileParallelism: false,
  },
});
