import type { Socket } from 'node:net';

/**
 * The mock server's `'timeout'` listener, which closes a connection whose socket timeout came: the mock's only
 * one is Node's keep-alive timer, 6 s after the last answer on an idle connection (see connection-limits.ts).
 * Node would close it in the timer's own callback. After synchronous work that held the event loop past that
 * time (a `json_schema` search takes seconds on a loaded machine), the overdue timer runs before the loop reads
 * the sockets, and a request that a pooled client had written on the connection meanwhile was reset unread
 * (ECONNRESET), which clients do not retry for a POST. The close waits for the loop's next read of the
 * sockets (`setImmediate` runs after it) and is left out when something arrived: Node then handles the request,
 * and sets the timer again after its answer.
 */
export function closeIdleSocket(socket: Socket): void {
  const read = socket.bytesRead;
  setImmediate(() => {
    if (socket.bytesRead === read) socket.destroy();
  });
}
