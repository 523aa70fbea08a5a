import type { Socket } from 'node:net';
import { inspect } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Groq } from './groq.js';
import { APIConnectionTimeoutError, APIError, StreamEventTooLargeError, StreamIdleTimeoutError, StreamTruncatedError, createChatStreamMiddleware, type Fetch } from './index.js';
import { listen } from './pipe-stream-to-server-response.test-helpers.js';
import { startRawUpstream, type RawHandler, type RawUpstream } from './test/raw-upstream.js';

// A server that tries to make the client hold or do without bound what it sends: lines that never end, a
// connection kept alive with events that carry nothing, JSON nested deeper than any recursion could take, a
// compressed answer that inflates past every limit, choices at absurd indexes. Each must end in a typed error
// (or the answer, where the bytes were one), with the connection let go. adversarial-server.test.ts and
// adversarial-framing.test.ts hold the faults of HTTP and of a stream's end; they are not repeated here.

const apiKey = 'gsk_limits_SECRET_5a4b3c2d1e0f9a8b';
const model = 'llama-3.3-70b-versatile';
const messages = [{ role: 'user' as const, content: 'hi' }];
const chunk = (content: string, finish: string | null = null, index = 0): string =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model, choices: [{ index, delta: { content }, finish_reason: finish }] })}\n\n`;
/** `{"a":{"a":…1…}}`, `depth` objects deep: far past what a recursive parser or serialiser could walk. */
const nested = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

let upstream: RawUpstream;
let cases = 0;
beforeAll(async () => {
  upstream = await startRawUpstream();
});
afterAll(() => upstream.close());

const eventStreamHead = 'HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n';
/** Writes `piece` every few milliseconds until the client leaves. */
function repeatUntilClosed(socket: Socket, piece: string): void {
  const writer = setInterval(() => socket.write(piece), 5);
  socket.on('close', () => clearInterval(writer));
}

const transports: [string, Fetch | undefined][] = [
  ['node:http', undefined],
  ["Node's fetch", (input, init) => fetch(input, init)],
];

describe.each(transports)('a server that sends without bound, read over %s', (_, transportFetch) => {
  function serve(handler: RawHandler, options: { timeout?: number; streamIdleTimeout?: number; maxEventSize?: number } = {}): { client: Groq; name: string } {
    const name = `limits-${++cases}`;
    upstream.handle(name, handler);
    return { client: new Groq({ apiKey, baseURL: `${upstream.url}/${name}`, maxRetries: 0, fetch: transportFetch, timeout: 2_000, streamIdleTimeout: 2_000, ...options }), name };
  }
  async function readStream(client: Groq): Promise<{ texts: string[]; error: unknown }> {
    const texts: string[] = [];
    try {
      for await (const piece of await client.chat.completions.create({ model, messages, stream: true })) texts.push(piece.choices[0]?.delta.content ?? '');
    } catch (error) {
      return { texts, error };
    }
    return { texts, error: undefined };
  }

  test('a data line that never ends fails at maxEventSize, after the chunks before it, and the connection is closed', async () => {
    const { client, name } = serve(
      (socket) => {
        socket.write(`${eventStreamHead}${chunk('a')}data: `);
        repeatUntilClosed(socket, 'x'.repeat(16 * 1024));
      },
      { maxEventSize: 64 * 1024 },
    );
    const { texts, error } = await readStream(client);
    expect(texts).toEqual(['a']);
    expect(error).toBeInstanceOf(StreamEventTooLargeError);
    await upstream.connectionClosed(name);
  });

  test.each([
    ['a comment line that never ends', ': '],
    ['a line of an unknown field that never ends', 'x-padding: '],
  ])('%s is skipped, not kept (no maxEventSize error), and fails idle, after the chunks before it', async (_, start) => {
    // Far more than maxEventSize comes: were the line kept, the limit would fail it. Skipped, only the idle limit ends it.
    const { client, name } = serve(
      (socket) => {
        socket.write(`${eventStreamHead}${chunk('a')}${start}`);
        repeatUntilClosed(socket, 'x'.repeat(16 * 1024));
      },
      { maxEventSize: 1024, streamIdleTimeout: 300 },
    );
    const { texts, error } = await readStream(client);
    expect(texts).toEqual(['a']);
    expect(error).toBeInstanceOf(StreamIdleTimeoutError);
    await upstream.connectionClosed(name);
  });

  test.each([
    ['blank lines', '\n\n'],
    ['events with empty data', 'data:\n\n'],
    ['events with a type and no data', 'event: ping\n\n'],
    ['ids alone', 'id: 7\n\n'],
    ['retry fields alone', 'retry: 1000\n\n'],
  ])('a connection kept alive with %s only is no progress: it fails idle, and the connection is closed', async (_, keepAlive) => {
    const { client, name } = serve(
      (socket) => {
        socket.write(`${eventStreamHead}${chunk('a')}`);
        repeatUntilClosed(socket, keepAlive);
      },
      { streamIdleTimeout: 300 },
    );
    const { texts, error } = await readStream(client);
    expect(texts).toEqual(['a']);
    expect(error).toBeInstanceOf(StreamIdleTimeoutError);
    await upstream.connectionClosed(name);
  });

  test.each([true, false])('103 Early Hints without end, never the answer, fail at `timeout` as headers that never came, and the connection is closed (stream: %s)', async (stream) => {
    const { client, name } = serve((socket) => repeatUntilClosed(socket, 'HTTP/1.1 103 Early Hints\r\nlink: </style.css>; rel=preload\r\n\r\n'), { timeout: 500 });
    const error = await (stream ? client.chat.completions.create({ model, messages, stream: true }) : client.chat.completions.create({ model, messages })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).message).toMatch(/^Request timed out after 500 ms waiting for the response headers\./);
    await upstream.connectionClosed(name);
  });

  test('a million comments and blank lines before the answer are read through, quickly', async () => {
    const { client } = serve((socket) => void socket.end(`${eventStreamHead}${':\n\n'.repeat(1_000_000)}${chunk('a')}${chunk('b', 'stop')}data: [DONE]\n\n`));
    expect(await readStream(client)).toEqual({ texts: ['a', 'b'], error: undefined });
  });

  test('JSON nested 100,000 deep in a chunk, in its delta and in an error event is read, merged and reported, never a RangeError', async () => {
    const deep = nested(100_000);
    const body = `data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","x":${deep},"choices":[{"index":0,"delta":{"content":"a","y":${deep}},"finish_reason":null}]}\n\n${chunk('b', 'stop')}data: [DONE]\n\n`;
    const { client } = serve((socket) => void socket.end(`${eventStreamHead}${body}`));
    const completion = await (await client.chat.completions.create({ model, messages, stream: true })).finalChatCompletion();
    expect(completion.choices[0]?.message.content).toBe('ab');
    const failing = serve((socket) => void socket.end(`${eventStreamHead}${chunk('a')}event: error\ndata: {"error":{"message":"boom","x":${deep}}}\n\n`));
    const { texts, error } = await readStream(failing.client);
    expect(texts).toEqual(['a']);
    expect((error as Error).message).toMatch(/^The server reported an error mid-stream: boom\./);
    expect(() => inspect(error, { depth: Infinity })).not.toThrow();
  });

  test('a gzip answer that inflates past 32 MiB fails as larger than any answer, and the connection is closed', async () => {
    // 33 MiB of spaces, 150 KB on the wire, and a byte more promised that never comes: the connection cannot be
    // kept for another request, only closed.
    const bomb = gzipSync(Buffer.alloc(33 * 1024 * 1024, 0x20), { level: 1 });
    const { client, name } = serve((socket) => {
      socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\ncontent-length: ${bomb.length + 1}\r\n\r\n`);
      socket.write(bomb);
    });
    const error = await client.chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIError);
    expect((error as Error).message).toMatch(/^The response body is larger than 32 MiB, more than any chat completion or model list\./);
    await upstream.connectionClosed(name);
  });

  test('a content-length shorter than the stream ends it there: truncated, after the chunks that fit', async () => {
    const body = `${chunk('a')}${chunk('b', 'stop')}data: [DONE]\n\n`;
    const { client } = serve((socket) => void socket.end(`HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: ${Buffer.byteLength(chunk('a')) + 20}\r\n\r\n${body}`));
    const { texts, error } = await readStream(client);
    expect(texts).toEqual(['a']);
    expect(error).toBeInstanceOf(StreamTruncatedError);
  });

  test('trailers after the last chunk (one holding the key) are passed over: the answer is whole', async () => {
    const body = `${chunk('a')}${chunk('b', 'stop')}data: [DONE]\n\n`;
    const { client } = serve((socket) =>
      void socket.end(`HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\ntrailer: x-echo\r\n\r\n${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\nx-echo: Bearer ${apiKey}\r\n\r\n`),
    );
    expect(await readStream(client)).toEqual({ texts: ['a', 'b'], error: undefined });
  });

  test('choices at index 1e9 and thousands of others are merged as sent, without a list that long', async () => {
    const indexes = [1e9, ...Array.from({ length: 2_000 }, (_, index) => index * 7)];
    const body = `${indexes.map((index) => chunk('x', null, index)).join('')}${indexes.map((index) => chunk('', 'stop', index)).join('')}data: [DONE]\n\n`;
    const { client } = serve((socket) => void socket.end(`${eventStreamHead}${body}`));
    const completion = await (await client.chat.completions.create({ model, messages, stream: true })).finalChatCompletion();
    expect(completion.choices).toHaveLength(indexes.length);
    expect(completion.choices.at(-1)?.index).toBe(1e9);
  });
});

describe('the relay in front of a server that sends without bound', () => {
  async function relayed(handler: RawHandler): Promise<{ text: string; name: string }> {
    const name = `limits-relay-${++cases}`;
    upstream.handle(name, handler);
    const client = new Groq({ apiKey, baseURL: `${upstream.url}/${name}`, maxRetries: 0, timeout: 2_000, streamIdleTimeout: 300 });
    const relay = await listen(createChatStreamMiddleware({ client, model, heartbeatMs: 0 }));
    try {
      const response = await fetch(relay.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ messages }) });
      return { text: await response.text(), name };
    } finally {
      await relay.close();
    }
  }

  test('JSON nested 100,000 deep in a chunk is passed on, and the answer ends with [DONE]', async () => {
    const { text } = await relayed((socket) => void socket.end(`${eventStreamHead}data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","x":${nested(100_000)},"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}]}\n\n${chunk('b', 'stop')}data: [DONE]\n\n`));
    expect(text).toContain(nested(100_000));
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  test('a connection kept alive with empty events only ends in a timeout error event, and the upstream connection is closed', async () => {
    const { text, name } = await relayed((socket) => {
      socket.write(`${eventStreamHead}${chunk('a')}`);
      repeatUntilClosed(socket, 'data:\n\n');
    });
    expect(text).toContain('event: error\ndata: {"error":{"type":"timeout"');
    expect(text).not.toContain('[DONE]');
    await upstream.connectionClosed(name);
  });
});
