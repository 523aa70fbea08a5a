#!/usr/bin/env node
// `pnpm test:node-majors`: the whole test suites of @groq-stream/core (the parser: it leans on the runtime's
// TextDecoder and web streams), @groq-stream/node (the package closest to Node's own http internals) and
// @groq-stream/web, on the other Node majors the engines range admits (22 and 24 by default), where
// `pnpm test` runs them on this machine's Node and `pnpm test:runtimes` only a smoke test. Node's defaults
// move between majors (the writable high-water mark went from 16 to 64 KiB in 22; fetch reports a cut
// body as an error from 22; Node 24's streaming TextDecoder drops a second BOM after a split first one):
// a test, or a package, that holds only on one major shows here.
//
// It uses the Node binaries `pnpm test:runtimes` downloads from the npm registry (the same cache and
// RUNTIMES_CACHE_DIR, RUNTIMES_NODE_MAJORS), so run that first; the packages must be built (`pnpm test` does).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = resolve(process.env.RUNTIMES_CACHE_DIR ?? join(root, 'node_modules/.cache/runtimes'));
const majors = (process.env.RUNTIMES_NODE_MAJORS ?? '22,24').split(',').map((major) => major.trim()).filter(Boolean);
const packages = ['core', 'node', 'web'];

const missing = majors.filter((major) => !existsSync(join(cacheDir, `node-${major}/package/bin/node`)));
if (missing.length > 0) {
  console.error(`test:node-majors needs Node ${missing.join(', ')} in ${cacheDir}: run \`pnpm test:runtimes\` first, which downloads them.`);
  process.exit(2);
}

const failed = [];
for (const major of majors) {
  const bin = join(cacheDir, `node-${major}/package/bin`);
  // First on PATH, so that pnpm, vitest and every worker they start run on this Node.
  const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` };
  const version = spawnSync('node', ['--version'], { env, encoding: 'utf8' }).stdout.trim();
  for (const name of packages) {
    console.log(`\n[test:node-majors] @groq-stream/${name} on Node ${version}`);
    const started = Date.now();
    const result = spawnSync('pnpm', ['exec', 'vitest', 'run'], { cwd: join(root, 'packages', name), env, stdio: 'inherit' });
    console.log(`[test:node-majors] @groq-stream/${name}, Node ${version}: ${result.status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    if (result.status !== 0) failed.push(`@groq-stream/${name} on Node ${version}`);
  }
}
if (failed.length > 0) {
  console.error(`\n[test:node-majors] failed: ${failed.join(', ')}`);
  process.exit(1);
}
