import type { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { eventually, trackTimers, watchWarnings, type TrackedTimers, type WatchedWarnings } from '@groq-stream/core/test';
import type { ChatRelayOptions } from './index.js';
import { createChatStreamMiddleware } from './create-chat-stream-middleware.js';
import { Groq } from './groq.js';
import { listen } from './pipe-stream-to-server-response.test-helpers.js';

// However a relayed request ends, the middleware takes its listeners off the request, the response and the
// connection (which keep-alive reuses: a listener left there per request piles up), leaves no timer, and
// releases the upstream stream.

const apiKey = 'gsk_test_secret_key_0123456789';
const model = 'llama-3.3-70b-versatile';
const body = JSON.stringify({ messages: [{ role: 'user', content: 'Explain quantum computing' }] });
// Past the ten listeners at which Node warns, for a leak of one listener per request on a kept-alive connection:
// the browser's to the relay (counted below) or the relay's to the mock (which only the warning shows). Each is
// an emitter, which Node warns of on every major (for an AbortSignal, Node 20 only).
const rounds = 11;
// The relay's own code (not its tests or test helpers); stacks name core's build by its sources (source maps).
const ourCode = /\/packages\/(core|node)\/(src|dist)\/(?!test\/)[^/]+(?<!\.test)\.(js|ts):/;

/** Listeners that the handler added to the request, the response and the connection and left there. */
interface LeftListeners {
  request: string[];
  response: string[];
  socket: string[];
}

let mock: MockGroqServer;
let relay: { url: string; close: () => Promise<void> };
let timers: TrackedTimers;
let warnings: WatchedWarnings;
const handled: Promise<LeftListeners>[] = [];

type Case = {
  options?: Partial<ChatRelayOptions<IncomingMessage>>;
  /** The browser: sends a request to `url` and ends it its way. */
  browse: (url: string) => Promise<void>;
};

// The answer left mid-way stalls (held open until the relay goes away): only the relay letting go can end it,
// however slow the machine, so a stream still open at the mock is waited for up to the test's timeout (a 10 s
// answer could end by itself within it, and eventually's 5 s could run out on a loaded machine).
const slow = { 'x-mock-scenario': 'stall' };
const post = (url: string, init: RequestInit = {}): Promise<Response> => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, ...init });

/** Reads the answer until it holds a content token, then leaves. */
async function leaveMidAnswer(url: string): Promise<void> {
  const browser = new AbortController();
  const response = await post(url, { signal: browser.signal });
  const reader = response.body!.getReader();
  let text = '';
  while (!/"content":"[^"]/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
  browser.abort();
}

/** Sends the head of a POST and `sent` of its declared 1,000 body bytes on a raw connection. */
function uploadPart(url: string, sent: string): ReturnType<typeof connect> {
  const { hostname, port, pathname } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.write(`POST ${pathname} HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n${sent}`);
  return socket;
}

const cases: [string, Case][] = [
  ['the browser reads the whole answer', { options: { requestOptions: { headers: { 'x-mock-tokens': '5' } } }, browse: async (url) => void (await (await post(url)).text()) }],
  ['the browser leaves mid-answer', { options: { requestOptions: { headers: slow } }, browse: leaveMidAnswer }],
  [
    'the browser leaves before the first token',
    {
      options: { requestOptions: { headers: { 'x-mock-ttft-ms': '60000' } } },
      browse: async (url) => {
        const browser = new AbortController();
        const response = await post(url, { signal: browser.signal });
        // The headers came: the upstream stream is open, waiting for its first token.
        await eventually(() => mock.stats().streamsStarted === 1);
        expect(response.status).toBe(200);
        browser.abort();
      },
    },
  ],
  [
    'the browser leaves during the upload',
    {
      browse: async (url) => {
        const socket = uploadPart(url, '{"messages":');
        await eventually(() => reading > 0);
        socket.destroy();
      },
    },
  ],
  [
    'the browser leaves while the rest of a body refused past maxBodyBytes is read and dropped',
    {
      // Refused by its declared length (1,000 bytes) at once; the rest is then awaited for up to bodyTimeoutMs,
      // a minute here: only the browser leaving can end that wait within the test.
      options: { maxBodyBytes: 20, bodyTimeoutMs: 60_000 },
      browse: async (url) => {
        const socket = uploadPart(url, '{"messages":');
        let answer = '';
        socket.on('data', (data: Buffer) => (answer += data.toString()));
        await eventually(() => answer.includes('}}'));
        expect(answer).toMatch(/^HTTP\/1\.1 413 /);
        socket.destroy();
      },
    },
  ],
  [
    'the upstream fails mid-answer',
    {
      options: { requestOptions: { headers: { 'x-mock-scenario': 'mid-stream-error' } } },
      browse: async (url) => expect(await (await post(url)).text()).toContain('event: error'),
    },
  ],
  // The mock counts these as completed or failed at once, and keeps the response open: only the relay's close
  // of the upstream connection releases them.
  [
    'the upstream holds the connection open after [DONE]',
    {
      options: { requestOptions: { headers: { 'x-mock-scenario': 'done-then-stall', 'x-mock-tokens': '5' } } },
      browse: async (url) => {
        expect(await (await post(url)).text()).toMatch(/data: \[DONE\]\n\n$/);
        await eventually(() => mock.stats().streamsReleased === 1, Number.POSITIVE_INFINITY);
      },
    },
  ],
  [
    'the upstream holds the connection open after an error event',
    {
      options: { requestOptions: { headers: { 'x-mock-scenario': 'error-then-stall' } } },
      browse: async (url) => {
        expect(await (await post(url)).text()).toContain('event: error');
        await eventually(() => mock.stats().streamsReleased === 1, Number.POSITIVE_INFINITY);
      },
    },
  ],
  [
    'the upstream connection drops mid-answer',
    {
      options: { requestOptions: { headers: { 'x-mock-scenario': 'drop' } } },
      browse: async (url) => expect(await (await post(url)).text()).toContain('event: error'),
    },
  ],
  [
    'the upstream stalls past streamIdleTimeout',
    {
      options: { requestOptions: { streamIdleTimeout: 50, headers: { 'x-mock-scenario': 'stall' } } },
      browse: async (url) => expect(await (await post(url)).text()).toContain('event: error'),
    },
  ],
  [
    'the upstream answers 500',
    {
      options: { requestOptions: { maxRetries: 0, headers: { 'x-mock-scenario': 'server-error' } } },
      browse: async (url) => expect((await post(url)).status).toBe(500),
    },
  ],
  ['the browser sends JSON that does not parse', { browse: async (url) => expect((await post(url, { body: '{"messages": [' })).status).toBe(400) }],
  ['the browser sends no messages', { browse: async (url) => expect((await post(url, { body: '{"mesages": []}' })).status).toBe(400) }],
  ['the browser sends a body over maxBodyBytes', { options: { maxBodyBytes: 20 }, browse: async (url) => expect((await post(url)).status).toBe(413) }],
  ['the browser uses GET', { browse: async (url) => expect((await fetch(url)).status).toBe(405) }],
  [
    'the browser sends a body that never ends',
    {
      options: { bodyTimeoutMs: 50 },
      browse: async (url) => {
        const socket = uploadPart(url, '{"messages":');
        let answer = '';
        socket.on('data', (data: Buffer) => (answer += data.toString()));
        await new Promise((resolve) => socket.once('close', resolve));
        expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      },
    },
  ],
];

/**
 * Streams whose response is still open at the mock: connections still held, a stream held open after its end
 * (counted as completed or failed at once) included.
 */
function openAtMock(): number {
  return mock.stats().streamsOpen;
}

/** Handlers running the middleware's upload read: a browser that leaves during the upload waits for it. */
let reading = 0;

function listeners(emitter: EventEmitter): Map<string | symbol, unknown[]> {
  return new Map(emitter.eventNames().map((name) => [name, emitter.rawListeners(name)]));
}
function addedSince(emitter: EventEmitter, before: Map<string | symbol, unknown[]>): string[] {
  return emitter.eventNames().flatMap((name) =>
    emitter
      .rawListeners(name)
      .filter((listener) => !(before.get(name) ?? []).includes(listener))
      .map((listener) => `${String(name)}: ${listener.name || String(listener).slice(0, 80)}`),
  );
}

const nodeOnceWrappers = new Set(['finish: bound onceWrapper', 'finish: wrapper']);

beforeAll(async () => {
  mock = await createMockGroqServer();
  const client = new Groq({ apiKey, baseURL: mock.url });
  const middlewares = new Map(cases.map(([name, { options }]) => [name, createChatStreamMiddleware({ client, model, heartbeatMs: 20, ...options })]));
  relay = await listen((request: IncomingMessage, response: ServerResponse) => {
    const middleware = middlewares.get(decodeURIComponent(new URL(request.url!, 'http://relay').pathname.slice(1)))!;
    // Before the snapshot, so that it is not taken for the middleware's.
    request.once('data', () => void (reading += 1));
    const before = { request: listeners(request), response: listeners(response), socket: listeners(request.socket) };
    handled.push(
      middleware(request, response).then(() => ({
        request: addedSince(request, before.request),
        response: addedSince(response, before.response),
        // Node's own: its server puts a no-op 'error' listener on a connection it has destroyed, and one that
        // destroys it on 'finish' on a connection it is closing (its side ended, after a refused body's answer):
        // once()'s wrapper, named `bound onceWrapper` on Node 20 and 22, `wrapper` on Node 24.
        socket: addedSince(request.socket, before.socket).filter(
          (listener) => listener !== 'error: noop' && !(nodeOnceWrappers.has(listener) && request.socket.writableEnded),
        ),
      })),
    );
  });
  warnings = watchWarnings();
  timers = trackTimers(ourCode);
});
afterAll(async () => {
  timers.stop();
  warnings.stop();
  await relay.close();
  await mock.close();
});

test.each(cases)(`%s, ${rounds} times: no listener left on the request, response or connection, no timer, no upstream stream open`, async (name, { browse }) => {
  handled.length = 0;
  for (let round = 0; round < rounds; round++) {
    mock.resetStats();
    reading = 0;
    await browse(`${relay.url}/${encodeURIComponent(name)}`);
    await eventually(() => handled.length === 1);
    expect(await handled.shift()).toEqual({ request: [], response: [], socket: [] });
    await eventually(() => openAtMock() === 0, Number.POSITIVE_INFINITY);
    await eventually(() => timers.pending().length === 0).catch(() => expect(timers.pending()).toEqual([]));
  }
  expect(await warnings.reported('MaxListenersExceededWarning')).toEqual([]);
});
