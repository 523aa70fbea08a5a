import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A server process started for a test. */
export interface TestServer {
  url: string;
  /** What the process printed, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

const appDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/**
 * `next start` of the built app on a free port of 127.0.0.1, talking to `groqBaseURL` (a mock server the
 * test controls) with upstream retries off, so a 429 reaches the page at once.
 */
export async function startNextApp(groqBaseURL: string): Promise<TestServer> {
  if (!existsSync(path.join(appDir, '.next', 'BUILD_ID'))) {
    throw new Error('apps/next-demo has no build (.next/BUILD_ID): run `pnpm build` first (turbo runs it before `test`).');
  }
  const port = await freePort();
  const nextBin = require.resolve('next/dist/bin/next');
  return startProcess([nextBin, 'start', '--port', String(port), '--hostname', '127.0.0.1'], appDir, port, {
    GROQ_BASE_URL: groqBaseURL,
    GROQ_API_KEY: 'test-key',
    GROQ_MAX_RETRIES: '0',
  });
}

/**
 * The Express demo's built server (`apps/express-demo/dist/server.js`, what its `pnpm start` runs) on a
 * free port, pointed at `groqBaseURL` through its documented environment: PORT, GROQ_API_KEY, GROQ_BASE_URL.
 */
export async function startExpressApp(groqBaseURL: string): Promise<TestServer> {
  let expressDir: string;
  try {
    expressDir = path.dirname(require.resolve('@groq-stream/express-demo/package.json'));
  } catch (cause) {
    throw new Error('@groq-stream/express-demo is not installed next to apps/next-demo: run `pnpm install` from the repository root.', { cause });
  }
  const entry = path.join(expressDir, 'dist', 'server.js');
  if (!existsSync(entry)) throw new Error(`The Express demo has no build (${entry}): run \`pnpm build\` first (turbo builds it before this test).`);
  const port = await freePort();
  return startProcess([entry], expressDir, port, { GROQ_BASE_URL: groqBaseURL, GROQ_API_KEY: 'test-key', GROQ_MAX_RETRIES: '0' });
}

async function startProcess(args: string[], cwd: string, port: number, extraEnv: Record<string, string>): Promise<TestServer> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv, PORT: String(port), HOST: '127.0.0.1', NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr?.on('data', (data: Buffer) => (output += data.toString()));
  const url = `http://127.0.0.1:${port}`;
  const server: TestServer = { url, output: () => output, close: () => stop(child) };
  try {
    await waitUntilServing(url, child, () => output);
  } catch (error) {
    await server.close();
    throw error;
  }
  return server;
}

/** Polls `url` until it answers, failing early if the process exits. */
async function waitUntilServing(url: string, child: ChildProcess, output: () => string, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode} before serving ${url}:\n${output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() - started > timeoutMs) throw new Error(`The server did not serve ${url} within ${timeoutMs} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** A port on 127.0.0.1 that nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('Could not find a free port.');
  return address.port;
}
