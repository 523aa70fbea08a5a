import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Groq } from './groq.js';

// A file of its own: the proxy agent is made once per process, at the first request through a proxy, and
// reads the variables then.
let mock: MockGroqServer;
let proxy: Server;
const tunnels: string[] = [];
const savedEnv = { ...process.env };

beforeAll(async () => {
  mock = await createMockGroqServer();
  proxy = createServer((request, response) => response.writeHead(405).end());
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
});

afterAll(async () => {
  process.env = { ...savedEnv };
  proxy.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
  await mock.close();
});

test('HTTP_PROXY beside an empty http_proxy (docker run -e http_proxy) still routes requests through the proxy', async () => {
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy']) delete process.env[name];
  process.env.http_proxy = '';
  process.env.HTTP_PROXY = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const client = new Groq({ apiKey: 'k', baseURL: mock.url });
  await client.models.list();
  expect(tunnels).toEqual([new URL(mock.url).host]);
});
