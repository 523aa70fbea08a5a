// Chromium, with the chat page an app would write (bundler-app/) built by a real bundler from the packed
// tarballs, as a user's `npm install` gets them: `vite build` (with source maps), webpack 5 or rspack in
// production mode with no configuration of ours, or esbuild (bundled, minified, ESM). Its server is the app's:
// the built files, a chat relay at `/api/chat` made with `createChatStreamMiddleware` from the installed
// @groq-stream/node, and `/openai/*` and `/__mock/*` relayed to the mock for the `Groq` client that the page
// uses itself. Then, in the page:
//   1. Send: the answer is shown token by token, to its end;
//   2. Send a paced answer and press Stop after 3 tokens shown: the page says "stopped", and the mock counts
//      the upstream stream aborted, not completed (the relay let go of it when the browser did);
//   3. Send, and the relay answers 429: the page's `instanceof RateLimitError` branch says so;
//   4. the `Groq` client from the bundle runs the shared smoke (a whole stream, an abort after 3 chunks).
// Any warning from the bundler fails the row, and so does a `node:` import or a require() left in the bundle.
// usage: node smoke-bundled-page.mjs <vite|vite7|webpack|rspack|esbuild> <mockURL> <repoRoot> <appDir> <bundlersDir>
//   appDir: a project with the tarballs installed (prepared by run.mjs); bundlersDir: where the bundlers are.
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { forwardToMock } from './forward-to-mock.mjs';
import { chromiumLauncher } from './chromium-launcher.mjs';
import { runSmoke, waitFor } from './smoke-lib.mjs';

const [bundler, mockURL, root, appDir, bundlersDir] = process.argv.slice(2);
const launchChromium = chromiumLauncher(root);
const fromBundlers = createRequire(join(bundlersDir, 'package.json'));
const here = new URL('.', import.meta.url);

// ------------------------------------------------------------------------------------------------ build

const outDir = join(appDir, `dist-${bundler}`);
rmSync(outDir, { recursive: true, force: true });
cpSync(new URL('bundler-app/index.html', here), join(appDir, 'index.html'));
cpSync(new URL('bundler-app/main.js', here), join(appDir, 'main.js'));

/** Builds the page into outDir; resolves with the bundler's version and its warnings (as text). */
async function buildWithVite(name) {
  const vite = await import(pathToFileURL(fromBundlers.resolve(name)).href);
  const warnings = [];
  const logger = vite.createLogger('warn');
  // Rollup's and Rolldown's own warnings too, before Vite drops some (a circular import, which Rollup on its
  // own prints on every build).
  const bundlerOptions = { onwarn: (warning) => warnings.push(`${warning.code}: ${warning.message}`) };
  const build = await vite.build({
    root: appDir,
    configFile: false,
    logLevel: 'warn',
    customLogger: { ...logger, warn: (message) => warnings.push(message), warnOnce: (message) => warnings.push(message) },
    build: {
      outDir,
      emptyOutDir: true,
      sourcemap: true,
      ...(Number(vite.version.split('.')[0]) >= 8 ? { rolldownOptions: bundlerOptions } : { rollupOptions: bundlerOptions }),
    },
  });
  if (build === undefined) throw new Error('vite build returned nothing');
  return { version: `vite ${vite.version}`, warnings };
}

/** webpack, or rspack (its API): what `webpack --mode production` does with no config file, but for the paths. */
async function buildWithWebpack(name) {
  const webpack = name === '@rspack/core' ? fromBundlers(name).rspack : fromBundlers(name);
  const compiler = webpack({ mode: 'production', context: appDir, entry: './main.js', output: { path: outDir, filename: 'main.js' } });
  const stats = await new Promise((resolve, reject) => compiler.run((error, result) => (error ? reject(error) : resolve(result))));
  await new Promise((resolve) => compiler.close(resolve));
  const json = stats.toJson({ all: false, errors: true, warnings: true });
  if (json.errors.length > 0) throw new Error(`${name} failed:\n${json.errors.map((e) => e.message).join('\n')}`);
  // The page as the app serves it: webpack's output is a classic script.
  const html = readFileSync(join(appDir, 'index.html'), 'utf8').replace('<script type="module" src="/main.js"></script>', '<script src="/main.js"></script>');
  writeFileSync(join(outDir, 'index.html'), html);
  return { version: `${name === '@rspack/core' ? 'rspack' : name} ${name === '@rspack/core' ? webpack.rspackVersion : webpack.version}`, warnings: json.warnings.map((w) => w.message) };
}

/** esbuild as an app calls it for a browser page: bundled, minified, ESM. */
async function buildWithEsbuild() {
  const esbuild = fromBundlers('esbuild');
  const result = await esbuild.build({
    absWorkingDir: appDir,
    entryPoints: ['main.js'],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    outdir: outDir,
    logLevel: 'silent',
  });
  if (result.errors.length > 0) throw new Error(`esbuild failed:\n${result.errors.map((e) => e.text).join('\n')}`);
  cpSync(join(appDir, 'index.html'), join(outDir, 'index.html'));
  return { version: `esbuild ${esbuild.version}`, warnings: result.warnings.map((w) => `${w.text} (${w.location?.file}:${w.location?.line})`) };
}

const builders = {
  vite: () => buildWithVite('vite'),
  vite7: () => buildWithVite('vite7'),
  webpack: () => buildWithWebpack('webpack'),
  rspack: () => buildWithWebpack('@rspack/core'),
  esbuild: buildWithEsbuild,
};
if (!Object.hasOwn(builders, bundler)) throw new Error(`unknown bundler ${bundler}: ${Object.keys(builders).join(', ')}`);
const built = await builders[bundler]();
if (built.warnings.length > 0) throw new Error(`${built.version} warned:\n${built.warnings.join('\n')}`);

const scripts = readdirSync(outDir, { recursive: true }).filter((file) => file.endsWith('.js')).map((file) => join(outDir, file));
const code = scripts.map((file) => readFileSync(file, 'utf8')).join('\n');
// Node-only code that a browser build must not carry, and which a bundler may leave in without a word.
for (const [pattern, what] of [
  [/["']node:[a-z_]+/, 'a node: module specifier'],
  [/\brequire\(["']/, 'a require() call'],
]) {
  const match = pattern.exec(code);
  if (match) throw new Error(`the ${built.version} bundle holds ${what}: ...${code.slice(Math.max(0, match.index - 60), match.index + 60)}...`);
}
const bytes = Buffer.byteLength(code);
const gzipped = gzipSync(code).length;

// ----------------------------------------------------------------------------------------------- server

// The app's server side, from the tarball as installed (CommonJS: the require() condition of the package).
const groqNode = createRequire(join(appDir, 'package.json'))('@groq-stream/node');
const model = 'llama-3.1-8b-instant';
const client = new groqNode.Groq({ apiKey: 'test', baseURL: mockURL, maxRetries: 0, timeout: 20_000 });
// The page asks for one by `x-smoke-scenario`. paced: 200 tokens at 20 a second, 10 s, far longer than the
// wait for the abort below; rate-limit: the mock's 429, which the relay passes on as a 429 of its own.
const scenarios = {
  paced: client.withOptions({ defaultHeaders: { 'x-mock-tokens-per-second': '20', 'x-mock-tokens': '200' } }),
  'rate-limit': client.withOptions({ defaultHeaders: { 'x-mock-scenario': 'rate-limit' } }),
};
const relay = groqNode.createChatStreamMiddleware({ client: (request) => scenarios[request.headers['x-smoke-scenario']] ?? client, model });
const upstream = new URL(mockURL);
const types = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json', '.css': 'text/css' };

const server = createServer((request, response) => {
  const path = new URL(request.url, 'http://page').pathname;
  if (path === '/api/chat') {
    relay(request, response).catch((error) => response.destroy(error));
    return;
  }
  if (path.startsWith('/openai/') || path.startsWith('/__mock/')) {
    forwardToMock(upstream, request, response);
    return;
  }
  const file = join(outDir, path === '/' ? 'index.html' : path);
  if (!file.startsWith(outDir) || !existsSync(file) || !statSync(file).isFile()) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

// ------------------------------------------------------------------------------------------------- page

const stats = async () => (await fetch(`${mockURL}/__mock/stats`)).json();

const browser = await launchChromium();
try {
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    // Chromium logs the 429 that step 3 asks for, and the stream that step 4's smoke test has the mock cut
    // off (its `drop`): expected, and no message of the page's code.
    const text = message.text();
    const url = message.location().url;
    const expected =
      (text.includes('status of 429') && url.endsWith('/api/chat')) || (text.includes('ERR_INCOMPLETE_CHUNKED_ENCODING') && url.endsWith('/openai/v1/chat/completions'));
    if ((message.type() === 'error' || message.type() === 'warning') && !expected) pageErrors.push(`console.${message.type()}: ${message.text()} (${message.location().url})`);
  });
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => window.groqStreamPage !== undefined, null, { timeout: 10_000 });
  const status = () => page.textContent('#status');
  const tokens = async () => Number((await page.getAttribute('#answer', 'data-tokens')) ?? 0);

  // 1. A whole answer, shown as it comes.
  await page.click('#send');
  await page.waitForFunction(() => document.querySelector('#status').textContent !== 'streaming', null, { timeout: 10_000 });
  if ((await status()) !== 'done') throw new Error(`whole answer: the page says ${JSON.stringify(await status())}`);
  const chunks = await tokens();
  const text = await page.textContent('#answer');
  if (chunks < 2 || text.length === 0) throw new Error(`whole answer: ${chunks} tokens shown, ${JSON.stringify(text)}`);

  // 2. Stop after 3 tokens of a paced answer.
  const before = await stats();
  await page.fill('#scenario', 'paced');
  await page.click('#send');
  // Shown as they come: 3 tokens on the page while the answer (10 s long) is still streaming.
  await page.waitForFunction(
    () => Number(document.querySelector('#answer').dataset.tokens ?? 0) >= 3 && document.querySelector('#status').textContent === 'streaming',
    null,
    { timeout: 10_000 },
  );
  const shownAtStop = await tokens();
  await page.click('#stop');
  await page.waitForFunction(() => document.querySelector('#status').textContent !== 'streaming', null, { timeout: 10_000 });
  if ((await status()) !== 'stopped') throw new Error(`stop: the page says ${JSON.stringify(await status())}`);
  const after = await waitFor(stats, (s) => s.streamsAborted > before.streamsAborted || s.streamsCompleted > before.streamsCompleted, 6_000);
  if (after.streamsCompleted > before.streamsCompleted) throw new Error('stop: the mock completed the paced stream, so the relay did not release it');
  if (!(after.streamsAborted > before.streamsAborted)) throw new Error(`stop: the mock's streamsAborted stayed ${after.streamsAborted}: the upstream stream is still open`);

  // 3. The relay's 429: the page's `instanceof RateLimitError` holds (one copy of core in the bundle), and the
  // error keeps its name through the minifier.
  await page.fill('#scenario', 'rate-limit');
  await page.click('#send');
  await page.waitForFunction(() => document.querySelector('#status').textContent !== 'streaming', null, { timeout: 10_000 });
  if ((await status()) !== 'busy: RateLimitError') throw new Error(`rate limit: the page says ${JSON.stringify(await status())}`);

  // 4. The bundled client itself, against the same origin.
  const direct = await page.evaluate(`(async () => {
    const { Groq, APIUserAbortError } = window.groqStreamPage;
    return (${runSmoke.toString()})({ Groq, APIUserAbortError, baseURL: ${JSON.stringify(origin)}, clientOptions: { dangerouslyAllowBrowser: true } });
  })()`);
  if (pageErrors.length > 0) throw new Error(`errors in the page: ${pageErrors.join('; ')}`);
  console.log(
    `RESULT ${JSON.stringify({
      runtime: `chromium ${browser.version()}, ${built.version}`,
      chunks,
      abortedAfterChunks: shownAtStop,
      upstream: { aborted: after.streamsAborted - before.streamsAborted, completed: after.streamsCompleted - before.streamsCompleted },
      direct,
      bundle: { files: scripts.length, bytes, gzipped },
    })}`,
  );
} finally {
  await browser.close();
  server.closeAllConnections();
  server.close();
}
