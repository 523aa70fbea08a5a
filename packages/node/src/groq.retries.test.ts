import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import { eventually, rejectionOf } from '@groq-stream/core/test';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { APIConnectionError, APIConnectionTimeoutError, APIError, InternalServerError, RateLimitError } from './index.js';
import { Groq } from './groq.js';

// What a retry sends and what the caller gets after one, on node's own transport, against the mock and against a
// server of the test's own that answers each try as it is told.

const apiKey = 'gsk_test_secret_key_0123456789';
const model = 'llama-3.3-70b-versatile';
const messages = [{ role: 'user' as const, content: 'Explain quantum computing' }];
const completionBody = (id: string) =>
  JSON.stringify({ id, object: 'chat.completion', created: 1, model, choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' }, logprobs: null, finish_reason: 'stop' }] });

/** How a test's server answers one try. */
type Answer = (response: ServerResponse) => void;

/** An error body of Groq's shape with `status` and `headers`; no wait unless the headers ask for one. */
const failing = (status: number, headers: Record<string, string> = {}): Answer => (response) =>
  void response.writeHead(status, { 'content-type': 'application/json', 'retry-after-ms': '0', ...headers }).end(JSON.stringify({ error: { message: `failed with ${status}`, type: 'test' } }));
const answered = (requestId: string): Answer => (response) => void response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': requestId }).end(completionBody(requestId));
/** The socket closed before any answer, as a server that dies would. */
const dropped: Answer = (response) => void response.socket?.destroy();

interface SeenTry {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A server on 127.0.0.1 that answers its tries in turn (the last answer again after), keeping each one's raw body. */
async function triesServer(...answers: Answer[]): Promise<{ url: string; tries: SeenTry[]; close: () => Promise<void> }> {
  const tries: SeenTry[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (piece: string) => (body += piece));
    request.on('end', () => {
      tries.push({ headers: request.headers, body });
      answers[Math.min(tries.length - 1, answers.length - 1)]!(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tries,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function withServer(answers: Answer[], body: (server: Awaited<ReturnType<typeof triesServer>>) => Promise<void>): Promise<void> {
  const server = await triesServer(...answers);
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

let mock: MockGroqServer;
beforeAll(async () => {
  mock = await createMockGroqServer({ apiKeys: [apiKey] });
});
afterAll(() => mock.close());
afterEach(() => mock.resetStats());

describe('which failures are retried, end to end', () => {
  test.each([400, 401, 403, 404, 413, 422])('%i is sent once, whatever maxRetries says', (status) =>
    withServer([failing(status)], async (server) => {
      const error = await rejectionOf(new Groq({ apiKey, baseURL: server.url, maxRetries: 2 }).chat.completions.create({ model, messages }));
      expect((error as APIError).status).toBe(status);
      expect(server.tries).toHaveLength(1);
    }),
  );

  test.each([408, 409, 429, 498, 500, 502, 503, 504])('%i is sent 1 + maxRetries times', (status) =>
    withServer([failing(status)], async (server) => {
      const error = await rejectionOf(new Groq({ apiKey, baseURL: server.url, maxRetries: 2 }).chat.completions.create({ model, messages }));
      expect((error as APIError).status).toBe(status);
      expect(server.tries).toHaveLength(3);
    }),
  );
});

describe('a retried request', () => {
  test.each([false, true])('sends the same body, byte for byte, and the same headers again (stream: %s)', (stream) =>
    withServer([failing(500), failing(503), stream ? (response) => mockLikeStream(response) : answered('req_last')], async (server) => {
      const client = new Groq({ apiKey, baseURL: server.url, maxRetries: 2, defaultHeaders: { 'x-team': 'search' } });
      const params = { model, messages: [...messages, { role: 'assistant' as const, content: 'Ünïcödé, "quotes" and \n lines' }], temperature: 0.5, stream };
      const result = await client.chat.completions.create(params, { headers: { 'x-trace': 'abc' } });
      if (stream) for await (const _ of result as AsyncIterable<unknown>);
      expect(server.tries).toHaveLength(3);
      const [first, ...retries] = server.tries;
      expect(JSON.parse(first!.body)).toEqual(params);
      for (const retry of retries) {
        expect(retry.body).toBe(first!.body);
        expect(retry.headers).toEqual(first!.headers);
      }
    }),
  );

  test('against the mock: the bodies it records for a stream retried twice are the same', async () => {
    const client = new Groq({ apiKey, baseURL: mock.url, maxRetries: 2 });
    const stream = await client.chat.completions.create({ model, messages, stream: true, seed: 7 }, { headers: { 'x-mock-scenario': 'server-error', 'x-mock-fail-times': '2' } });
    await stream.finalChatCompletion();
    const recorded = mock.requests().filter(({ path }) => path === '/openai/v1/chat/completions');
    expect(recorded).toHaveLength(3);
    expect(recorded[1]).toEqual(recorded[0]);
    expect(recorded[2]).toEqual(recorded[0]);
  });
});

/** A 200 event stream of one chunk and [DONE], as the mock sends one. */
function mockLikeStream(response: ServerResponse): void {
  const chunk = { id: 'chatcmpl-s', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' }] };
  response.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'req_last' }).end(`data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`);
}

describe('after retries', () => {
  test('withResponse() and asResponse() give the response of the try that succeeded, with its request id', () =>
    withServer([failing(503, { 'x-request-id': 'req_first' }), failing(429, { 'x-request-id': 'req_second' }), answered('req_third')], async (server) => {
      const client = new Groq({ apiKey, baseURL: server.url, maxRetries: 2 });
      const { data, response, requestId } = await client.chat.completions.create({ model, messages }).withResponse();
      expect([data.id, response.status, requestId, response.headers.get('x-request-id')]).toEqual(['req_third', 200, 'req_third', 'req_third']);
      expect(server.tries).toHaveLength(3);
      // asResponse() too, streamed or not: its body is the last try's.
      server.tries.length = 0;
      const raw = await client.chat.completions.create({ model, messages }).asResponse();
      expect([raw.status, raw.headers.get('x-request-id'), (await raw.json()).id]).toEqual([200, 'req_third', 'req_third']);
      expect(server.tries).toHaveLength(3);
    }),
  );

  test('a stream resolved after retries reads the last response', () =>
    withServer([failing(502, { 'x-request-id': 'req_first' }), mockLikeStream], async (server) => {
      const stream = await new Groq({ apiKey, baseURL: server.url, maxRetries: 1 }).chat.completions.create({ model, messages, stream: true });
      expect([stream.response.status, stream.requestId]).toEqual([200, 'req_last']);
      expect((await stream.finalChatCompletion()).choices[0]?.message.content).toBe('Hi');
    }),
  );

  test.each([
    ['a 500, then a 429', [failing(500), failing(429, { 'retry-after': '0', 'x-ratelimit-remaining-tokens': '0', 'x-request-id': 'req_limited' })], RateLimitError, 429],
    ['a 429, then a 500', [failing(429, { 'retry-after': '0' }), failing(500, { 'x-request-id': 'req_broken' })], InternalServerError, 500],
  ] as const)('the error for %s is the last failure, with its headers, saying how many tries were made', (_, answers, Class, status) =>
    withServer([...answers], async (server) => {
      const error = await rejectionOf(new Groq({ apiKey, baseURL: server.url, maxRetries: 1 }).chat.completions.create({ model, messages }));
      expect(error).toBeInstanceOf(Class);
      expect((error as APIError).status).toBe(status);
      expect((error as Error).message).toMatch(new RegExp(`^${status} failed with ${status}\\. .* It was tried 2 times \\(maxRetries: 1\\)\\.$`));
      if (status === 429) {
        expect((error as RateLimitError).headers?.get('x-ratelimit-remaining-tokens')).toBe('0');
        expect([(error as RateLimitError).retryAfterMs, (error as RateLimitError).requestId]).toEqual([0, 'req_limited']);
      } else {
        expect((error as InternalServerError).requestId).toBe('req_broken');
      }
    }),
  );

  test('the error for a 503, then a connection closed without an answer, is the connection error, saying how many tries were made', () =>
    withServer([failing(503), dropped], async (server) => {
      const error = await rejectionOf(new Groq({ apiKey, baseURL: server.url, maxRetries: 1 }).chat.completions.create({ model, messages }));
      expect(error).toBeInstanceOf(APIConnectionError);
      expect((error as APIError).status).toBeUndefined();
      expect((error as Error).message).toMatch(/ It was tried 2 times \(maxRetries: 1\)\.$/);
    }),
  );
});

describe('a try that timed out', () => {
  test.each([
    ['node:http, the default', undefined],
    ["Node's global fetch", (input: string, init: RequestInit) => fetch(input, init)],
  ])('is retried on a connection of its own, each one closed: the mock answering nothing (%s)', async (_, transport) => {
    // Every connection the mock takes a request on, seen from its side: a timed-out try whose connection
    // stayed open would hold a socket (and on Groq, a request being generated) for nothing.
    const sockets = new Set<Socket>();
    const onStart = (message: unknown): void => {
      const { socket } = message as { socket: Socket };
      if (socket.localPort === mock.port) sockets.add(socket);
    };
    subscribe('http.server.request.start', onStart);
    try {
      const client = new Groq({ apiKey, baseURL: mock.url, timeout: 200, maxRetries: 2, fetch: transport });
      const error = await rejectionOf(client.chat.completions.create({ model, messages }, { headers: { 'x-mock-scenario': 'stall' } }));
      expect(error).toBeInstanceOf(APIConnectionTimeoutError);
      expect((error as Error).message).toMatch(/^Request timed out after 200 ms waiting for the response headers. .* It was tried 3 times \(maxRetries: 2\)\.$/);
      expect(mock.stats().requests).toBe(3);
      expect(sockets.size).toBe(3);
      await eventually(() => [...sockets].every((socket) => socket.destroyed));
    } finally {
      unsubscribe('http.server.request.start', onStart);
    }
  });
});
