import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

// Unlike the other packages' CommonJS entries, this one does not need require(esm), which Jest's CommonJS
// runtime (30.5) lacks: a test suite run by Jest can require the mock server (see tsup.config.ts).
test('the CommonJS build loads where require() cannot load an ES module', () => {
  const script = `
    const { createMockGroqServer, mockModels } = require('./dist/index.cjs');
    process.stdout.write(JSON.stringify({ create: typeof createMockGroqServer, models: mockModels.length > 0 }));
  `;
  const output = execFileSync(process.execPath, ['--no-experimental-require-module', '-e', script], { cwd: packageRoot, encoding: 'utf8' });
  expect(JSON.parse(output)).toEqual({ create: 'function', models: true });
});
