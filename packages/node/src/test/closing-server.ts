import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';

/** How {@link closingServer} closes connections. */
export interface ClosingServerOptions {
  /** How many requests that open a connection are answered; the rest are closed too. Default: all of them. */
  answeredFirstRequests?: number;
  /** Close with a reset (RST) rather than an end (FIN): a request that reaches a socket already closed gets one. */
  reset?: boolean;
  /** Before closing, send the start of an answer's head. */
  headBeforeClose?: boolean;
  /** The JSON body of each answer. Default: `{"ok":true}`. */
  answer?: string;
}

/** A server made by {@link closingServer}. */
export interface ClosingServer {
  url: string;
  /** Connections opened so far. */
  connections: () => number;
  /** Each request the server saw, whole or in part, as its first bytes up to the end of its head. */
  requests: string[];
  /** Stops listening; the connections left are closed by their clients. */
  close: () => Promise<void>;
}

/**
 * A server that answers the first request on each connection, keep-alive, and closes the connection as soon
 * as the first bytes of another request arrive on it, without answering: what a client sees when the server
 * closes an idle connection just as a request goes out on it (from the client's side the request was sent,
 * and the connection closed with no byte of an answer). Raw TCP, so that the close comes before the server
 * has even parsed the request.
 */
export async function closingServer(options: ClosingServerOptions = {}): Promise<ClosingServer> {
  const requests: string[] = [];
  let connections = 0;
  let answered = 0;
  const server = createServer((socket: Socket) => {
    connections++;
    let received = Buffer.alloc(0);
    let index: number | undefined;
    let answeredHere = false;
    socket.on('error', () => undefined);
    socket.on('data', (data) => {
      if (answeredHere) {
        // The first bytes of a second request: closed unread.
        requests.push(data.toString('latin1'));
        close(socket);
        return;
      }
      received = Buffer.concat([received, data]);
      index ??= requests.push('') - 1;
      requests[index] = received.toString('latin1');
      const headEnd = received.indexOf('\r\n\r\n');
      if (headEnd === -1) return;
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(received.subarray(0, headEnd).toString('latin1'))?.[1] ?? 0);
      if (received.length < headEnd + 4 + length) return;
      if (answered === (options.answeredFirstRequests ?? Infinity)) {
        close(socket);
        return;
      }
      answered++;
      answeredHere = true;
      const answer = options.answer ?? '{"ok":true}';
      socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(answer)}\r\nconnection: keep-alive\r\n\r\n${answer}`);
    });
  });
  function close(socket: Socket): void {
    if (options.headBeforeClose === true) socket.write('HTTP/1.1 200 OK\r\n');
    if (options.reset === true) socket.resetAndDestroy();
    else socket.destroy();
  }
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/openai/v1/chat/completions`,
    connections: () => connections,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

