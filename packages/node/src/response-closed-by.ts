import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Who closed a response that a relay was still writing to: the `browser` (it left: its connection brought
 * the peer's end or a reset), or other code of the server's, which `ended` the response (another middleware, a
 * time limit of the app's) or `destroyed` it or its connection (a time limit, a shutdown). Asked once the
 * relay has stopped for it, never for a response the relay ended itself.
 *
 * Node 20, 22 and 24 alike: a browser that leaves reaches the connection as its end (`readableEnded`, a FIN)
 * or as a reset (`errored`: ECONNRESET, EPIPE), before the response's 'close'; a `destroy()` on this side, of the
 * response or of its socket, as neither.
 */
export function responseClosedBy(request: IncomingMessage, response: ServerResponse): 'browser' | 'ended' | 'destroyed' {
  // Only code calls end(); the relay's own end is never asked about.
  if (response.writableEnded) return 'ended';
  // The request's: a response queued behind another on its connection (pipelining) has no socket of its own yet.
  const socket = (request.socket as IncomingMessage['socket'] | null | undefined) ?? response.socket;
  // A request and response made by hand, with no connection: no browser could have closed it.
  if (socket === null || socket === undefined) return response.destroyed ? 'destroyed' : 'browser';
  return socket.readableEnded || socket.errored !== null ? 'browser' : 'destroyed';
}
