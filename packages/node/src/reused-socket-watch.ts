import type * as http from 'node:http';
import type { Socket } from 'node:net';

/** What {@link watchReusedSocket} learns about the connection a request went out on. */
export interface ReusedSocketWatch {
  /**
   * Whether `cause`, the request's failure, is a kept-alive connection closed under it: the request went out
   * on a socket the pool had kept idle, not one byte of an answer came back, and the connection was reset or
   * ended. That is what a server closing an idle connection just as the request arrives looks like.
   */
  closedWhileIdle(cause: unknown): boolean;
  /** Closes the sockets the pool keeps idle beside the one that failed, so that a new request opens a fresh connection. */
  dropIdleSiblings(): void;
}

// What node:http reports for a connection that the other side closed: `socket hang up` (an end without an
// answer) and `read ECONNRESET` are both ECONNRESET; EPIPE when the request was still being written.
const closedCodes = new Set(['ECONNRESET', 'EPIPE']);

/**
 * Follows `request` from the moment the agent gives it a socket, to tell afterwards whether it failed on a
 * kept-alive socket the server had closed (see {@link ReusedSocketWatch.closedWhileIdle}).
 */
export function watchReusedSocket(request: http.ClientRequest, agent: http.Agent): ReusedSocketWatch {
  let reused: { socket: Socket; bytesRead: number; pool: string | undefined } | undefined;
  request.once('socket', (socket: Socket) => {
    if (!request.reusedSocket) return;
    // The count of bytes read so far, not a 'data' listener: the socket goes back to the pool after this
    // request, and a listener left on it would outlive it.
    reused = { socket, bytesRead: socket.bytesRead, pool: poolOf(agent, socket) };
  });
  return {
    closedWhileIdle(cause) {
      if (reused === undefined || reused.socket.bytesRead !== reused.bytesRead) return false;
      const code = (cause as { code?: unknown } | null)?.code;
      return typeof code === 'string' && closedCodes.has(code);
    },
    dropIdleSiblings() {
      if (reused?.pool === undefined) return;
      // The pool hands out the socket freed last (Node's default 'lifo'): those left have been idle at least
      // as long as the one the server closed. destroy() marks them at once, and the agent skips marked ones.
      for (const idle of agent.freeSockets[reused.pool] ?? []) idle.destroy();
    },
  };
}

/** The agent's name for the pool `socket` is in; `undefined` for an agent that keeps no such lists (a proxy's). */
function poolOf(agent: http.Agent, socket: Socket): string | undefined {
  const sockets = agent.sockets as NodeJS.ReadOnlyDict<Socket[]> | undefined;
  if (sockets === undefined) return undefined;
  return Object.keys(sockets).find((name) => sockets[name]?.includes(socket));
}
