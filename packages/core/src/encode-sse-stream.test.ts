import fc from 'fast-check';
import { Stream as SdkStream } from 'groq-sdk/core/streaming';
import { describe, expect, test, vi } from 'vitest';
import { encodeSSEStream } from './encode-sse-stream.js';
import { createAPIError } from './errors/create-api-error.js';
import { GroqError } from './errors/groq-error.js';
import { StreamConsumedError } from './errors/stream-consumed-error.js';
import { StreamEventTooLargeError } from './errors/stream-event-too-large-error.js';
import { StreamInvalidDataError } from './errors/stream-invalid-data-error.js';
import { StreamServerError } from './errors/stream-server-error.js';
import { StreamTruncatedError } from './errors/stream-truncated-error.js';
import { rememberSecret } from './redact-secrets.js';
import { sseFrames } from './sse-frames.js';
import type { SafeErrorPayload } from './safe-error-payload.js';
import { Stream } from './stream.js';
import { createChunkTranscript } from './test/create-chunk-transcript.js';
import { createTestResponse } from './test/create-test-response.js';
import { encodeSSETranscript } from './test/encode-sse-transcript.js';
import { interpretEventStream } from './test/interpret-event-stream.js';
import { readAll } from './test/read-all.js';
import { splitBytes } from './test/split-bytes.js';
import { trackTimers } from './test/track-timers.js';
import type { ChatCompletionChunk } from './types/chat-completion-chunk.js';

const chunks = createChunkTranscript({ chunks: 30, seed: 9 });
const transcript = encodeSSETranscript(chunks);

async function readText(body: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(body).text();
}

/** A stream that yields `items` and then throws `error`. */
function failingStream(items: unknown[], error: unknown): Stream<unknown> {
  return new Stream(async function* () {
    yield* items;
    throw error;
  } as () => AsyncIterator<unknown>, new AbortController());
}

describe('toSSEReadableStream', () => {
  test('writes data frames and [DONE], and reads back with fromSSEResponse', async () => {
    const stream = Stream.fromSSEResponse(createTestResponse(splitBytes(transcript, 333)).response);
    const text = await readText(stream.toSSEReadableStream({ heartbeatMs: 0 }));
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(text.split('\n\n').filter(Boolean)).toHaveLength(chunks.length + 1);
    const again = Stream.fromSSEResponse(new Response(text));
    expect((await readAll(again)).items).toEqual(chunks);
  });

  // JSON.stringify gives undefined, not an error, for these: the relays wrote `data: undefined`, which the browser
  // read as a chunk that is not JSON, and `toReadableStream()` an `undefined` line, with no word of what the app sent.
  test.each<[string, unknown, RegExp]>([
    ['undefined', undefined, /cannot send undefined as a chunk/],
    ['a function', () => 1, /cannot send a function as a chunk/],
    ['a symbol', Symbol('chunk'), /cannot send a symbol as a chunk/],
    ['an object whose toJSON gives undefined', { toJSON: () => undefined }, /cannot send an object whose toJSON\(\) gave undefined as a chunk/],
  ])("a chunk of an app's own iterator that JSON cannot hold (%s) ends both encodings with an error, after the chunks before it", async (_, bad, words) => {
    const iterate = () =>
      new Stream(async function* () {
        yield { n: 1 };
        yield bad;
        yield { n: 2 };
      } as () => AsyncIterator<unknown>, new AbortController());
    const seen: unknown[] = [];
    const sse = await readText(iterate().toSSEReadableStream({ heartbeatMs: 0, errorPayload: (error) => (seen.push(error), { type: 'app_bug', message: 'chunk not JSON' }) }));
    expect(sse).toBe('data: {"n":1}\n\nevent: error\ndata: {"error":{"type":"app_bug","message":"chunk not JSON"}}\n\n');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(GroqError);
    expect((seen[0] as Error).message).toMatch(words);
    const ndjson = await readText(iterate().toReadableStream());
    const lines = ndjson.split('\n').filter(Boolean);
    expect(lines[0]).toBe('{"n":1}');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1]!)).toHaveProperty('error');
  });

  test('an errorPayload that throws still ends the body with the default event: error, not a broken stream', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const body = failingStream([{ n: 1 }], new Error('upstream broke')).toSSEReadableStream({
      heartbeatMs: 0,
      errorPayload: () => {
        throw new Error('bug in the mapping');
      },
    });
    const text = await readText(body);
    expect(text).toBe('data: {"n":1}\n\nevent: error\ndata: {"error":{"type":"upstream_error","message":"The answer was interrupted. Please try again.","status":502}}\n\n');
    expect(log).toHaveBeenCalledTimes(1);
    log.mockRestore();
  });

  test("an errorPayload whose toJSON throws on its second call: the event carries what its first call gave, the stream is not broken", async () => {
    let calls = 0;
    const payload = {
      toJSON: () => {
        if (++calls > 1) throw new Error('second call');
        return { type: 'custom', message: 'Sorry!' };
      },
    } as unknown as SafeErrorPayload;
    const body = failingStream([{ n: 1 }], new Error('upstream broke')).toSSEReadableStream({ heartbeatMs: 0, errorPayload: () => payload });
    expect(await readText(body)).toBe('data: {"n":1}\n\nevent: error\ndata: {"error":{"type":"custom","message":"Sorry!"}}\n\n');
    expect(calls).toBe(1);
  });

  test('an upstream error becomes event: error with a safe message, and reads back as StreamServerError', async () => {
    const upstream = createAPIError(429, { error: { message: 'Rate limit reached in organization org_secret', code: 'rate_limit_exceeded' } }, new Headers({ 'retry-after': '7' }));
    const text = await readText(failingStream([chunks[0]], upstream).toSSEReadableStream({ heartbeatMs: 0 }));
    expect(text).toMatch(/^data: .*\n\nevent: error\ndata: \{"error":\{.*\}\}\n\n$/s);
    expect(text).not.toMatch(/org_secret/);
    const { items, error } = await readAll(Stream.fromSSEResponse(new Response(text)));
    expect(items).toEqual([chunks[0]]);
    expect(error).toBeInstanceOf(StreamServerError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
    expect((error as StreamServerError).serverMessage).toMatch(/too many requests/);
  });

  test('a chunk in which a proxy echoed the key is passed on with the key redacted, as NDJSON too', async () => {
    rememberSecret('pk-gateway-7f3a9c2e1b4d');
    // Another key, which this process never saw, in the shape of a real Groq key: `gsk_` and 52 letters and digits.
    const unknownKey = `gsk_${'TestKeyAbc123'.repeat(4)}`;
    const echoed = { ...chunks[0], debug: { request_headers: { authorization: 'Bearer pk-gateway-7f3a9c2e1b4d', 'x-groq': unknownKey } } };
    const sse = await readText(new Stream(() => [echoed][Symbol.iterator]() as unknown as AsyncIterator<unknown>, new AbortController()).toSSEReadableStream({ heartbeatMs: 0 }));
    const ndjson = await readText(new Stream(() => [echoed][Symbol.iterator]() as unknown as AsyncIterator<unknown>, new AbortController()).toReadableStream());
    for (const text of [sse, ndjson]) {
      expect(text).not.toMatch(/pk-gateway|TestKey/);
      expect(text).toContain('"authorization":"Bearer [redacted]"');
    }
  });

  test("a relay's error frame passed on again keeps its words, type and status (no second prefix)", async () => {
    const upstream = createAPIError(429, { error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' } }, new Headers({ 'retry-after': '7' }));
    const once = await readText(failingStream([chunks[0]], upstream).toSSEReadableStream({ heartbeatMs: 0 }));
    const twice = await readText(Stream.fromSSEResponse(new Response(once)).toSSEReadableStream({ heartbeatMs: 0 }));
    const errorFrame = (text: string) => JSON.parse(text.slice(text.lastIndexOf('data: ') + 6)) as { error: object };
    // The upstream error named no request, so the first frame names none; read again, the frame names the request
    // of the chunk before it (its x_groq.id), as the error event of a response without x-request-id does.
    const { id } = (chunks[0] as { x_groq: { id: string } }).x_groq;
    expect(errorFrame(once).error).not.toHaveProperty('requestId');
    expect(errorFrame(twice)).toEqual({ error: { ...errorFrame(once).error, requestId: id } });
    expect(twice.slice(0, twice.lastIndexOf('data: '))).toBe(once.slice(0, once.lastIndexOf('data: ')));
    // The browser's error keeps the wait the upstream asked for, in the payload's seconds.
    const { error } = await readAll(Stream.fromSSEResponse(new Response(once)));
    expect(error).toBeInstanceOf(StreamServerError);
    expect(error).toMatchObject({ type: 'rate_limit', status: 429, code: 'rate_limit_exceeded', retryAfter: 7 });
    const dropped = await readText(failingStream([], new Error('socket hang up')).toSSEReadableStream({ heartbeatMs: 0 }));
    expect(await readText(Stream.fromSSEResponse(new Response(dropped)).toReadableStream())).toMatch(/"message":"The answer was interrupted\. Please try again\."/);
  });

  test("a relay's cut-off passed on again keeps the words and the type an app's errorPayload gave it, and its kind", async () => {
    const cutOff = encodeSSETranscript(chunks.slice(0, 2), { done: false });
    const own = { type: 'answer_lost', message: 'Sorry, the answer was cut.' };
    for (const payload of [own, { ...own, status: 503, retryAfter: 5 }]) {
      const once = await readText(Stream.fromSSEResponse(new Response(cutOff)).toSSEReadableStream({ heartbeatMs: 0, errorPayload: () => payload }));
      const errorFrame = (text: string) => JSON.parse(text.slice(text.lastIndexOf('data: ') + 6)) as unknown;
      for (const twice of [
        await readText(Stream.fromSSEResponse(new Response(once)).toSSEReadableStream({ heartbeatMs: 0 })),
        `data: ${(await readText(Stream.fromSSEResponse(new Response(once)).toReadableStream())).trimEnd().split('\n').at(-1)}`,
      ]) {
        // As it was, not `upstream_error` with the relay's own status: the payload the app wrote, and the kind's code.
        expect(errorFrame(twice)).toEqual({ error: { ...payload, code: 'stream_truncated' } });
        expect(twice.slice(twice.lastIndexOf('data: ')).trimEnd()).toBe(once.slice(once.lastIndexOf('data: ')).trimEnd());
      }
    }
  });

  test('an answer about keys, tokens and passwords is passed on as the model wrote it; only a real key is redacted', async () => {
    const prose = [
      'client = Groq(api_key="gsk_your_key_here")',
      'export GROQ_API_KEY=gsk_EXAMPLEEXAMPLE',
      'Send `Authorization: Bearer <token>`, e.g. curl -H "Authorization: Bearer abcdefgh12345678"',
      'password: hunter2, or https://user:secret@example.com/?key=abc',
    ];
    const answer = (content: string) => ({ ...chunks[1], choices: [{ index: 0, delta: { content }, finish_reason: null }] });
    const relayed = async (content: string) => {
      const text = await readText(new Stream(() => [answer(content)][Symbol.iterator]() as unknown as AsyncIterator<unknown>, new AbortController()).toSSEReadableStream({ heartbeatMs: 0 }));
      const { items, error } = await readAll(Stream.fromSSEResponse(new Response(text)));
      expect(error).toBeUndefined();
      // What a browser shows: the pieces joined (an end that may begin a key comes in a chunk of its own).
      return (items as { choices: [{ delta: { content: string } }] }[]).map((item) => item.choices[0].delta.content).join('');
    };
    for (const content of prose) expect(await relayed(content)).toBe(content);
    // A key-shaped string is redacted wherever it stands, and the JSON around it stays valid.
    expect(await relayed(`key = "gsk_${'a1B2c3D4'.repeat(6)}"; done`)).toBe('key = "gsk_[redacted]"; done');
  });

  test('a Stream whose own iterator throws its abort reason keeps the request id of its response in the error event', async () => {
    const controller = new AbortController();
    const response = new Response(null, { headers: { 'x-request-id': 'req_01abcdefghijklmnopqrstuvwx' } });
    const stream = new Stream(
      async function* () {
        yield chunks[0];
        throw new DOMException('The operation timed out.', 'TimeoutError');
      } as () => AsyncIterator<unknown>,
      controller,
      response,
    );
    const text = await readText(stream.toSSEReadableStream({ heartbeatMs: 0 }));
    expect(text).toMatch(/^event: error$/m);
    expect(JSON.parse(text.slice(text.lastIndexOf('data: ') + 6))).toMatchObject({ error: { requestId: 'req_01abcdefghijklmnopqrstuvwx' } });
  });

  test('toReadableStream() of such a Stream ends in an error line with the request id too', async () => {
    const response = new Response(null, { headers: { 'x-request-id': 'req_01abcdefghijklmnopqrstuvwx' } });
    const stream = new Stream(
      async function* () {
        yield chunks[0];
        throw new Error('upstream went away');
      } as () => AsyncIterator<unknown>,
      new AbortController(),
      response,
    );
    const lines = (await readText(stream.toReadableStream())).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1]!)).toEqual({
      error: { type: 'upstream_error', message: 'The answer was interrupted. Please try again.', status: 502, requestId: 'req_01abcdefghijklmnopqrstuvwx' },
    });
  });

  test('unknown errors say only that the answer was interrupted', async () => {
    const text = await readText(failingStream([], new Error('connect ECONNREFUSED 10.1.2.3:443 key=gsk_live')).toSSEReadableStream({ heartbeatMs: 0 }));
    expect(text).not.toMatch(/10\.1\.2\.3|gsk_/);
    expect(text).toMatch(/interrupted/);
  });

  test('a truncated upstream is reported, never ended with [DONE]', async () => {
    const cut = transcript.subarray(0, transcript.length / 2);
    const text = await readText(Stream.fromSSEResponse(createTestResponse([cut]).response).toSSEReadableStream({ heartbeatMs: 0 }));
    expect(text).not.toMatch(/\[DONE\]/);
    expect(text).toMatch(/event: error/);
    expect(StreamTruncatedError).toBeDefined();
  });

  test('sends heartbeats while the upstream is silent, from before the first chunk', async () => {
    const { response } = createTestResponse(['data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n'], { delayMs: 120 });
    const text = await readText(Stream.fromSSEResponse(response).toSSEReadableStream({ heartbeatMs: 20 }));
    const firstData = text.indexOf('data:');
    expect(text.slice(0, firstData)).toMatch(/^(: ping\n\n)+$/);
    const { items } = await readAll(Stream.fromSSEResponse(new Response(text)));
    expect(items).toHaveLength(1);
  });

  test('the first read gets a ping at once, before the upstream says anything: runtimes send the headers with the first bytes', async () => {
    const { response } = createTestResponse([], { holdOpen: true });
    const stream = Stream.fromSSEResponse(response);
    // The default interval (15 s): only the first ping can come within the test.
    const reader = stream.toSSEReadableStream().getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe(': ping\n\n');
    await reader.cancel();
    // With heartbeats off, nothing but the chunks: no first ping either.
    const quiet = Stream.fromSSEResponse(new Response('data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n'));
    expect(await readText(quiet.toSSEReadableStream({ heartbeatMs: 0 }))).toMatch(/^data: \{/);
  });

  test('refuses a heartbeatMs or stallTimeoutMs that no timer can wait, rather than firing every millisecond, and leaves the stream unread', async () => {
    const stream = Stream.fromSSEResponse(new Response('data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n'));
    for (const heartbeatMs of [Infinity, Number.NaN, -1, 2 ** 31]) {
      expect(() => stream.toSSEReadableStream({ heartbeatMs }), String(heartbeatMs)).toThrow(GroqError);
      expect(() => stream.toSSEReadableStream({ heartbeatMs }), String(heartbeatMs)).toThrow(/^heartbeatMs must be a number of milliseconds from 0 to 2147483647 \(0 turns it off\), got /);
    }
    for (const stallTimeoutMs of [Infinity, Number.NaN, -1]) {
      expect(() => stream.toSSEReadableStream({ stallTimeoutMs }), String(stallTimeoutMs)).toThrow(/^stallTimeoutMs must be a number of milliseconds from 0 to 2147483647/);
    }
    expect(() => stream.toSSEReadableStream({ errorPayload: 'oops' as never })).toThrow(/^errorPayload must be a function/);
    expect(() => stream.toSSEReadableStream(null as never)).toThrow(/^toSSEReadableStream\(\) takes its options as an object, got null/);
    // The hint names every option it takes, the callbacks too.
    expect(() => stream.toSSEReadableStream(15_000 as never)).toThrow(/ Pass \{ heartbeatMs, stallTimeoutMs, errorPayload, onCancel, onStall \}, or nothing\.$/);
    // Nothing was taken: the stream still reads, with options in range.
    expect(await readText(stream.toSSEReadableStream({ heartbeatMs: 0, stallTimeoutMs: 0 }))).toMatch(/data: \[DONE\]\n\n$/);
  });

  test('cancelling the SSE body cancels the upstream', async () => {
    const { response, stats } = createTestResponse(splitBytes(transcript, 100), { holdOpen: true });
    const stream = Stream.fromSSEResponse(response);
    const reader = stream.toSSEReadableStream({ heartbeatMs: 10 }).getReader();
    await reader.read();
    await reader.cancel();
    expect(stats.cancelCalls).toBe(1);
    expect(stream.controller.signal.aborted).toBe(true);
  });

  test('a reader that cancels while a chunk is awaited ends it quietly: the upstream failure that follows is no error event and reaches no errorPayload', async () => {
    const controller = new AbortController();
    // A source that fails with the abort, as one does when leaving it aborts its request.
    const source: AsyncIterator<unknown> = {
      next: () => new Promise((_, reject) => controller.signal.addEventListener('abort', () => reject(new Error('aborted upstream')))),
      return: async () => {
        controller.abort();
        return { value: undefined, done: true };
      },
    };
    const errorPayload = vi.fn(() => ({ type: 'server_error', message: 'x' }) as SafeErrorPayload);
    const reader = new Stream(() => source, controller).toSSEReadableStream({ heartbeatMs: 0, errorPayload }).getReader();
    const pending = reader.read();
    await Promise.resolve();
    await reader.cancel();
    expect(await pending).toEqual({ value: undefined, done: true });
    // Time for an error event that must not come: a slow machine can only make this pass without proving much.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(errorPayload).not.toHaveBeenCalled();
  });

  test('cancelling the SSE body of a stream whose own iterator has no return() settles, and reads no further', async () => {
    let reads = 0;
    const source: AsyncIterator<unknown> = { next: async () => ({ value: { id: `c${reads++}`, choices: [] }, done: false }) };
    const reader = new Stream(() => source, new AbortController()).toSSEReadableStream({ heartbeatMs: 0 }).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: {"id":"c0","choices":[]}\n\n');
    await expect(reader.cancel()).resolves.toBeUndefined();
    expect(reads).toBe(1);
  });

  test('an upstream abort stops the heartbeats, even when nobody reads the SSE stream any more', async () => {
    const { response } = createTestResponse([], { holdOpen: true });
    const stream = Stream.fromSSEResponse(response);
    const reader = stream.toSSEReadableStream({ heartbeatMs: 10 }).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe(': ping\n\n');
    const cleared = vi.spyOn(globalThis, 'clearInterval');
    try {
      stream.controller.abort();
      expect(cleared).toHaveBeenCalledOnce();
    } finally {
      cleared.mockRestore();
    }
  });

  test('an abort while the reader is not reading stops the stall clock: no timer is left for stallTimeoutMs, and the next read gets the error event', async () => {
    // Real timers (fake ones hold up the stream's first chunk): only the stall clock's are tracked.
    const timers = trackTimers(/start-sse-stream-timers\.(ts|js):/);
    try {
      // One chunk, then the abort (a browser that left while its runtime was between reads).
      const controller = new AbortController();
      const stream = new Stream<unknown>(
        async function* () {
          yield { id: 'one' };
          // Resumed only by the read after the abort.
          controller.signal.throwIfAborted();
        },
        controller,
      );
      const reader = stream.toSSEReadableStream({ heartbeatMs: 0, stallTimeoutMs: 30_000 }).getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: {"id":"one"}\n\n');
      expect(timers.pending()).toMatchObject([{ kind: 'timeout', ms: 30_000 }]);
      controller.abort();
      expect(timers.pending()).toEqual([]);
      expect(new TextDecoder().decode((await reader.read()).value)).toMatch(/^event: error\n/);
      expect((await reader.read()).done).toBe(true);
    } finally {
      timers.stop();
    }
  });

  test('a reader that is behind gets no pile of pings: one waits, the others are skipped', async () => {
    const { response } = createTestResponse([], { holdOpen: true });
    const stream = Stream.fromSSEResponse(response);
    const reader = stream.toSSEReadableStream({ heartbeatMs: 5 }).getReader();
    // A reader waiting before the first chunk gets pings.
    expect(new TextDecoder().decode((await reader.read()).value)).toBe(': ping\n\n');
    await new Promise((resolve) => setTimeout(resolve, 60));
    stream.controller.abort();
    let rest = '';
    for (let read = await reader.read(); !read.done; read = await reader.read()) rest += new TextDecoder().decode(read.value);
    expect(rest.split('\n\n').filter((frame) => frame.startsWith(': ping'))).toHaveLength(1);
  });

  test('pings keep a fixed interval from the first read, between chunks too, and only to a reader waiting when the timer fires', async () => {
    vi.useFakeTimers();
    try {
      // Chunks the test hands out one by one.
      const pending: ((frame: string) => void)[] = [];
      const source: AsyncIterator<{ chunk: unknown; frame: string }> = {
        next: () => new Promise((resolve) => pending.push((frame) => resolve({ value: { chunk: {}, frame }, done: false }))),
      };
      const reader = encodeSSEStream(source, { heartbeatMs: 100 }).getReader();
      const decoder = new TextDecoder();
      const read = (): { text: () => string | undefined; done: Promise<void> } => {
        let text: string | undefined;
        const done = reader.read().then(({ value }) => void (text = decoder.decode(value)));
        return { text: () => text, done };
      };
      const chunk = (frame: string): void => pending.shift()?.(frame);

      // 0 ms: the first read gets a ping at once.
      let next = read();
      await vi.advanceTimersByTimeAsync(0);
      expect(next.text()).toBe(': ping\n\n');
      // 60 ms: a chunk.
      next = read();
      await vi.advanceTimersByTimeAsync(60);
      expect(next.text()).toBeUndefined();
      chunk('data: 1\n\n');
      await next.done;
      expect(next.text()).toBe('data: 1\n\n');
      // 100 ms: a ping, 40 ms after that chunk, since the reader is waiting for the next one.
      next = read();
      await vi.advanceTimersByTimeAsync(39);
      expect(next.text()).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(next.text()).toBe(': ping\n\n');
      // 150 ms: another chunk, and a ping again at 200 ms.
      next = read();
      await vi.advanceTimersByTimeAsync(50);
      chunk('data: 2\n\n');
      await next.done;
      expect(next.text()).toBe('data: 2\n\n');
      next = read();
      await vi.advanceTimersByTimeAsync(50);
      expect(next.text()).toBe(': ping\n\n');
      // A reader that is not waiting when the timer fires (300 ms) gets no ping then, nor one queued for later.
      next = read();
      chunk('data: 3\n\n');
      await next.done;
      await vi.advanceTimersByTimeAsync(150);
      next = read();
      chunk('data: 4\n\n');
      await next.done;
      expect(next.text()).toBe('data: 4\n\n');
      // Waiting again, it gets the next ping at the interval's time (400 ms), not 100 ms after its read.
      next = read();
      await vi.advanceTimersByTimeAsync(49);
      expect(next.text()).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(next.text()).toBe(': ping\n\n');
      await reader.cancel();
    } finally {
      vi.useRealTimers();
    }
  });

  test('without heartbeatMs, pings come every 15 s (defaultHeartbeatMs), as the README and TSDoc say', async () => {
    vi.useFakeTimers();
    try {
      // An upstream that says nothing until it is aborted.
      const controller = new AbortController();
      const silent = new Stream<unknown>(
        async function* () {
          await new Promise((_, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason)));
        },
        controller,
      );
      const reader = silent.toSSEReadableStream().getReader();
      const decoder = new TextDecoder();
      const read = (): (() => string | undefined) => {
        let text: string | undefined;
        void reader.read().then(({ value }) => (text = decoder.decode(value)));
        return () => text;
      };
      let next = read();
      await vi.advanceTimersByTimeAsync(0);
      expect(next()).toBe(': ping\n\n');
      next = read();
      await vi.advanceTimersByTimeAsync(14_999);
      expect(next()).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(next()).toBe(': ping\n\n');
      next = read();
      await vi.advanceTimersByTimeAsync(14_999);
      expect(next()).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(next()).toBe(': ping\n\n');
      controller.abort();
      await reader.cancel();
    } finally {
      vi.useRealTimers();
    }
  });

  test('an abort while a reader is still there ends the SSE stream with an error event, not a bare close', async () => {
    for (const readFirst of [false, true]) {
      const { response, stats } = createTestResponse(splitBytes(transcript, 40), { holdOpen: true });
      const stream = Stream.fromSSEResponse(response);
      const reader = stream.toSSEReadableStream({ heartbeatMs: 0 }).getReader();
      const decoder = new TextDecoder();
      let text = readFirst ? decoder.decode((await reader.read()).value) : '';
      stream.controller.abort();
      for (let read = await reader.read(); !read.done; read = await reader.read()) text += decoder.decode(read.value);
      const frames = text.split('\n\n').filter(Boolean);
      expect(frames.at(-1)).toMatch(/^event: error\ndata: .*"The answer was interrupted/);
      expect(text).not.toContain('[DONE]');
      expect(stats.cancelCalls).toBe(1);
      // What a browser reading it gets: the chunks that came, then an error, never a quiet end.
      const browser = Stream.fromSSEResponse(new Response(text, { headers: { 'content-type': 'text/event-stream' } }));
      const { items, error } = await readAll(browser);
      expect(items).toHaveLength(frames.filter((frame) => frame.startsWith('data:')).length);
      expect(items.length > 0).toBe(readFirst);
      expect(error).toBeInstanceOf(StreamServerError);
      expect((error as Error).message).toMatch(/interrupted/);
    }
  });

  test('an abort of the controller for any reason ends with an error event that carries the request id', async () => {
    for (const reason of [undefined, new DOMException('The operation was aborted due to timeout', 'TimeoutError'), new Error('shutting down')]) {
      const { response } = createTestResponse([encodeSSETranscript(chunks.slice(0, 1), { done: false })], { holdOpen: true, headers: { 'x-request-id': 'req_01encoder' } });
      const stream = Stream.fromSSEResponse(response);
      const reader = stream.toSSEReadableStream({ heartbeatMs: 0 }).getReader();
      const decoder = new TextDecoder();
      let text = decoder.decode((await reader.read()).value);
      stream.controller.abort(reason);
      for (let read = await reader.read(); !read.done; read = await reader.read()) text += decoder.decode(read.value);
      expect(text.split('\n\n').filter(Boolean).at(-1), String(reason)).toBe(
        'event: error\ndata: {"error":{"type":"upstream_error","message":"The answer was interrupted. Please try again.","status":502,"requestId":"req_01encoder"}}',
      );
    }
  });

  test('given the request id, the error event of an iterator that throws an error of its own carries it', async () => {
    async function* frames() {
      yield { chunk: chunks[0], frame: 'data: {}\n\n' };
      throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    }
    const text = await readText(encodeSSEStream(frames(), { heartbeatMs: 0 }, undefined, 'req_01own'));
    expect(text).toBe('data: {}\n\nevent: error\ndata: {"error":{"type":"upstream_error","message":"The answer was interrupted. Please try again.","status":502,"requestId":"req_01own"}}\n\n');
  });

  test('errorPayload is told how many chunks went out before the error: 0 before the first', async () => {
    for (const sent of [0, 3]) {
      async function* frames() {
        for (const chunk of chunks.slice(0, sent)) yield { chunk, frame: 'data: {}\n\n' };
        throw new Error('upstream broke');
      }
      const errorPayload = vi.fn(() => undefined);
      await readText(encodeSSEStream(frames(), { heartbeatMs: 0, errorPayload }));
      expect(errorPayload.mock.calls).toEqual([[expect.any(Error), { chunks: sent }]]);
    }
  });

  test('an errorPayload that returns undefined gives the default event: error with the request id, not data: {}', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      async function* frames() {
        yield { chunk: chunks[0], frame: 'data: {}\n\n' };
        throw new Error('upstream broke');
      }
      const text = await readText(encodeSSEStream(frames(), { heartbeatMs: 0, errorPayload: () => undefined }, undefined, 'req_01own'));
      expect(text).toBe('data: {}\n\nevent: error\ndata: {"error":{"type":"upstream_error","message":"The answer was interrupted. Please try again.","status":502,"requestId":"req_01own"}}\n\n');
      expect(log).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
  });

  test('an errorPayload that returns null or a string gives the default event: error too, and is logged', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      for (const value of [null, 'Sorry!']) {
        async function* frames() {
          yield { chunk: chunks[0], frame: 'data: {}\n\n' };
          throw new Error('upstream broke');
        }
        const errorPayload = (): SafeErrorPayload => value as unknown as SafeErrorPayload;
        const text = await readText(encodeSSEStream(frames(), { heartbeatMs: 0, errorPayload }, undefined, 'req_01own'));
        expect(text).toBe('data: {}\n\nevent: error\ndata: {"error":{"type":"upstream_error","message":"The answer was interrupted. Please try again.","status":502,"requestId":"req_01own"}}\n\n');
      }
      expect(log).toHaveBeenCalledTimes(2);
    } finally {
      log.mockRestore();
    }
  });

  test("an errorPayload's words with line breaks, NUL, U+2028, a BOM or a lone surrogate reach a standard reader unchanged, in one error event", async () => {
    // An app's mapping may quote a multi-line message; under the standard's rules a raw CR or LF in the frame
    // would end the data line, and a blank line the event, so the rest could read as fields of its own.
    const awkward = ['\r', '\n', '\r\n', '\n\n', '\r\r', '\0', '\u2028', '\u2029', '\u0085', '\uFEFF', '\uD800', '\uDFFF', '\ndata: [DONE]\n\nevent: message\nid: 1\nretry: 1'];
    for (const text of awkward) {
      const payload: SafeErrorPayload = { type: `app${text}error`, message: `line one${text}line two`, code: 'app_code' };
      const body = failingStream([chunks[0]], new Error('upstream broke')).toSSEReadableStream({ heartbeatMs: 0, errorPayload: () => payload });
      const relayed = new Uint8Array(await new Response(body).arrayBuffer());
      const { events, retry } = interpretEventStream(relayed);
      expect(events.map(({ event, id }) => [event, id]), JSON.stringify(text)).toEqual([['message', ''], ['error', '']]);
      expect(JSON.parse(events[1]!.data), JSON.stringify(text)).toEqual({ error: payload });
      expect(retry).toBeUndefined();
      // And our own reader, in pieces of 7 bytes, raises it with the payload as the relay wrote it.
      const { items, error } = await readAll(Stream.fromSSEResponse(createTestResponse(splitBytes(relayed, 7)).response));
      expect(items).toEqual([chunks[0]]);
      expect((error as StreamServerError).error, JSON.stringify(text)).toEqual(payload);
    }
  });

  test('nothing starts before the first read: a stream dropped unread is aborted once it is garbage', async () => {
    const { response, stats } = createTestResponse(splitBytes(transcript, 50));
    const stream = Stream.fromSSEResponse(response);
    const sse = stream.toSSEReadableStream({ heartbeatMs: 5 });
    const ndjson = Stream.fromSSEResponse(createTestResponse(splitBytes(transcript, 50)).response).toReadableStream();
    // Time for reads that must not happen: a slow machine can only make this pass without proving much.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(stats.piecesPulled).toBe(0);
    // Still registered to be aborted when dropped: taken (a second read fails) but not started.
    expect(() => stream[Symbol.asyncIterator]()).toThrow(StreamConsumedError);
    await sse.cancel();
    await ndjson.cancel();
  });

  test('a reader that stops taking bytes for stallTimeoutMs fails the stream and aborts the upstream', async () => {
    // Fake timers: the clock moves only when the test moves it, so a loaded machine cannot stretch a gap
    // between two reads past the limit, nor bring the stall early.
    vi.useFakeTimers();
    try {
      const { response, stats } = createTestResponse(splitBytes(transcript, 100), { holdOpen: true });
      const stream = Stream.fromSSEResponse(response);
      const reader = stream.toSSEReadableStream({ heartbeatMs: 0, stallTimeoutMs: 1000 }).getReader();
      await reader.read();
      // Reads 900 ms apart keep it alive, however long the whole stream takes (3.6 s here).
      for (let read = 0; read < 4; read++) {
        await vi.advanceTimersByTimeAsync(900);
        expect((await reader.read()).done).toBe(false);
      }
      expect(stream.controller.signal.aborted).toBe(false);
      // Then the reader stops: nothing at 999 ms; the stall at 1000 ms, which fails the stream one turn later
      // (the grace for a process that was held up: a 0 ms timer, which the fake clock runs 1 ms on).
      await vi.advanceTimersByTimeAsync(999);
      expect(stream.controller.signal.aborted).toBe(false);
      await vi.advanceTimersByTimeAsync(2);
      expect(stream.controller.signal.aborted).toBe(true);
      expect(stats.cancelCalls).toBe(1);
      await expect(reader.read()).rejects.toThrow(/took no bytes for 1000 ms/);
    } finally {
      vi.useRealTimers();
    }
  });

  test('a reader waiting for a slow first token is not stalled, and stallTimeoutMs is off by default', async () => {
    const { response } = createTestResponse(['data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n'], { delayMs: 150 });
    const text = await readText(Stream.fromSSEResponse(response).toSSEReadableStream({ heartbeatMs: 0, stallTimeoutMs: 40 }));
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);

    const held = Stream.fromSSEResponse(createTestResponse(splitBytes(transcript, 100), { holdOpen: true }).response);
    const reader = held.toSSEReadableStream({ heartbeatMs: 0 }).getReader();
    await reader.read();
    // Time for an abort that must not come: a slow machine can only make this pass without proving much.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(held.controller.signal.aborted).toBe(false);
    await reader.cancel();
  });

  test("chunks of an app's own iterator, whatever their strings hold, read back under the standard's rules as the same JSON, one data line each, however the bytes are cut", async () => {
    // Any UTF-16 unit (lone surrogates too), and the ones that a frame written without JSON's escapes would break.
    const unit = fc.oneof(
      fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
      fc.constantFrom('\r', '\n', '\r\n', '\0', '\u2028', '\u2029', '\u0085', '\uFEFF', '\uD800', '\uDFFF', '😀', ':', ' ', '\ndata: [DONE]\n\nevent: error\nid: 1\nretry: 1\n'),
    );
    const text = fc.string({ unit, maxLength: 8 });
    const item = fc.record({ content: text, key: text.filter((key) => !['id', 'choices', '__proto__'].includes(key)), value: fc.oneof(text, fc.array(text, { maxLength: 2 })) });
    await fc.assert(
      fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 4 }), async (specs, cuts) => {
        const sent = specs.map(({ content, key, value }, index) => ({
          [key]: value,
          id: 'c',
          choices: [{ index: 0, delta: { content }, finish_reason: index === specs.length - 1 ? 'stop' : null }],
        }));
        const stream = new Stream(async function* () {
          yield* sent;
        } as () => AsyncIterator<unknown>, new AbortController());
        const relayed = new Uint8Array(await new Response(stream.toSSEReadableStream({ heartbeatMs: 0 })).arrayBuffer());
        // Byte for byte the frames the relays share, and under the standard's rules one message per chunk, then [DONE].
        expect(new TextDecoder().decode(relayed)).toBe(sent.map((chunk) => sseFrames.data(chunk)).join('') + sseFrames.done);
        const { events, retry } = interpretEventStream(relayed);
        expect(retry).toBeUndefined();
        expect(events.map(({ event, data, id }) => [event, data === '[DONE]' ? data : JSON.parse(data), id])).toEqual([...sent.map((chunk) => ['message', chunk, '']), ['message', '[DONE]', '']]);
        // Our own reader, with the bytes cut anywhere, gives the same chunks and a clean end.
        const points = [...new Set(cuts.map((at) => at % relayed.length))].filter((at) => at > 0).sort((x, y) => x - y);
        const pieces = [0, ...points].map((start, index) => relayed.subarray(start, points[index] ?? relayed.length));
        const again = await readAll(Stream.fromSSEResponse(createTestResponse(pieces).response));
        expect(again.error).toBeUndefined();
        expect(again.items).toEqual(sent);
      }),
      { numRuns: 150 },
    );
  });

  test('is pull-based: nothing is read from upstream beyond what the consumer asked for', async () => {
    const pieces = splitBytes(transcript, 50);
    const { response, stats } = createTestResponse(pieces);
    const reader = Stream.fromSSEResponse(response).toSSEReadableStream({ heartbeatMs: 0 }).getReader();
    await reader.read();
    // Time for reads ahead that must not happen: a slow machine can only make this pass without proving much.
    await new Promise((resolve) => setTimeout(resolve, 20));
    // One chunk taken, at most a couple more buffered ahead: a small fraction of the whole body.
    expect(stats.piecesPulled).toBeLessThan(pieces.length / 5);
    await reader.cancel();
  });
});

describe('toReadableStream and fromReadableStream (NDJSON)', () => {
  test('round-trip every chunk', async () => {
    const stream = Stream.fromSSEResponse(createTestResponse([transcript]).response);
    const bytes = new Uint8Array(await new Response(stream.toReadableStream()).arrayBuffer());
    expect(new TextDecoder().decode(bytes).split('\n').filter(Boolean)).toHaveLength(chunks.length);
    for (const size of [1, 7, 4096]) {
      const { items, error } = await readAll(Stream.fromReadableStream(createTestResponse(splitBytes(bytes, size)).response.body!));
      expect(error).toBeUndefined();
      expect(items).toEqual(chunks);
    }
  });

  test("a chunk read from a response goes out as the server's text; one that echoes a key is serialised with it redacted", async () => {
    rememberSecret('pk-ndjson-echo-5a6b7c8d');
    const spaced = '{"id": "c1",  "choices": [{"index": 0, "delta": {"content": "hi"}, "finish_reason": "stop"}]}';
    const echoed = '{"id": "c2", "debug": "pk-ndjson-echo-5a6b7c8d", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}';
    const text = await readText(Stream.fromSSEResponse(new Response(`data: ${spaced}\n\ndata: ${echoed}\n\ndata: [DONE]\n\n`)).toReadableStream());
    expect(text.split('\n')).toEqual([spaced, JSON.stringify({ ...JSON.parse(echoed), debug: '[redacted]' }), '']);
  });

  test('an error becomes a last error line that reads back as StreamServerError', async () => {
    const body = failingStream([chunks[0]], new Error('secret detail')).toReadableStream();
    const { items, error } = await readAll(Stream.fromReadableStream(body));
    expect(items).toEqual([chunks[0]]);
    expect(error).toBeInstanceOf(StreamServerError);
    expect((error as Error).message).not.toMatch(/secret/);
  });

  test('an abort while a reader is still there ends with an error line, not a bare end that reads as a whole answer', async () => {
    for (const readFirst of [false, true]) {
      const { response, stats } = createTestResponse(splitBytes(transcript, 40), { holdOpen: true });
      const stream = Stream.fromSSEResponse(response);
      const reader = stream.toReadableStream().getReader();
      const decoder = new TextDecoder();
      let text = readFirst ? decoder.decode((await reader.read()).value) : '';
      stream.controller.abort(new Error('shutting down'));
      for (let read = await reader.read(); !read.done; read = await reader.read()) text += decoder.decode(read.value);
      const lines = text.trimEnd().split('\n');
      expect(JSON.parse(lines.at(-1)!)).toMatchObject({ error: { message: 'The answer was interrupted. Please try again.' } });
      expect(lines).toHaveLength(readFirst ? 2 : 1);
      expect(stats.cancelCalls).toBe(1);
      const { items, error } = await readAll(Stream.fromReadableStream(new Response(text).body!));
      expect(items).toHaveLength(lines.length - 1);
      expect(error).toBeInstanceOf(StreamServerError);
      expect((error as Error).message).toMatch(/interrupted/);
    }
  });

  test('a reader that cancels is not written to: the abort its leaving makes adds no error line', async () => {
    const { response, stats } = createTestResponse(splitBytes(transcript, 40), { holdOpen: true });
    const reader = Stream.fromSSEResponse(response).toReadableStream().getReader();
    await reader.read();
    const pending = reader.read();
    await reader.cancel();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(stats.cancelCalls).toBe(1);
  });

  test('a line longer than maxEventSize fails with StreamEventTooLargeError, also when it arrives in pieces', async () => {
    const line = `${JSON.stringify({ choices: [{ index: 0, delta: { content: 'x'.repeat(2000) }, finish_reason: null }] })}\n`;
    for (const size of [line.length, 100]) {
      const body = createTestResponse(splitBytes(new TextEncoder().encode(line), size)).response.body!;
      const { items, error } = await readAll(Stream.fromReadableStream(body, undefined, { maxEventSize: 1000 }));
      expect(items).toEqual([]);
      expect(error).toBeInstanceOf(StreamEventTooLargeError);
      expect(error).toMatchObject({ maxEventSize: 1000 });
    }
  });

  test('an answer that ended on [DONE] before a finish_reason reads back complete: a last chunk finishes its choices, which groq-sdk reads as a chunk', async () => {
    const head = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm' };
    const open = (index: number, content: string) => ({ ...head, choices: [{ index, delta: { content }, finish_reason: null }] });
    const sent = [open(0, 'Hi'), open(1, 'Yo'), { ...head, choices: [{ index: 1, delta: {}, finish_reason: 'length' }] }];
    const original = Stream.fromSSEResponse<ChatCompletionChunk>(new Response(`${sent.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('')}data: [DONE]\n\n`));
    const [forText, forCompletion] = original.tee();
    const text = await readText(forText.toReadableStream());
    const closing = { ...head, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }] };
    expect(text.split('\n')).toEqual([...sent.map((chunk) => JSON.stringify(chunk)), JSON.stringify(closing), '']);
    const { items, error } = await readAll(Stream.fromReadableStream<ChatCompletionChunk>(new Response(text).body!));
    expect(error).toBeUndefined();
    expect(items).toEqual([...sent, closing]);
    // The same completion as the original's, where [DONE] means stop for the choice that had no reason.
    expect(await Stream.fromReadableStream<ChatCompletionChunk>(new Response(text).body!).finalChatCompletion()).toEqual(await forCompletion.finalChatCompletion());
    // groq-sdk's fromReadableStream() reads every line as a chunk, the closing one too.
    const sdk: unknown[] = [];
    for await (const chunk of SdkStream.fromReadableStream(new Response(text).body!, new AbortController())) sdk.push(chunk);
    expect(sdk).toEqual([...sent, closing]);
    // Cut before the closing line, it still reads back as truncated; a finished answer gains no line.
    const cut = text.split('\n').slice(0, 3).join('\n');
    expect((await readAll(Stream.fromReadableStream(new Response(cut).body!))).error).toBeInstanceOf(StreamTruncatedError);
    const finished = Stream.fromSSEResponse(createTestResponse([transcript]).response);
    expect((await readText(finished.toReadableStream())).trimEnd().split('\n')).toHaveLength(chunks.length);
  });

  test("a Stream built by hand with a field of the wrong type: both encoders pass the chunk on as it came, which both readers refuse alike, and NDJSON's last chunk finishes the choices that had no reason, whatever the choice beside them held", async () => {
    const head = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm' };
    const sent = [
      { ...head, choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }, { index: 1, delta: { content: 'Yo' }, finish_reason: null }] },
      // Choice 0's reasoning is no text; beside it, choice 1 ends and choice 2 begins.
      { ...head, choices: [{ index: 0, delta: { reasoning: 5 }, finish_reason: null }, { index: 1, delta: {}, finish_reason: 'length' }, { index: 2, delta: { content: '!' }, finish_reason: null }] },
    ];
    const byHand = () => new Stream(() => sent[Symbol.iterator]() as unknown as AsyncIterator<unknown>, new AbortController());
    const sse = await readText(byHand().toSSEReadableStream({ heartbeatMs: 0 }));
    expect(sse).toBe(`${sent.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('')}data: [DONE]\n\n`);
    const ndjson = await readText(byHand().toReadableStream());
    // What [DONE] means for choices 0 and 2; choice 1 has its reason, and no second one.
    const closing = { ...head, choices: [0, 2].map((index) => ({ index, delta: {}, logprobs: null, finish_reason: 'stop' })) };
    expect(ndjson.split('\n')).toEqual([...sent.map((chunk) => JSON.stringify(chunk)), JSON.stringify(closing), '']);
    const fromSSE = await readAll(Stream.fromSSEResponse(new Response(sse)));
    const fromNDJSON = await readAll(Stream.fromReadableStream(new Response(ndjson).body!));
    for (const { items, error } of [fromSSE, fromNDJSON]) {
      expect(items).toEqual([sent[0]]);
      expect(error).toBeInstanceOf(StreamInvalidDataError);
      expect((error as Error).message).toMatch(/^The server sent a chunk whose choices\[0\]\.delta\.reasoning is not text: 5\. /);
    }
    // groq-sdk's reader checks nothing: it reads each choice's end as it was, as from the SSE.
    const sdk: unknown[] = [];
    for await (const chunk of SdkStream.fromReadableStream(new Response(ndjson).body!, new AbortController())) sdk.push(chunk);
    expect(sdk).toEqual([...sent, closing]);
  });

  test('a cut-off NDJSON body is truncated', async () => {
    const text = chunks.slice(0, 5).map((chunk) => JSON.stringify(chunk)).join('\n');
    expect((await readAll(Stream.fromReadableStream(new Response(text).body!))).error).toBeInstanceOf(StreamTruncatedError);
    const cutMidLine = text.slice(0, -10);
    const { items, error } = await readAll(Stream.fromReadableStream(new Response(cutMidLine).body!));
    expect(items).toHaveLength(4);
    expect(error).toBeInstanceOf(StreamTruncatedError);
  });

  test("a chunk's x_groq.error stays on the server: the line goes without it, then the safe error line", async () => {
    const failing = { ...chunks[0], x_groq: { id: 'req_1', error: 'worker gpu-7.internal:8443 crashed' } };
    const upstream = Stream.fromSSEResponse(new Response(`data: ${JSON.stringify(chunks[0])}\n\ndata: ${JSON.stringify(failing)}\n\n`));
    const text = await readText(upstream.toReadableStream());
    expect(text).not.toContain('gpu-7');
    const { items, error } = await readAll(Stream.fromReadableStream(new Response(text).body!));
    expect(items).toHaveLength(2);
    expect(error).toBeInstanceOf(StreamServerError);
    expect((error as StreamServerError).serverMessage).not.toContain('gpu-7');
  });

  test('a whole last line without its newline is delivered, as groq-sdk writes it', async () => {
    const finished = { ...chunks[0], choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] };
    const text = [...chunks.slice(0, 3), finished].map((chunk) => JSON.stringify(chunk)).join('\n');
    const { items, error } = await readAll(Stream.fromReadableStream(new Response(text).body!));
    expect(error).toBeUndefined();
    expect(items).toEqual([...chunks.slice(0, 3), finished]);
  });
});
