import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import { ProxyAgent } from 'undici';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { Groq } from './groq.js';
import { startConnectProxy, type ConnectProxy } from './test/start-connect-proxy.js';

const messages = [{ role: 'user' as const, content: 'Hello through a proxy' }];
let mock: MockGroqServer;
let proxy: ConnectProxy;
let proxyURL: string;
let tunnels: string[];
const savedEnv = { ...process.env };

beforeAll(async () => {
  mock = await createMockGroqServer();
  proxy = await startConnectProxy();
  ({ url: proxyURL, tunnels } = proxy);
});

afterEach(() => {
  process.env = { ...savedEnv };
  tunnels.length = 0;
});

afterAll(async () => {
  await proxy.close();
  await mock.close();
});

test('HTTP_PROXY / HTTPS_PROXY route requests through the proxy', async () => {
  process.env.HTTP_PROXY = proxyURL;
  process.env.HTTPS_PROXY = proxyURL;
  const client = new Groq({ apiKey: 'k', baseURL: mock.url });
  const stream = await client.chat.completions.create({ model: 'llama-3.1-8b-instant', messages, stream: true });
  expect((await stream.finalChatCompletion()).choices[0]?.finish_reason).toBe('stop');
  expect(tunnels).toEqual([new URL(mock.url).host]);
});

test('NO_PROXY bypasses the proxy for the hosts it names', async () => {
  process.env.HTTP_PROXY = proxyURL;
  process.env.HTTPS_PROXY = proxyURL;
  process.env.NO_PROXY = '127.0.0.1';
  const client = new Groq({ apiKey: 'k', baseURL: mock.url });
  await client.chat.completions.create({ model: 'llama-3.1-8b-instant', messages });
  expect(tunnels).toEqual([]);
  expect(mock.stats().requests).toBeGreaterThan(0);
});

test("fetchOptions.dispatcher (groq-sdk's way to a proxy) is honoured, per client and per request, with no proxy variable set", async () => {
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) delete process.env[name];
  const dispatcher = new ProxyAgent(proxyURL);
  try {
    const client = new Groq({ apiKey: 'k', baseURL: mock.url, fetchOptions: { dispatcher } });
    const stream = await client.chat.completions.create({ model: 'llama-3.1-8b-instant', messages, stream: true });
    expect((await stream.finalChatCompletion()).choices[0]?.finish_reason).toBe('stop');
    expect(tunnels).toEqual([new URL(mock.url).host]);
    const direct = new Groq({ apiKey: 'k', baseURL: mock.url });
    await direct.models.list();
    expect(tunnels).toHaveLength(1);
    // A dispatcher of its own (the first one keeps its tunnel open for reuse), given for one request only.
    const once = new ProxyAgent(proxyURL);
    await direct.models.list({ fetchOptions: { dispatcher: once } });
    expect(tunnels).toHaveLength(2);
    await once.close();
  } finally {
    await dispatcher.close();
  }
});

test('with a proxy variable set, a dispatcher of the caller’s own still wins', async () => {
  process.env.HTTP_PROXY = 'http://127.0.0.1:9'; // nothing listens there: the request would fail through it
  const dispatcher = new ProxyAgent(proxyURL);
  try {
    const client = new Groq({ apiKey: 'k', baseURL: mock.url, maxRetries: 0, fetchOptions: { dispatcher } });
    await client.models.list();
    expect(tunnels).toEqual([new URL(mock.url).host]);
  } finally {
    await dispatcher.close();
  }
});
