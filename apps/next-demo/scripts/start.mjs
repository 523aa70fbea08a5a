#!/usr/bin/env node
// Serves the built app with `next start` on PORT (default 3001) and HOST (default 127.0.0.1). With neither
// GROQ_API_KEY nor GROQ_BASE_URL it first starts the mock Groq server in this process (the edge runtime
// cannot start servers) and points the app at it through GROQ_BASE_URL, which the routes read at request
// time. Usage: node scripts/start.mjs [--port N] [--dev]
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createMockGroqServer } from '@groq-stream/mock-server';
import { Groq } from '@groq-stream/web';

const appDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { port: { type: 'string' }, dev: { type: 'boolean', default: false } } });
const port = values.port ?? (process.env.PORT || '3001');
const host = process.env.HOST || '127.0.0.1';
const env = { ...process.env, PORT: port, NEXT_TELEMETRY_DISABLED: '1' };

if (!values.dev && !existsSync(path.join(appDir, '.next', 'BUILD_ID'))) {
  console.error('next-demo: no build found in apps/next-demo/.next. Run `pnpm build` first (the root `pnpm demo` builds it for you).');
  process.exit(1);
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

let mock;
let upstream;
if (env.GROQ_API_KEY) {
  upstream = env.GROQ_BASE_URL ? `the server at ${serverName(env.GROQ_BASE_URL)}` : 'Groq (GROQ_API_KEY is set)';
} else if (env.GROQ_BASE_URL) {
  // A Groq-compatible server that needs no key; the client refuses to start without one.
  env.GROQ_API_KEY = 'no-key';
  upstream = `the server at ${serverName(env.GROQ_BASE_URL)} (no GROQ_API_KEY: sending a placeholder key)`;
} else {
  mock = await createMockGroqServer({ tokensPerSecond: 30, ttftMs: 300 });
  env.GROQ_BASE_URL = mock.url;
  env.GROQ_API_KEY = 'mock-key';
  upstream = `the mock Groq server at ${mock.url}: made-up answers at 30 tokens/s after 300 ms.\n  No GROQ_API_KEY is set; set it to talk to Groq, or GROQ_BASE_URL for another Groq-compatible server`;
}

/**
 * What is wrong with the client settings in `env`, as one line, or undefined when the routes' client can be
 * built from them. The routes build it per request (lib/groq.ts), so a bad value would otherwise start Next.js
 * fine and then fail every chat request with a 500. The options are lib/groq.ts's; the client reads the rest
 * (`GROQ_LOG`) from process.env, which `env` copies unchanged. The key is built into a client on its own first,
 * so that each error names its variable; the client's messages never quote the key.
 */
function clientSettingsProblem(env) {
  const retries = env.GROQ_MAX_RETRIES;
  const maxRetries = retries === undefined || retries === '' ? undefined : Number(retries);
  if (maxRetries !== undefined && !(Number.isSafeInteger(maxRetries) && maxRetries >= 0)) {
    return `GROQ_MAX_RETRIES must be a whole number of retries (0 or more), not ${JSON.stringify(retries)}: set it to one, such as 2, or unset it for the default.`;
  }
  const checks = [
    // No baseURL (null: the default) and logLevel off, so that only the key is checked and GROQ_LOG is read once, below.
    ['GROQ_API_KEY', { apiKey: env.GROQ_API_KEY, baseURL: null, maxRetries, logLevel: 'off' }],
    ['GROQ_BASE_URL', { apiKey: env.GROQ_API_KEY, baseURL: env.GROQ_BASE_URL || undefined, maxRetries }],
  ];
  for (const [variable, options] of checks) {
    try {
      new Groq(options);
    } catch (error) {
      return `${variable} cannot be used: ${error instanceof Error ? error.message : String(error)} Fix ${variable} or unset it.`;
    }
  }
  return undefined;
}

const problem = clientSettingsProblem(env);
if (problem !== undefined) {
  console.error(`next-demo: ${problem} Next.js was not started.`);
  await mock?.close();
  process.exit(1);
}

const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
const child = spawn(process.execPath, [nextBin, values.dev ? 'dev' : 'start', '--port', port, '--hostname', host], {
  cwd: appDir,
  env,
  stdio: 'inherit',
});
const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
child.once('spawn', () => {
  console.log(`groq-stream Next.js demo: ${url} (edge route: ${url}/?runtime=edge)`);
  console.log(`  Answers come from ${upstream}.`);
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
