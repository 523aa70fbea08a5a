import type { ServerResponse } from 'node:http';

/**
 * Settles once `response` has its connection to write to, or `signal` aborts (the caller checks which). A
 * request pipelined behind others on one HTTP/1.1 connection gets its response queued without a socket
 * until the answers before it have ended, and Node parses every queued request at once: a client could make
 * one connection hold any number of upstream Groq streams, each paid for and none readable yet. Waiting
 * here opens them one at a time, in turn. `undefined` when there is nothing to wait for.
 */
export function waitForTurn(response: ServerResponse, signal: AbortSignal): Promise<void> | undefined {
  if (response.socket !== null || signal.aborted) return undefined;
  // A response made by hand (no request, or one without a connection) never gets a socket to wait for.
  const connection = (response.req as ServerResponse['req'] | undefined)?.socket;
  if (connection === undefined || connection === null) return undefined;
  return new Promise((resolve) => {
    const done = (): void => {
      response.off('socket', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    // Node emits 'socket' on a queued response when the one before it has finished.
    response.once('socket', done);
    signal.addEventListener('abort', done, { once: true });
  });
}
