import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * How long an answer may stay silent once its client has half-closed. A client that closed its socket
 * sends the same FIN as one that only shut its write side, and only a write tells them apart (it draws
 * a reset); an answer that writes nothing (a stall, a long TTFT or slow-headers wait, a pace under one
 * token a second) would otherwise keep a departed client's stream open, and uncounted, for ever.
 */
export const SILENCE_AFTER_HALF_CLOSE_MS = 1000;

/**
 * Lets a client that half-closes (shuts its write side after the request, as `nc -N`, `socat` and some
 * scripted clients do) receive its whole answer, where Node's server by default treats the FIN as the
 * client leaving. Once that happens, the returned signal aborts, and the socket is destroyed if the answer
 * then writes nothing for {@link SILENCE_AFTER_HALF_CLOSE_MS}: that is how a client that closed for good
 * (an aborted `fetch`) is still noticed during a wait. Needs `server.httpAllowHalfOpen = true`.
 *
 * @returns a signal that aborts when the client half-closes while `response` is under way.
 */
export function watchHalfClose(socket: Socket, response: ServerResponse): AbortSignal {
  const halfClosed = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onEnd = (): void => {
    halfClosed.abort();
    // Bytes handed to the kernel, not those queued behind a client that does not read.
    const sent = (): number => socket.bytesWritten - socket.writableLength;
    let last = sent();
    let quietSince = performance.now();
    timer = setInterval(() => {
      if (sent() !== last) {
        last = sent();
        quietSince = performance.now();
      } else if (performance.now() - quietSince >= SILENCE_AFTER_HALF_CLOSE_MS) {
        clearInterval(timer);
        socket.destroy();
      }
    }, SILENCE_AFTER_HALF_CLOSE_MS / 4);
    timer.unref();
  };
  if (socket.readableEnded) onEnd();
  else socket.once('end', onEnd);
  response.once('close', () => {
    socket.off('end', onEnd);
    clearInterval(timer);
  });
  return halfClosed.signal;
}
