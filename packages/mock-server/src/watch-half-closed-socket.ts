import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** How often a connection whose client sent its FIN is checked while an answer is under way, in ms. */
export const HALF_CLOSE_CHECK_MS = 20;

const NOTHING = Buffer.alloc(0);

/**
 * Tells a client that half-closed its connection (shut its write side after the request, as `nc -N` or
 * `socket.end(request)` do) from one that closed it, while an answer is under way on it. Both send the same
 * FIN; the server (with `httpAllowHalfOpen`) keeps answering, and closes the connection after the answer.
 * A client that closed answers the next bytes it receives with a reset, after which any write to the
 * socket, an empty one included, fails (`EPIPE`): Node's server then destroys the socket, the response
 * closes, and its stream counts as aborted.
 *
 * So at the FIN the socket gets a probe the client may receive, at once: an SSE comment frame (`: \n\n`,
 * ignored by SSE parsers) once a stream's headers are out, or `100 Continue` (an interim response every
 * HTTP/1.1 client must accept) before them, once; then empty writes, which send nothing, soon after (a
 * reset comes back within a round trip) and every {@link HALF_CLOSE_CHECK_MS} from then on (the answer's own
 * bytes make a closed client reset too, and a stream whose headers came out after the FIN gets its probe
 * then). A closed client is noticed within a few milliseconds on 127.0.0.1, as when the server ended the
 * connection at the FIN: counters such as `streamsAborted` that a test reads right after its client left
 * stay exact. An HTTP/1.0 client gets no probe before the headers,
 * since it may not be sent a 1xx (its close is noticed once the answer writes something), and a JSON
 * answer none once its headers are out (its own bytes, when they come, make the reset come).
 *
 * Call it on the socket's `end`, after Node's server has seen it. Stops when the socket closes or no
 * response is under way on it.
 *
 * @param responses - the responses not yet closed on that socket (pipelined ones included).
 */
export function watchHalfClosedSocket(socket: Socket, responses: () => readonly ServerResponse[]): void {
  // Nothing under way: Node's server ends the connection itself.
  if (!socket.writable || responses().length === 0) return;
  const check = (): void => {
    if (socket.writable && !socket.destroyed) socket.write(NOTHING);
  };
  let probed = false;
  const look = (): void => {
    const open = responses();
    if (socket.destroyed || !socket.writable || open.length === 0) {
      clearInterval(timer);
      return;
    }
    // The response that owns the socket now; pipelined ones wait for it.
    const current = open.find((response) => response.socket === socket && !response.writableEnded);
    if (!probed && current !== undefined && probe(current, check)) probed = true;
    else check();
  };
  const timer = setInterval(look, HALF_CLOSE_CHECK_MS).unref();
  socket.once('close', () => clearInterval(timer));
  look();
  // The reset of a closed client comes back within a round trip of the probe: looked for soon, not in 20 ms.
  for (const delay of [1, 5]) setTimeout(check, delay).unref();
}

/** Writes the probe that `response` allows, then `check`s; returns false when it allows none. */
function probe(response: ServerResponse, check: () => void): boolean {
  if (response.headersSent) {
    if (!String(response.getHeader('content-type') ?? '').startsWith('text/event-stream')) return false;
    response.write(': \n\n', check);
    return true;
  }
  const { httpVersionMajor, httpVersionMinor } = response.req;
  if (httpVersionMajor < 1 || (httpVersionMajor === 1 && httpVersionMinor < 1)) return false;
  response.writeContinue(check);
  return true;
}

