import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Resolves true once `response` holds its connection: at once for a request that came alone, and for one
 * pipelined behind others once their answers are out (Node hands the socket to the next response then). Resolves
 * false when the connection closed before that, after an answer that closes it (`connection: close`, Node's close
 * after a refused `Expect: 100-continue`, a `drop`) or because the client left: that request gets no answer.
 *
 * Call it in the request listener's first turn, before Node can hand the socket over or close the response.
 */
export function waitForTurn(response: ServerResponse): Promise<boolean> {
  if (response.socket !== null) return Promise.resolve(serves(response.socket));
  if (response.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onSocket = (socket: Socket): void => {
      response.off('close', onClose);
      resolve(serves(socket));
    };
    const onClose = (): void => {
      response.off('socket', onSocket);
      resolve(false);
    };
    response.once('socket', onSocket);
    response.once('close', onClose);
  });
}

// Node hands a socket it is closing to a request parsed after the answer that closed it: the answer would go nowhere.
function serves(socket: Socket): boolean {
  return socket.writable && !socket.destroyed;
}
