import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Groq } from './groq.js';
import { createChunkTranscript } from './test/create-chunk-transcript.js';
import { encodeSSETranscript } from './test/encode-sse-transcript.js';

// Two servers on 127.0.0.1, on two ports: two origins. The first redirects every request to the second,
// which streams an answer and records the headers it got. Node's own fetch (undici) is the transport.

let gateway: Server;
let elsewhere: Server;
let elsewhereURL: string;
let gatewayURL: string;
const received: IncomingHttpHeaders[] = [];

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  elsewhere = createServer((request, response) => {
    received.push(request.headers);
    request.resume().on('end', () => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(encodeSSETranscript(createChunkTranscript({ chunks: 3 })));
    });
  });
  elsewhereURL = await listen(elsewhere);
  gateway = createServer((request, response) => {
    request.resume();
    response.writeHead(307, { location: `${elsewhereURL}${request.url}` }).end();
  });
  gatewayURL = await listen(gateway);
});

afterAll(async () => {
  gateway.closeAllConnections();
  elsewhere.closeAllConnections();
  await Promise.all([new Promise((resolve) => gateway.close(resolve)), new Promise((resolve) => elsewhere.close(resolve))]);
});

describe('a redirect to another origin, on Node’s fetch', () => {
  const headers = { authorization: 'Bearer gsk_secret', 'x-api-key': 'gateway-secret', 'content-type': 'application/json' };

  test('fetch itself carries a custom credential header there (what the client guards against)', async () => {
    received.length = 0;
    const response = await fetch(`${gatewayURL}/openai/v1/chat/completions`, { method: 'POST', headers, body: '{}' });
    await response.text();
    expect(received[0]?.['x-api-key']).toBe('gateway-secret');
    expect(received[0]?.authorization).toBeUndefined();
  });

  test('the client carries neither the key nor the gateway header there, and the stream still arrives', async () => {
    received.length = 0;
    const client = new Groq({ apiKey: 'gsk_secret', baseURL: gatewayURL, defaultHeaders: { 'x-api-key': 'gateway-secret' } });
    const stream = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true });
    expect((await stream.finalChatCompletion()).choices[0]?.finish_reason).toBe('stop');
    expect(received).toHaveLength(1);
    expect(received[0]?.authorization).toBeUndefined();
    expect(received[0]?.['x-api-key']).toBeUndefined();
    expect(received[0]?.['content-type']).toBe('application/json');
  });
});

describe('errors after a redirect, on Node’s fetch', () => {
  // POST /openai/v1/chat/completions is sent on: a 303 (a GET to /v2/moved, which is not found) or, with
  // x-to-bad-port, a 302 to a port fetch refuses, its path that many t's longer.
  let moving: Server;
  let movingURL: string;
  const seen: string[] = [];
  beforeAll(async () => {
    moving = createServer((request, response) => {
      seen.push(`${request.method} ${request.url}`);
      request.resume();
      if (request.url === '/v2/moved') response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"Unknown request URL"}}');
      else if (request.headers['x-to-bad-port'] !== undefined) response.writeHead(302, { location: `http://127.0.0.1:6000/v2/chat${'t'.repeat(Number(request.headers['x-to-bad-port']) || 0)}` }).end();
      else response.writeHead(303, { location: '/v2/moved' }).end();
    });
    movingURL = await listen(moving);
  });
  afterAll(async () => {
    moving.closeAllConnections();
    await new Promise((resolve) => moving.close(resolve));
  });

  test('a 404 after a 303 names the GET that was sent and the POST it came from', async () => {
    seen.length = 0;
    const client = new Groq({ apiKey: 'gsk_secret', baseURL: movingURL, maxRetries: 0 });
    const error = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught);
    expect(seen).toEqual(['POST /openai/v1/chat/completions', 'GET /v2/moved']);
    expect((error as Error).message).toMatch(/^404 Unknown request URL\. \[GET \/v2\/moved, redirected from POST \/openai\/v1\/chat\/completions\]\./);
  });

  test('a redirect to a port fetch refuses names that port and the redirect', async () => {
    const client = new Groq({ apiKey: 'gsk_secret', baseURL: movingURL, maxRetries: 2, defaultHeaders: { 'x-to-bad-port': '0' } });
    const error = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(
      /^fetch refuses to connect to port 6000, one the Fetch standard blocks \(bad port\), where the server redirected the request \(to http:\/\/127\.0\.0\.1:6000\/v2\/chat\)\. \[GET \/v2\/chat, redirected from POST \/openai\/v1\/chat\/completions\]\. Set baseURL/,
    );
    // The location is the server's, and quoted cut short, as the note cuts the path.
    const longPath = new Groq({ apiKey: 'gsk_secret', baseURL: movingURL, maxRetries: 0, defaultHeaders: { 'x-to-bad-port': '10000' } });
    const long = await longPath.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught);
    expect((long as Error).message).toMatch(/where the server redirected the request \(to http:\/\/127\.0\.0\.1:6000\/v2\/chatt+… \(10029 characters in all\)\)\. \[GET \/v2\/chatt+… \(10008 characters in all\), redirected from/);
    expect((long as Error).message.length).toBeLessThan(1000);
  });
});
