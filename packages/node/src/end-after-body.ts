import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Ends `response` (its status, headers and body written already, with `connection: close`) once the rest of a
 * refused request body has come and been dropped, or once `bytes` more of it have come or `ms` have passed,
 * whichever is first; at once when the body has ended already, the connection is gone, or `ms` is 0.
 *
 * Why not end at once: Node then closes the connection while the client may still be sending, and the bytes
 * that keep arriving at a closed socket make the kernel reset the connection, dropping the answer the client
 * had not read yet. Node's `fetch` posting 8 MB past a 64 KiB limit then failed with EPIPE in 5 of 10 runs,
 * instead of reading the 413. Its answer whole on the wire (it has a `content-length`), the client reads it at
 * once and stops sending (`fetch` closes the connection itself), and the connection closes with nothing unread.
 * The bounds keep a client that never stops (or never sends the rest) from holding the connection.
 */
export function endAfterBody(request: IncomingMessage, response: ServerResponse, bounds: { bytes: number; ms: number }): Promise<void> {
  if (request.complete || request.destroyed || response.destroyed || bounds.ms <= 0) {
    response.end();
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    let dropped = 0;
    const finish = (): void => {
      clearTimeout(timer);
      request.off('data', onData).off('end', finish).off('close', finish);
      response.off('close', finish);
      // Ended so, with `connection: close`, Node closes the connection (a client still sending past a bound
      // may then miss the answer: the bounds come first).
      if (!response.destroyed) response.end();
      resolve();
    };
    const onData = (piece: Buffer): void => {
      dropped += piece.length;
      if (dropped > bounds.bytes) finish();
    };
    const timer = setTimeout(finish, bounds.ms);
    request.on('data', onData).once('end', finish).once('close', finish);
    response.once('close', finish);
    // Paused when the body was refused by its declared length, before any of it was read.
    request.resume();
  });
}
