import type * as http from 'node:http';
import type { Socket } from 'node:net';

/** When each agent that {@link noteIdleSockets} watches last freed each of its sockets (`performance.now()`). */
const freedAt = new WeakMap<http.Agent, WeakMap<Socket, number>>();

/** Starts noting when `agent` puts each socket back in its pool; once per agent, however often it is called. */
export function noteIdleSockets(agent: http.Agent): void {
  if (freedAt.has(agent)) return;
  const times = new WeakMap<Socket, number>();
  freedAt.set(agent, times);
  agent.on('free', (socket: Socket) => times.set(socket, performance.now()));
}

/**
 * Closes the sockets `agent` has kept idle for their idle timeout or longer (the agent's `timeout`, or less
 * when the server's `Keep-Alive: timeout=` said so): the timer that closes them runs on the event loop, so
 * after a stall of the loop (a long synchronous task, a GC pause, a paused process) it is late, and a request
 * made first would go out on a socket the server may have closed by then, as its own timeout is only a little
 * longer. Closing them first makes the request open a new connection, as it would have without the stall.
 */
export function closeOverdueIdleSockets(agent: http.Agent): void {
  const times = freedAt.get(agent);
  if (times === undefined) return;
  const now = performance.now();
  const overdue = (socket: Socket): boolean => {
    const since = times.get(socket);
    const timeout = socket.timeout ?? 0;
    return since !== undefined && timeout > 0 && now - since >= timeout;
  };
  for (const sockets of Object.values(agent.freeSockets)) {
    if (sockets === undefined || sockets.length === 0) continue;
    // The socket handed out next (the last: Node's default 'lifo') may time out sooner than those before it,
    // since each takes the Keep-Alive timeout of its last answer (servers behind one address may differ).
    // Overdue, it goes with all the others: they have been idle longer, and the agent skips closed sockets
    // only at the front.
    if (overdue(sockets[sockets.length - 1]!)) {
      for (const socket of sockets) socket.destroy();
      continue;
    }
    // Longest idle first, as the agent keeps them; it drops closed sockets only from the front before it
    // hands one out, so only those are closed, and the scan stops at the first that is not overdue.
    for (const socket of sockets) {
      if (!overdue(socket)) break;
      socket.destroy();
    }
  }
}
