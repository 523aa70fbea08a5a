import { inspect } from 'node:util';
import { constants, createBrotliCompress, createDeflate, createGzip } from 'node:zlib';
import type { Socket } from 'node:net';
import { Groq as WebGroq } from '@groq-stream/web';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Groq } from './groq.js';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, StreamTruncatedError, type ClientOptions } from './index.js';
import { startRawUpstream, type RawHandler, type RawUpstream } from './test/raw-upstream.js';

// Faults at the HTTP layer (framing, codings, 1xx, answers that are not the one asked for), each checked with
// `stream: true` and `stream: false`, on node's client over node:http (the default) and over Node's fetch, and
// on web's client over Node's fetch. adversarial-server.test.ts and relay-faults.test.ts cover the rest (a
// status line that is not HTTP, conflicting content-lengths, resets and cuts of a stream, heartbeats, huge
// events, error events, redirect loops, an echoed key in a JSON error); they are not repeated here.

const apiKey = 'gsk_framing_SECRET_9f8e7d6c5b4a3210';
const model = 'llama-3.3-70b-versatile';
const messages = [{ role: 'user' as const, content: 'hi' }];
const chunk = (content: string, finish: string | null = null): string =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`;
const completion = JSON.stringify({
  id: 'c',
  object: 'chat.completion',
  created: 1,
  model,
  choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
});
/** What a case sends as the body it breaks: two chunks of a stream, or the start of a whole answer. */
const partOf = (stream: boolean): string => (stream ? `${chunk('a')}${chunk('b')}` : completion.slice(0, 60));
const typeOf = (stream: boolean): string => (stream ? 'text/event-stream' : 'application/json');
const hexLength = (text: string): string => Buffer.byteLength(text).toString(16);

let upstream: RawUpstream;
beforeAll(async () => {
  upstream = await startRawUpstream();
});
afterAll(() => upstream.close());

type Client = Groq | WebGroq;
const clients: [string, (options: ClientOptions) => Client][] = [
  ['node:http', (options) => new Groq(options)],
  ["Node's fetch", (options) => new Groq({ ...options, fetch: (input, init) => fetch(input, init) })],
  ["web's client on Node's fetch", (options) => new WebGroq(options)],
];
let cases = 0;

describe.each(clients)('an HTTP answer that breaks the rules, read by %s', (transport, makeClient) => {
  function serve(handler: RawHandler, options: Partial<ClientOptions> = {}): { client: Client; name: string } {
    const name = `framing-${++cases}`;
    upstream.handle(name, handler);
    return { client: makeClient({ apiKey, baseURL: `${upstream.url}/${name}`, maxRetries: 0, timeout: 2_000, streamIdleTimeout: 2_000, ...options }), name };
  }
  /** Reads the answer as a caller does: the texts of the chunks that came, and the error it failed with. */
  async function read(client: Client, stream: boolean): Promise<{ texts: string[]; error: unknown }> {
    const texts: string[] = [];
    try {
      if (!stream) texts.push((await client.chat.completions.create({ model, messages })).choices[0]?.message.content ?? '');
      else for await (const piece of await client.chat.completions.create({ model, messages, stream: true })) texts.push(piece.choices[0]?.delta.content ?? '');
    } catch (error) {
      return { texts, error };
    }
    return { texts, error: undefined };
  }

  test.each([true, false])('headers that never finish fail at `timeout` as a timeout, and the connection is closed (stream: %s)', async (stream) => {
    const { client, name } = serve((socket) => void socket.write(`HTTP/1.1 200 OK\r\ncontent-type: ${typeOf(stream)}\r\nx-request-id: req_1\r\n`), { timeout: 500 });
    const { error } = await read(client, stream);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).message).toMatch(/^Request timed out after 500 ms waiting for the response headers\./);
    await upstream.connectionClosed(name);
  });

  test.each([true, false])('an HTTP/1.0 body delimited by the close and cut short is an error, after the chunks before the cut (stream: %s)', async (stream) => {
    const { client } = serve((socket) => void socket.end(`HTTP/1.0 200 OK\r\ncontent-type: ${typeOf(stream)}\r\n\r\n${stream ? `${chunk('a')}data: {"id":"c","cho` : completion.slice(0, 60)}`));
    const { texts, error } = await read(client, stream);
    if (stream) {
      expect(texts).toEqual(['a']);
      expect(error).toBeInstanceOf(StreamTruncatedError);
    } else {
      expect(error).toBeInstanceOf(APIConnectionError);
      expect((error as Error).message).toMatch(/^The response body ended in the middle of its JSON, after 60 bytes: the connection closed early/);
    }
  });

  // Each sends a body that is not all there (two chunks; the start of a whole answer), then breaks its framing.
  const framings: [string, (socket: Socket, stream: boolean) => void][] = [
    ['a chunk size that is not hex', (socket, stream) => void socket.write(`HTTP/1.1 200 OK\r\ncontent-type: ${typeOf(stream)}\r\ntransfer-encoding: chunked\r\n\r\n${hexLength(partOf(stream))}\r\n${partOf(stream)}\r\nzz\r\nabc\r\n`)],
    ['a chunk longer than its size', (socket, stream) => void socket.write(`HTTP/1.1 200 OK\r\ncontent-type: ${typeOf(stream)}\r\ntransfer-encoding: chunked\r\n\r\n${hexLength(partOf(stream))}\r\n${partOf(stream)}\r\n5\r\nabcdefghij\r\n`)],
    ['a close without the last (0) chunk', (socket, stream) => void socket.end(`HTTP/1.1 200 OK\r\ncontent-type: ${typeOf(stream)}\r\ntransfer-encoding: chunked\r\n\r\n${hexLength(partOf(stream))}\r\n${partOf(stream)}\r\n`)],
    ['a close before content-length bytes came', (socket, stream) => void socket.end(`HTTP/1.1 200 OK\r\ncontent-type: ${typeOf(stream)}\r\ncontent-length: ${Buffer.byteLength(partOf(stream)) + 50}\r\n\r\n${partOf(stream)}`)],
  ];
  describe.each(framings)('%s', (_, send) => {
    test.each([true, false])('is an error after the chunks before it, never a quiet end, and never reads as a cancel (stream: %s)', async (stream) => {
      const { client, name } = serve((socket) => send(socket, stream));
      const { texts, error } = await read(client, stream);
      expect(error).toBeInstanceOf(stream ? StreamTruncatedError : APIConnectionError);
      expect(error).not.toBeInstanceOf(APIUserAbortError);
      if (stream) expect(texts).toEqual(['a', 'b']);
      const message = (error as Error).message;
      expect(message).toMatch(stream ? /^The response body broke off in the middle of the stream \(terminated: / : /^The response body could not be read: terminated: /);
      // node's own word for a body cut short, which the caller would take for a cancel of theirs.
      expect(message).not.toMatch(/terminated: aborted/);
      await upstream.connectionClosed(name);
    });
  });

  test.each([
    ['the same content-length twice', (body: string) => `content-length: ${Buffer.byteLength(body)}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`],
    ['content-length beside chunked', (body: string) => `content-length: 3\r\ntransfer-encoding: chunked\r\n\r\n${hexLength(body)}\r\n${body}\r\n0\r\n\r\n`],
  ])('%s is an answer that is not valid HTTP (a request smuggling shape), not "no response", and the connection is closed', async (_, framing) => {
    for (const stream of [true, false]) {
      const body = stream ? `${chunk('a', 'stop')}data: [DONE]\n\n` : completion;
      const { client, name } = serve((socket) => void socket.end(`HTTP/1.1 200 OK\r\ncontent-type: ${typeOf(stream)}\r\n${framing(body)}`));
      const { texts, error } = await read(client, stream);
      expect(texts).toEqual([]);
      expect(error).toBeInstanceOf(APIConnectionError);
      expect((error as Error).message).toMatch(/^The server's answer was not valid HTTP: fetch failed: .*[Cc]ontent-[Ll]ength.*\. \[POST \/framing-\d+\/openai\/v1\/chat\/completions\]\. Check that baseURL points at Groq/);
      await upstream.connectionClosed(name);
    }
  });

  test.each([
    ['gzip', () => createGzip({ flush: constants.Z_SYNC_FLUSH })],
    ['deflate', () => createDeflate({ flush: constants.Z_SYNC_FLUSH })],
    ['br', () => createBrotliCompress({ flush: constants.BROTLI_OPERATION_FLUSH })],
  ])('a %s body that turns to garbage part way is an error after what was decoded, on both kinds of answer', async (coding, createEncoder) => {
    for (const stream of [true, false]) {
      // The garbage goes out once the stream's two chunks were read: sent in the same read as them, it would take
      // them down with it (see the report of this audit: zlib drops what a failing write decoded).
      let release = (): void => undefined;
      const released = new Promise<void>((resolve) => (release = resolve));
      if (!stream) release();
      const { client, name } = serve(async (socket) => {
        // The first part compressed and flushed whole, then bytes no decoder takes.
        const encoder = createEncoder();
        const pieces: Buffer[] = [];
        encoder.on('data', (piece: Buffer) => pieces.push(piece));
        await new Promise((resolve) => encoder.write(partOf(stream), resolve));
        encoder.destroy();
        socket.write(`HTTP/1.1 200 OK\r\ncontent-type: ${typeOf(stream)}\r\ncontent-encoding: ${coding}\r\nconnection: close\r\n\r\n`);
        socket.write(Buffer.concat(pieces));
        await released;
        socket.write(Buffer.alloc(64, 0xff));
      });
      const texts: string[] = [];
      const error = await (async () => {
        if (!stream) return void (await client.chat.completions.create({ model, messages }));
        for await (const piece of await client.chat.completions.create({ model, messages, stream: true })) {
          texts.push(piece.choices[0]?.delta.content ?? '');
          if (texts.length === 2) release();
        }
      })().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(stream ? StreamTruncatedError : APIConnectionError);
      if (stream) expect(texts).toEqual(['a', 'b']);
      // Bytes that could not be decoded, not a body cut short: said so, with no advice to retry, on both kinds of answer.
      const message = (error as Error).message;
      expect(message).toMatch(stream ? /^The response body could not be decoded as its content-encoding said, in the middle of the stream \(terminated: / : /^The response body could not be decoded as its content-encoding said: terminated: /);
      expect(message).toMatch(/\. (The answer is incomplete\. )?A retry will likely fail the same way: check the compression settings of the server or a proxy in between, or send `accept-encoding: identity` in the defaultHeaders option\.$/);
      await upstream.connectionClosed(name);
    }
  });

  test('a 200 whose body is a JSON error, where a stream was asked for, is that error (with its status), not an empty stream', async () => {
    const body = JSON.stringify({ error: { message: 'The model `nope` does not exist.', type: 'invalid_request_error', code: 'model_not_found' } });
    const { client } = serve((socket) => void socket.end(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`));
    const { texts, error } = await read(client, true);
    expect(texts).toEqual([]);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 200, code: 'model_not_found' });
    expect((error as Error).message).toContain('The model `nope` does not exist.');
  });

  test.each([true, false])('103 Early Hints before the answer is passed over: the answer is read whole (stream: %s)', async (stream) => {
    const { client } = serve((socket) => {
      const body = stream ? `${chunk('a')}${chunk('b', 'stop')}data: [DONE]\n\n` : completion;
      socket.end(`HTTP/1.1 103 Early Hints\r\nlink: </x>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\ncontent-type: ${typeOf(stream)}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
    });
    const { texts, error } = await read(client, stream);
    expect(error).toBeUndefined();
    expect(texts).toEqual(stream ? ['a', 'b'] : ['hello']);
  });

  test.each([true, false])('a 101 to a request that asked for no upgrade is an answer that is not valid HTTP, not "no response", and the connection is closed (stream: %s)', async (stream) => {
    // RFC 9110 forbids switching to a protocol the request did not offer. The server did answer: "got no
    // response" and "check the network" would send the caller to the wrong place.
    const { client, name } = serve((socket) => void socket.write(`HTTP/1.1 101 Switching Protocols\r\nconnection: upgrade\r\nupgrade: websocket\r\n\r\n${partOf(stream)}`));
    const { texts, error } = await read(client, stream);
    expect(texts).toEqual([]);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toMatch(/^The server's answer was not valid HTTP: fetch failed: .*\. \[POST \/framing-\d+\/openai\/v1\/chat\/completions\]\. Check that baseURL points at Groq/);
    await upstream.connectionClosed(name);
  });

  test.each([true, false])('a server that accepts the connection and closes it at once is "no response", retried as maxRetries says (stream: %s)', async (stream) => {
    const { client, name } = serve((socket) => void socket.destroy(), { maxRetries: 1 });
    const { error } = await read(client, stream);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toMatch(/^The request got no response: fetch failed: .+\. \[POST \/framing-\d+\/openai\/v1\/chat\/completions\]\. Check the network/);
    expect(upstream.requests(name)).toBe(2);
  });

  test('a whole answer whose connection is reset before its content-length is a broken body, not a short answer', async () => {
    const { client } = serve((socket) => void socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${completion.length}\r\n\r\n${completion.slice(0, 60)}`, () => socket.resetAndDestroy()));
    const { error } = await read(client, false);
    expect(error).toBeInstanceOf(APIConnectionError);
    // Said by the transport, not guessed from JSON that stops in the middle.
    expect((error as Error).message).toMatch(/^The response body could not be read: terminated: /);
  });

  test.each([true, false])("an abort once the answer has begun (its headers came, its body is still coming) is APIUserAbortError with the abort's reason, and closes the connection at once (stream: %s)", async (stream) => {
    const controller = new AbortController();
    const reason = new Error('user pressed stop');
    const { client, name } = serve(
      // The rest of the body never comes: only the client's leaving closes the connection.
      (socket) => void socket.write(`HTTP/1.1 200 OK\r\ncontent-type: ${typeOf(stream)}\r\ncontent-length: ${stream ? 100_000 : completion.length}\r\n\r\n${partOf(stream)}`),
      {
        // The client logs the answer's status as its headers come: the abort follows in the next turn, while the body is read.
        logLevel: 'debug',
        logger: { debug: (line: string) => void (/: 200 in \d+ ms/.test(line) && setTimeout(() => controller.abort(reason), 0)), info() {}, warn() {}, error() {} },
      },
    );
    const error = await (async () => {
      if (!stream) await client.chat.completions.create({ model, messages }, { signal: controller.signal });
      else for await (const _ of await client.chat.completions.create({ model, messages, stream: true }, { signal: controller.signal }));
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).cause).toBe(reason);
    await upstream.connectionClosed(name);
  });

  test.each([
    ['a 429 (retried, were it whole)', '429 Too Many Requests', 'application/json', '{"error":{"message":"Rate limit reached', true],
    ['a 400', '400 Bad Request', 'application/json', '{"error":{"message":"messages must', false],
    ["a proxy's 502 page", '502 Bad Gateway', 'text/html', '<html><body><h1>Bad Gateway', true],
    ['a 200 that is not an event stream', '200 OK', 'text/html', '<html><body>Please sign in', true],
  ])("an abort while %s is read for its error is APIUserAbortError with the abort's reason, and closes the connection at once", async (_, status, contentType, part, stream) => {
    const controller = new AbortController();
    const reason = new Error('user pressed stop');
    const { client, name } = serve(
      // The rest of the body never comes: only the client's leaving closes the connection. `timeout` is far past
      // the test's own, so that a client that read on until it gave up fails the test.
      (socket) => void socket.write(`HTTP/1.1 ${status}\r\ncontent-type: ${contentType}\r\ncontent-length: 100000\r\nretry-after: 0\r\n\r\n${part}`),
      {
        timeout: 600_000,
        maxRetries: 2,
        // The client logs the answer's status as its headers come: the abort follows in the next turn, while the body is read.
        logLevel: 'debug',
        logger: { debug: (line: string) => void (/: \d{3} in \d+ ms/.test(line) && setTimeout(() => controller.abort(reason), 0)), info() {}, warn() {}, error() {} },
      },
    );
    const error = await (stream
      ? client.chat.completions.create({ model, messages, stream: true }, { signal: controller.signal })
      : client.chat.completions.create({ model, messages }, { signal: controller.signal })
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).cause).toBe(reason);
    await upstream.connectionClosed(name);
    // Not sent again: the abort ends the request, its retries too.
    expect(upstream.requests(name)).toBe(1);
  });

  test('a redirect to another origin takes the key neither there nor into the error', async () => {
    const other = await startRawUpstream();
    let authorization: string | undefined = 'not asked';
    other.handle('elsewhere', (socket, request) => {
      authorization = request.headers.authorization;
      socket.end(`HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{"error":{"message":"Invalid API Key"}}`);
    });
    try {
      const { client } = serve((socket) => void socket.end(`HTTP/1.1 307 Temporary Redirect\r\nlocation: ${other.url}/elsewhere/openai/v1/chat/completions\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`));
      for (const stream of [true, false]) {
        authorization = 'not asked';
        const { error } = await read(client, stream);
        expect(error).toBeInstanceOf(APIError);
        expect(authorization).toBeUndefined();
        for (const printed of [(error as Error).message, JSON.stringify(error), inspect(error, { depth: 10 })]) expect(printed).not.toContain(apiKey);
      }
    } finally {
      await other.close();
    }
  });

  test.each([true, false])('a key echoed in the reason phrase, a header the message quotes, or a page is not in the error, however it is printed (stream: %s)', async (stream) => {
    const answers = [
      (key: string) => `HTTP/1.1 401 Bad key ${key}\r\ncontent-type: text/plain\r\ncontent-length: 2\r\nconnection: close\r\n\r\nno`,
      (key: string) => `HTTP/1.1 200 OK\r\ncontent-type: text/html; token=${key}\r\ncontent-length: 2\r\nconnection: close\r\n\r\nno`,
      (key: string) => `HTTP/1.1 200 OK\r\ncontent-type: text/html\r\nconnection: close\r\n\r\n<html>Signed in as Bearer ${key}</html>`,
      (key: string) => `HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/plain\r\nx-request-id: ${key}\r\nconnection: close\r\n\r\nupstream refused ${key}`,
    ];
    for (const answer of answers) {
      const { client } = serve((socket, request) => void socket.end(answer(request.headers.authorization!.replace('Bearer ', ''))));
      const { error } = await read(client, stream);
      expect(error).toBeInstanceOf(APIError);
      for (const printed of [(error as Error).message, String(error), JSON.stringify(error), inspect(error, { depth: 10 })]) expect(printed).not.toContain(apiKey);
      expect((error as Error).message).toContain('[redacted]');
    }
  });

  test.each(['break', 'controller.abort()', 'the signal'] as const)('leaving a gzip stream by %s after its first chunk closes the connection at once', async (how) => {
    const { client, name } = serve((socket) => {
      socket.write(`HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-encoding: gzip\r\ntransfer-encoding: chunked\r\n\r\n`);
      // The answer never ends: only the client's leaving closes the connection.
      const encoder = createGzip({ flush: constants.Z_SYNC_FLUSH });
      encoder.on('data', (piece: Buffer) => void socket.write(Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')])));
      encoder.write(`${chunk('a')}${chunk('b')}`);
      socket.on('close', () => encoder.destroy());
    });
    const signal = new AbortController();
    const stream = await client.chat.completions.create({ model, messages, stream: true }, { signal: signal.signal });
    const texts: string[] = [];
    const error = await (async () => {
      for await (const piece of stream) {
        texts.push(piece.choices[0]?.delta.content ?? '');
        if (how === 'break') break;
        if (how === 'controller.abort()') stream.controller.abort();
        else signal.abort();
      }
    })().catch((caught: unknown) => caught);
    expect(texts).toEqual(['a']);
    if (how === 'break') expect(error).toBeUndefined();
    else expect(error).toBeInstanceOf(APIUserAbortError);
    await upstream.connectionClosed(name);
  });

  if (transport === 'node:http') {
    test.each([true, false])('a 100 Continue nobody asked for, then 103, before the answer is passed over (stream: %s)', async (stream) => {
      // Node's fetch (undici 6) fails such an answer as a "bad response"; node:http reads past it, as RFC 9110 asks.
      const { client } = serve((socket) => {
        const body = stream ? `${chunk('a')}${chunk('b', 'stop')}data: [DONE]\n\n` : completion;
        socket.end(`HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nlink: </x>\r\n\r\nHTTP/1.1 200 OK\r\ncontent-type: ${typeOf(stream)}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
      });
      const { texts, error } = await read(client, stream);
      expect(error).toBeUndefined();
      expect(texts).toEqual(stream ? ['a', 'b'] : ['hello']);
    });
  }
});
