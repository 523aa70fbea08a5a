import { createChunkTranscript, createTestResponse, encodeSSETranscript, splitBytes } from '@groq-stream/core/test';
import { describe, expect, test, vi } from 'vitest';
import { createSSEResponse, type SSEResponseInit } from './create-sse-response.js';
import { APIConnectionTimeoutError, GroqError, Stream, StreamTruncatedError, toSafeErrorPayload, type ChatCompletionChunk, type SafeErrorPayload } from './index.js';
import { eventually, readText } from './test/relay-test-kit.js';

const chunks = createChunkTranscript({ chunks: 12, seed: 9 }) as unknown as ChatCompletionChunk[];
const transcript = encodeSSETranscript(chunks);

function upstream(options: { holdOpen?: boolean; delayMs?: number; pieces?: (string | Uint8Array)[] } = {}) {
  const { pieces = splitBytes(transcript, 64), ...init } = options;
  const { response, stats } = createTestResponse(pieces, init);
  return { stream: Stream.fromSSEResponse<ChatCompletionChunk>(response), stats };
}

describe('createSSEResponse', () => {
  test("passes Groq's request id on as x-groq-request-id, and as x-request-id unless the app sets its own", async () => {
    const relayed = () => Stream.fromSSEResponse<ChatCompletionChunk>(createTestResponse([transcript], { headers: { 'x-request-id': 'req_relayed' } }).response);
    const response = createSSEResponse(relayed(), { heartbeatMs: 0 });
    expect(response.headers.get('x-request-id')).toBe('req_relayed');
    expect(response.headers.get('x-groq-request-id')).toBe('req_relayed');
    await response.body?.cancel();
    // The app's own request id (a request-id middleware's) stays; Groq's still has its header.
    const own = createSSEResponse(relayed(), { heartbeatMs: 0, headers: { 'x-request-id': 'app-request-7' } });
    expect(own.headers.get('x-request-id')).toBe('app-request-7');
    expect(own.headers.get('x-groq-request-id')).toBe('req_relayed');
    await own.body?.cancel();
    const none = createSSEResponse(upstream().stream, { heartbeatMs: 0 });
    expect(none.headers.has('x-request-id')).toBe(false);
    expect(none.headers.has('x-groq-request-id')).toBe(false);
    await none.body?.cancel();
  });

  test('relays the chunks with SSE headers; the browser reads back the same chunks', async () => {
    const { stream } = upstream();
    const response = createSSEResponse(stream, { heartbeatMs: 0 });
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    });
    // Connection management is the server's (HTTP/2 forbids the header; HTTP/1.1 keeps alive by default).
    expect(response.headers.has('connection')).toBe(false);
    const items: ChatCompletionChunk[] = [];
    for await (const chunk of Stream.fromSSEResponse<ChatCompletionChunk>(response)) items.push(chunk);
    expect(items).toEqual(chunks);
  });

  test('an option no timer can wait, or an errorPayload that is no function, throws GroqError and leaves the stream unread', async () => {
    const { stream, stats } = upstream();
    for (const init of [{ heartbeatMs: Infinity }, { heartbeatMs: Number.NaN }, { stallTimeoutMs: Number.NaN }, { stallTimeoutMs: -1 }, { errorPayload: 'safe' as never }]) {
      expect(() => createSSEResponse(stream, init), JSON.stringify(init)).toThrow(GroqError);
      expect(() => createSSEResponse(stream, init)).toThrow(/^(heartbeatMs|stallTimeoutMs) must be a number of milliseconds from 0 to 2147483647|^errorPayload must be a function/);
    }
    expect(stats.cancelled).toBe(false);
    const text = await readText(createSSEResponse(stream, { heartbeatMs: 0 }));
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  test('an init that is not an object throws GroqError whose hint names every option createSSEResponse takes', () => {
    const { stream, stats } = upstream();
    expect(() => createSSEResponse(stream, 15_000 as never)).toThrow(GroqError);
    expect(() => createSSEResponse(stream, 15_000 as never)).toThrow(
      /^createSSEResponse\(\) takes its options as an object, got a number\. Pass \{ signal, heartbeatMs, stallTimeoutMs, errorPayload, onCancel, onStall, status, statusText, headers \}, or nothing\.$/,
    );
    expect(stats.cancelled).toBe(false);
  });

  test('a signal that is not an AbortSignal throws GroqError and leaves the stream untaken; null is none', async () => {
    const { stream, stats } = upstream();
    for (const signal of ['stop', {}, 5]) {
      let error: unknown;
      try {
        createSSEResponse(stream, { heartbeatMs: 0, signal: signal as never });
      } catch (thrown) {
        error = thrown;
      }
      expect(error, String(signal)).toBeInstanceOf(GroqError);
      expect((error as GroqError).message).toMatch(/^signal must be an AbortSignal, got ("stop"|an object|5)\. Pass the incoming request's signal \(request\.signal\)/);
    }
    expect(stats.cancelled).toBe(false);
    // Not taken: the same stream still relays whole, with no signal.
    const text = await readText(createSSEResponse(stream, { heartbeatMs: 0, signal: null }));
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    // A signal of another realm or a polyfill, by its shape, is followed.
    const controller = new AbortController();
    const foreign = { get aborted() { return controller.signal.aborted; }, get reason() { return controller.signal.reason as unknown; }, addEventListener: controller.signal.addEventListener.bind(controller.signal), removeEventListener: controller.signal.removeEventListener.bind(controller.signal) };
    const held = upstream({ holdOpen: true });
    const response = createSSEResponse(held.stream, { heartbeatMs: 0, signal: foreign as unknown as AbortSignal });
    controller.abort(new Error('shutdown'));
    expect(await readText(response)).toMatch(/^event: error\n/m);
    expect(held.stats.cancelled).toBe(true);
  });

  test('a header value or status the Response refuses throws with the stream untaken, so that it can still be relayed or cancelled', async () => {
    const { stream, stats } = upstream();
    const refused: SSEResponseInit[] = [{ headers: { 'x-model': 'llama-3.3-70b-versatile 🦙' } }, { headers: { 'x-bad': 'a\nb' } }, { status: 204 }, { status: 99 }];
    for (const init of refused) {
      // The runtime's own TypeError (RangeError for a status out of 200 to 599).
      expect(() => createSSEResponse(stream, { heartbeatMs: 0, ...init }), JSON.stringify(init)).toThrow(/./);
    }
    expect(stats.cancelled).toBe(false);
    // Not taken: the same stream still relays whole.
    const text = await readText(createSSEResponse(stream, { heartbeatMs: 0 }));
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  test('takes ResponseInit: status and extra headers', async () => {
    const { stream } = upstream();
    const response = createSSEResponse(stream, { heartbeatMs: 0, status: 201, statusText: 'Created', headers: { 'x-request-id': 'req_1', 'cache-control': 'no-store' } });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBe('req_1');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    await readText(response);
  });

  test('errorPayload decides what the browser sees of an upstream error', async () => {
    const { stream } = upstream({ pieces: [encodeSSETranscript(chunks.slice(0, 2), { done: false })] });
    const text = await readText(createSSEResponse(stream, { heartbeatMs: 0, errorPayload: () => ({ type: 'custom', message: 'Try later.' }) }));
    // The upstream was cut off: a payload without a code of its own gets the kind's.
    expect(text.endsWith('event: error\ndata: {"error":{"type":"custom","message":"Try later.","code":"stream_truncated"}}\n\n')).toBe(true);
  });

  test("an errorPayload whose toJSON throws on its second call: the browser gets what its first call gave, with the cut-off's code", async () => {
    let calls = 0;
    const payload = {
      toJSON: () => {
        if (++calls > 1) throw new Error('second call');
        return { type: 'custom', message: 'Try later.' };
      },
    } as unknown as SafeErrorPayload;
    const { stream } = upstream({ pieces: [encodeSSETranscript(chunks.slice(0, 2), { done: false })] });
    const text = await readText(createSSEResponse(stream, { heartbeatMs: 0, errorPayload: () => payload }));
    expect(text.endsWith('event: error\ndata: {"error":{"type":"custom","message":"Try later.","code":"stream_truncated"}}\n\n')).toBe(true);
    expect(calls).toBe(1);
  });

  test('an errorPayload that throws, or gives what JSON cannot hold, still ends the stream with the default error event, and is logged', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const mappings = [
        (): SafeErrorPayload => {
          throw new Error('mapping bug');
        },
        (): SafeErrorPayload => ({ type: 'custom', message: 'Try later.', status: 1n as unknown as number }),
      ];
      for (const errorPayload of mappings) {
        const { stream } = upstream({ pieces: [encodeSSETranscript(chunks.slice(0, 2), { done: false })] });
        const items: ChatCompletionChunk[] = [];
        const reading = (async () => {
          for await (const chunk of Stream.fromSSEResponse<ChatCompletionChunk>(createSSEResponse(stream, { heartbeatMs: 0, errorPayload }))) items.push(chunk);
        })();
        const error = await reading.then(() => undefined, (caught: unknown) => caught);
        expect(items).toEqual(chunks.slice(0, 2));
        // The default event for the cut-off upstream, which the browser reads as one.
        expect(error).toBeInstanceOf(StreamTruncatedError);
      }
      expect(log).toHaveBeenCalledTimes(2);
    } finally {
      log.mockRestore();
    }
  });

  // "Not mine", as a JavaScript mapping says it (the route handler's own errorPayload only logs and returns
  // undefined): the browser must still read an error, with the request id, not data: {} or a quiet end.
  test('an errorPayload that returns undefined gives the browser the default error event, with the request id, and logs nothing', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const { response } = createTestResponse([encodeSSETranscript(chunks.slice(0, 2), { done: false })], { headers: { 'x-request-id': 'req_01undefinedmap' } });
      const relayed = createSSEResponse(Stream.fromSSEResponse<ChatCompletionChunk>(response), { heartbeatMs: 0, errorPayload: () => undefined });
      const items: ChatCompletionChunk[] = [];
      const error = await (async () => {
        for await (const chunk of Stream.fromSSEResponse<ChatCompletionChunk>(relayed)) items.push(chunk);
      })().then(() => undefined, (caught: unknown) => caught);
      expect(items).toEqual(chunks.slice(0, 2));
      expect(error).toBeInstanceOf(StreamTruncatedError);
      expect(error).toMatchObject({ requestId: 'req_01undefinedmap' });
      expect(log).not.toHaveBeenCalled();
    } finally {
      log.mockRestore();
    }
  });

  test('an errorPayload that returns null gives the browser the default error event, and is logged', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const { stream } = upstream({ pieces: [encodeSSETranscript(chunks.slice(0, 2), { done: false })] });
      const text = await readText(createSSEResponse(stream, { heartbeatMs: 0, errorPayload: () => null as unknown as SafeErrorPayload }));
      expect(text.endsWith('event: error\ndata: {"error":{"type":"upstream_error","message":"The answer was interrupted. Please try again.","status":502,"code":"stream_truncated"}}\n\n')).toBe(true);
      expect(log).toHaveBeenCalledTimes(1);
      expect(String(log.mock.calls[0]?.[0])).toMatch(/errorPayload option returned null, not an object/);
    } finally {
      log.mockRestore();
    }
  });

  // An abort from outside (the app's own deadline, a server shutting down) is not the reader's doing: a
  // reader still there learns that the answer was cut, as from pipeStreamToServerResponse's signal.
  const interrupted = 'event: error\ndata: {"error":{"type":"upstream_error","message":"The answer was interrupted. Please try again.","status":502}}\n\n';

  test('an already aborted signal aborts the upstream at once, and the reader gets only an error event', async () => {
    const { stream, stats } = upstream({ holdOpen: true });
    const response = createSSEResponse(stream, { signal: AbortSignal.abort(), heartbeatMs: 0 });
    expect(stream.controller.signal.aborted).toBe(true);
    expect(await readText(response)).toBe(interrupted);
    await eventually(() => stats.cancelled);
  });

  test('aborting the signal mid-stream aborts the upstream, and the reader still there gets an error event, no [DONE]', async () => {
    const { stream, stats } = upstream({ holdOpen: true, delayMs: 5 });
    const controller = new AbortController();
    const reader = createSSEResponse(stream, { signal: controller.signal, heartbeatMs: 0 }).body!.getReader();
    expect((await reader.read()).done).toBe(false);
    controller.abort();
    await eventually(() => stats.cancelled);
    let text = '';
    for (let result = await reader.read(); !result.done; result = await reader.read()) text += new TextDecoder().decode(result.value);
    expect(text.endsWith(interrupted)).toBe(true);
    expect(text).not.toContain('[DONE]');
  });

  test('the error event of an abort describes the signal reason, as pipeStreamToServerResponse writes it', async () => {
    const { stream } = upstream({ holdOpen: true });
    const controller = new AbortController();
    const reader = createSSEResponse(stream, { signal: controller.signal, heartbeatMs: 0 }).body!.getReader();
    expect((await reader.read()).done).toBe(false);
    // The app's own deadline, worded as Groq's timeout: the browser should read a timeout, not an interruption.
    controller.abort(new APIConnectionTimeoutError());
    let text = '';
    for (let result = await reader.read(); !result.done; result = await reader.read()) text += new TextDecoder().decode(result.value);
    expect(text.endsWith(`event: error\ndata: ${JSON.stringify({ error: toSafeErrorPayload(new APIConnectionTimeoutError()) })}\n\n`)).toBe(true);
    expect(text).toContain('"type":"timeout"');
  });

  test('the error event of an abort whose reason is not an SDK error still carries the upstream request id', async () => {
    for (const reason of [new DOMException('The operation was aborted due to timeout', 'TimeoutError'), new Error('server shutting down'), undefined]) {
      const { response: upstreamResponse } = createTestResponse([encodeSSETranscript(chunks.slice(0, 1), { done: false })], { holdOpen: true, headers: { 'x-request-id': 'req_relayed' } });
      const controller = new AbortController();
      const reader = createSSEResponse(Stream.fromSSEResponse<ChatCompletionChunk>(upstreamResponse), { signal: controller.signal, heartbeatMs: 0 }).body!.getReader();
      expect((await reader.read()).done).toBe(false);
      controller.abort(reason);
      let text = '';
      for (let result = await reader.read(); !result.done; result = await reader.read()) text += new TextDecoder().decode(result.value);
      expect(text, String(reason)).toBe(interrupted.replace('"status":502', '"status":502,"requestId":"req_relayed"'));
    }
  });

  test('cancelling the body aborts the upstream', async () => {
    const { stream, stats } = upstream({ holdOpen: true });
    const reader = createSSEResponse(stream, { heartbeatMs: 0 }).body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(stream.controller.signal.aborted).toBe(true);
    await eventually(() => stats.cancelled);
  });

  test('init.onCancel hears of a body cancelled mid-answer, once, with the chunks sent; not of one read to its end', async () => {
    const { stream, stats } = upstream({ holdOpen: true });
    const onCancel = vi.fn();
    const reader = createSSEResponse(stream, { heartbeatMs: 0, onCancel }).body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(onCancel.mock.calls).toEqual([[{ chunks: 1 }]]);
    await eventually(() => stats.cancelled);
    const whole = createSSEResponse(upstream().stream, { heartbeatMs: 0, onCancel });
    expect(await readText(whole)).toMatch(/data: \[DONE\]\n\n$/);
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  test('init.onStall hears of a body the runtime took no bytes of for stallTimeoutMs, once, with the chunks sent, before the upstream is released', async () => {
    const { stream, stats } = upstream({ holdOpen: true });
    const onStall = vi.fn();
    const onCancel = vi.fn();
    const reader = createSSEResponse(stream, { heartbeatMs: 0, stallTimeoutMs: 50, onStall, onCancel }).body!.getReader();
    await reader.read();
    await eventually(() => stats.cancelled);
    expect(onStall.mock.calls).toEqual([[{ chunks: 1 }]]);
    await expect(reader.read()).rejects.toThrow(/took no bytes for 50 ms/);
    expect(onStall).toHaveBeenCalledOnce();
    expect(onCancel).not.toHaveBeenCalled();
  });

  test('is pull-based: the upstream is read at most one chunk ahead of the reader', async () => {
    const pieces = splitBytes(transcript, 32);
    const { stream, stats } = upstream({ pieces });
    const response = createSSEResponse(stream, { heartbeatMs: 0 });
    // Time for reads ahead that must not happen: a slow machine can only make this pass without proving much.
    const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
    await settle();
    const ahead = stats.piecesPulled;
    expect(ahead).toBeLessThan(pieces.length / 4);
    const reader = response.body!.getReader();
    await reader.read();
    await settle();
    expect(stats.piecesPulled).toBeLessThan(pieces.length / 3);
    expect(stats.piecesPulled).toBeGreaterThan(ahead);
    await reader.cancel();
  });

  test('sends heartbeats while the upstream is silent, from before the first chunk', async () => {
    const { stream } = upstream({ pieces: [transcript], delayMs: 120 });
    const text = await readText(createSSEResponse(stream, { heartbeatMs: 25 }));
    expect(text.startsWith(': ping\n\n')).toBe(true);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  test('stops listening to the signal once the stream ends', async () => {
    const { stream } = upstream();
    const controller = new AbortController();
    const listeners: unknown[] = [];
    const signal = controller.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((type: string, listener: EventListener, options?: AddEventListenerOptions) => {
      listeners.push(listener);
      add(type, listener, options);
    }) as typeof signal.addEventListener;
    signal.removeEventListener = ((type: string, listener: EventListener) => {
      listeners.splice(listeners.indexOf(listener), 1);
      remove(type, listener);
    }) as typeof signal.removeEventListener;
    const response = createSSEResponse(stream, { signal, heartbeatMs: 0 });
    expect(listeners.length).toBeGreaterThan(0);
    await readText(response);
    // The client keeps its own listener until the stream ends; after the end none is left.
    expect(listeners).toEqual([]);
  });
});
