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

/** What a watch's `destroy` wrapper replaced: the method, and whether it was the response's own property. */
interface Replaced {
  destroy: ServerResponse['destroy'];
  hadOwn: boolean;
}

// Wrappers whose watch stopped while a later watch's wrapper sat over them, and what each replaced: the later
// watch, once stopped, restores past them, so that watches stopped in any order leave the method as it was.
const retired = new WeakMap<ServerResponse['destroy'], Replaced>();

/** Calls `listener` after each `response.destroy()` that destroys it, until the returned function is called. */
function onDestroyCall(response: ServerResponse, listener: () => void): () => void {
  const replaced: Replaced = { destroy: response.destroy, hadOwn: Object.hasOwn(response, 'destroy') };
  let watching = true;
  const watched = function (this: ServerResponse, ...args: Parameters<ServerResponse['destroy']>) {
    const wasDestroyed = this.destroyed;
    // Every argument and the return value (`this`) as they are: a framework's own destroy() may take more.
    const returned = Reflect.apply(replaced.destroy, this, args) as ServerResponse;
    if (watching && !wasDestroyed && this.destroyed) listener();
    return returned;
  } as ServerResponse['destroy'];
  response.destroy = watched;
  return () => {
    watching = false;
    // Another wrapper sits over this one (a later watch, or a framework's): this one only passes calls on now.
    if (response.destroy !== watched) {
      retired.set(watched, replaced);
      return;
    }
    let restored = replaced;
    for (let earlier = retired.get(restored.destroy); earlier !== undefined; earlier = retired.get(restored.destroy)) restored = earlier;
    if (restored.hadOwn) response.destroy = restored.destroy;
    else Reflect.deleteProperty(response, 'destroy');
  };
}
