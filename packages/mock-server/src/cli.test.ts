import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createMockGroqServer } from './create-mock-groq-server.js';
import { chatBody, postChat, readChunks } from './test/mock-test-helpers.js';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { bin: Record<string, string> };
const binPath = fileURLToPath(new URL(`../${packageJson.bin['groq-stream-mock']}`, import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function startCli(args: string[]): { child: ChildProcess; firstLine: Promise<string> } {
  if (!existsSync(binPath)) throw new Error(`${binPath} is missing: run \`pnpm build\` before the CLI tests.`);
  const child = spawn(process.execPath, [binPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  const firstLine = new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`groq-stream-mock exited with ${code} before printing a line`)));
  });
  return { child, firstLine };
}

/** Runs the command to its exit, for flags that end it at once (`--help`, a bad flag, a port taken). */
async function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (!existsSync(binPath)) throw new Error(`${binPath} is missing: run \`pnpm build\` before the CLI tests.`);
  const child = spawn(process.execPath, [binPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('groq-stream-mock', () => {
  it('is built as an executable script with a node shebang', () => {
    expect(readFileSync(binPath, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('prints "listening on <url>" first, serves, and exits 0 on %s', async (signal) => {
    const { child, firstLine } = startCli(['--port', '0', '--tokens', '3']);
    const line = await firstLine;
    expect(line).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = line.slice('listening on '.length);
    const chunks = await readChunks(await postChat(url, chatBody('from the CLI')));
    expect(chunks).toHaveLength(5);
    child.kill(signal);
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('exits 0 on SIGTERM even with a stalled stream open', async () => {
    const { child, firstLine } = startCli(['--port', '0', '--scenario', 'stall']);
    const url = (await firstLine).slice('listening on '.length);
    const response = await postChat(url, chatBody('x'));
    expect(response.status).toBe(200);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    await expect(response.text()).rejects.toThrow();
  });

  it('applies --scenario and --fail-times to requests without headers', async () => {
    const { firstLine } = startCli(['--port=0', '--scenario', 'rate-limit', '--fail-times', '1']);
    const url = (await firstLine).slice('listening on '.length);
    expect((await postChat(url, chatBody('x', { stream: false }))).status).toBe(429);
    expect((await postChat(url, chatBody('x', { stream: false }))).status).toBe(200);
  });

  it('prints the usage on --help and exits 0 without listening', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: groq-stream-mock/);
    expect(stdout).not.toMatch(/^listening on http/m);
  });

  it('exits 0 quietly on --help into a pipe its reader closed at once (`groq-stream-mock --help | true`)', async () => {
    // stdout had no error listener: the EPIPE was an uncaught exception, with a stack trace and exit 1.
    if (!existsSync(binPath)) throw new Error(`${binPath} is missing: run \`pnpm build\` before the CLI tests.`);
    const child = spawn(process.execPath, [binPath, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    // Closed long before node has started and written the usage.
    child.stdout!.destroy();
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'close')) as [number | null];
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('keeps serving when stdout is a pipe its reader closed before the listening line (`groq-stream-mock | true`)', async () => {
    // The listening line's EPIPE was an uncaught exception: a stack trace on stderr, exit 1, nothing served.
    if (!existsSync(binPath)) throw new Error(`${binPath} is missing: run \`pnpm build\` before the CLI tests.`);
    const free = await createMockGroqServer();
    const port = free.port;
    await free.close();
    const child = spawn(process.execPath, [binPath, '--port', String(port), '--tokens', '3'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    child.stdout!.destroy();
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, 'exit').then(([code]) => `exited with ${String(code)}: ${stderr}`);
    // Asks until the server answers (it has started) or the process has exited.
    const served = (async () => {
      for (;;) {
        if (child.exitCode !== null) return 'exited';
        const chunks = await postChat(`http://127.0.0.1:${port}`, chatBody('piped')).then(readChunks, () => undefined);
        if (chunks !== undefined) return chunks.length;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    expect(await Promise.race([served, exited])).toBe(5);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('exits 2 on a bad flag when stderr is a pipe its reader closed', async () => {
    if (!existsSync(binPath)) throw new Error(`${binPath} is missing: run \`pnpm build\` before the CLI tests.`);
    const child = spawn(process.execPath, [binPath, '--tokens', 'many'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    child.stderr!.destroy();
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const [code] = (await once(child, 'close')) as [number | null];
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
  });

  it('exits 1 with the reason when the port is taken', async () => {
    const taken = await createMockGroqServer();
    try {
      const { code, stdout, stderr } = await runCli(['--port', String(taken.port)]);
      expect(code).toBe(1);
      expect(stderr).toMatch(/^groq-stream-mock: listen EADDRINUSE: address already in use 127\.0\.0\.1:\d+\n$/);
      expect(stdout).toBe('');
    } finally {
      await taken.close();
    }
  });

  it('exits 2 with a message and the usage on a bad flag', async () => {
    const { code, stderr } = await runCli(['--tokens-per-second', 'fast']);
    expect(code).toBe(2);
    expect(stderr).toContain('--tokens-per-second must be a number of at least 0, got "fast"');
    expect(stderr).toContain('Usage: groq-stream-mock');
  });

  it.each([
    [['--tokens', '1e3'], '--tokens must be an integer from 0 to 10000000, got "1e3".'],
    [['--port', '0x10'], '--port must be an integer from 0 to 65535, got "0x10".'],
  ])('exits 2 with the range message and the usage on a number not in decimal notation %j, as groq-stream does', async (args, message) => {
    // Number() read these as 1000 and 16: the server started (or tried port 16), where no one had asked for that.
    const { child, firstLine } = startCli(args);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const listening = firstLine.then(
      (line) => `still running: ${line}`,
      () => new Promise<never>(() => {}),
    );
    const exited = once(child, 'close').then(([code]) => ({ code: code as number | null, stderr }));
    const outcome = await Promise.race([listening, exited]);
    expect(outcome).toEqual({ code: 2, stderr: expect.stringContaining(`groq-stream-mock: ${message}`) as string });
    expect(stderr).toContain('Usage: groq-stream-mock');
  });

  it.each([
    [['--host', '127.0.0.1:8080'], '--host must be an IP address (::1 without brackets) or a host name such as 127.0.0.1 or localhost, got "127.0.0.1:8080".'],
    [['--host', '192.0.2.1'], 'host "192.0.2.1" is not an address of this machine (EADDRNOTAVAIL)'],
  ])('exits 2 with a message and the usage on a bad host %j', async (args, message) => {
    const { code, stdout, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stderr).toContain(`groq-stream-mock: ${message}`);
    expect(stderr).toContain('Usage: groq-stream-mock');
    expect(stdout).toBe('');
  });
});
