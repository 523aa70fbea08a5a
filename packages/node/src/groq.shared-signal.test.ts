import { getEventListeners } from 'node:events';
import { createServer } from 'node:net';
import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eventually, rejectionOf, trackTimers, watchWarnings, type TrackedTimers, type WatchedWarnings } from '@groq-stream/core/test';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  BadRequestError,
  InternalServerError,
  StreamIdleTimeoutError,
  StreamServerError,
  StreamTruncatedError,
  type Fetch,
} from './index.js';
import { Groq } from './groq.js';
import { isCollected } from './test/collect-garbage.js';


// One long-lived signal (an app's shutdown signal, a page's Stop button) passed to every request, whatever
// becomes of each: it must carry no listener of a request that has ended, or an app leaks one closure per
// request. Node 20 warns of that past ten listeners, Node 22 and 24 never do for an AbortSignal: each round
// counts the signal's listeners instead.

const apiKey = 'gsk_test_secret_key_0123456789';
const model = 'llama-3.3-70b-versatile';
const messages = [{ role: 'user' as const, content: 'Explain quantum computing' }];
// Past the ten listeners at which Node warns of an emitter (on every major): a listener left per request on
// one that every round uses, such as a kept-alive socket, shows as a MaxListenersExceededWarning.
const rounds = 11;

// The client's own code (not its tests or test helpers); stacks name core's build by its sources (source maps).
const ourCode = /\/packages\/(core|node)\/(src|dist)\/(?!test\/)[^/]+(?<!\.test)\.(js|ts):/;

let mock: MockGroqServer;
let refusedURL: string;
let timers: TrackedTimers;
let warnings: WatchedWarnings;

beforeAll(async () => {
  mock = await createMockGroqServer();
  // A port that was just free and is closed again: connections to it are refused.
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  refusedURL = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  await new Promise((resolve) => server.close(resolve));
  warnings = watchWarnings();
  timers = trackTimers(ourCode);
});
afterAll(async () => {
  timers.stop();
  warnings.stop();
  await mock.close();
});

// Streams left mid-answer stall (held open until the client goes away): only the client letting go can end them,
// however slow the machine, so a stream still open at the mock is waited for up to the test's timeout (a 10 s
// answer could end by itself within it, and eventually's 5 s could run out on a loaded machine).
const slow = { 'x-mock-scenario': 'stall' };

type Outcome = (client: Groq, signal: AbortSignal) => Promise<unknown>;

const outcomes: [string, Outcome][] = [
  [
    'a stream read to its end',
    async (client, signal) => {
      const stream = await client.chat.completions.create({ model, messages, stream: true }, { signal, headers: { 'x-mock-tokens': '5' } });
      for await (const _ of stream);
    },
  ],
  [
    'a stream left with break',
    async (client, signal) => {
      const stream = await client.chat.completions.create({ model, messages, stream: true }, { signal, headers: slow });
      for await (const _ of stream) break;
    },
  ],
  [
    'a stream stopped by stream.controller.abort()',
    async (client, signal) => {
      const stream = await client.chat.completions.create({ model, messages, stream: true }, { signal, headers: slow });
      const iterator = stream[Symbol.asyncIterator]();
      await iterator.next();
      stream.controller.abort();
      expect(await rejectionOf(iterator.next())).toBeInstanceOf(APIUserAbortError);
    },
  ],
  [
    'a stream stopped by a signal of its own, combined with the shared one by AbortSignal.any',
    async (client, signal) => {
      const own = new AbortController();
      const stream = await client.chat.completions.create({ model, messages, stream: true }, { signal: AbortSignal.any([signal, own.signal]), headers: slow });
      const iterator = stream[Symbol.asyncIterator]();
      await iterator.next();
      own.abort();
      expect(await rejectionOf(iterator.next())).toBeInstanceOf(APIUserAbortError);
    },
  ],
  ['a completion not streamed', (client, signal) => client.chat.completions.create({ model, messages }, { signal })],
  [
    'a completion not streamed whose connection drops before the answer',
    async (client, signal) => {
      const error = await rejectionOf(client.chat.completions.create({ model, messages }, { signal, maxRetries: 0, headers: { 'x-mock-scenario': 'drop' } }));
      expect(error).toBeInstanceOf(APIConnectionError);
      expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
    },
  ],
  [
    'a completion not streamed that times out (the server never answers)',
    async (client, signal) => {
      const request = client.chat.completions.create({ model, messages }, { signal, timeout: 50, maxRetries: 0, headers: { 'x-mock-scenario': 'stall' } });
      expect(await rejectionOf(request)).toBeInstanceOf(APIConnectionTimeoutError);
    },
  ],
  [
    'a 400',
    async (client, signal) => {
      const error = await rejectionOf(client.chat.completions.create({ model, messages, temperature: 5 }, { signal }));
      expect(error).toBeInstanceOf(BadRequestError);
    },
  ],
  [
    'a 500, retried, then failed',
    async (client, signal) => {
      const request = client.chat.completions.create({ model, messages, stream: true }, { signal, maxRetries: 1, headers: { 'x-mock-scenario': 'server-error' } });
      expect(await rejectionOf(request)).toBeInstanceOf(InternalServerError);
    },
  ],
  [
    'a connection refused, retried, then failed',
    async (client, signal) => {
      const refused = client.withOptions({ baseURL: refusedURL, maxRetries: 1 });
      const error = await rejectionOf(refused.chat.completions.create({ model, messages, stream: true }, { signal }));
      expect(error).toBeInstanceOf(APIConnectionError);
      expect(error).not.toBeInstanceOf(APIConnectionTimeoutError);
    },
  ],
  [
    'a request timed out waiting for the headers',
    async (client, signal) => {
      const request = client.chat.completions.create(
        { model, messages, stream: true },
        { signal, timeout: 50, maxRetries: 0, headers: { 'x-mock-scenario': 'slow-headers', 'x-mock-ttft-ms': '60000' } },
      );
      expect(await rejectionOf(request)).toBeInstanceOf(APIConnectionTimeoutError);
    },
  ],
  [
    'a stream that stalls past streamIdleTimeout',
    async (client, signal) => {
      const stream = await client.chat.completions.create({ model, messages, stream: true }, { signal, streamIdleTimeout: 50, headers: { 'x-mock-scenario': 'stall' } });
      const error = await (async () => {
        try {
          for await (const _ of stream);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(StreamIdleTimeoutError);
    },
  ],
];

const helpers: [string, Outcome][] = [
  [
    'tee(): one branch read to its end, the other never read',
    async (client, signal) => {
      const stream = await client.chat.completions.create({ model, messages, stream: true }, { signal, headers: { 'x-mock-tokens': '5' } });
      const [read] = stream.tee();
      for await (const _ of read);
    },
  ],
  [
    'tee(): one branch left with break, the other never read and dropped',
    async (client, signal) => {
      const stream = await client.chat.completions.create({ model, messages, stream: true }, { signal, headers: slow });
      // In a scope of its own, so that nothing here keeps the unread branch.
      const unread = await (async () => {
        const [left, right] = stream.tee();
        for await (const _ of left) break;
        return new WeakRef(right);
      })();
      expect(await isCollected(unread)).toBe(true);
      // The upstream is let go of once the unread branch is garbage, on a later turn (a FinalizationRegistry).
      await eventually(() => getEventListeners(signal, 'abort').length === 0);
    },
  ],
  [
    'toReadableStream() cancelled after one read',
    async (client, signal) => {
      const stream = await client.chat.completions.create({ model, messages, stream: true }, { signal, headers: slow });
      const reader = stream.toReadableStream().getReader();
      await reader.read();
      await reader.cancel();
    },
  ],
  [
    'toSSEReadableStream() with a heartbeat, cancelled after one read',
    async (client, signal) => {
      const stream = await client.chat.completions.create({ model, messages, stream: true }, { signal, headers: slow });
      const reader = stream.toSSEReadableStream({ heartbeatMs: 20 }).getReader();
      await reader.read();
      await reader.cancel();
    },
  ],
  [
    'finalChatCompletion() of a stream that fails mid-answer',
    async (client, signal) => {
      const stream = await client.chat.completions.create({ model, messages, stream: true }, { signal, headers: { 'x-mock-scenario': 'mid-stream-error' } });
      expect(await rejectionOf(stream.finalChatCompletion())).toBeInstanceOf(StreamServerError);
    },
  ],
  [
    'finalChatCompletion() of a stream whose connection drops',
    async (client, signal) => {
      const stream = await client.chat.completions.create({ model, messages, stream: true }, { signal, headers: { 'x-mock-scenario': 'drop' } });
      expect(await rejectionOf(stream.finalChatCompletion())).toBeInstanceOf(StreamTruncatedError);
    },
  ],
  [
    'textDeltas() left with break',
    async (client, signal) => {
      const stream = await client.chat.completions.create({ model, messages, stream: true }, { signal, headers: slow });
      for await (const _ of stream.textDeltas()) break;
    },
  ],
];

/** TCP connections open in this process, at either end (the mock runs here too). */
const openSockets = (): number => process.getActiveResourcesInfo().filter((resource) => resource === 'TCPSocketWrap').length;

/** Streams the mock started that have not ended, completed, aborted or failed: connections still held. */
function openAtMock(): number {
  const stats = mock.stats();
  return stats.streamsStarted - stats.streamsCompleted - stats.streamsAborted - stats.streamsFailed;
}

describe.each([
  ['node:http (the default transport)', undefined],
  ["Node's fetch", ((input, init) => globalThis.fetch(input, init)) satisfies Fetch],
])('one signal shared by every request, over %s', (_, fetch) => {
  test.each([...outcomes, ...helpers])(`%s, ${rounds} times: no listener left on the signal, no timer of ours pending, no stream open at the mock`, async (_, outcome) => {
    const client = new Groq({ apiKey, baseURL: mock.url, ...(fetch === undefined ? {} : { fetch }) });
    const shared = new AbortController();
    const sockets = openSockets();
    for (let round = 0; round < rounds; round++) {
      await outcome(client, shared.signal);
      expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
      await eventually(() => openAtMock() === 0, Number.POSITIVE_INFINITY);
      await eventually(() => timers.pending().length === 0).catch(() => expect(timers.pending()).toEqual([]));
    }
    expect(await warnings.reported('MaxListenersExceededWarning')).toEqual([]);
    expect(shared.signal.aborted).toBe(false);
    // The mock counts no stream for an answer not streamed, and holds a connection for as long as the client
    // does: one held per request would be eleven more here. A kept-alive one (both its ends) may stay.
    await eventually(() => openSockets() <= sockets + 2);
  });
});
