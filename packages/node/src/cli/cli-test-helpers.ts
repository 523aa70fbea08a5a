import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/** Helpers for the CLI's tests: one copy, not one per test file. */

export const testApiKey = 'gsk_test_secret_key_0123456789';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
};
export const packageVersion = packageJson.version;
/** The built bin, as `npm` would link it. */
export const binPath = fileURLToPath(new URL(`../../${packageJson.bin['groq-stream']}`, import.meta.url));

/** How a run of the CLI ended. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Each piece of stdout as it arrived, to see that the answer streams. */
  stdoutPieces: { text: string; at: number }[];
}

export interface SpawnCliOptions {
  /** The whole environment of the child: the runner's own is never inherited (no real key can leak in). */
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then closed; without it stdin is /dev/null. */
  input?: string;
  /**
   * Instead of `input`: a file descriptor to give as stdin (a file, a directory), or `'open'` for a stdin that
   * stays open and silent, as Node's `exec()` leaves it (a socket on Linux and macOS).
   */
  stdin?: number | 'open';
  /** Called with the child as soon as it is spawned: for a test that stops it before any output. */
  onSpawn?: (child: ChildProcess) => void;
  /** Called with the child once the first piece of stdout arrived. */
  onFirstOutput?: (child: ChildProcess) => void;
  /** Called with all of stdout so far, each time a piece of it arrives. */
  onOutput?: (stdout: string) => void;
}

const children = new Set<ChildProcess>();

/** Kills what a failed test left running; call from `afterEach`. */
export function killLeftoverChildren(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
}

/** Runs `node dist/cli.js ...args` and collects its output and exit code. */
export async function spawnCli(args: string[], options: SpawnCliOptions = {}): Promise<CliRun> {
  if (!existsSync(binPath)) throw new Error(`${binPath} is missing: run \`pnpm build\` before the CLI tests.`);
  const child = spawn(process.execPath, [binPath, ...args], {
    env: { PATH: process.env.PATH, ...options.env },
    stdio: [options.stdin === 'open' || options.input !== undefined ? 'pipe' : (options.stdin ?? 'ignore'), 'pipe', 'pipe'],
  });
  children.add(child);
  options.onSpawn?.(child);
  const run: CliRun = { code: null, signal: null, stdout: '', stderr: '', stdoutPieces: [] };
  child.stdout!.setEncoding('utf8').on('data', (text: string) => {
    if (run.stdoutPieces.length === 0) options.onFirstOutput?.(child);
    run.stdout += text;
    run.stdoutPieces.push({ text, at: performance.now() });
    options.onOutput?.(run.stdout);
  });
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (run.stderr += text));
  if (options.input !== undefined) child.stdin!.end(options.input);
  // 'close' comes after both pipes are drained, so the output is complete.
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  run.code = code;
  run.signal = signal;
  return run;
}

export { eventually } from '@groq-stream/core/test';

/** The URL of a port on 127.0.0.1 that nothing listens on. */
export async function closedPortURL(): Promise<string> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return `http://127.0.0.1:${port}`;
}
