import { getEventListeners } from 'node:events';
import { stat } from 'node:fs';
import { request as httpRequest, IncomingMessage, ServerResponse } from 'node:http';
import { connect, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { readAll } from '@groq-stream/core/test';
import type { MockGroqServer } from '@groq-stream/mock-server';
import express from 'express';
import { describe, expect, test, vi } from 'vitest';
import {
  GroqError,
  sseFrames,
  sseResponseHeaders,
  Stream,
  StreamServerError,
  StreamTruncatedError,
  type ChatCompletionChunk,
  type PipeStreamResult,
  type PipeStreamToServerResponseOptions,
} from './index.js';
import { Groq } from './groq.js';
import { pipeStreamToServerResponse } from './pipe-stream-to-server-response.js';
import { dataFrames, deferred, eventually, gatedFetch, listen, readInLockstep, readTimedFrames, registerMockUpstream } from './pipe-stream-to-server-response.test-helpers.js';

const apiKey = 'gsk_test_secret_key_0123456789';
/**
 * An upstream that stalls after the role chunk and three tokens, held open until the client goes away: only
 * the pipe letting go can end it, however slow the machine, so its abort can be waited for up to the test's
 * timeout (a paced answer could finish first, or be noticed after eventually's 5 s).
 */
const stall = { 'x-mock-scenario': 'stall' };
const model = 'llama-3.3-70b-versatile';
const messages = [{ role: 'user' as const, content: 'Explain quantum computing' }];
let mock: MockGroqServer;
let client: Groq;
const servers = registerMockUpstream({ apiKey, maxRetries: 0 }, (upstream) => ({ mock, client } = upstream));

/**
 * A response made by hand, as a framework's in-process request makes them, to a GET: with no connection behind
 * it, it emits no 'close' when destroyed or ended.
 */
function handMadeResponse(socket: Socket | null): ServerResponse {
  return new ServerResponse(Object.assign(new IncomingMessage(socket as Socket), { method: 'GET', headers: {} }));
}

/**
 * Passes the chunks of `stream` through, telling `onChunk` about each one as it is pulled from upstream, and
 * `onAsk` each time the next one is asked for (before it has come).
 */
function observed(stream: Stream<ChatCompletionChunk>, onChunk: (chunk: ChatCompletionChunk) => void, onAsk?: () => void): Stream<ChatCompletionChunk> {
  return new Stream(
    () => {
      const iterator = stream[Symbol.asyncIterator]();
      return {
        next: async () => {
          onAsk?.();
          const result = await iterator.next();
          if (!result.done) onChunk(result.value);
          return result;
        },
        return: async () => (await iterator.return?.()) ?? { done: true, value: undefined },
      };
    },
    stream.controller,
    stream.response,
  );
}

/** The chunk of {@link oneChunkStream}: 'Hi', and stop. */
const hiChunk: ChatCompletionChunk = { id: 'c', object: 'chat.completion.chunk', created: 0, model, choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: 'stop' }] };

/**
 * A stream made by hand that gives {@link hiChunk}, `delayMs` after it is first read: `read()` says whether it
 * was, for the checks of what the pipe refuses before reading anything.
 */
function oneChunkStream(delayMs = 0): { stream: Stream<ChatCompletionChunk>; read: () => boolean } {
  let read = false;
  const stream = new Stream<ChatCompletionChunk>(async function* () {
    read = true;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    yield hiChunk;
  }, new AbortController());
  return { stream, read: () => read };
}

interface RelaySetup {
  /** The client that makes the upstream request; by default the mock's. */
  client?: Groq;
  /** `x-mock-*` headers for the upstream request. */
  mockHeaders?: Record<string, string>;
  /** Options of the pipe; may use the response (e.g. to patch it). */
  options?: (response: ServerResponse) => PipeStreamToServerResponseOptions;
}

/** A node:http server whose handler streams one Groq answer through `pipeStreamToServerResponse`. */
async function startRelay(setup: RelaySetup = {}) {
  const result = deferred<PipeStreamResult>();
  const served = deferred<ServerResponse>();
  const upstream: ChatCompletionChunk[] = [];
  const server = await listen(async (_request, response) => {
    served.resolve(response);
    const stream = await (setup.client ?? client).chat.completions.create({ model, messages, stream: true }, { headers: setup.mockHeaders });
    const options = setup.options?.(response) ?? { heartbeatMs: 0 };
    result.resolve(await pipeStreamToServerResponse(observed(stream, (chunk) => upstream.push(chunk)), response, options));
  });
  servers.push(server);
  return { url: server.url, result: result.promise, response: served.promise, upstream };
}

describe('pipeStreamToServerResponse', () => {
  test('writes the wire format of core byte for byte, and reads back as the upstream chunks', async () => {
    const relay = await startRelay();
    const response = await fetch(relay.url);
    expect(response.status).toBe(200);
    for (const [name, value] of Object.entries(sseResponseHeaders)) expect(response.headers.get(name)).toBe(value);
    const text = await response.text();

    const result = await relay.result;
    expect(result).toMatchObject({ outcome: 'completed', chunks: relay.upstream.length });
    expect(result.usage?.total_tokens).toBeGreaterThan(0);
    expect(text).toBe(relay.upstream.map((chunk) => sseFrames.data(chunk)).join('') + sseFrames.done);
    // The same bytes as core's own encoder writes for the same chunks.
    const replay = new Stream(() => relay.upstream[Symbol.iterator]() as unknown as AsyncIterator<ChatCompletionChunk>, new AbortController());
    expect(await new Response(replay.toSSEReadableStream({ heartbeatMs: 0 })).text()).toBe(text);

    const readBack: ChatCompletionChunk[] = [];
    for await (const chunk of Stream.fromSSEResponse<ChatCompletionChunk>(new Response(text))) readBack.push(chunk);
    expect(readBack).toEqual(relay.upstream);
    expect(mock.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 1, streamsAborted: 0 });
  });

  test('sends the headers at once, before the first token has come from upstream', async () => {
    // The first token is an hour away: a relay that held the headers back for it fails by the test's timeout.
    const relay = await startRelay({ mockHeaders: { 'x-mock-ttft-ms': '3600000' } });
    const controller = new AbortController();
    const response = await fetch(relay.url, { signal: controller.signal });
    expect(response.status).toBe(200);
    expect(relay.upstream).toHaveLength(0);
    controller.abort();
    expect((await relay.result).outcome).toBe('client-closed');
    await eventually(() => mock.stats().streamsAborted === 1);
  });

  test('sends each chunk as it arrives, before the upstream has finished', async () => {
    // The upstream lets each event out only once the chunk before it has reached the browser: a pipe that held a
    // chunk back (for the next one, or for the end) never gets the next, and the test times out, however slow
    // the machine.
    const gate = gatedFetch();
    const relay = await startRelay({ client: new Groq({ apiKey, baseURL: mock.url, maxRetries: 0, fetch: gate.fetch }), mockHeaders: { 'x-mock-tokens': '10' } });
    gate.allow();
    const { frames, letOutAtArrival } = await readInLockstep(await fetch(relay.url), gate);
    // Each frame came while the upstream had let out just the events up to its own: one chunk at a time.
    expect(letOutAtArrival).toEqual(frames.map((_, index) => index + 1));
    expect(frames).toHaveLength(13); // the role chunk, 10 tokens, the usage chunk, [DONE]
    expect(frames.at(-1)!.text).toBe(sseFrames.done);
    expect((await relay.result).outcome).toBe('completed');
  });

  test('heartbeats keep the line alive while the first token is slow', async () => {
    // Pings every 50 ms, and the first token only once four have reached the browser: a pipe without them never
    // gets it, however slow the machine.
    const gate = gatedFetch();
    const relay = await startRelay({
      client: new Groq({ apiKey, baseURL: mock.url, maxRetries: 0, fetch: gate.fetch }),
      mockHeaders: { 'x-mock-tokens': '3' },
      options: () => ({ heartbeatMs: 50 }),
    });
    const frames = await readTimedFrames(await fetch(relay.url), performance.now(), (_frame, index) => {
      if (index === 3) gate.allow(Number.POSITIVE_INFINITY);
    });
    const firstData = frames.findIndex((frame) => frame.text.startsWith('data: '));
    const pings = frames.slice(0, firstData);
    expect(pings.length).toBeGreaterThanOrEqual(4);
    expect(pings.every((frame) => frame.text === sseFrames.heartbeat)).toBe(true);
    expect((await relay.result).outcome).toBe('completed');
  });

  test('with the default heartbeat, a first ping goes out before any token, as toSSEReadableStream() sends it', async () => {
    // Pings every 15 s: only the first one, sent with the headers, can come before the token at 300 ms.
    const relay = await startRelay({ mockHeaders: { 'x-mock-ttft-ms': '300', 'x-mock-tokens': '3' }, options: () => ({ heartbeatMs: undefined }) });
    const frames = await readTimedFrames(await fetch(relay.url), performance.now());
    expect(frames[0]?.text).toBe(sseFrames.heartbeat);
    expect(frames.filter((frame) => frame.text === sseFrames.heartbeat)).toHaveLength(1);
    expect((await relay.result).outcome).toBe('completed');
  });

  test('without heartbeatMs, a ping goes out every 15 s (defaultHeartbeatMs) while the upstream is silent', async () => {
    const upstream = new AbortController();
    // An upstream that says nothing until it is aborted.
    const silent = new Stream<ChatCompletionChunk>(async function* () {
      await new Promise((_, reject) => upstream.signal.addEventListener('abort', () => reject(upstream.signal.reason)));
    }, upstream);
    const pings: number[] = [];
    const piped = deferred<PipeStreamResult>();
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const server = await listen((_request, response) => {
        const write = response.write.bind(response) as (frame: string) => boolean;
        (response as { write: (frame: string) => boolean }).write = (frame) => {
          if (frame === sseFrames.heartbeat) pings.push(pings.length);
          return write(frame);
        };
        void pipeStreamToServerResponse(silent, response).then(piped.resolve);
      });
      servers.push(server);
      const answer = fetch(server.url);
      await eventually(() => pings.length === 1);
      vi.advanceTimersByTime(14_999);
      expect(pings).toHaveLength(1);
      vi.advanceTimersByTime(1);
      expect(pings).toHaveLength(2);
      vi.advanceTimersByTime(15_000);
      expect(pings).toHaveLength(3);
      upstream.abort();
      expect((await piped.promise).outcome).toBe('error');
      await (await answer).text();
    } finally {
      vi.useRealTimers();
    }
  });

  test('aborts the upstream as soon as the browser goes away', async () => {
    const relay = await startRelay({ mockHeaders: stall });
    const controller = new AbortController();
    const response = await fetch(relay.url, { signal: controller.signal });
    await readTimedFrames(response, performance.now(), (_frame, index) => index < 2);
    controller.abort();
    // The answer stalls: only the relay letting go can end it.
    await eventually(() => mock.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);
    const result = await relay.result;
    expect(result.outcome).toBe('client-closed');
    expect(result.chunks).toBeGreaterThanOrEqual(2);
    expect(result.chunks).toBeLessThanOrEqual(4);
    expect(mock.stats()).toMatchObject({ streamsCompleted: 0, streamsAborted: 1, streamsFailed: 0 });
  });

  test('a reader that stops reading stops the upstream too (backpressure), and memory stays bounded', async () => {
    let pulled = 0;
    let maxBuffered = 0;
    let highWaterMark = 0;
    let relayed: ServerResponse | undefined;
    const result = deferred<PipeStreamResult>();
    const server = await listen(async (_request, response) => {
      relayed = response;
      highWaterMark = response.writableHighWaterMark;
      const sampler = setInterval(() => (maxBuffered = Math.max(maxBuffered, response.writableLength)), 2);
      const stream = await client.chat.completions.create({ model, messages, stream: true }, { headers: { 'x-mock-tokens': '1000000' } });
      result.resolve(await pipeStreamToServerResponse(observed(stream, () => (pulled += 1)), response, { heartbeatMs: 0 }));
      clearInterval(sampler);
    });
    servers.push(server);
    // A node:http client that pauses after the headers: nothing more is read from its socket.
    const incoming = await new Promise<IncomingMessage>((resolve, reject) => {
      const outgoing = httpRequest(server.url, resolve).on('error', reject);
      outgoing.end();
    });
    incoming.pause();
    // Wait until the buffers on the way (sockets, fetch's body stream) are full and the relay stops pulling:
    // its response waits for 'drain', and no pull came for half a second. A loaded machine can starve the
    // relay for longer than that while it still has room to write; only the wait for 'drain' tells them apart.
    let last = -1;
    for (let waited = 0, still = 0; waited < 15_000 && still < 5; waited += 100) {
      still = pulled > 0 && pulled === last && relayed?.writableNeedDrain === true ? still + 1 : 0;
      last = pulled;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const plateau = pulled;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(pulled).toBe(plateau);
    expect(pulled).toBeLessThan(500_000);
    // Bounded by the response's high-water mark (Node's default: 16 KiB on Node 20, 64 KiB from Node 22): the
    // relay stops once a write says the response is full, so at most one frame (under 400 bytes) lies past it.
    expect(highWaterMark).toBeGreaterThan(0);
    expect(maxBuffered).toBeLessThan(highWaterMark + 1024);
    expect(mock.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 0 });

    incoming.destroy();
    await eventually(() => mock.stats().streamsAborted === 1);
    expect((await result.promise).outcome).toBe('client-closed');
  });

  test('a response that other code ends while the pipe waits for a slow reader: no write after the end, and the upstream aborted when the reader leaves', async () => {
    // As an app's own time limit (`res.setTimeout(ms, () => res.end())`) does. Node emits a write after the
    // end as an 'error' event on the response: with no listener, it crashed the process at the next heartbeat.
    const result = deferred<PipeStreamResult>();
    const errors: unknown[] = [];
    const errored = deferred<void>();
    let relayed: ServerResponse | undefined;
    const server = await listen(async (_request, response) => {
      relayed = response;
      response.on('error', (error) => {
        errors.push(error);
        errored.resolve();
      });
      const stream = await client.chat.completions.create({ model, messages, stream: true }, { headers: { 'x-mock-tokens': '1000000' } });
      result.resolve(await pipeStreamToServerResponse(stream, response, { heartbeatMs: 10 }));
    });
    servers.push(server);
    const incoming = await new Promise<IncomingMessage>((resolve, reject) => {
      const outgoing = httpRequest(server.url, resolve).on('error', reject);
      outgoing.end();
    });
    incoming.pause();
    await eventually(() => relayed?.writableNeedDrain === true, 15_000);
    relayed?.end();
    // The end cannot finish while the reader reads nothing: twenty heartbeats' time, and no write may fail.
    await Promise.race([errored.promise, new Promise((resolve) => setTimeout(resolve, 200))]);
    expect(errors).toEqual([]);
    // Only the reader leaving closes the response now.
    incoming.destroy();
    expect((await result.promise).outcome).toBe('client-closed');
    await eventually(() => mock.stats().streamsAborted === 1);
  });

  test('a response that other code ends while the pipe waits for the next token writes no more, and the upstream is aborted', async () => {
    // Made by hand, as in-process requests are: its end() never finishes, and no 'close' comes.
    const response = handMadeResponse(null);
    const errors: unknown[] = [];
    response.on('error', (error) => errors.push(error));
    // Paced, not a stall: the pipe learns of the end at its next write, so a next token must come. 50 s of answer:
    // it cannot complete before the abort within the test's timeout, however slow the machine.
    const stream = await client.chat.completions.create({ model, messages, stream: true }, { headers: { 'x-mock-tokens-per-second': '20', 'x-mock-tokens': '1000' } });
    let pulled = 0;
    const piped = pipeStreamToServerResponse(
      observed(stream, () => (pulled += 1)),
      response,
      { heartbeatMs: 0 },
    );
    await eventually(() => pulled >= 2, Number.POSITIVE_INFINITY);
    response.end();
    await eventually(() => mock.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);
    expect(mock.stats()).toMatchObject({ streamsCompleted: 0, streamsFailed: 0 });
    expect(await piped).toMatchObject({ outcome: 'client-closed', chunks: pulled - 1 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toEqual([]);
  });

  test('a HEAD request gets the headers alone: the upstream is aborted at once, and the next request on the connection is answered', async () => {
    // Express routes HEAD to an app.get handler. Node drops every body write of a HEAD response, so the
    // pipe read the whole answer from Groq for nothing (here one that stalls: never), and the next request waited behind it.
    const results: PipeStreamResult[] = [];
    const server = await listen(async (request, response) => {
      if (request.url === '/next') return void response.end('next');
      const stream = await client.chat.completions.create({ model, messages, stream: true }, { headers: stall });
      results.push(await pipeStreamToServerResponse(stream, response));
    });
    servers.push(server);
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1').on('error', () => undefined);
    let received = '';
    socket.on('data', (piece: Buffer) => (received += piece.toString()));
    try {
      socket.write('HEAD / HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\nGET /next HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n');
      await eventually(() => received.endsWith('\r\n\r\nnext'), Number.POSITIVE_INFINITY);
      expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\ncontent-type: text\/event-stream; charset=utf-8\r\n/);
      expect(received).toContain('\r\nx-request-id: req_');
      expect(results).toEqual([{ outcome: 'completed', chunks: 0, usage: undefined }]);
      await eventually(() => mock.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);
      expect(mock.stats()).toMatchObject({ streamsCompleted: 0, streamsFailed: 0 });
    } finally {
      socket.destroy();
    }
  });

  test('a drain that came while this process was held up past stallTimeoutMs is taken before the stall clock cuts the reader off', async () => {
    // Node runs due timers before the I/O that came meanwhile, so after a long synchronous task or a GC pause
    // the stall clock would fire ahead of a 'drain' already waiting. Modelled: the first write reports
    // backpressure; a file's stat (one call to the thread pool), whose completion stands for the socket
    // draining, finishes while this process is held up twice the limit; its callback then emits the 'drain'.
    const result = deferred<PipeStreamResult>();
    const server = await listen(async (_request, response) => {
      const write = response.write.bind(response) as (chunk: string) => boolean;
      let backpressured = false;
      response.write = ((chunk: string) => {
        write(chunk);
        if (backpressured) return true;
        backpressured = true;
        // After this write's wait has started its stall clock.
        process.nextTick(() => {
          stat(fileURLToPath(import.meta.url), () => response.emit('drain'));
          holdUp(600);
        });
        return false;
      }) as ServerResponse['write'];
      const stream = await client.chat.completions.create({ model, messages, stream: true }, { headers: { 'x-mock-tokens': '5' } });
      result.resolve(await pipeStreamToServerResponse(stream, response, { heartbeatMs: 0, stallTimeoutMs: 300 }));
    });
    servers.push(server);
    const text = await (await fetch(server.url)).text();
    expect(await result.promise).toMatchObject({ outcome: 'completed', chunks: 7 });
    expect(text.endsWith(sseFrames.done)).toBe(true);
  });

  test('a reader that takes no bytes for stallTimeoutMs is cut off, and the upstream aborted', async () => {
    const result = deferred<PipeStreamResult>();
    let destroyed = false;
    const server = await listen(async (_request, response) => {
      const stream = await client.chat.completions.create({ model, messages, stream: true }, { headers: { 'x-mock-tokens': '1000000' } });
      result.resolve(await pipeStreamToServerResponse(stream, response, { heartbeatMs: 0, stallTimeoutMs: 300 }));
      destroyed = response.destroyed;
    });
    servers.push(server);
    const incoming = await new Promise<IncomingMessage>((resolve, reject) => {
      const outgoing = httpRequest(server.url, resolve).on('error', reject);
      outgoing.end();
    });
    // A client that never reads: once the buffers on the way are full, the relay waits for it no longer.
    incoming.pause();
    const outcome = await result.promise;
    expect(outcome.outcome).toBe('client-stalled');
    expect(outcome.chunks).toBeGreaterThan(0);
    // Its connection is closed (the FIN waits behind the bytes it never read), and the upstream aborted.
    await eventually(() => destroyed);
    await eventually(() => mock.stats().streamsAborted === 1);
    incoming.destroy();
  });

  test('an upstream error mid-stream becomes an `event: error` with a safe message, then the end', async () => {
    const relay = await startRelay({ mockHeaders: { 'x-mock-scenario': 'mid-stream-error' } });
    const response = await fetch(relay.url);
    const text = await response.clone().text();
    expect(text).toContain('\n\nevent: error\ndata: {"error":{');
    expect(text).not.toContain('[DONE]');
    expect(text).not.toContain(apiKey);
    expect(text).not.toContain(String(mock.port));

    const { items: received, error: failure } = await readAll(Stream.fromSSEResponse<ChatCompletionChunk>(response));
    expect(received).toEqual(relay.upstream);
    expect(received).toHaveLength(4);
    expect(failure).toBeInstanceOf(StreamServerError);
    expect((failure as StreamServerError).serverMessage).toMatch(/^The AI service stopped with an error/);
    expect((failure as StreamServerError).type).toBe('upstream_error');
    const result = await relay.result;
    expect(result.outcome).toBe('error');
    expect(StreamServerError.isInstance(result.error)).toBe(true);
  });

  test('a connection cut mid-stream tells the browser the answer was interrupted, and that it was cut off (stream_truncated)', async () => {
    const relay = await startRelay({ mockHeaders: { 'x-mock-scenario': 'drop' } });
    const text = await (await fetch(relay.url)).text();
    const last = text.slice(text.lastIndexOf('event: error\n'));
    expect(last.endsWith('\n\n')).toBe(true);
    expect(JSON.parse(last.slice('event: error\ndata: '.length))).toEqual({
      error: { type: 'upstream_error', message: 'The answer was interrupted. Please try again.', status: 502, requestId: expect.stringMatching(/^req_/), code: 'stream_truncated' },
    });
    expect((await relay.result).outcome).toBe('error');
  });

  test("an Express route whose errorPayload gives a type of its own: a cut-off upstream still reads back as StreamTruncatedError", async () => {
    const app = express();
    const result = deferred<PipeStreamResult>();
    app.post('/chat', async (_request, response) => {
      const stream = await client.chat.completions.create({ model, messages, stream: true }, { headers: { 'x-mock-scenario': 'drop' } });
      result.resolve(await pipeStreamToServerResponse(stream, response, { heartbeatMs: 0, errorPayload: () => ({ type: 'answer_lost', message: 'Sorry, the answer was cut.' }) }));
    });
    const server = await listen(app);
    servers.push(server);
    const response = await fetch(`${server.url}/chat`, { method: 'POST' });
    const text = await response.clone().text();
    // The app's type and words, and the kind's code, which the relay adds to a payload without one.
    expect(JSON.parse(text.slice(text.lastIndexOf('event: error\ndata: ') + 'event: error\ndata: '.length))).toEqual({
      error: { type: 'answer_lost', message: 'Sorry, the answer was cut.', code: 'stream_truncated' },
    });
    const { items: received, error: failure } = await readAll(Stream.fromSSEResponse<ChatCompletionChunk>(response));
    expect(received).toHaveLength(4);
    expect(failure).toBeInstanceOf(StreamTruncatedError);
    expect(failure).not.toBeInstanceOf(StreamServerError);
    // The app's words reach the browser's error, as a StreamServerError's do: in its message, and whole as serverMessage.
    expect((failure as StreamTruncatedError).serverMessage).toBe('Sorry, the answer was cut.');
    expect((failure as Error).message).toMatch(/^The stream this one was passed on from ended before it was complete \(no \[DONE\] and no finish_reason\): Sorry, the answer was cut\. \[\/chat, request req_\w+\]\. The answer is incomplete; retry the request/);
    // Advice the page can follow: the cut was on the relay's side, where no proxy of the browser's is.
    expect((failure as Error).message).toMatch(/; retry the request, and see the relay's logs for why its upstream was cut off\.$/);
    // The rest of the app's payload comes back too: its type, and the kind's code.
    const payload = { type: 'answer_lost', message: 'Sorry, the answer was cut.', code: 'stream_truncated' };
    expect(failure).toMatchObject({ error: payload, type: 'answer_lost', code: 'stream_truncated', status: undefined });
    expect((await result.promise).outcome).toBe('error');
    expect(mock.stats().streamsFailed).toBe(1);
  });

  test('errorPayload decides what the browser sees of an error, and is told how many chunks went out before it', async () => {
    const told: unknown[] = [];
    const relay = await startRelay({
      mockHeaders: { 'x-mock-scenario': 'mid-stream-error' },
      options: () => ({ heartbeatMs: 0, errorPayload: (_error: unknown, sent?: { chunks: number }) => (told.push(sent), { type: 'custom', message: 'Sorry!' }) }),
    });
    const text = await (await fetch(relay.url)).text();
    expect(text.endsWith('event: error\ndata: {"error":{"type":"custom","message":"Sorry!"}}\n\n')).toBe(true);
    const { chunks } = await relay.result;
    expect(chunks).toBeGreaterThan(0);
    expect(told).toEqual([{ chunks }]);
  });

  // "Not mine", as a JavaScript mapping says it: the browser must still read an error, with the request id,
  // not data: {} (which it would take for an error without words) or a quiet end.
  test('an errorPayload that returns undefined or null gives the browser the default error event with the request id', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      for (const returned of [undefined, null]) {
        const relay = await startRelay({
          mockHeaders: { 'x-mock-scenario': 'mid-stream-error' },
          options: () => ({ heartbeatMs: 0, errorPayload: () => returned as never }),
        });
        const response = await fetch(relay.url);
        const requestId = response.headers.get('x-request-id');
        expect(requestId).toMatch(/^req_/);
        const error = await (async () => {
          for await (const _chunk of Stream.fromSSEResponse<ChatCompletionChunk>(response));
        })().then(() => undefined, (caught: unknown) => caught);
        expect(error, String(returned)).toBeInstanceOf(StreamServerError);
        expect(error).toMatchObject({ requestId, serverMessage: expect.stringContaining('mock scenario `mid-stream-error`') });
        expect((await relay.result).outcome).toBe('error');
      }
      // Only null, the mapping's bug, is logged; undefined means the default.
      expect(log).toHaveBeenCalledTimes(1);
      expect(String(log.mock.calls[0]?.[0])).toMatch(/errorPayload option returned null, not an object/);
    } finally {
      log.mockRestore();
    }
  });

  test("an errorPayload whose toJSON throws on its second call: the browser gets what its first call gave, and the relay settles as an error", async () => {
    let calls = 0;
    const payload = {
      toJSON: () => {
        if (++calls > 1) throw new Error('second call');
        return { type: 'custom', message: 'Sorry!' };
      },
    };
    const relay = await startRelay({
      mockHeaders: { 'x-mock-scenario': 'mid-stream-error' },
      options: () => ({ heartbeatMs: 0, errorPayload: () => payload as never }),
    });
    const text = await (await fetch(relay.url)).text();
    expect(text.endsWith('event: error\ndata: {"error":{"type":"custom","message":"Sorry!"}}\n\n')).toBe(true);
    expect((await relay.result).outcome).toBe('error');
    expect(calls).toBe(1);
  });

  test('an errorPayload that throws still ends the response with the default error event, and settles as an error', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const relay = await startRelay({
        mockHeaders: { 'x-mock-scenario': 'mid-stream-error' },
        options: () => ({
          heartbeatMs: 0,
          errorPayload: () => {
            throw new Error('bug in the mapping');
          },
        }),
      });
      const text = await (await fetch(relay.url)).text();
      const last = text.slice(text.lastIndexOf('event: error\n'));
      expect(JSON.parse(last.slice('event: error\ndata: '.length))).toMatchObject({ error: { type: expect.any(String), message: expect.any(String) } });
      expect((await relay.result).outcome).toBe('error');
      expect(log).toHaveBeenCalledTimes(1);
    } finally {
      log.mockRestore();
    }
  });

  // A shutdown deadline made with AbortSignal.timeout() aborts with a DOMException, which carries no request
  // id of its own: the frame still gives the browser the upstream one to quote to support.
  test('an AbortSignal.timeout() deadline ends the stream with an error event carrying the upstream request id', async () => {
    const relay = await startRelay({
      // A stall: the deadline, not the end of the answer, is what ends it, however slow the machine.
      mockHeaders: stall,
      options: () => ({ heartbeatMs: 0, signal: AbortSignal.timeout(300) }),
    });
    const response = await fetch(relay.url);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^req_/);
    const text = await response.text();
    const last = text.slice(text.lastIndexOf('event: error\n'));
    expect(JSON.parse(last.slice('event: error\ndata: '.length))).toEqual({
      error: { type: 'upstream_error', message: 'The answer was interrupted. Please try again.', status: 502, requestId },
    });
    expect(text).not.toContain(apiKey);
    const result = await relay.result;
    expect(result.outcome).toBe('error');
    expect((result.error as Error).name).toBe('TimeoutError');
    await eventually(() => mock.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);
  });

  test('a signal stops the stream from outside: upstream aborted, the browser told', async () => {
    const stop = new AbortController();
    const relay = await startRelay({
      // A stall: the signal, not the end of the answer, is what ends it, however slow the machine.
      mockHeaders: stall,
      options: () => ({ heartbeatMs: 0, signal: stop.signal }),
    });
    const response = await fetch(relay.url);
    const frames = await readTimedFrames(response, performance.now(), (_frame, index) => {
      if (index === 2) stop.abort(new Error('server shutting down'));
    });
    expect(frames.at(-1)?.text).toMatch(/^event: error\n/);
    const result = await relay.result;
    expect(result.outcome).toBe('error');
    expect((result.error as Error).message).toBe('server shutting down');
    await eventually(() => mock.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);
  });

  // The signal's listeners are counted: Node warns (MaxListenersExceededWarning) past ten on an AbortSignal in
  // Node 20 only, so a watch for the warning passed in 22 and 24 whatever the responses left on it.
  test('twelve responses piped with one shutdown signal put one abort listener on it, and the shutdown still stops each', async () => {
    const shutdown = new AbortController();
    const results: Promise<PipeStreamResult>[] = [];
    const server = await listen(async (request, response) => {
      // The slow ones stall: only the shutdown can end them, however slow the machine.
      const mockHeaders = request.url === '/slow' ? stall : { 'x-mock-tokens': '100' };
      const stream = await client.chat.completions.create({ model, messages, stream: true }, { headers: mockHeaders });
      const piped = pipeStreamToServerResponse(stream, response, { heartbeatMs: 0, signal: shutdown.signal });
      results.push(piped);
      await piped;
    });
    servers.push(server);
    // Read to the end, each response lets go of the signal.
    await Promise.all(Array.from({ length: 12 }, async () => (await fetch(server.url)).text()));
    expect((await Promise.all(results.splice(0))).map((result) => result.outcome)).toEqual(Array(12).fill('completed'));
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);

    const texts = (await Promise.all(Array.from({ length: 12 }, () => fetch(server.url + '/slow')))).map((response) => response.text());
    await eventually(() => results.length === 12, Number.POSITIVE_INFINITY);
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(1);
    shutdown.abort(new Error('server shutting down'));
    for (const text of await Promise.all(texts)) expect(text).toMatch(/event: error\n[^\n]*\n\n$/);
    expect((await Promise.all(results)).map((result) => result.outcome)).toEqual(Array(12).fill('error'));
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
  });

  test('calls flush() after each write when a compression middleware provides it', async () => {
    let flushes = 0;
    const relay = await startRelay({
      mockHeaders: { 'x-mock-tokens': '5' },
      options: (response) => {
        Object.assign(response, { flush: () => (flushes += 1) });
        return { heartbeatMs: 0 };
      },
    });
    await (await fetch(relay.url)).text();
    const result = await relay.result;
    expect(flushes).toBe(result.chunks + 1);
  });

  test('an option no timer can wait (heartbeatMs: Infinity, stallTimeoutMs: NaN) rejects with GroqError before anything is read or written', async () => {
    for (const options of [{ heartbeatMs: Infinity }, { stallTimeoutMs: Number.NaN }, { heartbeatMs: -1 }]) {
      const { stream, read } = oneChunkStream(50);
      const outcome = deferred<unknown>();
      const server = await listen(async (_request, response) => {
        try {
          outcome.resolve(await pipeStreamToServerResponse(stream, response, options));
        } catch (error) {
          outcome.resolve(error);
          response.writeHead(500).end();
        }
      });
      servers.push(server);
      const answer = await fetch(server.url);
      expect(answer.status, JSON.stringify(options)).toBe(500);
      expect(await answer.text()).toBe('');
      const error = await outcome.promise;
      expect(error, String(Object.values(options)[0])).toBeInstanceOf(GroqError);
      expect((error as GroqError).message).toMatch(/^(heartbeatMs|stallTimeoutMs) must be a number of milliseconds from 0 to 2147483647/);
      expect(read()).toBe(false);
    }
  });

  test('options that are not an object reject with GroqError whose hint names every option it takes, before anything is read or written', async () => {
    const { stream, read } = oneChunkStream();
    const refused = deferred<{ error: unknown; headersSent: boolean }>();
    const server = await listen(async (_request, response) => {
      const error = await pipeStreamToServerResponse(stream, response, 15_000 as never).catch((thrown: unknown) => thrown);
      refused.resolve({ error, headersSent: response.headersSent });
      response.writeHead(500).end();
    });
    servers.push(server);
    const answer = await fetch(server.url);
    expect(answer.status).toBe(500);
    const { error, headersSent } = await refused.promise;
    expect(error).toBeInstanceOf(GroqError);
    expect((error as GroqError).message).toMatch(
      /^pipeStreamToServerResponse\(\) takes its options as an object, got a number\. Pass \{ signal, heartbeatMs, stallTimeoutMs, errorPayload \}, or nothing\.$/,
    );
    expect(headersSent).toBe(false);
    expect(read()).toBe(false);
  });

  test('a signal that is not an AbortSignal rejects with GroqError before anything is read or written; null is none', async () => {
    const { stream, read } = oneChunkStream();
    const refusals = deferred<{ errors: unknown[]; headersSent: boolean; listeners: number }>();
    const server = await listen(async (_request, response) => {
      const errors: unknown[] = [];
      for (const signal of ['stop', {}, 5]) {
        errors.push(await pipeStreamToServerResponse(stream, response, { heartbeatMs: 0, signal: signal as never }).catch((error: unknown) => error));
      }
      refusals.resolve({ errors, headersSent: response.headersSent, listeners: response.listenerCount('drain') + response.listenerCount('close') });
      // Not taken: the same stream is piped whole, with null for no signal.
      await pipeStreamToServerResponse(stream, response, { heartbeatMs: 0, signal: null });
    });
    servers.push(server);
    const answering = fetch(server.url);
    const { errors, headersSent, listeners } = await refusals.promise;
    for (const error of errors) {
      expect(error).toBeInstanceOf(GroqError);
      expect((error as GroqError).message).toMatch(/^signal must be an AbortSignal, got ("stop"|an object|5)\. Pass the incoming request's signal/);
    }
    expect(headersSent).toBe(false);
    expect(listeners).toBe(0);
    const answer = await answering;
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe(`${sseFrames.data(hiChunk)}${sseFrames.done}`);
    expect(read()).toBe(true);
  });

  test('a response already closed aborts the upstream without writing', async () => {
    const result = deferred<PipeStreamResult>();
    let relayed: ServerResponse | undefined;
    const server = await listen(async (request, response) => {
      // The first token an hour away: only the pipe letting go can end the stream.
      const stream = await client.chat.completions.create({ model, messages, stream: true }, { headers: { 'x-mock-ttft-ms': '3600000' } });
      const closed = new Promise((resolve) => response.once('close', resolve));
      request.socket.destroy();
      // Closed, seen by its event rather than given 20 ms to happen in.
      await closed;
      relayed = response;
      result.resolve(await pipeStreamToServerResponse(stream, response));
    });
    servers.push(server);
    await fetch(server.url).catch(() => undefined);
    expect(await result.promise).toEqual({ outcome: 'client-closed', chunks: 0, usage: undefined });
    expect(relayed?.headersSent).toBe(false);
    await eventually(() => mock.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);
  });

  test.each([
    ['a socket that no server writes to', () => new Socket()],
    ['no socket', () => null],
  ])('a response made by hand (no connection, a request with %s) that its owner destroys mid-stream aborts the upstream, though no close event ever comes', async (_kind, socket) => {
    // As a framework's in-process request makes them: the response has no connection, so destroy() emits no 'close'.
    const response = handMadeResponse(socket());
    const stream = await client.chat.completions.create({ model, messages, stream: true }, { headers: stall });
    let pulled = 0;
    const piped = pipeStreamToServerResponse(
      observed(stream, () => (pulled += 1)),
      response,
      { heartbeatMs: 0 },
    );
    await eventually(() => pulled >= 2, Number.POSITIVE_INFINITY);
    response.destroy();
    // The answer stalls: only the pipe letting go can end it.
    await eventually(() => mock.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);
    const result = await piped;
    expect(result.outcome).toBe('client-closed');
    expect(result.chunks).toBeLessThanOrEqual(4);
    expect(mock.stats()).toMatchObject({ streamsCompleted: 0, streamsAborted: 1, streamsFailed: 0 });
  });

  test('a response made by hand (no socket) that its owner destroys while the pipe waits for a drain that cannot come settles at the stall check and aborts the upstream', async () => {
    // Past its high-water mark (16 KiB on Node 20, 64 KiB from Node 22) a response without a socket only
    // buffers, and never drains nor closes: the pipe waits, and the stall check (which waits on for a response
    // queued behind another) is all that still runs.
    const response = handMadeResponse(null);
    const aborted = mock.stats().streamsAborted;
    const stream = await client.chat.completions.create({ model, messages, stream: true }, { headers: { 'x-mock-tokens': '20000' } });
    const piped = pipeStreamToServerResponse(stream, response, { heartbeatMs: 0, stallTimeoutMs: 50 });
    await eventually(() => response.writableNeedDrain);
    response.destroy();
    const result = await piped;
    expect(result.outcome).toBe('client-closed');
    await eventually(() => mock.stats().streamsAborted === aborted + 1);
    expect(mock.stats().streamsCompleted).toBe(0);
  });

  test('a response made by hand (no socket) that its owner destroys while the pipe waits for a drain, with no stall check, aborts the upstream at once', async () => {
    // Without stallTimeoutMs no timer runs during the wait: nothing but the destroy() call can end it.
    const response = handMadeResponse(null);
    const stream = await client.chat.completions.create({ model, messages, stream: true }, { headers: { 'x-mock-tokens': '20000' } });
    const piped = pipeStreamToServerResponse(stream, response, { heartbeatMs: 0 });
    await eventually(() => response.writableNeedDrain);
    response.destroy();
    await eventually(() => mock.stats().streamsAborted === 1);
    expect((await piped).outcome).toBe('client-closed');
    expect(mock.stats().streamsCompleted).toBe(0);
  });

  test.each([
    ['a socket that no server writes to', () => new Socket()],
    ['no socket', () => null],
  ])('a response made by hand (no connection, a request with %s) that its owner destroys before the first token aborts the upstream at once, with no token to wait for', async (_kind, socket) => {
    // Nothing is emitted when such a response is destroyed, and the first token is an hour away: only the pipe
    // noticing the destroy() itself can release the upstream, waited for without a bound of its own.
    const response = handMadeResponse(socket());
    const stream = await client.chat.completions.create({ model, messages, stream: true }, { headers: { 'x-mock-ttft-ms': '3600000', 'x-mock-tokens': '3' } });
    let pulled = 0;
    let asked = 0;
    const piped = pipeStreamToServerResponse(
      observed(stream, () => (pulled += 1), () => (asked += 1)),
      response,
      { heartbeatMs: 0 },
    );
    // The pipe waits for the first token: seen by its asking for it, not given 50 ms to get there.
    await eventually(() => asked === 1, Number.POSITIVE_INFINITY);
    response.destroy();
    await eventually(() => mock.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);
    expect(pulled).toBe(0);
    expect(await piped).toEqual({ outcome: 'client-closed', chunks: 0, usage: undefined });
    expect(mock.stats()).toMatchObject({ streamsCompleted: 0, streamsAborted: 1 });
  });

  /**
   * A relay whose every request streams an answer with `mockHeaders` through `pipeStreamToServerResponse`,
   * sent two requests pipelined on one raw connection: the results in request order, the socket, and all
   * it has received.
   */
  async function pipelinedPair(mockHeaders: Record<string, string>, params: { max_completion_tokens?: number }, options: PipeStreamToServerResponseOptions) {
    const results: Promise<PipeStreamResult>[] = [];
    const server = await listen((_request, response) => {
      const piped = client.chat.completions
        .create({ model, messages, ...params, stream: true }, { headers: mockHeaders })
        .then((stream) => pipeStreamToServerResponse(stream, response, options));
      results.push(piped);
    });
    servers.push(server);
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1').on('error', () => undefined);
    let received = '';
    socket.on('data', (piece: Buffer) => (received += piece.toString()));
    socket.write('GET / HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n'.repeat(2));
    return { results, socket, received: () => received };
  }

  test('a response pipelined behind another on one connection: the connection closing aborts its upstream too', async () => {
    // Node queues the second response without a socket, and never emits its 'close' when the connection drops.
    const { results, socket, received } = await pipelinedPair(stall, {}, { heartbeatMs: 0 });
    await eventually(() => mock.stats().streamsStarted === 2 && received().includes('data: '), Number.POSITIVE_INFINITY);
    socket.destroy();
    // Answers that stall: aborted by the relay, the only way they can end.
    await eventually(() => mock.stats().streamsAborted === 2, Number.POSITIVE_INFINITY);
    expect(mock.stats()).toMatchObject({ streamsCompleted: 0, streamsFailed: 0 });
    expect((await Promise.all(results)).map((result) => result.outcome)).toEqual(['client-closed', 'client-closed']);
  });

  test('a response pipelined behind another, piped only after the connection closed, ends at once as client-closed and aborts its upstream', async () => {
    const results: Promise<PipeStreamResult>[] = [];
    let handled = 0;
    const server = await listen((request, response) => {
      const first = handled++ === 0;
      // The second waits for the connection to close first, as a relay that awaited something slow.
      const ready = first ? Promise.resolve() : new Promise((resolve) => request.socket.once('close', resolve));
      results.push(
        ready
          .then(() => client.chat.completions.create({ model, messages, stream: true }, { headers: stall }))
          .then((stream) => pipeStreamToServerResponse(stream, response, { heartbeatMs: 0 })),
      );
    });
    servers.push(server);
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1').on('error', () => undefined);
    let received = '';
    socket.on('data', (piece: Buffer) => (received += piece.toString()));
    socket.write('GET / HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n'.repeat(2));
    await eventually(() => handled === 2 && received.includes('data: '), Number.POSITIVE_INFINITY);
    socket.destroy();
    await eventually(() => results.length === 2, Number.POSITIVE_INFINITY);
    expect(await results[1]).toEqual({ outcome: 'client-closed', chunks: 0, usage: undefined });
    // Answers that stall: aborted by the relay, the only way they can end.
    await eventually(() => mock.stats().streamsAborted === 2, Number.POSITIVE_INFINITY);
    expect(mock.stats()).toMatchObject({ streamsCompleted: 0, streamsFailed: 0 });
  });

  test('a response pipelined behind a long one is not cut off as stalled while it waits its turn', async () => {
    // Answers of 3 s each, far more than the stall limit; the client reads all the time, but the second
    // answer fills its buffer while the first one is still being sent.
    const { results, socket, received } = await pipelinedPair(
      { 'x-mock-tokens-per-second': '2000', 'x-mock-tokens': '6000' },
      { max_completion_tokens: 10_000 },
      { heartbeatMs: 0, stallTimeoutMs: 1000 },
    );
    try {
      await eventually(() => results.length === 2);
      expect((await Promise.all(results)).map((result) => result.outcome)).toEqual(['completed', 'completed']);
      await eventually(() => received().split(sseFrames.done).length === 3);
      expect(mock.stats()).toMatchObject({ streamsCompleted: 2, streamsAborted: 0 });
    } finally {
      socket.destroy();
    }
  }, 30_000);
});

/** Blocks this process for `ms`, as a long synchronous task or a GC pause would. */
function holdUp(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

