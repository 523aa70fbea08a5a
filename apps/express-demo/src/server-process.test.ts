import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import { eventually } from '@groq-stream/core/test';
import { describe, expect, test } from 'vitest';

// The built demo as `pnpm start` runs it (dist/server.js, which `pnpm build` makes from src/server.ts):
// what a user sees in the terminal when it cannot start, and when they stop it with an answer streaming.

const appRoot = fileURLToPath(new URL('..', import.meta.url));

/** Runs the built demo; a process still running after 10 s is killed, and its exit code is then null. */
function runDemo(env: Record<string, string>): ChildProcessWithoutNullStreams {
  // GROQ_API_KEY empty: never a key from the environment of the tests.
  const child = spawn(process.execPath, ['dist/server.js'], { cwd: appRoot, env: { ...process.env, GROQ_API_KEY: '', GROQ_BASE_URL: '', ...env } });
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  child.once('exit', () => clearTimeout(timer));
  return child;
}

async function exitOf(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('the demo process', () => {
  test('a PORT in use ends it with code 1 and says why, the embedded mock server closed with it', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      // No GROQ_BASE_URL: it starts its embedded mock first, which would keep the process alive if left open.
      const { code, stdout, stderr } = await exitOf(runDemo({ PORT: String(port) }));
      expect(code).toBe(1);
      expect(stderr).toContain(`Could not start the demo: listen EADDRINUSE: address already in use 127.0.0.1:${port}`);
      expect(stdout).toBe('');
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });

  test('a HOST that is no host name ends it with code 1 and one line naming HOST, before the embedded mock server starts', async () => {
    // It was refused by the host guard once the embedded mock had started, whose server then kept the process
    // alive after the line was printed.
    const { code, stdout, stderr } = await exitOf(runDemo({ PORT: '0', HOST: 'my laptop' }));
    expect({ code, stdout, stderr }).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Could not start the demo: HOST must be an address or a host name to listen on, such as 127.0.0.1, 0.0.0.0 or :: (without a port or brackets); got "my laptop".\n',
    });
  });

  test('a GROQ_API_KEY with a line break in it ends it with code 1 and one line naming GROQ_API_KEY, without the key', async () => {
    const { code, stdout, stderr } = await exitOf(runDemo({ PORT: '0', GROQ_API_KEY: 'gsk_Wq3secret\nZx9tail' }));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^Could not start the demo: GROQ_API_KEY cannot be used: The API key contains a character that HTTP headers cannot carry \(U\+000A, at position 14 of 21\)\. .* Fix GROQ_API_KEY or unset it\.\n$/);
    for (const part of ['Wq3', 'secret', 'Zx9', 'tail']) expect(stderr).not.toContain(part);
  });

  test('SIGINT with an answer streaming ends it with code 0 and aborts the upstream stream', async () => {
    // The relay passes on no x-mock-* header of the browser: the pace is the mock server's own.
    const slow = await createMockGroqServer({ tokensPerSecond: 10, tokens: 100 });
    try {
      await stopWhileStreaming(slow);
    } finally {
      await slow.close();
    }
  });
});

async function stopWhileStreaming(upstream: MockGroqServer): Promise<void> {
  const child = runDemo({ PORT: '0', GROQ_BASE_URL: upstream.url });
  const exited = exitOf(child);
  const [first] = (await once(child.stdout, 'data')) as [Buffer];
  const url = /http:\/\/127\.0\.0\.1:\d+/.exec(first.toString())?.[0];
  expect(url).toBeDefined();
  const response = await fetch(`${url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'Hello' }] }),
  });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  await reader.read();
  expect(upstream.stats()).toMatchObject({ streamsStarted: 1, streamsAborted: 0 });
  child.kill('SIGINT');
  const { code } = await exited;
  expect(code).toBe(0);
  await eventually(() => upstream.stats().streamsAborted === 1);
  expect(upstream.stats().streamsCompleted).toBe(0);
  // The browser sees its stream cut, not a quiet end.
  await expect(
    (async () => {
      while (!(await reader.read()).done);
    })(),
  ).rejects.toThrow();
}
