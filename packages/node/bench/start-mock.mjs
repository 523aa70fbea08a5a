// Starting the mock Groq server: in a child process (the default, and the fair setup on a small
// machine: the server's work does not run on the client's event loop), or in this process; with
// `replay`, behind a server that replays its answers without work per chunk.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startReplayServer } from './replay-server.mjs';

const mockProcessPath = fileURLToPath(new URL('./mock-process.mjs', import.meta.url));

/**
 * Starts the mock. Returns `{ url, setup, sample(), close() }`: `sample()` resolves to the server's
 * `{ cpu, stats }` (cpu is `process.cpuUsage()` of the server's process, or undefined in process, where
 * it cannot be told apart from the client's). `close()` stops it; a child is also killed when this
 * process exits, however it exits.
 */
export async function startMock({ inProcess = false, replay = false, startLimitMs = 10_000 } = {}) {
  const replaying = replay ? ', replayed by bench/replay-server.mjs' : '';
  if (inProcess) {
    const { createMockGroqServer } = await import('@groq-stream/mock-server');
    const mock = await createMockGroqServer({ host: '127.0.0.1', port: 0 });
    const replayServer = replay ? await startReplayServer(mock.url) : undefined;
    return {
      url: replayServer?.url ?? mock.url,
      setup: `in-process${replaying}`,
      sample: async () => ({ cpu: undefined, stats: replayServer?.stats() ?? mock.stats() }),
      close: () => Promise.all([replayServer?.close(), mock.close()]),
    };
  }

  const child = spawn(process.execPath, [mockProcessPath, ...(replay ? ['--replay'] : [])], { stdio: ['pipe', 'pipe', 'inherit'] });
  const killChild = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  // 'exit' handlers run synchronously, also after process.exit(); signals are handled in run.mjs.
  process.once('exit', killChild);
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  let url;
  const firstLine = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the mock did not start within ${startLimitMs} ms`)), startLimitMs);
    child.once('error', reject);
    exited.then(([code, signal]) => reject(new Error(`the mock exited (${signal ?? code}) before saying where it listens`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
  });
  try {
    const line = await firstLine;
    if (!line.startsWith('listening on ')) throw new Error(`unexpected first line from the mock: ${line}`);
    url = line.slice('listening on '.length);
  } catch (error) {
    killChild();
    throw error;
  }
  lines.on('line', (line) => {
    if (line.startsWith('sample ')) waiting.shift()?.resolve(JSON.parse(line.slice('sample '.length)));
  });
  exited.then(([code, signal]) => {
    for (const request of waiting.splice(0)) request.reject(new Error(`the mock exited (${signal ?? code})`));
  });

  return {
    url,
    setup: `child process (pid ${child.pid})${replaying}`,
    sample() {
      return new Promise((resolve, reject) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          reject(new Error('the mock is not running'));
          return;
        }
        waiting.push({ resolve, reject });
        child.stdin.write('sample\n');
      });
    },
    async close() {
      // Ending stdin asks the child to close its server and exit; SIGKILL if it has not within 5 s.
      child.stdin.end();
      const timer = setTimeout(killChild, 5000);
      await exited;
      clearTimeout(timer);
      process.off('exit', killChild);
    },
  };
}
