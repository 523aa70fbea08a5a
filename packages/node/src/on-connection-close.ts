import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** The listeners waiting on each connection: one socket listener serves every response queued on it. */
const waiting = new WeakMap<Socket, Set<() => void>>();

/**
 * Calls `listener` once when the browser is gone: when `response` closes, or its connection does. A request
 * pipelined behind another on the same connection gets its response queued without a socket, and Node
 * never emits that response's 'close' when the connection drops: only the connection's own 'close' says so.
 * Called at once when the connection is closed already. Returns a function that stops listening.
 */
export function onConnectionClose(response: ServerResponse, listener: () => void): () => void {
  let called = false;
  const once = (): void => {
    if (called) return;
    called = true;
    listener();
  };
  // `req` is missing from a response made by hand (`new ServerResponse(request)` sets it, a mock may not).
  const socket = (response.req as ServerResponse['req'] | undefined)?.socket;
  response.once('close', once);
  if (socket === undefined || socket === null) return () => response.off('close', once);
  if (socket.destroyed) {
    once();
    return () => response.off('close', once);
  }
  // A response on its connection gets 'close' from Node when the connection closes: no socket listener
  // needed (one less per open stream).
  if (response.socket === socket) return () => response.off('close', once);
  let listeners = waiting.get(socket);
  if (listeners === undefined) {
    const all = new Set<() => void>();
    listeners = all;
    waiting.set(socket, all);
    socket.once('close', () => {
      waiting.delete(socket);
      for (const each of all) each();
    });
  }
  listeners.add(once);
  const registered = listeners;
  return () => {
    response.off('close', once);
    registered.delete(once);
  };
}
