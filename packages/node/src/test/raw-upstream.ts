import { createServer, type Server, type Socket } from 'node:net';

// A raw `node:net` server for tests that break HTTP on purpose: each case gets the socket itself once the
// request has come whole, and writes whatever bytes it likes. What no HTTP library would send can only be
// sent this way.

/** The request a case's handler gets: its path, its headers (names in lower case) and its JSON body. */
export interface RawRequest {
  path: string;
  headers: Record<string, string>;
  body: { stream?: unknown } & Record<string, unknown>;
}

export type RawHandler = (socket: Socket, request: RawRequest) => void | Promise<void>;

export interface RawUpstream {
  /** `http://127.0.0.1:<port>`; a case is reached at `<url>/<name>/...`. */
  url: string;
  /** Answers the requests whose path starts with `/<name>/` with `handler`. Each request gets a connection of its own: answer with `connection: close`, or end the socket. */
  handle(name: string, handler: RawHandler): void;
  /** How many requests case `name` got. */
  requests(name: string): number;
  /**
   * Settles once the server sees a connection of case `name` close (the client let go, or the case closed it).
   * Awaited, not polled with a limit of its own: a client that never lets go fails by the test's timeout.
   */
  connectionClosed(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startRawUpstream(): Promise<RawUpstream> {
  const handlers = new Map<string, RawHandler>();
  const counts = new Map<string, number>();
  const closes = new Map<string, { closed: Promise<void>; resolve: () => void }>();
  const closeOf = (name: string): { closed: Promise<void>; resolve: () => void } => {
    let close = closes.get(name);
    if (close === undefined) {
      let resolve = (): void => undefined;
      const closed = new Promise<void>((resolveClosed) => (resolve = resolveClosed));
      closes.set(name, (close = { closed, resolve }));
    }
    return close;
  };
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    let received = '';
    socket.setEncoding('latin1');
    socket.on('error', () => undefined);
    const onData = (piece: string): void => {
      received += piece;
      const end = received.indexOf('\r\n\r\n');
      if (end === -1) return;
      const [line = '', ...fields] = received.slice(0, end).split('\r\n');
      const headers = Object.fromEntries(fields.map((field) => [field.slice(0, field.indexOf(':')).toLowerCase(), field.slice(field.indexOf(':') + 1).trim()]));
      const length = Number(headers['content-length'] ?? 0);
      if (received.length < end + 4 + length) return;
      // One request per connection: what comes after it is not read.
      socket.off('data', onData);
      const path = line.split(' ')[1] ?? '';
      const name = path.split('/')[1] ?? '';
      counts.set(name, (counts.get(name) ?? 0) + 1);
      socket.on('close', () => closeOf(name).resolve());
      const body = Buffer.from(received.slice(end + 4, end + 4 + length), 'latin1').toString();
      void handlers.get(name)?.(socket, { path, headers, body: body === '' ? {} : (JSON.parse(body) as RawRequest['body']) });
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    handle: (name, handler) => void handlers.set(name, handler),
    requests: (name) => counts.get(name) ?? 0,
    connectionClosed: (name) => closeOf(name).closed,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A case that never ends its answer would otherwise keep the server open.
        for (const socket of sockets) socket.destroy();
      }),
  };
}
