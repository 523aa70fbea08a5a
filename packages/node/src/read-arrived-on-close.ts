import type * as http from 'node:http';

/**
 * Passes on what arrived of `message`'s body when its connection closes before the end of it, before Node
 * throws that away. Node destroys such a message (with its `aborted`) in its own listener of the socket's
 * 'close', and with it what waits in its buffer: events the server did send that a reader who is behind has not
 * read yet (all of them, for a stream smaller than the buffer). Just before that, they are read out of the
 * buffer, which emits them as 'data' to the message's readers, so that they come before the failure. Nothing more
 * can arrive then, and they are already in memory: a reader still reads only as fast as it asks.
 *
 * Returns a function that stops watching (the socket goes back to the pool once the message has ended).
 */
export function readArrivedOnClose(message: http.IncomingMessage): () => void {
  const socket = message.socket;
  if (socket === null || socket.destroyed) return () => undefined;
  const readArrived = (): void => {
    stop();
    if (message.complete || message.destroyed) return;
    // Paused, read() gives all the buffer holds at once; flowing, a piece at a time.
    while (message.read() !== null);
  };
  const stop = (): void => {
    socket.off('close', readArrived);
    message.off('end', stop);
  };
  // Before Node's own listener, which destroys the message.
  socket.prependOnceListener('close', readArrived);
  message.once('end', stop);
  return stop;
}
