import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** The listeners waiting on each connection: one socket listener serves every response queued on it. */
const waiting = new WeakMap<Socket, Set<() => void>>();

/**
 * Calls `listener` once when the browser is gone: when `response` closes, or its connection does. A request
 * pipelined behind another on the same connection gets its response queued without a socket, and Node
 * never emits that response's 'close' when the connection drops: only the connection's own 'close' says so.
 * Nor does such a response (or one made by hand, with no socket at all) emit anything when its owner calls
 * `destroy()`: while it has no socket, that call is watched too. Called at once when the connection is closed
 * already. Returns a function that stops listening.
 */
export function onConnectionClose(response: ServerResponse, listener: () => void): () => void {
  let called = false;
  const once = (): void => {
    if (called) return;
    called = true;
    listener();
  };
  response.once('close', once);
  // The upstream may be seconds from its next token: a destroy() that emits nothing must still end the wait.
  const stopWatchingDestroy = response.socket === null ? onDestroyCall(response, once) : undefined;
  const stopWatchingConnection = onSocketClose(response, once);
  return () => {
    response.off('close', once);
    stopWatchingDestroy?.();
    stopWatchingConnection?.();
  };
}

/** Calls `once` when the connection of a response queued without it closes; `undefined` when not needed. */
function onSocketClose(response: ServerResponse, once: () => void): (() => void) | undefined {
  // `req` is missing from a response made by hand (`new ServerResponse(request)` sets it, a mock may not).
  const socket = (response.req as ServerResponse['req'] | undefined)?.socket;
  if (socket === undefined || socket === null) return undefined;
  if (socket.destroyed) {
    once();
    return undefined;
  }
  // A response on its connection gets 'close' from Node when the connection closes: no socket listener
  // needed (one less per open stream).
  if (response.socket === socket) return undefined;
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
  return () => registered.delete(once);
}

/** Calls `listener` after each `response.destroy()` that destroys it, until the returned function is called. */
function onDestroyCall(response: ServerResponse, listener: () => void): () => void {
  const hadOwn = Object.hasOwn(response, 'destroy');
  const destroy = response.destroy;
  let watching = true;
  const watched = function (this: ServerResponse, error?: Error) {
    const wasDestroyed = this.destroyed;
    const returned = destroy.call(this, error);
    if (watching && !wasDestroyed && this.destroyed) listener();
    return returned;
  } as ServerResponse['destroy'];
  response.destroy = watched;
  return () => {
    watching = false;
    // Left in place if someone wrapped it again since: it only passes calls on now.
    if (response.destroy !== watched) return;
    if (hadOwn) response.destroy = destroy;
    else Reflect.deleteProperty(response, 'destroy');
  };
}

