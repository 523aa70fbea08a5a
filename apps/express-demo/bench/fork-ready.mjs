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

/**
 * Sends `request` to `child` (`name`: the script, for the message) and resolves with its next message;
 * rejects if the child has exited or exits first (a relay that crashed mid-step), where waiting for the
 * message alone left the benchmark waiting for ever.
 */
export async function askChild(child, request, name = 'the child') {
  const gone = (code, signal) => new Error(`${name} exited (${signal ?? `code ${code}`}) before it answered ${JSON.stringify(request.type)}`);
  if (child.exitCode !== null || child.signalCode !== null) throw gone(child.exitCode, child.signalCode);
  const controller = new AbortController();
  const exited = once(child, 'exit', { signal: controller.signal }).then(([code, signal]) => {
    throw gone(code, signal);
  });
  const reply = once(child, 'message', { signal: controller.signal });
  // With a callback, a channel that closed meanwhile is the callback's error, not an 'error' event nobody handles.
  const sent = new Promise((resolve, reject) => child.send(request, (error) => (error ? reject(error) : resolve())));
  try {
    return (await Promise.race([reply, exited, sent.then(() => reply)]))[0];
  } finally {
    controller.abort();
    // The losers reject with an AbortError once aborted: nobody waits for them.
    for (const promise of [reply, exited, sent]) promise.catch(() => undefined);
  }
}

/** Ends `child` (SIGTERM) and resolves once it has exited, at once if it had already (waiting for its 'exit' then never ended). */
export async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
