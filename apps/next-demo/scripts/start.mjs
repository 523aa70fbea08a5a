#!/usr/bin/env node
// Serves the built app with `next start` on PORT (default 3001) and HOST (default 127.0.0.1). With neither
// GROQ_API_KEY nor GROQ_BASE_URL (in the environment or in the app's .env files) it first starts the mock
// Groq server in this process (the edge runtime cannot start servers) and points the app at it through
// GROQ_BASE_URL, which the routes read at request time. Usage: node scripts/start.mjs [--port N] [--dev]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
// CommonJS bundled so that Node.js sees no named exports: take loadEnvConfig from the default export.
import nextEnv from '@next/env';
import { createMockGroqServer } from '@groq-stream/mock-server';
import { Groq } from '@groq-stream/web';
import { defaultModel } from '../lib/default-model.mjs';
import { allowedHostsProblem } from '../lib/parse-host.mjs';
import { parseListenHost } from '../../../scripts/listen-host.mjs';
import { attachNegativeNumbers, parseNumber } from '../../../scripts/number-flags.mjs';

const appDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
let values;
let port;
let host;
try {
  ({ values } = parseArgs({ args: attachNegativeNumbers(process.argv.slice(2), ['--port']), options: { port: { type: 'string' }, dev: { type: 'boolean', default: false } } }));
  // Read as groq-stream's CLI reads its numbers: decimal notation only (Next.js would take PORT=1e3 as 1000), the
  // whole range in one message. Passed on as read, so that Next.js and the start-up line see the same port.
  const portRange = { integer: true, min: 0, max: 65_535 };
  // Blank is unset, as every variable here: `PORT= ` in a shell is the default, not a port to refuse.
  port = String(values.port === undefined ? parseNumber(process.env.PORT?.trim() || '3001', 'PORT', portRange) : parseNumber(values.port, '--port', portRange));
  // Read as lib/refuse-foreign-request.ts reads it, so that the routes answer the address Next.js listens on.
  // Checked as the Express demo checks it: `next start --hostname` failed on a URL, a port or brackets
  // (ENOTFOUND) in lines of its own, after the mock server had started.
  host = parseListenHost(process.env.HOST?.trim() || '127.0.0.1', 'HOST');
} catch (error) {
  console.error(`next-demo: ${error.message} Next.js was not started.`);
  process.exit(1);
}

if (!values.dev && !existsSync(path.join(appDir, '.next', 'BUILD_ID'))) {
  console.error('next-demo: no build found in apps/next-demo/.next. Run `pnpm build` first (the root `pnpm demo` builds it for you).');
  process.exit(1);
}

// Next.js also takes variables from apps/next-demo/.env.local, .env and the rest, those already in the
// environment winning. Every choice below must see what the routes will see, so read the files first with
// Next's own loader (the same files, order and expansion; it adds their variables to process.env). PORT and
// HOST were read before, as Next.js reads its port before the files. Next.js is still given only the
// environment we were given, plus `overrides`, and reads the files itself: passing it their values would
// make them environment values, which `next dev` keeps when a file changes.
const givenEnv = { ...process.env };
const { loadedEnvFiles } = nextEnv.loadEnvConfig(appDir, values.dev);
/** What this script sets for Next.js on top of the environment; these win over the .env files too. */
const overrides = { PORT: port, NEXT_TELEMETRY_DISABLED: '1' };

/** The .env file that `name` comes from (such as `.env.local`), or undefined when not from a file. */
function envFileOf(name) {
  if (name in overrides || givenEnv[name] !== undefined) return undefined;
  return loadedEnvFiles.find((file) => file.env[name] !== undefined)?.path;
}

/** `name`, and the .env file it comes from, if it does, for messages: `GROQ_MAX_RETRIES (set in .env.local)`. */
function variable(name) {
  const file = envFileOf(name);
  return file === undefined ? name : `${name} (set in ${file})`;
}

/** Which of `names` come from .env files, for the start-up line: ` (GROQ_API_KEY is set in .env.local)`. */
function setInFiles(...names) {
  const notes = names.flatMap((name) => {
    const file = envFileOf(name);
    return file === undefined ? [] : [`${name} is set in ${file}`];
  });
  return notes.length === 0 ? '' : ` (${notes.join(', ')})`;
}

/** Where `GROQ_BASE_URL` points, for the start-up line: never its user, password or query, which may be secrets. */
function serverName(baseURL) {
  try {
    const url = new URL(baseURL);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return 'GROQ_BASE_URL (not a URL)';
  }
}

// Blank is unset, as the web client and groq-stream's CLI read them (and the Express demo, and lib/groq.ts for
// GROQ_BASE_URL): `GROQ_API_KEY= ` in a shell or a .env file means no key (the mock), not a key the client refuses.
const apiKey = process.env.GROQ_API_KEY?.trim() || undefined;
const baseURL = process.env.GROQ_BASE_URL?.trim() || undefined;
let mock;
let upstream;
if (apiKey && baseURL) {
  upstream = `the server at ${serverName(baseURL)}${setInFiles('GROQ_BASE_URL', 'GROQ_API_KEY')}`;
} else if (apiKey) {
  // "Groq" alone did not say that this is the real API, which spends the key's quota.
  upstream = `the real Groq API at https://api.groq.com${setInFiles('GROQ_API_KEY') || ' (GROQ_API_KEY is set)'}`;
} else if (baseURL) {
  // A Groq-compatible server that needs no key; the client refuses to start without one.
  overrides.GROQ_API_KEY = 'no-key';
  upstream = `the server at ${serverName(baseURL)}${setInFiles('GROQ_BASE_URL')} (no GROQ_API_KEY: sending a placeholder key)`;
} else {
  mock = await createMockGroqServer({ tokensPerSecond: 30, ttftMs: 300 });
  overrides.GROQ_BASE_URL = mock.url;
  overrides.GROQ_API_KEY = 'mock-key';
  upstream = `the mock Groq server at ${mock.url}: made-up answers at 30 tokens/s after 300 ms.\n  No GROQ_API_KEY is set; set it (in the environment or apps/next-demo/.env.local) to talk to Groq, or GROQ_BASE_URL for another Groq-compatible server`;
}

// Read as lib/groq.ts reads it (blank is unset). Named in the start-up lines: a GROQ_MODEL with a typo, or one left
// set in the shell or a .env file, otherwise showed only in the answers (Groq's 404), or not at all on the mock,
// which answers any model.
const model = process.env.GROQ_MODEL?.trim() || undefined;
const modelLine =
  model === undefined
    ? `  Model: ${defaultModel} (the default; set GROQ_MODEL to ask for another).`
    : `  Model: ${model} (GROQ_MODEL is set${envFileOf('GROQ_MODEL') === undefined ? '' : ` in ${envFileOf('GROQ_MODEL')}`})${mock === undefined ? '' : ', which the mock does not check: it answers any model'}.`;

/**
 * What is wrong with the client settings in `env`, as one line, or undefined when the routes' client can be
 * built from them. The routes build it per request (lib/groq.ts), so a bad value would otherwise start Next.js
 * fine and then fail every chat request with a 500. The options are lib/groq.ts's; the client reads the rest
 * (`GROQ_LOG`) from process.env, which `env` copies unchanged (with the .env files' values, as in the routes).
 * The key is built into a client on its own first, so that each error names its variable (and its file); the
 * client's messages never quote the key.
 */
function clientSettingsProblem(env) {
  // Blank is unset, as lib/groq.ts reads it: the client's default.
  const retries = env.GROQ_MAX_RETRIES?.trim() || undefined;
  let maxRetries;
  try {
    // Decimal notation only, as groq-stream's CLI reads --max-retries: 0x10 or 1e3 is refused rather than read as 16 or 1000.
    maxRetries = retries === undefined ? undefined : parseNumber(retries, variable('GROQ_MAX_RETRIES'), { integer: true, min: 0 });
  } catch (error) {
    return `${error.message.replace(/\.$/, '')}: set it to a number of retries, such as 2, or unset it for the default.`;
  }
  const checks = [
    // No baseURL (null: the default) and logLevel off, so that only the key is checked and GROQ_LOG is read once, below.
    ['GROQ_API_KEY', { apiKey: env.GROQ_API_KEY, baseURL: null, maxRetries, logLevel: 'off' }],
    // Read as lib/groq.ts reads it.
    ['GROQ_BASE_URL', { apiKey: env.GROQ_API_KEY, baseURL: env.GROQ_BASE_URL?.trim() || undefined, maxRetries }],
  ];
  for (const [name, options] of checks) {
    try {
      new Groq(options);
    } catch (error) {
      return `${variable(name)} cannot be used: ${error instanceof Error ? error.message : String(error)} Fix ${name} or unset it.`;
    }
  }
  return undefined;
}

// A malformed ALLOWED_HOSTS entry would match no request: the name it was meant for would get 403s.
const hostsProblem = allowedHostsProblem(process.env.ALLOWED_HOSTS);
const problem = hostsProblem === undefined ? clientSettingsProblem({ ...process.env, ...overrides }) : `${variable('ALLOWED_HOSTS')} ${hostsProblem}`;
if (problem !== undefined) {
  console.error(`next-demo: ${problem} Next.js was not started.`);
  await mock?.close();
  process.exit(1);
}

const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
const child = spawn(process.execPath, [nextBin, values.dev ? 'dev' : 'start', '--port', port, '--hostname', host], {
  cwd: appDir,
  env: { ...givenEnv, ...overrides },
  stdio: 'inherit',
});
const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
child.once('spawn', () => {
  if (port === '0') {
    // Port 0 asks the system for a free port, which only Next.js learns.
    console.log(`groq-stream Next.js demo: on a free port of ${host} that Next.js picks and prints below (edge route: add ?runtime=edge)`);
  } else {
    console.log(`groq-stream Next.js demo: ${url} (edge route: ${url}/?runtime=edge)`);
  }
  console.log(`  Answers come from ${upstream}.`);
  console.log(modelLine);
});

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopping = true;
    child.kill(signal);
  });
}
child.once('exit', async (code, signal) => {
  await mock?.close();
  process.exit(stopping ? 0 : code ?? (signal ? 1 : 0));
});
