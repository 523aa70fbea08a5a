import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import { describe, expect, test } from 'vitest';
import { eventually, rejectionOf } from '@groq-stream/core/test';
import { Groq as WebGroq } from '@groq-stream/web';
import { APIUserAbortError, type ChatCompletionChunk, type ClientOptions, type Stream } from './index.js';
import { Groq } from './groq.js';

// The ways a caller stops reading a stream by hand, rather than with `break` or an abort (groq.test.ts has
// those): return() or throw() called on the iterator itself, also while a next() waits; a ReadableStream
// cancelled before its first read or while a read waits; tee() branches left one after the other while they
// wait; the Stream of withResponse(). Each must let go of the upstream connection at once, as the mock's own
// counters show, not only settle the promise in hand. Every case reads a `stall`: the mock holds the stream
// open until the client goes away, and no idle timeout is set, so only the release can end it (waited for
// without a bound of its own: a client that kept the connection fails by the test's timeout).

const apiKey = 'gsk_test_secret_key_0123456789';
const model = 'llama-3.3-70b-versatile';
const messages = [{ role: 'user' as const, content: 'Explain quantum computing' }];
const stall = { headers: { 'x-mock-scenario': 'stall' }, streamIdleTimeout: 0 };
// The role chunk and three tokens come before the stall: a fifth next() waits for ever.
const beforeStall = 4;

type Client = Groq | WebGroq;
type Case = (stalled: () => Promise<Stream<ChatCompletionChunk>>, client: Client) => Promise<void>;

async function readSome(iterator: AsyncIterator<unknown>, count: number): Promise<void> {
  for (let read = 0; read < count; read++) expect((await iterator.next()).done).toBe(false);
}

const cases: [string, Case][] = [
  [
    'return() on the iterator while a next() waits for a token',
    async (stalled) => {
      const iterator = (await stalled())[Symbol.asyncIterator]();
      await readSome(iterator, beforeStall);
      const waiting = iterator.next();
      expect(await iterator.return!()).toEqual({ done: true, value: undefined });
      expect(await waiting).toEqual({ done: true, value: undefined });
    },
  ],
  [
    'throw() on the iterator while a next() waits for a token',
    async (stalled) => {
      const iterator = (await stalled())[Symbol.asyncIterator]();
      await readSome(iterator, beforeStall);
      const waiting = iterator.next().then(
        (result) => result,
        (error: unknown) => error,
      );
      const thrown = new Error('stop here');
      expect(await rejectionOf(iterator.throw!(thrown))).toBe(thrown);
      await waiting;
    },
  ],
  [
    'return() on the iterator before any next()',
    async (stalled) => {
      const iterator = (await stalled())[Symbol.asyncIterator]();
      expect(await iterator.return!()).toEqual({ done: true, value: undefined });
    },
  ],
  [
    'throw() on the iterator before any next()',
    async (stalled) => {
      const iterator = (await stalled())[Symbol.asyncIterator]();
      const thrown = new Error('stop here');
      expect(await rejectionOf(iterator.throw!(thrown))).toBe(thrown);
    },
  ],
  [
    'toReadableStream() cancelled before its first read',
    async (stalled) => {
      await (await stalled()).toReadableStream().cancel();
    },
  ],
  [
    "toReadableStream()'s reader cancelled while a read waits for a token",
    async (stalled) => {
      const reader = (await stalled()).toReadableStream().getReader();
      for (let read = 0; read < beforeStall; read++) expect((await reader.read()).done).toBe(false);
      const waiting = reader.read();
      await reader.cancel();
      expect((await waiting).done).toBe(true);
    },
  ],
  [
    'toSSEReadableStream() cancelled before its first read',
    async (stalled) => {
      await (await stalled()).toSSEReadableStream({ heartbeatMs: 0 }).cancel();
    },
  ],
  [
    'tee() branches left by return() one after the other, each while its next() waits',
    async (stalled) => {
      const [left, right] = (await stalled()).tee().map((branch) => branch[Symbol.asyncIterator]()) as [AsyncIterator<unknown>, AsyncIterator<unknown>];
      await readSome(left, beforeStall);
      await readSome(right, beforeStall);
      const leftWaiting = left.next();
      const rightWaiting = right.next();
      await left.return!();
      expect(await leftWaiting).toEqual({ done: true, value: undefined });
      await right.return!();
      expect(await rightWaiting).toEqual({ done: true, value: undefined });
    },
  ],
  [
    'tee() branches left before either is read, by return() on each',
    async (stalled) => {
      for (const branch of (await stalled()).tee()) await branch[Symbol.asyncIterator]().return!();
    },
  ],
  [
    'the Stream of withResponse() left with break',
    async (_, client) => {
      const { data } = await client.chat.completions.create({ model, messages, stream: true }, stall).withResponse();
      for await (const _ of data) break;
    },
  ],
  [
    'the Stream of withResponse() stopped by controller.abort() while a next() waits',
    async (_, client) => {
      const { data } = await client.chat.completions.create({ model, messages, stream: true }, stall).withResponse();
      const iterator = data[Symbol.asyncIterator]();
      await readSome(iterator, beforeStall);
      const waiting = iterator.next();
      data.controller.abort();
      expect(await rejectionOf(waiting)).toBeInstanceOf(APIUserAbortError);
    },
  ],
];

const clients: [string, (options: ClientOptions) => Client][] = [
  ['node:http (the default transport)', (options) => new Groq(options)],
  ["Node's fetch", (options) => new Groq({ ...options, fetch: (input, init) => fetch(input, init) })],
  ["web's client on Node's fetch", (options) => new WebGroq(options)],
];

describe.each(clients)('a caller that stops reading by hand, with %s', (_, makeClient) => {
  test.each(cases)('%s releases the upstream at once', async (_, stop) => {
    // A mock of its own: a stream let go late would be counted in the next case's counters.
    const mock: MockGroqServer = await createMockGroqServer();
    try {
      const client = makeClient({ apiKey, baseURL: mock.url, maxRetries: 0 });
      const streams: Stream<ChatCompletionChunk>[] = [];
      // Kept until the end, so that a release seen below is the stop's, not the collector's (a Stream dropped
      // unread is let go once it is garbage).
      const stalled = async () => {
        const stream = await client.chat.completions.create({ model, messages, stream: true }, stall);
        streams.push(stream);
        return stream;
      };
      await stop(stalled, client);
      await eventually(() => mock.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);
      expect(mock.stats()).toMatchObject({ requests: 1, streamsStarted: 1, streamsCompleted: 0, streamsFailed: 0 });
      expect(streams.length).toBeLessThanOrEqual(1);
    } finally {
      await mock.close();
    }
  });
});
