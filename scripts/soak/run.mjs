#!/usr/bin/env node
// `pnpm soak`: leak checks under sustained load. Each setup runs, in its own `node --expose-gc` process
// (so that heaps do not mix), every way an app or a browser ends a stream, many at a time, for a few
// minutes; then checks that everything went back to rest: no stream open at the mock, no relay connection,
// no extra socket or timer, no listener left on a long-lived signal, retained memory flat (verdict.mjs has
// the rules and their thresholds). It measures rather than tests, so it is neither in `pnpm test` nor in CI:
// run it after touching how streams end, abort or get released. Needs `pnpm build`.
//   a  @groq-stream/node's client          c  Express relays from @groq-stream/node
//   b  @groq-stream/web's client           d  route handlers from @groq-stream/web on node:http
// usage: pnpm soak [--minutes 2] [--setup a,b,c,d] [--concurrency 24]
// Prints a table of samples and PASS or FAIL with the reasons per setup; exits 1 on any FAIL. The samples
// are written as JSON to a temporary directory (printed at the end).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { attachNegativeNumbers, parseNumber } from '../number-flags.mjs';
import { endings, samplesTable, verdictText } from './report.mjs';
import { DRAIN_MAX_MS, judge, SETTLE_MAX_MS } from './verdict.mjs';
import { root } from './workspace.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const setups = { a: 'a-node-client', b: 'b-web-client', c: 'c-express-relay', d: 'd-web-route' };

const usage = 'usage: pnpm soak [--minutes <n> (default 2)] [--setup a,b,c,d] [--concurrency <n> (default 24)]';
let minutes;
let concurrency;
let chosen;
try {
  const { values } = parseArgs({
    args: attachNegativeNumbers(process.argv.slice(2), ['--minutes', '--concurrency']),
    options: { minutes: { type: 'string', default: '2' }, setup: { type: 'string', default: 'a,b,c,d' }, concurrency: { type: 'string', default: '24' } },
  });
  // Read as groq-stream's CLI reads its numbers: decimal notation only, one message for the whole range.
  minutes = parseNumber(values.minutes, '--minutes', { integer: false, min: 0.01 });
  concurrency = parseNumber(values.concurrency, '--concurrency', { integer: true, min: 1 });
  chosen = values.setup.split(',').map((letter) => letter.trim()).filter(Boolean);
  if (chosen.length === 0 || chosen.some((letter) => !setups[letter])) throw new RangeError(`--setup must list some of a, b, c and d, got ${JSON.stringify(values.setup)}.`);
} catch (error) {
  console.error(`soak: ${error.message}\n${usage}`);
  process.exit(2);
}
const missing = ['core', 'node', 'web', 'mock-server'].map((name) => `packages/${name}/dist/index.js`).filter((path) => !existsSync(join(root, path)));
if (missing.length > 0) {
  console.error(`soak needs the built packages (missing ${missing.join(', ')}): run \`pnpm build\` first.`);
  process.exit(2);
}

const resultsDir = mkdtempSync(join(tmpdir(), 'groq-stream-soak-'));
// The load, two drains and two settles at their longest, and a minute to spare: then the setup is stuck.
const childTimeoutMs = minutes * 60_000 + 2 * (DRAIN_MAX_MS + SETTLE_MAX_MS) + 60_000;
const summary = [];
for (const letter of chosen) {
  const label = setups[letter];
  const out = join(resultsDir, `${label}.json`);
  console.log(`\n[soak] ${label}: ${minutes} min, ${concurrency} at a time`);
  const exit = await runSetup(join(here, `${label}.mjs`), [String(minutes), String(concurrency), out]);
  const result = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : undefined;
  const verdict = result ? judge(result) : { pass: false, reasons: [] };
  if (exit !== 0) verdict.reasons.unshift(`the setup's process ${exit === 'timeout' ? `ran over ${childTimeoutMs / 60_000} min and was killed` : `exited with ${exit}`}`);
  verdict.pass &&= exit === 0;
  if (result) {
    writeFileSync(out, JSON.stringify({ ...result, verdict }, null, 1));
    console.log(`\n${samplesTable(result.samples)}\nendings: ${endings(result.outcomes)}`);
  }
  console.log(verdictText(label, verdict));
  summary.push({ label, pass: verdict.pass });
}

console.log(`\n[soak] ${summary.map(({ label, pass }) => `${label} ${pass ? 'PASS' : 'FAIL'}`).join(', ')}`);
console.log(`[soak] samples as JSON in ${resultsDir}`);
process.exit(summary.every(({ pass }) => pass) ? 0 : 1);

/** Runs a setup in `node --expose-gc`; resolves with its exit code (or signal), or 'timeout'. */
function runSetup(file, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', file, ...args], { cwd: root, stdio: 'inherit' });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve('timeout');
    }, childTimeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? signal);
    });
  });
}
