import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { trackTimers, type TrackedTimers } from '@groq-stream/core/test';
import { createChatRouteHandler } from './create-chat-route-handler.js';
import { Groq, type ChatRelayOptions } from './index.js';
import { chatRequest, eventually, readText, unfinishedUpload } from './test/relay-test-kit.js';

// However a relayed request ends, the route handler takes its listeners off the request's signal (which the
// runtime may keep for the connection's life), leaves no timer, and releases the upstream stream. The signal's
// listeners are counted after each request: Node warns (MaxListenersExceededWarning) past ten on an AbortSignal
// in Node 20 only, and the handler, web-standard code, listens on no emitter that a warning would catch.

const model = 'llama-3.3-70b-versatile';
const messages = [{ role: 'user', content: 'Explain quantum computing' }];
// Past ten, as if one signal served them all (a runtime may keep it for the connection's life); each
// request's is counted.
const rounds = 11;
// The relay's own code (not its tests or test helpers); stacks name core's build by its sources (source maps).
const ourCode = /\/packages\/(core|web)\/(src|dist)\/(?!test\/)[^/]+(?<!\.test)\.(js|ts):/;
// Node's, typed here since the package's types are web-only (this file runs in Node only).
const nodeProcess = (globalThis as unknown as { process: NodeProcess }).process;
const { getEventListeners } = nodeProcess.getBuiltinModule('node:events') as { getEventListeners: (target: EventTarget, type: string) => unknown[] };
interface NodeProcess {
  getBuiltinModule: (name: string) => unknown;
}

let mock: MockGroqServer;
let client: Groq;
let timers: TrackedTimers;

beforeAll(async () => {
  mock = await createMockGroqServer();
  client = new Groq({ apiKey: 'gsk_test_secret', baseURL: mock.url, maxRetries: 0 });
  timers = trackTimers(ourCode);
});
afterAll(async () => {
  timers.stop();
  await mock.close();
});

/** A browser's request as the runtime hands it over, and the runtime's abort when the browser leaves. */
type Browse = (handler: (request: Request) => Promise<Response>) => Promise<{ request: Request }>;

const slow = { 'x-mock-tokens-per-second': '20', 'x-mock-tokens': '200' };

/** Sends the chat and lets `end` finish with the response, with the runtime's controller for the browser leaving. */
function chat(end: (response: Response, leave: () => void) => Promise<unknown>, body: unknown = { messages }): Browse {
  return async (handler) => {
    const browser = new AbortController();
    const request = chatRequest(body, { signal: browser.signal });
    await end(await handler(request), () => browser.abort());
    return { request };
  };
}

const errorEvent = chat(async (response) => expect(await readText(response)).toContain('event: error'));
const status = (expected: number, body?: unknown) => chat(async (response) => expect({ status: response.status, text: await readText(response) }).toMatchObject({ status: expected }), body);

const cases: [string, Partial<ChatRelayOptions<Request>>, Browse][] = [
  ['the browser reads the whole answer', { requestOptions: { headers: { 'x-mock-tokens': '5' } } }, chat(async (response) => expect(await readText(response)).toContain('data: [DONE]'))],
  [
    'the browser leaves mid-answer',
    { requestOptions: { headers: slow } },
    chat(async (response, leave) => {
      const reader = response.body!.getReader();
      let text = '';
      while (!/"content":"[^"]/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
      leave();
    }),
  ],
  [
    'the runtime cancels the body mid-answer',
    { requestOptions: { headers: slow } },
    chat(async (response) => {
      const reader = response.body!.getReader();
      await reader.read();
      await reader.cancel();
    }),
  ],
  [
    'the browser leaves before the first token',
    { requestOptions: { headers: { 'x-mock-ttft-ms': '60000' } } },
    chat(async (_, leave) => {
      await eventually(() => mock.stats().streamsStarted === 1);
      leave();
    }),
  ],
  [
    'the browser leaves during the upload',
    {},
    async (handler) => {
      const upload = unfinishedUpload();
      const answer = handler(upload.request);
      await eventually(() => upload.state.reading);
      upload.abort();
      await answer;
      return upload;
    },
  ],
  ['the upstream fails mid-answer', { requestOptions: { headers: { 'x-mock-scenario': 'mid-stream-error' } } }, errorEvent],
  // The mock counts these as completed or failed at once, and keeps the response open: only the handler's close
  // of the upstream connection releases them.
  [
    'the upstream holds the connection open after [DONE]',
    { requestOptions: { headers: { 'x-mock-scenario': 'done-then-stall', 'x-mock-tokens': '5' } } },
    chat(async (response) => {
      expect(await readText(response)).toMatch(/data: \[DONE\]\n\n$/);
      await eventually(() => mock.stats().streamsReleased === 1, Number.POSITIVE_INFINITY);
    }),
  ],
  [
    'the upstream holds the connection open after an error event',
    { requestOptions: { headers: { 'x-mock-scenario': 'error-then-stall' } } },
    chat(async (response) => {
      expect(await readText(response)).toContain('event: error');
      await eventually(() => mock.stats().streamsReleased === 1, Number.POSITIVE_INFINITY);
    }),
  ],
  ['the upstream connection drops mid-answer', { requestOptions: { headers: { 'x-mock-scenario': 'drop' } } }, errorEvent],
  ['the upstream stalls past streamIdleTimeout', { requestOptions: { streamIdleTimeout: 50, headers: { 'x-mock-scenario': 'stall' } } }, errorEvent],
  ['the upstream answers 500', { requestOptions: { headers: { 'x-mock-scenario': 'server-error' } } }, status(500)],
  ['the browser sends JSON that does not parse', {}, status(400, '{"messages": [')],
  ['the browser sends no messages', {}, status(400, { mesages: [] })],
  ['the browser sends a body over maxBodyBytes', { maxBodyBytes: 20 }, status(413)],
  [
    'the browser sends a body that never ends',
    { bodyTimeoutMs: 50 },
    async (handler) => {
      const upload = unfinishedUpload();
      expect((await handler(upload.request)).status).toBe(408);
      return upload;
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

test.each(cases)(`%s, ${rounds} times: no listener left on request.signal, no timer, no upstream stream open`, async (_, options, browse) => {
  const handler = createChatRouteHandler({ client, model, heartbeatMs: 20, ...options });
  for (let round = 0; round < rounds; round++) {
    mock.resetStats();
    const { request } = await browse(handler);
    await eventually(() => openAtMock() === 0);
    await eventually(() => timers.pending().length === 0).catch(() => expect(timers.pending()).toEqual([]));
    expect(getEventListeners(request.signal, 'abort')).toHaveLength(0);
  }
});
