import { createServer, type Server } from 'node:net';
import { inspect } from 'node:util';
import { ProxyAgent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { APIConnectionError, APIConnectionTimeoutError } from './index.js';
import { Groq } from './groq.js';

// A proxy that refuses every tunnel with `status`: undici's error for that reads "fetch failed: Request was
// cancelled." two levels down, as if the caller had cancelled; the proxy's status is a level further.

const apiKey = 'gsk_proxy_refusal_SECRET_0123';
const messages = [{ role: 'user' as const, content: 'hi' }];
const savedEnv = { ...process.env };
// `'close'`: the proxy closes the connection instead of answering CONNECT.
let status: number | 'close' = 407;
let connects: string[] = [];
let proxy: Server;
let proxyURL: string;

beforeAll(async () => {
  proxy = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', (head) => {
      connects.push(head.toString('latin1').split('\r\n')[0] ?? '');
      if (status === 'close') return void socket.end();
      socket.end(`HTTP/1.1 ${status} Refused\r\nproxy-authenticate: Basic realm="corp"\r\ncontent-length: 0\r\n\r\n`);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address();
  proxyURL = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterEach(() => {
  process.env = { ...savedEnv };
  connects = [];
});
afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

// Nothing listens at the target: the proxy refuses before it would matter.
const baseURL = 'http://127.0.0.1:8787';

describe.each([
  ['HTTPS_PROXY and HTTP_PROXY', () => ((process.env.HTTP_PROXY = proxyURL), (process.env.HTTPS_PROXY = proxyURL), {})],
  ['fetchOptions.dispatcher (a ProxyAgent)', () => ({ fetchOptions: { dispatcher: new ProxyAgent(proxyURL) } })],
])('a proxy that refuses the tunnel, reached through %s', (_, setUp) => {
  test.each([true, false])('says the proxy refused and with which status, not that the request was cancelled (stream: %s)', async (stream) => {
    status = 407;
    const client = new Groq({ apiKey, baseURL, maxRetries: 0, ...setUp() });
    const error = await client.chat.completions.create({ model: 'llama-3.1-8b-instant', messages, stream }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionError);
    const message = (error as Error).message;
    expect(message).toMatch(/^The proxy refused to open a tunnel to 127\.0\.0\.1:8787: it answered CONNECT with 407\. \[POST \/openai\/v1\/chat\/completions\]\. The proxy asks for credentials: put them in its URL in HTTPS_PROXY or HTTP_PROXY/);
    expect(message).not.toContain('cancelled');
    expect(inspect(error, { depth: 10 })).not.toContain(apiKey);
    expect(connects[0]).toBe('CONNECT 127.0.0.1:8787 HTTP/1.1');
  });

  test.each([407, 403])('a refusal (%s) is not retried: the proxy would refuse every try alike', async (refusal) => {
    status = refusal;
    const client = new Groq({ apiKey, baseURL, maxRetries: 2, ...setUp() });
    const error = await client.models.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toMatch(new RegExp(`^The proxy refused to open a tunnel to 127\\.0\\.0\\.1:8787: it answered CONNECT with ${refusal}\\. \\[GET /openai/v1/models\\]\\. .* Not retried: the proxy would refuse it again\\.$`));
    expect(connects).toHaveLength(1);
  });

  test('403 gets advice about what the proxy lets through', async () => {
    status = 403;
    const client = new Groq({ apiKey, baseURL, maxRetries: 0, ...setUp() });
    const error = await client.models.list().catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/^The proxy refused to open a tunnel to 127\.0\.0\.1:8787: it answered CONNECT with 403\. \[GET \/openai\/v1\/models\]\. Check that the proxy .* lets this host through, or name the host in NO_PROXY to go around it\. Retries were off \(maxRetries: 0\)\.$/);
  });

  test('a 502 from the proxy (it could not reach the host, for now perhaps) is retried as a connection error', async () => {
    status = 502;
    const retries: string[] = [];
    const logger = { error: () => undefined, warn: () => undefined, info: (line: string) => void retries.push(line), debug: () => undefined };
    const client = new Groq({ apiKey, baseURL, maxRetries: 1, logLevel: 'info', logger, ...setUp() });
    const error = await client.models.list().catch((caught: unknown) => caught);
    expect(retries).toEqual([expect.stringMatching(/^\[groq-stream\] GET \/openai\/v1\/models: the proxy answered CONNECT with 502\. Retrying in \d+\.\d s, retry 1 of 1\.$/)]);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toMatch(/^The proxy failed to open a tunnel to 127\.0\.0\.1:8787: it answered CONNECT with 502\. \[GET \/openai\/v1\/models\]\. The proxy could not reach the host or is failing: .* It was tried 2 times \(maxRetries: 1\)\.$/);
    expect(connects).toHaveLength(2);
  });
});

test('a proxy (HTTPS_PROXY) that closes the connection instead of answering CONNECT fails the attempt at once, and the client retries it with backoff', async () => {
  process.env.HTTP_PROXY = proxyURL;
  process.env.HTTPS_PROXY = proxyURL;
  status = 'close';
  // undici took the closed connection for one to open again, and sent CONNECT after CONNECT, dozens a
  // second, until the timeout ended the request as one without response headers.
  const client = new Groq({ apiKey, baseURL, maxRetries: 1, timeout: 3_000 });
  const error = await client.models.list().catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(APIConnectionError);
  expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
  expect((error as Error).message).toMatch(/^The request got no response: fetch failed: The proxy at 127\.0\.0\.1:\d+ closed the connection instead of answering CONNECT for 127\.0\.0\.1:8787\. \[GET \/openai\/v1\/models\]\. .*It was tried 2 times \(maxRetries: 1\)\.$/);
  expect(connects).toHaveLength(2);
});

test('a proxy that closes the connection is quoted with the CONNECT target cut at 200 characters: a redirect may lead to a host of any length', async () => {
  process.env.HTTP_PROXY = proxyURL;
  status = 'close';
  // The URL parser takes a host of 5,000 characters (no DNS limit), and the tunnel is asked for it.
  const host = `${'a'.repeat(5000)}.test:8787`;
  const client = new Groq({ apiKey, baseURL: `http://${host}`, maxRetries: 0, timeout: 3_000 });
  const error = await client.models.list().catch((caught: unknown) => caught);
  expect(connects).toEqual([`CONNECT ${host} HTTP/1.1`]);
  const cause = ((error as Error).cause as Error).cause as Error & { code?: string };
  expect(cause.code).toBe('GROQ_PROXY_CLOSED');
  expect(cause.message).toMatch(/^The proxy at 127\.0\.0\.1:\d+ closed the connection instead of answering CONNECT for a{200}… \(5010 characters in all\)\.$/);
  expect((error as Error).message.length).toBeLessThan(1500);
});
