import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, type TestBrowser } from './launch-chromium';
import { bundleWebIIFE } from '../../../scripts/test-runtimes/bundle-web-iife.mjs';

// The client of @groq-stream/web in Chromium, against servers of its own on 127.0.0.1 (no Next.js): a browser
// gives the page the same words for every failure of fetch (`Failed to fetch`, a body's `network error`) and
// names the reason only in its console, so the client's advice must say so rather than speak of HTTPS_PROXY.
// These are the browser's own words, which the core unit tests can only imitate.

const repoRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const apiKey = 'gsk_e2eBrowserKey0123456789abcdef';
const chunk = (content: string): string =>
  `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;

interface Outcome {
  chunks: number;
  name?: string;
  message?: string;
}

let browser: TestBrowser;
let page: Server;
let upstream: Server;
let pageOrigin: string;
let upstreamOrigin: string;
const keysSeenAfterRedirect: string[] = [];
/** Closes the connection of the latest `/broken` answer, once that answer has sent its chunk and a half. */
let breakConnection: Promise<() => void> | undefined;

/** Another origin: `/no-cors` answers without CORS headers, `/broken` sends a chunk and a half and then closes the connection. */
function answerUpstream(request: IncomingMessage, response: ServerResponse): void {
  const cors = { 'access-control-allow-origin': '*' };
  if (request.method === 'OPTIONS') {
    response.writeHead(204, { ...cors, 'access-control-allow-methods': 'POST', 'access-control-allow-headers': request.headers['access-control-request-headers'] ?? '' }).end();
    return;
  }
  request.resume();
  const name = request.url!.split('/')[1]!;
  if (name === 'redirect-away') {
    // To the page's own server, another origin than this one: the browser follows without the key.
    response.writeHead(307, { ...cors, location: `${pageOrigin}/refuse-without-key` }).end();
    return;
  }
  if (name === 'no-cors') {
    response.writeHead(200, { 'content-type': 'text/event-stream' }).end(`${chunk('hidden')}data: [DONE]\n\n`);
    return;
  }
  response.writeHead(200, { ...cors, 'content-type': 'text/event-stream' });
  response.write(chunk('Hel'));
  // Closed when the test says so (once the page has the chunk), and only once the request is read to its end
  // and the chunk and a half are handed to the system: request bytes still unread would make the close a
  // reset, not the body that ends mid-chunk that this answer stands for.
  const written = new Promise((resolve) => response.write('data: {"id":"chatcmpl-1","cho', resolve));
  const read = request.readableEnded ? undefined : once(request, 'end');
  breakConnection = Promise.all([written, read]).then(() => () => void request.socket.destroy());
}

/** Groq's 401 to a request without the key, the one a browser sends on after a redirect to another origin. */
function answerRefusal(request: IncomingMessage, response: ServerResponse): void {
  request.resume();
  const cors = { 'access-control-allow-origin': '*' };
  if (request.method === 'OPTIONS') {
    response.writeHead(204, { ...cors, 'access-control-allow-methods': 'POST', 'access-control-allow-headers': request.headers['access-control-request-headers'] ?? '' }).end();
    return;
  }
  keysSeenAfterRedirect.push(request.headers.authorization ?? 'none');
  if (request.headers.authorization === undefined) {
    response.writeHead(401, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'Invalid API Key', type: 'invalid_request_error', code: 'invalid_api_key' } }));
    return;
  }
  response.writeHead(200, { ...cors, 'content-type': 'text/event-stream' }).end('data: [DONE]\n\n');
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  const script = await bundleWebIIFE(repoRoot);
  page = createServer((request, response) => {
    if (request.url === '/refuse-without-key') {
      answerRefusal(request, response);
      return;
    }
    if (request.url === '/web.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>fetch failures</title><script src="/web.js"></script>');
  });
  upstream = createServer(answerUpstream);
  pageOrigin = await listen(page);
  upstreamOrigin = await listen(upstream);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const server of [page, upstream]) {
    server?.closeAllConnections();
    server?.close();
  }
});

/**
 * Streams one completion from `baseURL` in a fresh page, with the client of @groq-stream/web; `onFirstChunk`
 * is called (and awaited) once the page's script has the first chunk.
 */
async function streamInPage(baseURL: string, onFirstChunk?: () => Promise<void>): Promise<Outcome> {
  const tab = await browser.context.newPage();
  try {
    if (onFirstChunk !== undefined) await tab.exposeFunction('onFirstChunk', onFirstChunk);
    await tab.goto(`${pageOrigin}/`);
    return await tab.evaluate(
      async ([baseURL, apiKey]) => {
        const { Groq } = (window as unknown as { GroqStreamWeb: typeof import('@groq-stream/web') }).GroqStreamWeb;
        const { onFirstChunk } = window as unknown as { onFirstChunk?: () => Promise<void> };
        const client = new Groq({ apiKey, baseURL, maxRetries: 0, dangerouslyAllowBrowser: true });
        let chunks = 0;
        try {
          const stream = await client.chat.completions.create({ model: 'llama-3.1-8b-instant', stream: true, messages: [{ role: 'user', content: 'hi' }] });
          for await (const item of stream) if (item && ++chunks === 1) await onFirstChunk?.();
          return { chunks };
        } catch (error) {
          return { chunks, name: (error as Error).name, message: (error as Error).message };
        }
      },
      [baseURL, apiKey] as const,
    );
  } finally {
    await tab.close();
  }
}

describe('Chromium fetch failures reported by the web client', () => {
  test('a server that sends no CORS headers gives an APIConnectionError that points to the console and to CORS', async () => {
    const outcome = await streamInPage(`${upstreamOrigin}/no-cors`);
    expect(outcome.name).toBe('APIConnectionError');
    expect(outcome.chunks).toBe(0);
    expect(outcome.message).toContain('The request got no response: Failed to fetch.');
    expect(outcome.message).toContain('developer console');
    expect(outcome.message).toContain('CORS: access-control-allow-origin');
    expect(outcome.message).not.toContain('HTTPS_PROXY');
    expect(outcome.message).not.toContain(apiKey);
  });

  test('a 401 from another origin that the browser was redirected to says the key was not sent there, not to check the key', async () => {
    const outcome = await streamInPage(`${upstreamOrigin}/redirect-away`);
    expect(keysSeenAfterRedirect).toEqual(['none']);
    expect(outcome.name).toBe('AuthenticationError');
    expect(outcome.message).toContain(`The request was redirected to ${pageOrigin}, another origin, where the client sends no credentials: set baseURL to ${pageOrigin}`);
    expect(outcome.message).not.toContain('Check the API key');
    expect(outcome.message).not.toContain(apiKey);
  });

  test('a connection reset mid-stream gives a StreamTruncatedError after the chunk before it, pointing to the console', async () => {
    // The connection closes once the page has read the chunk, not after 100 ms that a loaded machine may spend
    // before the page got it (the browser then fails the body without handing over the bytes it had).
    const outcome = await streamInPage(`${upstreamOrigin}/broken`, async () => (await breakConnection!)());
    expect(outcome.name).toBe('StreamTruncatedError');
    expect(outcome.chunks).toBe(1);
    expect(outcome.message).toContain('The response body broke off in the middle of the stream (network error).');
    expect(outcome.message).toContain('developer console');
    expect(outcome.message).not.toContain(apiKey);
  });
});
