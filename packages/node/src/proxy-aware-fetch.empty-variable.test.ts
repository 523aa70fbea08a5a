import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Groq } from './groq.js';
import { startConnectProxy, type ConnectProxy } from './test/start-connect-proxy.js';

// A file of its own: the proxy agent is made once per process, at the first request through a proxy, and
// reads the variables then.
let mock: MockGroqServer;
let proxy: ConnectProxy;
const savedEnv = { ...process.env };

beforeAll(async () => {
  mock = await createMockGroqServer();
  proxy = await startConnectProxy();
});

afterAll(async () => {
  process.env = { ...savedEnv };
  await proxy.close();
  await mock.close();
});

test('HTTP_PROXY beside an empty http_proxy (docker run -e http_proxy) still routes requests through the proxy', async () => {
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy']) delete process.env[name];
  process.env.http_proxy = '';
  process.env.HTTP_PROXY = proxy.url;
  const client = new Groq({ apiKey: 'k', baseURL: mock.url });
  await client.models.list();
  expect(proxy.tunnels).toEqual([new URL(mock.url).host]);
});
