// Starting a bench process: it says it is ready with its first IPC message.
import { fork } from 'node:child_process';
import { once } from 'node:events';

/**
 * Forks `path` with IPC and resolves with the child and its first message; rejects if the child exits
 * first (a module it imports is missing while a build rewrites dist/, say), where waiting for the message
 * alone left the benchmark waiting for ever.
 */
export async function forkReady(path, args, execArgv = []) {
  const child = fork(path, args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = once(child, 'exit').then(([code, signal]) => {
    throw new Error(`${path} exited (${signal ?? `code ${code}`}) before it was ready`);
  });
  const [message] = await Promise.race([once(child, 'message'), exited]);
  exited.catch(() => undefined); // it exits, normally, when the benchmark ends
  return { child, message };
}
