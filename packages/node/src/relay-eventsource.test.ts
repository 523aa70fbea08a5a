import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import { createChatRouteHandler, createSSEResponse } from '@groq-stream/web';
import { EventSource } from 'eventsource';
import express from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { Groq } from './groq.js';
import { createChatStreamMiddleware, pipeStreamToServerResponse, type ChatCompletionChunk, type Stream } from './index.js';
import { deferred, listen } from './pipe-stream-to-server-response.test-helpers.js';

// The relays read by a WHATWG EventSource (the `eventsource` package), as a page would that used one
// instead of fetch: what arrives as messages, what is ignored, how errors and the end look, and when it
// comes back. The chat relays take POST only, which an EventSource cannot send; the generic pieces
// (pipeStreamToServerResponse, createSSEResponse) can serve a GET route of the app's own.

const apiKey = 'gsk_eventsource_SECRET_0a1b2c3d4e5f';
const model = 'llama-3.3-70b-versatile';
const messages = [{ role: 'user' as const, content: 'Explain quantum computing' }];
let mock: MockGroqServer;
let client: Groq;
const closing: (() => unknown)[] = [];

beforeAll(async () => {
  mock = await createMockGroqServer();
  client = new Groq({ apiKey, baseURL: mock.url, maxRetries: 0 });
});
afterAll(() => mock.close());
afterEach(async () => {
  await Promise.all(closing.splice(0).map((close) => close()));
  mock.resetStats();
});

/** What an EventSource saw: message data in order, `error` events (with data: the relay's; without: its own), and its state then. */
interface Seen {
  messages: MessageEvent[];
  errors: { data: unknown; readyState: number }[];
}

/** Opens an EventSource, closed after the test; `untilError` resolves at the first `error` event with or without data. */
function open(url: string, options: { fetch?: typeof fetch } = {}) {
  const source = new EventSource(url, options.fetch ? { fetch: options.fetch } : undefined);
  closing.push(() => source.close());
  const seen: Seen = { messages: [], errors: [] };
  const done = deferred<void>();
  const relayError = deferred<void>();
  const ownError = deferred<void>();
  source.addEventListener('message', (event) => {
    seen.messages.push(event);
    if (event.data === '[DONE]') done.resolve();
  });
  source.addEventListener('error', (event) => {
    const data = (event as MessageEvent).data;
    seen.errors.push({ data, readyState: source.readyState });
    (data === undefined ? ownError : relayError).resolve();
  });
  return { source, seen, done: done.promise, relayError: relayError.promise, ownError: ownError.promise };
}

/** A GET route of the app's own that relays one answer with pipeStreamToServerResponse; counts its requests. */
async function nodeGetRoute(mockHeaders: Record<string, string> = {}) {
  const upstream: ChatCompletionChunk[][] = [];
  let requests = 0;
  const handling: Promise<void>[] = [];
  const server = await listen((_request, response) => {
    requests += 1;
    const chunks: ChatCompletionChunk[] = [];
    upstream.push(chunks);
    handling.push(
      (async () => {
        const stream = await client.chat.completions.create({ model, messages, stream: true }, { headers: mockHeaders });
        await pipeStreamToServerResponse(recorded(stream, chunks), response, { heartbeatMs: 5 });
      })(),
    );
  });
  // A request that came just before the source closed still reaches the mock: it must do so before the next
  // test resets and reads the mock's counters.
  closing.push(async () => {
    await Promise.allSettled(handling);
    await server.close();
  });
  return { url: server.url, upstream, requests: () => requests };
}

/** `stream`, noting each chunk it yields in `into`. */
function recorded(stream: Stream<ChatCompletionChunk>, into: ChatCompletionChunk[]): Stream<ChatCompletionChunk> {
  const tap = stream.tee();
  void (async () => {
    for await (const chunk of tap[1]) into.push(chunk);
  })().catch(() => undefined);
  return tap[0];
}

const slowly = { 'x-mock-tokens': '6', 'x-mock-tokens-per-second': '50' };

describe('EventSource reading a GET route built on the relays', () => {
  test('pipeStreamToServerResponse: one message per chunk with its JSON as data, pings ignored, no ids, [DONE] last', async () => {
    const route = await nodeGetRoute(slowly);
    const { source, seen, done } = open(route.url);
    await done;
    source.close();
    const data = seen.messages.map((event) => event.data as string);
    expect(data.at(-1)).toBe('[DONE]');
    expect(data.slice(0, -1).map((text) => JSON.parse(text) as unknown)).toEqual(route.upstream[0]);
    expect(seen.messages.every((event) => event.lastEventId === '')).toBe(true);
    expect(seen.errors).toEqual([]);
  });

  test('createSSEResponse: the same messages', async () => {
    const chunks: ChatCompletionChunk[] = [];
    const handler = async (request: Request): Promise<Response> => {
      const stream = await client.chat.completions.create({ model, messages, stream: true }, { headers: slowly, signal: request.signal });
      return createSSEResponse(recorded(stream, chunks), { signal: request.signal, heartbeatMs: 5 });
    };
    const { source, seen, done } = open('http://app.test/api/answer', { fetch: (input, init) => handler(new Request(input, init)) });
    await done;
    source.close();
    const data = seen.messages.map((event) => event.data as string);
    expect(data.slice(0, -1).map((text) => JSON.parse(text) as unknown)).toEqual(chunks);
    expect(data.at(-1)).toBe('[DONE]');
  });

  test('the relay error frame arrives as an error event carrying the safe payload, after the chunks before it', async () => {
    const route = await nodeGetRoute({ 'x-mock-scenario': 'mid-stream-error' });
    const { source, seen, relayError } = open(route.url);
    await relayError;
    source.close();
    expect(seen.messages.map((event) => JSON.parse(event.data as string) as unknown)).toEqual(route.upstream[0]);
    const [first] = seen.errors;
    expect(JSON.parse(first!.data as string)).toEqual({ error: expect.objectContaining({ type: 'upstream_error', requestId: expect.stringMatching(/^req_/) }) });
    expect(JSON.stringify(seen)).not.toContain(apiKey);
  });

  test('once the answer ends, EventSource reconnects by itself, and the route is asked for a new answer: a page must close() it at [DONE]', async () => {
    const route = await nodeGetRoute({ 'x-mock-tokens': '2' });
    const { source, ownError } = open(route.url);
    await ownError; // the end of the response, which EventSource takes as a lost connection
    expect(source.readyState).toBe(EventSource.CONNECTING);
    while (route.requests() < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    source.close();
    expect(route.requests()).toBe(2);
  });
});

describe('EventSource against the chat relays, which take POST only', () => {
  test('the Express middleware answers its GET with 405 JSON, which EventSource takes as final: one request, no reconnect', async () => {
    let requests = 0;
    const app = express();
    app.use((_request, _response, next) => void ((requests += 1), next()));
    app.all('/api/chat', createChatStreamMiddleware({ client, model }));
    const server = await listen(app);
    closing.push(() => server.close());
    const { source, seen, ownError } = open(`${server.url}/api/chat`);
    await ownError;
    expect(source.readyState).toBe(EventSource.CLOSED);
    expect(seen.errors).toEqual([{ data: undefined, readyState: EventSource.CLOSED }]);
    expect(requests).toBe(1);
    expect(mock.stats().streamsStarted).toBe(0);
  });

  test('createChatRouteHandler answers its GET with 405 too: EventSource stops at once', async () => {
    const handler = createChatRouteHandler({ client, model });
    const statuses: number[] = [];
    const { source, ownError } = open('http://app.test/api/chat', {
      fetch: async (input, init) => {
        const response = await handler(new Request(input, init));
        statuses.push(response.status);
        return response;
      },
    });
    await ownError;
    expect(source.readyState).toBe(EventSource.CLOSED);
    expect(statuses).toEqual([405]);
  });
});

describe('EventSource made to POST (the eventsource package takes a fetch) reading the chat relays', () => {
  const body = JSON.stringify({ messages });
  /** A fetch that sends the conversation by POST wherever EventSource would GET. */
  const posting =
    (send: (input: string | URL | Request, init: RequestInit) => Promise<Response>): typeof fetch =>
    (input, init) =>
      send(input as string, { ...init, method: 'POST', body, headers: { ...Object.fromEntries(new Headers(init?.headers)), 'content-type': 'application/json' } });

  async function expressRelay(mockHeaders: Record<string, string>): Promise<string> {
    const app = express();
    app.all('/api/chat', createChatStreamMiddleware({ client, model, heartbeatMs: 5, requestOptions: { headers: mockHeaders } }));
    const server = await listen(app);
    closing.push(() => server.close());
    return `${server.url}/api/chat`;
  }

  test('the Express relay: one message per chunk, the same chunks Stream.fromSSEResponse reads, [DONE] last', async () => {
    const url = await expressRelay(slowly);
    const { source, seen, done } = open(url, { fetch: posting((input, init) => fetch(input, init)) });
    await done;
    source.close();
    const data = seen.messages.map((event) => event.data as string);
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((text) => JSON.parse(text) as ChatCompletionChunk);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).not.toBe('');
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
  });

  test('the Express relay and the web relay: a mid-stream failure is an error event with the safe payload', async () => {
    const url = await expressRelay({ 'x-mock-scenario': 'mid-stream-error' });
    const handler = createChatRouteHandler({ client, model, heartbeatMs: 5, requestOptions: { headers: { 'x-mock-scenario': 'mid-stream-error' } } });
    const readers = [
      open(url, { fetch: posting((input, init) => fetch(input, init)) }),
      open('http://app.test/api/chat', { fetch: posting(async (input, init) => handler(new Request(input, init))) }),
    ];
    for (const { source, seen, relayError } of readers) {
      await relayError;
      source.close();
      expect(seen.messages.length).toBeGreaterThan(0);
      const payload = (JSON.parse(seen.errors[0]!.data as string) as { error: Record<string, unknown> }).error;
      expect(payload).toMatchObject({ type: 'upstream_error', message: expect.stringMatching(/^The AI service stopped with an error/) });
      expect(JSON.stringify(seen)).not.toContain(apiKey);
    }
  });
});
