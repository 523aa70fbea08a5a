import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** Node's server keeps, on each connection, the response it is writing: the answer a queued one waits behind. */
type Connection = Socket & { _httpMessage?: unknown };

/**
 * Settles once `response` has its connection to write to, or `signal` aborts (the caller checks which). A
 * request pipelined behind others on one HTTP/1.1 connection gets its response queued without a socket
 * until the answers before it have ended, and Node parses every queued request at once: a client could make
 * one connection hold any number of upstream Groq streams, each paid for and none readable yet, and have
 * `prepare` run for each at once. Waiting here opens them one at a time, in turn. A connection that the server
 * is closing (an answer before this one said `connection: close`) never takes this answer: only its close, which
 * aborts `signal`, ends the wait.
 * `undefined` when there is nothing to wait for.
 */
export function waitForTurn(response: ServerResponse, signal: AbortSignal): Promise<void> | undefined {
  if (signal.aborted) return undefined;
  // Its own socket, when it has one: a request parsed after an answer that closes the connection gets it too.
  const connection = (response.socket ?? (response.req as ServerResponse['req'] | undefined)?.socket) as Connection | null | undefined;
  // A response made by hand (no request, a request without a connection, or one whose connection no server
  // writes to, as node-mock-http makes them) never gets a socket to wait for.
  if (connection === undefined || connection === null) return undefined;
  const closing = connection.writableEnded || connection.destroyed;
  const queued = response.socket === null && connection._httpMessage !== undefined && connection._httpMessage !== null && connection._httpMessage !== response;
  if (!closing && !queued) return undefined;
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
