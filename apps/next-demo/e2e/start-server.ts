import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
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
 * test controls) with upstream retries off, so a 429 reaches the page at once; `env` adds variables.
 */
export async function startNextApp(groqBaseURL: string, env: Record<string, string> = {}): Promise<TestServer> {
  if (!existsSync(path.join(appDir, '.next', 'BUILD_ID'))) {
    throw new Error('apps/next-demo has no build (.next/BUILD_ID): run `pnpm build` first (turbo runs it before `test`).');
  }
  const nextBin = require.resolve('next/dist/bin/next');
  return startProcess([nextBin, 'start', '--port', '0', '--hostname', '127.0.0.1'], appDir, /- Local:\s+(http:\/\/127\.0\.0\.1:\d+)/, {
    GROQ_BASE_URL: groqBaseURL,
    GROQ_API_KEY: 'test-key',
    GROQ_MAX_RETRIES: '0',
    ...env,
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
  return startProcess([entry], expressDir, /Express demo: (http:\/\/127\.0\.0\.1:\d+)/, { GROQ_BASE_URL: groqBaseURL, GROQ_API_KEY: 'test-key', GROQ_MAX_RETRIES: '0' });
}

/**
 * Starts a server on port 0 and waits for the URL it prints (`- Local: http://127.0.0.1:<port>` from
 * `next start`, `groq-stream Express demo: http://127.0.0.1:<port>` from the demo): the system picks a
 * free port and only this process holds it, unlike a port probed first and bound later, which a test
 * running in parallel can take in between.
 */
// Under the parallel `pnpm test` on 2 cores, two `next start` cold starts at once have taken over 30 s to
// serve their first page; the hook's own limit is 120 s.
async function startProcess(args: string[], cwd: string, printedURL: RegExp, extraEnv: Record<string, string>, timeoutMs = 90_000): Promise<TestServer> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv, PORT: '0', HOST: '127.0.0.1', NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr?.on('data', (data: Buffer) => (output += data.toString()));
  const close = (): Promise<void> => stop(child);
  try {
    const url = await within(timeoutMs, () => waitUntilServing(child, printedURL, () => output), () => `The server did not serve within ${timeoutMs} ms:\n${output}`);
    return { url, output: () => output, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Waits for the URL the server prints, then polls it until it answers; fails early if the process exits. */
async function waitUntilServing(child: ChildProcess, printedURL: RegExp, output: () => string): Promise<string> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode} before serving:\n${output()}`);
    const url = printedURL.exec(output())?.[1];
    if (url !== undefined) {
      try {
        // Long enough for a first render on a busy machine, so that no probe gives up on a render about to finish.
        const response = await fetch(url, { signal: AbortSignal.timeout(15_000) });
        await response.arrayBuffer();
        if (response.ok) return url;
      } catch {
        // Not answering yet.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `task()`, or an error with `message()` after `ms`: a bound on the whole wait, whatever inside it hangs. */
async function within<T>(ms: number, task: () => Promise<T>, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms);
  });
  try {
    return await Promise.race([task(), deadline]);
  } finally {
    clearTimeout(timer);
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
