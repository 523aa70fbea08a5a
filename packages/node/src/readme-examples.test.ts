import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { eventually } from '@groq-stream/core/test';
import { createMockGroqServer } from '@groq-stream/mock-server';
import ts from 'typescript';
import { afterAll, expect, test } from 'vitest';

// The TypeScript examples of every README are compiled as they are written, so a renamed export or a
// changed signature breaks this test instead of a reader's first try. They compile from inside this
// package, where @groq-stream/node, @groq-stream/web, @groq-stream/mock-server and groq-sdk all resolve.
const repository = fileURLToPath(new URL('../../../', import.meta.url));
const packageRoot = fileURLToPath(new URL('../', import.meta.url));
// One directory per run: two runs of this suite at once in one checkout (say on Node 22 and 24) each
// emptied the one shared directory while the other wrote its examples there (ENOENT on example-6.mjs).
const workDirectory = `${mkdtempSync(`${packageRoot}.readme-examples-`)}/`;
const readmes = ['README.md', 'packages/core/README.md', 'packages/node/README.md', 'packages/web/README.md', 'packages/mock-server/README.md'];

afterAll(() => rmSync(workDirectory, { recursive: true, force: true }));

// What a package's README must cover, so that an edit cannot drop a section unnoticed (one once did).
const clientSections = ['Install', 'Shortest example', 'Options', 'Error handling', 'Cancelling', 'Relaying to a browser', 'Migrating from groq-sdk'];
const requiredSections: Record<string, string[]> = {
  'packages/core/README.md': clientSections,
  'packages/node/README.md': [...clientSections, 'The `groq-stream` command'],
  'packages/web/README.md': clientSections,
  'packages/mock-server/README.md': ['Install', 'Shortest example', 'In a test', 'From the command line', 'API'],
};

test.each(Object.entries(requiredSections))('%s keeps its required sections', (readme, sections) => {
  const headings = [...readFileSync(repository + readme, 'utf8').matchAll(/^## (.+)$/gm)].map((match) => match[1]);
  for (const section of sections) expect(headings, `${readme} lacks "## ${section}"`).toContain(section);
});

test('every TypeScript example in the READMEs type-checks', () => {
  rmSync(workDirectory, { recursive: true, force: true });
  mkdirSync(workDirectory, { recursive: true });
  let count = 0;
  for (const readme of readmes) {
    const text = readFileSync(repository + readme, 'utf8');
    for (const match of text.matchAll(/```ts\n([\s\S]*?)```/g)) {
      count += 1;
      // Each example is its own module, as a reader would paste it into a file.
      writeFileSync(`${workDirectory}example-${count}.ts`, `// ${readme}\n${match[1]}\nexport {};\n`);
    }
  }
  expect(count).toBeGreaterThanOrEqual(15);
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  // As a bundler (Vite, Next.js) resolves the packages, and as Node.js does (`node16`, the `import` conditions of
  // the exports maps): a reader pastes the examples into either kind of project.
  const resolutions = { bundler: { module: 'ESNext', moduleResolution: 'Bundler' }, node16: { module: 'Node16', moduleResolution: 'Node16' } };
  const outputs: Record<string, string> = {};
  for (const [name, resolution] of Object.entries(resolutions)) {
    writeFileSync(
      `${workDirectory}tsconfig.${name}.json`,
      JSON.stringify({
        extends: '../../../tsconfig.base.json',
        compilerOptions: { noEmit: true, types: ['node'], lib: ['ES2022', 'DOM', 'DOM.Iterable'], ...resolution },
        include: ['*.ts'],
      }),
    );
    outputs[name] = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', `${workDirectory}tsconfig.${name}.json`], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      outputs[name] = String((error as { stdout?: string }).stdout ?? error);
    }
  }
  expect(outputs).toEqual({ bundler: '', node16: '' });
}, 90_000);

// The examples also run, against the mock server: a whole program as it is, and one that exports a handler
// (`POST` or `handle`, web) or a middleware (`chat`, node) by a harness that posts a conversation to it and
// expects the whole SSE answer. GROQ_API_KEY and GROQ_BASE_URL point the node and web clients at the mock, and a
// preloaded guard sends core's default https://api.groq.com there too and refuses every other host, so that no
// example reaches the network. A route file (it exports `POST`) is imported without GROQ_API_KEY, as
// `next build` imports it. Browser code (`document`) and servers on a fixed port (`.listen(`) are only
// type-checked, above. An example whose comment says `// throws Name` must fail with that error.
const networkGuard = `import dns from 'node:dns';
const mock = process.env.README_EXAMPLES_MOCK_URL;
const fetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  let url = String(input instanceof Request ? input.url : input);
  if (url.startsWith('https://api.groq.com')) url = mock + url.slice('https://api.groq.com'.length);
  if (!/^http:\\/\\/127\\.0\\.0\\.1[:/]/.test(url)) return Promise.reject(new TypeError('README example: no network, refused ' + url));
  return fetch(url, init);
};
const lookup = dns.lookup;
dns.lookup = function (host, options, callback) {
  if (host === '127.0.0.1' || host === 'localhost') return lookup.call(this, host, options, callback);
  const done = typeof options === 'function' ? options : callback;
  process.nextTick(done, Object.assign(new Error('README example: no network, refused ' + host), { code: 'ENOTFOUND' }));
};
`;

const callHandler = `import { createServer } from 'node:http';
// A Next.js route file (it exports POST) is loaded by \`next build\` without GROQ_API_KEY: so is it here.
const key = process.env.GROQ_API_KEY;
if (process.env.README_EXAMPLE_ROUTE_FILE === '1') delete process.env.GROQ_API_KEY;
const example = await import(process.argv[2]);
process.env.GROQ_API_KEY = key;
const init = {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-user-id': 'readme-example' },
  body: JSON.stringify({ messages: [{ role: 'user', content: 'Hello' }] }),
};
let server;
let response;
if (typeof example.chat === 'function') {
  server = createServer((request, response) => example.chat(request, response));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  response = await fetch('http://127.0.0.1:' + server.address().port + '/api/chat', init);
} else {
  response = await (example.POST ?? example.handle)(new Request('http://127.0.0.1/api/chat', init));
}
const text = await response.text();
server?.closeAllConnections();
server?.close();
if (response.status !== 200 || !text.endsWith('data: [DONE]\\n\\n')) throw new Error('Answered ' + response.status + ': ' + text.slice(0, 500));
`;

/** How an example runs: as a program, through the handler it exports, or not at all. */
function howToRun(code: string): 'program' | 'handler' | undefined {
  if (/\bdocument\./.test(code) || /\.listen\(/.test(code)) return undefined;
  if (!/^export /m.test(code)) return 'program';
  return /^export (?:const|async function) (?:POST|handle|chat)\b/m.test(code) ? 'handler' : undefined;
}

function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    // Asynchronous: the mock server answers from this process while the example runs.
    execFile(process.execPath, args, { env, timeout: 15_000, encoding: 'utf8' }, (error, _stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stderr });
    });
  });
}

test('the README examples run against the mock server', async () => {
  const runDirectory = `${workDirectory}run/`;
  mkdirSync(runDirectory, { recursive: true });
  writeFileSync(`${runDirectory}network-guard.mjs`, networkGuard);
  writeFileSync(`${runDirectory}call-handler.mjs`, callHandler);
  const mock = await createMockGroqServer();
  const env: NodeJS.ProcessEnv = { ...process.env, GROQ_API_KEY: 'gsk_readme_example', GROQ_BASE_URL: mock.url, README_EXAMPLES_MOCK_URL: mock.url };
  for (const name of ['GROQ_LOG', 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) delete env[name];
  const failures: string[] = [];
  const ran = { program: 0, handler: 0 };
  let commonJSPrograms = 0;
  try {
    for (const readme of readmes) {
      const text = readFileSync(repository + readme, 'utf8');
      // ```js blocks are CommonJS programs (the root README's require() example), run as .cjs files as they are.
      for (const match of text.matchAll(/```(ts|js)\n([\s\S]*?)```/g)) {
        const commonJS = match[1] === 'js';
        const code = match[2] ?? '';
        const how = howToRun(code);
        if (how === undefined) continue;
        ran[how] += 1;
        if (commonJS) commonJSPrograms += 1;
        const where = `${readme}:${text.slice(0, match.index).split('\n').length}`;
        // Inside this package, where @groq-stream/node resolves to itself and the other imports to its dependencies.
        const file = `${runDirectory}example-${ran.program + ran.handler}.${commonJS ? 'cjs' : 'mjs'}`;
        writeFileSync(file, commonJS ? code : ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText);
        const args = ['--import', `${runDirectory}network-guard.mjs`, ...(how === 'handler' ? [`${runDirectory}call-handler.mjs`] : []), file];
        const routeFile = how === 'handler' && /^export const POST\b/m.test(code) ? '1' : '0';
        const { code: exitCode, stderr } = await runNode(args, { ...env, README_EXAMPLE_ROUTE_FILE: routeFile });
        const expected = /\/\/ throws (?:\w+\.)*(\w+)/.exec(code)?.[1];
        const passed = expected === undefined ? exitCode === 0 : exitCode !== 0 && stderr.includes(expected);
        if (!passed) failures.push(`${where} exited with ${exitCode}${expected === undefined ? '' : ` (expected to throw ${expected})`}:\n${stderr.slice(0, 1000)}`);
      }
    }
  } finally {
    await mock.close();
  }
  expect(ran.program).toBeGreaterThanOrEqual(12);
  expect(commonJSPrograms).toBeGreaterThanOrEqual(1);
  expect(ran.handler).toBeGreaterThanOrEqual(5);
  expect(failures).toEqual([]);
}, 180_000);

// The server of this package's Cancelling section, run as written (on a free port of 127.0.0.1 rather than 3000,
// which it prints here): the pipe watches the browser only once it has the stream, so the request before it
// must stop too when the browser leaves, not run on until Groq's headers come (a long queue, a wait to retry).
test("node's Cancelling example: a browser that leaves while Groq has not answered, or mid-answer, aborts the upstream request at once", async () => {
  const readme = readFileSync(`${repository}packages/node/README.md`, 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('\n## Cancelling\n')))?.[1] ?? '';
  const listen = /\.listen\(3000\);\s*$/;
  expect(code).toMatch(listen);
  const runDirectory = `${workDirectory}cancelling/`;
  mkdirSync(runDirectory, { recursive: true });
  writeFileSync(`${runDirectory}network-guard.mjs`, networkGuard);
  const server = code.replace(listen, ".listen(0, '127.0.0.1', function () { console.log('listening ' + this.address().port); });\n");
  writeFileSync(`${runDirectory}server.mjs`, ts.transpileModule(server, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText);
  // The first request's headers, and every answer's first token, an hour away: only the browser leaving can end them.
  const mock = await createMockGroqServer({ scenario: 'slow-headers', failTimes: 1, ttftMs: 3_600_000 });
  const env: NodeJS.ProcessEnv = { ...process.env, GROQ_API_KEY: 'gsk_readme_example', GROQ_BASE_URL: mock.url, README_EXAMPLES_MOCK_URL: mock.url };
  for (const name of ['GROQ_LOG', 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) delete env[name];
  const child = spawn(process.execPath, ['--import', `${runDirectory}network-guard.mjs`, `${runDirectory}server.mjs`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr.on('data', (data: Buffer) => (output += data.toString()));
  try {
    await eventually(() => /listening \d+/.test(output), Number.POSITIVE_INFINITY);
    const url = `http://127.0.0.1:${/listening (\d+)/.exec(output)![1]}/`;
    const leaves = new AbortController();
    const waiting = fetch(url, { method: 'POST', signal: leaves.signal }).catch(() => undefined);
    await eventually(() => mock.stats().streamsStarted === 1, Number.POSITIVE_INFINITY);
    leaves.abort();
    await waiting;
    // Waited for up to the test's timeout: a request left to run ends only when its headers come, in an hour.
    await eventually(() => mock.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);

    const leavesLater = new AbortController();
    const answer = await fetch(url, { method: 'POST', signal: leavesLater.signal });
    expect(answer.status).toBe(200);
    leavesLater.abort();
    await eventually(() => mock.stats().streamsAborted === 2, Number.POSITIVE_INFINITY);
    // Still told apart from a failure: the browser left.
    await eventually(() => /^client-closed 0 undefined$/m.test(output), Number.POSITIVE_INFINITY);
    expect(mock.stats()).toMatchObject({ requests: 2, streamsStarted: 2, streamsCompleted: 0, streamsAborted: 2 });
    expect(output).toBe(`${/listening \d+/.exec(output)![0]}\nclient-closed 0 undefined\n`);
  } finally {
    // Its SIGTERM handler only ends open streams.
    child.kill('SIGKILL');
    await mock.close();
  }
});
