import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * How long an answer may stay silent once its client has half-closed. A client that closed its socket
 * sends the same FIN as one that only shut its write side, and only a write tells them apart (it draws
 * a reset); an answer that writes nothing (a stall, a long TTFT or slow-headers wait, a pace under one
 * token a second) would otherwise keep a departed client's stream open, and uncounted, for ever.
 */
export const SILENCE_AFTER_HALF_CLOSE_MS = 1000;

/** The answers under way on one socket, told when its client half-closes. */
interface SocketWatch {
  open: Set<AbortController>;
}

// One watch, and one `end` listener, per socket: a client may pipeline any number of requests.
const watches = new WeakMap<Socket, SocketWatch>();

/**
 * Lets a client that half-closes (shuts its write side after the request, as `nc -N`, `socat` and some
 * scripted clients do) receive its whole answer, where Node's server by default treats the FIN as the
 * client leaving. Once that happens, the returned signal aborts, and the socket is destroyed if the answers
 * under way on it then write nothing for {@link SILENCE_AFTER_HALF_CLOSE_MS}: that is how a client that
 * closed for good (an aborted `fetch`) is still noticed during a wait. Needs `server.httpAllowHalfOpen = true`.
 *
 * @returns a signal that aborts when the client half-closes while `response` is under way.
 */
export function watchHalfClose(socket: Socket, response: ServerResponse): AbortSignal {
  let watch = watches.get(socket);
  if (watch === undefined) {
    const created: SocketWatch = { open: new Set() };
    watches.set(socket, (watch = created));
    if (socket.readableEnded) watchSilence(socket, created);
    else socket.once('end', () => watchSilence(socket, created));
  }
  const halfClosed = new AbortController();
  if (socket.readableEnded) halfClosed.abort();
  const { open } = watch;
  open.add(halfClosed);
  response.once('close', () => open.delete(halfClosed));
  return halfClosed.signal;
}

function watchSilence(socket: Socket, { open }: SocketWatch): void {
  for (const halfClosed of open) halfClosed.abort();
  // Bytes handed to the kernel, not those queued behind a client that does not read.
  const sent = (): number => socket.bytesWritten - socket.writableLength;
  let last = sent();
  let quietSince = performance.now();
  const timer = setInterval(() => {
    if (open.size === 0 || sent() !== last) {
      last = sent();
      quietSince = performance.now();
    } else if (performance.now() - quietSince >= SILENCE_AFTER_HALF_CLOSE_MS) {
      clearInterval(timer);
      socket.destroy();
    }
  }, SILENCE_AFTER_HALF_CLOSE_MS / 4);
  timer.unref();
  socket.once('close', () => clearInterval(timer));
}
