import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';

/** A CONNECT proxy on 127.0.0.1, as corporate proxies are: it records each tunnel's target and splices the sockets. */
export interface ConnectProxy {
  /** `http://127.0.0.1:<port>`, for `HTTP_PROXY` and `HTTPS_PROXY`. */
  url: string;
  /** The `host:port` of every tunnel opened so far, oldest first; empty it between tests. */
  tunnels: string[];
  close(): Promise<void>;
}

/** Starts a {@link ConnectProxy}. Other requests than CONNECT get 405. */
export async function startConnectProxy(): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const proxy = createServer((_request, response) => response.writeHead(405).end());
  proxy.on('connect', (request, clientSocket, head) => {
    tunnels.push(request.url ?? '');
    const [host, port] = (request.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(clientSocket);
      clientSocket.pipe(upstream);
    });
    upstream.on('error', () => clientSocket.destroy());
    clientSocket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    tunnels,
    close: async () => {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    },
  };
}
