import fc from 'fast-check';
import { describe, expect, test, vi } from 'vitest';
import { APIError } from './errors/api-error.js';
import { APIUserAbortError } from './errors/api-user-abort-error.js';
import { GroqError } from './errors/groq-error.js';
import { NotFoundError } from './errors/not-found-error.js';
import { RateLimitError } from './errors/rate-limit-error.js';
import { StreamConsumedError } from './errors/stream-consumed-error.js';
import { StreamEventTooLargeError } from './errors/stream-event-too-large-error.js';
import { StreamIdleTimeoutError } from './errors/stream-idle-timeout-error.js';
import { StreamInvalidDataError } from './errors/stream-invalid-data-error.js';
import { StreamServerError } from './errors/stream-server-error.js';
import { StreamTruncatedError } from './errors/stream-truncated-error.js';
import { sseFrames } from './sse-frames.js';
import { streamFromSSEResponse } from './stream-from-sse-response.js';
import { Stream } from './stream.js';
import { createChunkTranscript } from './test/create-chunk-transcript.js';
import { createTestBody } from './test/create-test-body.js';
import { createTestResponse } from './test/create-test-response.js';
import { encodeSSETranscript } from './test/encode-sse-transcript.js';
import { eventually } from './test/eventually.js';
import { readAll } from './test/read-all.js';
import { splitBytes } from './test/split-bytes.js';
import type { ChatCompletionChunk } from './types/chat-completion-chunk.js';

const chunks = createChunkTranscript({ chunks: 40, seed: 3 }) as unknown as ChatCompletionChunk[];
const transcript = encodeSSETranscript(chunks);
const chunk = (content: string, finish: string | null = null) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  choices: [{ index: 0, delta: { content }, finish_reason: finish }],
});
const event = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;
const usageNumbers = ['prompt_tokens', 'completion_tokens', 'total_tokens', 'queue_time', 'prompt_time', 'completion_time', 'total_time'];

describe('Stream.fromSSEResponse', () => {
  test('yields every chunk of a Groq transcript', async () => {
    const { response } = createTestResponse(splitBytes(transcript, 280));
    const { items, error } = await readAll(Stream.fromSSEResponse<ChatCompletionChunk>(response));
    expect(error).toBeUndefined();
    expect(items).toEqual(chunks);
  });

  test('any split of the bytes gives the same chunks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 30 }), async (sizes) => {
        const { response } = createTestResponse(splitBytes(transcript, sizes));
        const { items, error } = await readAll(Stream.fromSSEResponse(response));
        expect(error).toBeUndefined();
        expect(items).toEqual(chunks);
      }),
      { numRuns: 60 },
    );
  });

  test('CRLF line endings and characters split across pieces', async () => {
    const crlf = encodeSSETranscript(chunks, { lineEnding: '\r\n' });
    for (const size of [1, 2, 3, 5]) {
      const { response } = createTestResponse(splitBytes(crlf, size));
      expect((await readAll(Stream.fromSSEResponse(response))).items).toEqual(chunks);
    }
  });

  test('[DONE] ends iteration; a body the server holds open is cancelled once its end had time to come', async () => {
    // Fake timers: a loaded machine cannot stretch the moment after [DONE] past the 100 ms the end is given.
    vi.useFakeTimers();
    try {
      const { response, stats } = createTestResponse([transcript], { holdOpen: true });
      const { items, error } = await readAll(Stream.fromSSEResponse(response));
      expect(error).toBeUndefined();
      expect(items).toHaveLength(chunks.length);
      await vi.advanceTimersByTimeAsync(99);
      expect(stats.cancelCalls).toBe(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(stats.cancelCalls).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  test('after [DONE], an end of the body that comes a moment later is read, not cancelled, so the connection can be reused', async () => {
    let cancelled = false;
    let closed = false;
    // The end in a packet of its own, 20 ms after [DONE]: the reader has by then long handed out every chunk.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(transcript);
        setTimeout(() => {
          if (cancelled) return;
          controller.close();
          closed = true;
        }, 20);
      },
      cancel() {
        cancelled = true;
      },
    });
    const { items } = await readAll(Stream.fromSSEResponse(new Response(body)));
    expect(items).toHaveLength(chunks.length);
    await eventually(() => closed || cancelled);
    expect(cancelled).toBe(false);
  });

  test('after [DONE], a body that ends is read to its end, not cancelled, so the connection can be reused', async () => {
    const { response, stats } = createTestResponse(splitBytes(transcript, 4096));
    const { items } = await readAll(Stream.fromSSEResponse(response));
    expect(items).toHaveLength(chunks.length);
    await eventually(() => stats.closed);
    expect(stats.cancelCalls).toBe(0);
  });

  test('after [DONE], data that keeps coming is cancelled', async () => {
    // Fake timers: cancelled at once, not at the end of the 100 ms the end of the body is given.
    vi.useFakeTimers();
    try {
      const { response, stats } = createTestResponse([event(chunk('a', 'stop')), 'data: [DONE]\n\n', event(chunk('late'))], { holdOpen: true });
      expect((await readAll(Stream.fromSSEResponse(response))).items).toEqual([chunk('a', 'stop')]);
      await vi.advanceTimersByTimeAsync(99);
      expect(stats.cancelCalls).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  test('events after [DONE] are ignored', async () => {
    const { response } = createTestResponse([event(chunk('a', 'stop')), 'data: [DONE]\n\n', event(chunk('late'))]);
    expect((await readAll(Stream.fromSSEResponse(response))).items).toEqual([chunk('a', 'stop')]);
  });

  test('heartbeats, empty data and other event types are skipped', async () => {
    const { response } = createTestResponse([': ping\n\n', 'data:\n\n', 'event: usage\ndata: {}\n\n', event(chunk('a', 'stop'))]);
    expect((await readAll(Stream.fromSSEResponse(response))).items).toEqual([chunk('a', 'stop')]);
  });

  test.each([
    ['Groq error object', '{"error":{"message":"Service overloaded","type":"server_error","code":"overloaded"}}', 'Service overloaded'],
    ['bare object', '{"message":"Service overloaded"}', 'Service overloaded'],
    ['plain text', 'Service overloaded', 'Service overloaded'],
    ['object without message', '{"detail":42}', 'an error with no message: {"detail":42}'],
    ['error member that is a string', '{"error":"Rate limited"}', 'Rate limited'],
    ['no data', '', 'an error event with no data'],
    // Deeper than JSON.stringify can go (JSON.parse reads it): still the server's error, described by its shape.
    ['object nested 100,000 deep', `{"detail":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, 'an error with no message: an object'],
    ['error member nested 100,000 deep', `{"error":{"detail":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}}`, 'an error with no message: an object'],
  ])('event: error (%s) raises StreamServerError after the chunks before it', async (_, data, message) => {
    const { response, stats } = createTestResponse([event(chunk('a')), `event: error\ndata: ${data}\n\n`, event(chunk('b'))], {
      holdOpen: true,
    });
    const { items, error } = await readAll(Stream.fromSSEResponse(response));
    expect(items).toEqual([chunk('a')]);
    expect(error).toBeInstanceOf(StreamServerError);
    expect((error as StreamServerError).serverMessage).toBe(message);
    expect(stats.cancelCalls).toBe(1);
  });

  test('without an x-request-id header, a mid-stream error takes the request id from x_groq.id or the relay payload', async () => {
    const failing = { ...chunk('b'), x_groq: { id: 'req_chunk', error: 'stopped' } };
    const fromChunk = (await readAll(Stream.fromSSEResponse(new Response(event(chunk('a')) + event(failing))))).error;
    expect((fromChunk as StreamServerError).requestId).toBe('req_chunk');
    const relayed = `event: error\ndata: {"error":{"message":"The AI service stopped","type":"upstream_error","requestId":"req_relay"}}\n\n`;
    const fromPayload = (await readAll(Stream.fromSSEResponse(new Response(event(chunk('a')) + relayed)))).error;
    expect((fromPayload as StreamServerError).requestId).toBe('req_relay');
  });

  test("without an x-request-id header, Groq's error event, which names no request, takes the first chunk's x_groq.id; a relay payload's or the header's id wins", async () => {
    const first = { ...chunk('a'), x_groq: { id: 'req_01kg81nsnqea8vnxc5gqnfa6p6', seed: 1 } };
    const groqError = `event: error\ndata: ${JSON.stringify({ error: { message: 'Tool choice is required', type: 'invalid_request_error', code: 'tool_use_failed', status_code: 400 } })}\n\n`;
    const read = async (body: string, headers: HeadersInit = {}) => (await readAll(Stream.fromSSEResponse(new Response(body, { headers })))).error as StreamServerError;
    const fromStream = await read(event(first) + event(chunk('b')) + groqError);
    expect(fromStream).toBeInstanceOf(StreamServerError);
    expect(fromStream.requestId).toBe('req_01kg81nsnqea8vnxc5gqnfa6p6');
    expect(fromStream.message).toContain('[request req_01kg81nsnqea8vnxc5gqnfa6p6]');
    // A data object's error member, as another server sends one mid-stream, names it too.
    const member = await read(event(first) + event({ error: { message: 'overloaded' } }));
    expect(member.requestId).toBe('req_01kg81nsnqea8vnxc5gqnfa6p6');
    const relayed = `event: error\ndata: {"error":{"message":"The AI service stopped","type":"upstream_error","requestId":"req_relay"}}\n\n`;
    expect((await read(event(first) + relayed)).requestId).toBe('req_relay');
    expect((await read(event(first) + groqError, { 'x-request-id': 'req_header' })).requestId).toBe('req_header');
    // A first chunk without an id leaves none to name.
    expect((await read(event(chunk('a')) + groqError)).requestId).toBeUndefined();
  });

  test("an x_groq.id or a relay payload's requestId that is no request id (5,000 characters, words) is not kept as the error's requestId, as an x-request-id header's is not", async () => {
    const long = `req_${'0'.repeat(5000)}`;
    const failing = { ...chunk('b'), x_groq: { id: long, error: 'stopped' } };
    const fromChunk = (await readAll(Stream.fromSSEResponse(new Response(event(chunk('a')) + event(failing))))).error as StreamServerError;
    expect(fromChunk).toBeInstanceOf(StreamServerError);
    expect(fromChunk.requestId).toBeUndefined();
    expect(fromChunk.message).toBe('The server reported an error mid-stream: stopped. The answer is incomplete; retry the request.');
    const relayed = `event: error\ndata: ${JSON.stringify({ error: { message: 'The AI service stopped', requestId: 'see the logs' } })}\n\n`;
    const fromPayload = (await readAll(Stream.fromSSEResponse(new Response(event(chunk('a')) + relayed)))).error as StreamServerError;
    expect(fromPayload.requestId).toBeUndefined();
    // An x_groq.id that is none does not stand in the way of the error's own.
    const both = { error: { message: 'stopped', requestId: 'req_relay' }, x_groq: { id: 'no id' } };
    const fromBoth = (await readAll(Stream.fromSSEResponse(new Response(event(chunk('a')) + event(both))))).error as StreamServerError;
    expect(fromBoth.requestId).toBe('req_relay');
    // Groq's own, as it streams it (a chunk's x_groq.id), is kept.
    const groq = { ...chunk('b'), x_groq: { id: 'req_01k88s37gyfaqa5ckqj4t7mrg8', error: 'stopped' } };
    const fromGroq = (await readAll(Stream.fromSSEResponse(new Response(event(chunk('a')) + event(groq))))).error as StreamServerError;
    expect(fromGroq.requestId).toBe('req_01k88s37gyfaqa5ckqj4t7mrg8');
    expect(fromGroq.message).toContain('[request req_01k88s37gyfaqa5ckqj4t7mrg8]');
  });

  test('a data object with an error member raises with its code', async () => {
    const { response } = createTestResponse([
      event(chunk('a')),
      event({ error: { message: 'Rate limit reached', type: 'tokens', code: 'rate_limit_exceeded' } }),
    ]);
    const { items, error } = await readAll(Stream.fromSSEResponse(response));
    expect(items).toEqual([chunk('a')]);
    expect(error).toBeInstanceOf(StreamServerError);
    expect(error).toMatchObject({ serverMessage: 'Rate limit reached', code: 'rate_limit_exceeded', type: 'tokens' });
  });

  test('a server error says whether it came before the first chunk or mid-stream, however it was sent', async () => {
    const failing = { ...chunk('b'), x_groq: { id: 'req_1', error: 'out of capacity' } };
    const errorEvent = 'event: error\ndata: {"error":{"message":"overloaded"}}\n\n';
    const errorData = event({ error: { message: 'overloaded' } });
    const messageOf = async (body: string): Promise<string> => ((await readAll(Stream.fromSSEResponse(new Response(body)))).error as StreamServerError).message;
    for (const first of [errorEvent, errorData, `: ping\n\nevent: usage\ndata: {}\n\n${errorEvent}`]) {
      expect(await messageOf(first)).toMatch(/^The server reported an error before the first chunk: overloaded\. /);
    }
    for (const later of [event(chunk('a')) + errorEvent, event(chunk('a')) + errorData, event(failing), event({ object: 'other' }) + errorEvent]) {
      expect(await messageOf(later)).toMatch(/^The server reported an error mid-stream: (overloaded|out of capacity\. \[request req_1\])\. /);
    }
    // The NDJSON a relay writes (toReadableStream()) ends in the same error line either way.
    const ndjson = async (body: string): Promise<string> =>
      ((await readAll(Stream.fromReadableStream(new Response(body).body!))).error as StreamServerError).message;
    expect(await ndjson('{"error":{"message":"overloaded"}}\n')).toMatch(/^The server reported an error before the first chunk: overloaded\. /);
    expect(await ndjson(`${JSON.stringify(chunk('a'))}\n{"error":{"message":"overloaded"}}\n`)).toMatch(/^The server reported an error mid-stream: overloaded\. /);
  });

  test("a server's words that end in a closing quote or an ellipsis are a sentence: the advice follows without another full stop", async () => {
    const messageOf = async (words: string): Promise<string> =>
      ((await readAll(Stream.fromSSEResponse(new Response(event({ error: { message: words } }))))).error as StreamServerError).message;
    expect(await messageOf('Unknown value "fast."')).toBe('The server reported an error before the first chunk: Unknown value "fast." No answer came; retry the request.');
    expect(await messageOf('Try a shorter prompt…')).toBe('The server reported an error before the first chunk: Try a shorter prompt… No answer came; retry the request.');
  });

  test('a chunk with x_groq.error is delivered, then raises', async () => {
    const failing = { ...chunk('b'), x_groq: { id: 'req_1', error: 'The model stopped: out of capacity' } };
    const { response } = createTestResponse([event(chunk('a')), event(failing), 'data: [DONE]\n\n']);
    const { items, error } = await readAll(Stream.fromSSEResponse(response));
    expect(items).toEqual([chunk('a'), failing]);
    expect(error).toBeInstanceOf(StreamServerError);
    expect((error as Error).message).toMatch(/out of capacity/);
  });

  test("a server's words quoted in a stream's errors have their controls written as escapes, and are kept as they came in serverMessage and data", async () => {
    // Terminal escapes (clear the screen, a window title, the C1 CSI), a line of its own, and a right-to-left
    // override that shows the rest of the line backwards: JSON.stringify escapes none of U+009B, U+2028 or U+202E.
    const words = 'Bad \u001b[2J\u001b]0;owned\u0007 \u009b31m\u202eevil\u202c\nnext\u2028end';
    const escaped = 'Bad \\u001b[2J\\u001b]0;owned\\u0007 \\u009b31m\\u202eevil\\u202c\\nnext\\u2028end';
    const controls = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
    const errorOf = async (body: string): Promise<Error> => (await readAll(Stream.fromSSEResponse(new Response(body)))).error as Error;
    const fromEvent = await errorOf(`${event(chunk('a'))}event: error\ndata: ${JSON.stringify({ error: { message: words } })}\n\n`);
    expect(fromEvent).toBeInstanceOf(StreamServerError);
    expect(fromEvent.message).toBe(`The server reported an error mid-stream: ${escaped}. The answer is incomplete; retry the request.`);
    expect((fromEvent as StreamServerError).serverMessage).toBe(words);
    // x_groq.error, with an x_groq.id of the same words: no id, kept neither in the note nor in requestId.
    const fromChunk = await errorOf(event({ ...chunk('a'), x_groq: { id: `req_${words}`, error: words } }));
    expect(fromChunk.message).toBe(`The server reported an error mid-stream: ${escaped}. The answer is incomplete; retry the request.`);
    expect((fromChunk as StreamServerError).requestId).toBeUndefined();
    // A value of the wrong type, data that is not JSON, and a body that held no event quote the server too.
    const created = await errorOf(event({ ...chunk('a'), created: words }));
    expect(created).toBeInstanceOf(StreamInvalidDataError);
    // Quoted at 40 characters as written, escapes counted: the 38 characters sent.
    expect(created.message).toMatch(/^The server sent a chunk whose created is not a number: "Bad \\u001b\[2J\\u001b\]0;owned\\u0007 \\u009b… \(38 characters in all\)"\. /);
    const notJSON = await errorOf(`data: {"id": \u202e\u009b\u2028}\n\n`);
    expect(notJSON.message).toMatch(/^The server sent data that is not valid JSON: "\{\\"id\\": \\u202e\\u009b\\u2028\}"\. /);
    expect((notJSON as StreamInvalidDataError).data).toBe('{"id": \u202e\u009b\u2028}');
    const noEvent = await errorOf(`<p>\u202eevil\u009b</p>`);
    expect(noEvent.message).toContain('"<p>\\u202eevil\\u009b</p>"');
    for (const error of [fromEvent, fromChunk, created, notJSON, noEvent]) expect(error.message).not.toMatch(controls);
  });

  test('invalid JSON names the problem with a bounded excerpt', async () => {
    const junk = `{"id": ${'9'.repeat(5000)}`;
    const { response } = createTestResponse([event(chunk('a')), `data: ${junk}\n\n`], {
      headers: { 'x-request-id': 'req_42' },
    });
    const { items, error } = await readAll(Stream.fromSSEResponse(response));
    expect(items).toEqual([chunk('a')]);
    expect(error).toBeInstanceOf(StreamInvalidDataError);
    const message = (error as Error).message;
    expect(message).toMatch(/not valid JSON/);
    expect(message).toMatch(/5007 characters in all/);
    expect(message).toMatch(/request req_42/);
    expect(message.length).toBeLessThan(600);
    expect((error as StreamInvalidDataError).data).toBe(junk);
    expect((error as StreamInvalidDataError).requestId).toBe('req_42');
  });

  test.each(['5', '{}', '[null]', '[1]', '[{"index":0,"delta":{"content":42}},null]'])('choices that are not a list of objects (%s) are invalid data, not a TypeError in the loop', async (choices) => {
    const { response } = createTestResponse([event(chunk('a')), `data: {"id":"c","choices":${choices}}\n\n`, 'data: [DONE]\n\n']);
    const { items, error } = await readAll(Stream.fromSSEResponse(response));
    expect(items).toEqual([chunk('a')]);
    expect(error).toBeInstanceOf(StreamInvalidDataError);
    expect((error as Error).message).toMatch(/^The server sent a chunk whose choices are not a list of objects: /);
  });

  test.each([
    ['42', '42'],
    ['{"a":1}', 'an object'],
    ['["text"]', 'a list of 1 item'],
    ['true', 'true'],
  ])('a delta.content that is not a string (%s) is invalid data, never handed out', async (content, described) => {
    const data = `{"id":"c","choices":[{"index":0,"delta":{"content":"fine"}},{"index":1,"delta":{"content":${content}}}]}`;
    const { response } = createTestResponse([event(chunk('a')), `data: ${data}\n\n`, event(chunk('b', 'stop')), 'data: [DONE]\n\n'], { headers: { 'x-request-id': 'req_43' } });
    const { items, error } = await readAll(Stream.fromSSEResponse(response));
    expect(items).toEqual([chunk('a')]);
    expect(error).toBeInstanceOf(StreamInvalidDataError);
    expect((error as Error).message.startsWith(`The server sent a chunk whose choices[1].delta.content is not text: ${described} [request req_43]. `)).toBe(true);
    expect((error as StreamInvalidDataError).data).toBe(data);
  });

  test.each([
    ['{"delta":{"reasoning":{"a":"x"}}}', 'delta.reasoning is not text: an object'],
    ['{"delta":{"reasoning":7}}', 'delta.reasoning is not text: 7'],
    ['{"delta":{"role":5}}', 'delta.role is not text: 5'],
    ['{"delta":[]}', 'delta is not an object: a list of 0 items'],
    ['{"delta":"hi"}', 'delta is not an object: "hi"'],
    ['{"message":{"role":"assistant","content":"whole"}}', 'delta is not an object (the choice has a whole message instead, as a chat.completion sent with stream: false has): undefined'],
    ['{"delta":null,"message":{"role":"assistant","content":"whole"}}', 'delta is not an object (the choice has a whole message instead, as a chat.completion sent with stream: false has): null'],
    ['{"delta":{},"finish_reason":1}', 'finish_reason is not text: 1'],
    ['{"index":"1","delta":{}}', 'index is not a whole number from 0: "1"'],
    ['{"index":-1,"delta":{}}', 'index is not a whole number from 0: -1'],
    ['{"delta":{"tool_calls":{"index":0}}}', 'delta.tool_calls is not a list: an object'],
    ['{"delta":{"tool_calls":[{"index":0},5]}}', 'delta.tool_calls[1] is not an object: 5'],
    ['{"delta":{"tool_calls":[{"index":1.5}]}}', 'delta.tool_calls[0].index is not a whole number from 0: 1.5'],
    ['{"delta":{"tool_calls":[{"index":0,"id":7}]}}', 'delta.tool_calls[0].id is not text: 7'],
    ['{"delta":{"tool_calls":[{"index":0,"type":true}]}}', 'delta.tool_calls[0].type is not text: true'],
    ['{"delta":{"tool_calls":[{"index":0,"function":"f"}]}}', 'delta.tool_calls[0].function is not an object: "f"'],
    ['{"delta":{"tool_calls":[{"index":0,"function":{"name":["f"]}}]}}', 'delta.tool_calls[0].function.name is not text: a list of 1 item'],
    ['{"delta":{"tool_calls":[{"index":0,"function":{"name":"f","arguments":{"x":1}}}]}}', 'delta.tool_calls[0].function.arguments is not text: an object'],
    ['{"delta":{"function_call":{"arguments":3}}}', 'delta.function_call.arguments is not text: 3'],
    ['{"delta":{},"logprobs":3}', 'logprobs is not an object: 3'],
    ['{"delta":{},"logprobs":[]}', 'logprobs is not an object: a list of 0 items'],
    ['{"delta":{},"logprobs":{"content":"tokens"}}', 'logprobs.content is not a list: "tokens"'],
    ['{"delta":{},"logprobs":{"content":[{"logprob":-0.1},7]}}', 'logprobs.content[1] is not an object: 7'],
    ['{"delta":{"executed_tools":{"index":0}}}', 'delta.executed_tools is not a list: an object'],
    ['{"delta":{"executed_tools":["search"]}}', 'delta.executed_tools[0] is not an object: "search"'],
    ['{"delta":{"executed_tools":[{"index":"0","type":"search"}]}}', 'delta.executed_tools[0].index is not a whole number from 0: "0"'],
    ['{"delta":{"annotations":5}}', 'delta.annotations is not a list: 5'],
    ['{"delta":{"annotations":[null]}}', 'delta.annotations[0] is not an object: null'],
  ])('a choice %s, which the chunk types would give another type, is invalid data worded as content\'s, never handed out', async (choice, said) => {
    const data = `{"id":"c","choices":[{"index":0,"delta":{"content":"fine"}},${choice}]}`;
    const { response } = createTestResponse([event(chunk('a')), `data: ${data}\n\n`, event(chunk('b', 'stop')), 'data: [DONE]\n\n'], { headers: { 'x-request-id': 'req_44' } });
    const { items, error } = await readAll(Stream.fromSSEResponse(response));
    expect(items).toEqual([chunk('a')]);
    expect(error).toBeInstanceOf(StreamInvalidDataError);
    expect((error as Error).message.startsWith(`The server sent a chunk whose choices[1].${said} [request req_44]. `)).toBe(true);
    expect((error as StreamInvalidDataError).data).toBe(data);
  });

  test.each([
    ['"id":7', 'id is not text: 7'],
    ['"model":{"name":"m"}', 'model is not text: an object'],
    ['"usage":5', 'usage is not an object: 5'],
    ['"usage":[]', 'usage is not an object: a list of 0 items'],
    ['"x_groq":"req_1"', 'x_groq is not an object: "req_1"'],
    ['"x_groq":{"id":1}', 'x_groq.id is not text: 1'],
    ['"x_groq":{"id":"req_1","usage":"lots"}', 'x_groq.usage is not an object: "lots"'],
    ['"created":"1761231347"', 'created is not a number: "1761231347"'],
    ['"object":1', 'object is not text: 1'],
    ['"system_fingerprint":5', 'system_fingerprint is not text: 5'],
    ['"service_tier":{"tier":"flex"}', 'service_tier is not text: an object'],
    ['"x_groq":{"id":"req_1","seed":"7"}', 'x_groq.seed is not a number: "7"'],
    ['"x_groq":{"id":"req_1","usage_breakdown":[]}', 'x_groq.usage_breakdown is not an object: a list of 0 items'],
    ['"usage_breakdown":"none"', 'usage_breakdown is not an object: "none"'],
    ['"usage_breakdown":[]', 'usage_breakdown is not an object: a list of 0 items'],
    ['"x_groq":{"id":"req_1","usage":{"prompt_tokens":5,"sram_cached_tokens":"0"}}', 'x_groq.usage.sram_cached_tokens is not a number: "0"'],
    ['"x_groq":{"id":"req_1","usage":{"prompt_tokens":5,"dram_cached_tokens":{"tokens":16}}}', 'x_groq.usage.dram_cached_tokens is not a number: an object'],
    ['"x_groq":{"id":"req_1","debug":"on"}', 'x_groq.debug is not an object: "on"'],
    ['"usage":{"prompt_tokens_details":5}', 'usage.prompt_tokens_details is not an object: 5'],
    ['"usage":{"completion_tokens_details":[]}', 'usage.completion_tokens_details is not an object: a list of 0 items'],
    ['"usage":{"prompt_tokens_details":{"cached_tokens":"128"}}', 'usage.prompt_tokens_details.cached_tokens is not a number: "128"'],
    ['"usage":{"completion_tokens_details":{"reasoning_tokens":{"n":45}}}', 'usage.completion_tokens_details.reasoning_tokens is not a number: an object'],
    ['"x_groq":{"id":"req_1","usage":{"prompt_tokens_details":"cached"}}', 'x_groq.usage.prompt_tokens_details is not an object: "cached"'],
    ['"x_groq":{"id":"req_1","usage":{"completion_tokens_details":{"reasoning_tokens":true}}}', 'x_groq.usage.completion_tokens_details.reasoning_tokens is not a number: true'],
    ...usageNumbers.flatMap((name): [string, string][] => [
      [`"usage":{"${name}":"5"}`, `usage.${name} is not a number: "5"`],
      [`"x_groq":{"id":"req_1","usage":{"${name}":true}}`, `x_groq.usage.${name} is not a number: true`],
    ]),
  ])('a chunk with %s, which the chunk types would give another type, is invalid data, never handed out', async (field, said) => {
    const data = `{${field},"choices":[{"index":0,"delta":{"content":"fine"},"finish_reason":null}]}`;
    const { response } = createTestResponse([event(chunk('a')), `data: ${data}\n\n`, event(chunk('b', 'stop')), 'data: [DONE]\n\n'], { headers: { 'x-request-id': 'req_45' } });
    const { items, error } = await readAll(Stream.fromSSEResponse(response));
    expect(items).toEqual([chunk('a')]);
    expect(error).toBeInstanceOf(StreamInvalidDataError);
    expect((error as Error).message.startsWith(`The server sent a chunk whose ${said} [request req_45]. `)).toBe(true);
    expect((error as StreamInvalidDataError).data).toBe(data);
  });

  test('token details as Groq and OpenAI-compatible servers send them pass: null, empty, members null or left out, members no type names', async () => {
    const counts = { prompt_tokens: 20, completion_tokens: 9, total_tokens: 29 };
    const details = [
      { prompt_tokens_details: null, completion_tokens_details: null },
      { prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 7 } },
      // OpenAI's own, and xAI's text and image counts: kept as they came, whatever their type.
      { prompt_tokens_details: { cached_tokens: 16, audio_tokens: 0, text_tokens: '20' }, completion_tokens_details: { reasoning_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: null } },
      { prompt_tokens_details: {}, completion_tokens_details: { reasoning_tokens: null } },
      { prompt_tokens_details: { cached_tokens: null } },
    ];
    const chunks = details.map((detail) => ({ ...chunk('a', 'stop'), usage: { ...counts, ...detail }, x_groq: { id: 'req_1', usage: { ...counts, ...detail } } }));
    for (const last of chunks) {
      const { response } = createTestResponse([event(chunk('a')), event(last), 'data: [DONE]\n\n']);
      const { items, error } = await readAll(Stream.fromSSEResponse(response));
      expect(error).toBeUndefined();
      expect(items).toEqual([chunk('a'), last]);
    }
  });

  test("the data of an invalid chunk keeps its logprob tokens and usage as sent; in tool call arguments, a key and a credential's value are redacted", async () => {
    const logprobs = { content: [{ token: 'Hi', logprob: -0.01, bytes: [72, 105], top_logprobs: [{ token: 'Hi', logprob: -0.01, bytes: [72, 105] }, { token: 'token', logprob: -5.2, bytes: null }] }] };
    const toolCalls = [{ index: 0, id: 'call_1', type: 'function', function: { name: 'login', arguments: '{"token": "abc", "api_key": "gsk_' + 'k'.repeat(52) + '"}' } }];
    const usage = { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 };
    const data = JSON.stringify({ id: 'c', created: '1', choices: [{ index: 0, delta: { content: 'Hi', tool_calls: toolCalls }, logprobs, finish_reason: null }], usage });
    const { response } = createTestResponse([event(chunk('a')), `data: ${data}\n\n`, 'data: [DONE]\n\n']);
    const { error } = await readAll(Stream.fromSSEResponse(response));
    expect(error).toBeInstanceOf(StreamInvalidDataError);
    // The Groq-shaped key and the value under token in the arguments (JSON in a JSON string, as redactSecretsDeep reads
    // them once parsed) go; the logprob tokens, the word token and the usage stay.
    expect((error as StreamInvalidDataError).data).toBe(data.replace('\\"abc\\"', '\\"[redacted]\\"').replace(/gsk_k+/, '[redacted]'));
    // Data that is not JSON is quoted in the message, the same way.
    const notJSON = JSON.stringify({ choices: [{ index: 0, delta: {}, logprobs }] }).slice(0, -1);
    const { response: cut } = createTestResponse([`data: ${notJSON}\n\n`]);
    const { error: cutError } = await readAll(Stream.fromSSEResponse(cut));
    expect((cutError as StreamInvalidDataError).data).toBe(notJSON);
    expect((cutError as Error).message).toContain('{\\"token\\":\\"Hi\\",\\"logprob\\":-0.01');
  });

  test('data that is not JSON, quoted in the message, has the value under a credential name redacted there as in its data', async () => {
    const notJSON = '{"error":{"message":"bad","request":{"password":"hunter2 x","x-api-key":"sk-proxy-0123456789"}}';
    const { response } = createTestResponse([`data: ${notJSON}\n\n`]);
    const { error } = await readAll(Stream.fromSSEResponse(response));
    expect(error).toBeInstanceOf(StreamInvalidDataError);
    expect((error as StreamInvalidDataError).data).toBe('{"error":{"message":"bad","request":{"password":"[redacted]","x-api-key":"[redacted]"}}');
    expect((error as Error).message).not.toMatch(/hunter2|sk-proxy/);
    expect((error as Error).message).toContain('\\"password\\":\\"[redacted]\\",\\"x-api-key\\":\\"[redacted]\\"');
  });

  test('an object without choices is no chunk, and passes on as it came whatever its id or usage', async () => {
    const other = { id: 7, usage: 'n/a', x_groq: 'x' };
    const { response } = createTestResponse([event(other), event(chunk('b', 'stop')), 'data: [DONE]\n\n']);
    const { items, error } = await readAll(Stream.fromSSEResponse(response));
    expect(error).toBeUndefined();
    expect(items).toEqual([other, chunk('b', 'stop')]);
  });

  test('null or no value in every field a choice types, as Groq sends them, is no error, and fields no type names pass on as they came', async () => {
    const first = { ...chunk(''), choices: [{ index: 0, delta: { role: 'assistant', content: '', reasoning: null, tool_calls: null, function_call: null }, logprobs: null, finish_reason: null }], x_groq: { id: 'req_1', seed: 3 } };
    const thinking = { ...chunk('a'), choices: [{ index: null, delta: { reasoning: 'hmm', channel: 'analysis', role: null, executed_tools: null, annotations: null }, finish_reason: null, logprobs: { content: null }, extra: { a: 1 } }] };
    const call = { ...chunk('a'), choices: [{ delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: null }, extra: 5 }, { index: null, id: null, type: null, function: null }] }, finish_reason: null }] };
    // The fields inside an executed tool are not looked at but its index, which finalChatCompletion() places it by.
    const tools = { ...chunk(''), choices: [{ index: 0, delta: { executed_tools: [{ index: null, type: 'search', arguments: { query: 'x' }, output: 5 }], annotations: [] }, finish_reason: null }] };
    const last = { ...chunk('b', 'stop'), id: null, model: null, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: null, x_groq: { id: null, usage: { total_tokens: 3, queue_time: null }, error: null, seed: null, usage_breakdown: null, debug: null }, system_fingerprint: null, created: null, object: null, service_tier: null };
    const { response } = createTestResponse([first, thinking, call, tools, last].map(event).concat('data: [DONE]\n\n'));
    const { items, error } = await readAll(Stream.fromSSEResponse(response));
    expect(error).toBeUndefined();
    expect(items).toEqual([first, thinking, call, tools, last]);
  });

  test('a delta.role outside the roles the types list (a newer role, another server\'s) is text, and passes on as it came', async () => {
    // Typed as a union of roles, but only text is checked: finalChatCompletion() makes every message the
    // assistant's whatever the role said, and a role Groq adds later must not fail every stream.
    const chunks = [{ ...chunk(''), choices: [{ index: 0, delta: { role: 'model', content: '' }, finish_reason: null }] }, chunk('Hi', 'stop')];
    const { response } = createTestResponse(chunks.map(event).concat('data: [DONE]\n\n'));
    const { items, error } = await readAll(Stream.fromSSEResponse(response));
    expect(error).toBeUndefined();
    expect(items).toEqual(chunks);
  });

  test('a transcript as Groq writes it (x_groq id and seed first, usage in both places last, times as floats, then the include_usage chunk) passes unchanged', async () => {
    const head = '"id":"chatcmpl-e0ee82dc-f97f-453e-94fc-c466bc702e1f","object":"chat.completion.chunk","created":1761231347,"model":"llama-3.3-70b-versatile","system_fingerprint":"fp_05df423bab"';
    const usage = '{"queue_time":0.19017122,"prompt_tokens":201,"prompt_time":0.021080836,"completion_tokens":3,"completion_time":1.0,"total_tokens":204,"total_time":1.021080836}';
    const lines = [
      `{${head},"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"x_groq":{"id":"req_01k88s37gyfaqa5ckqj4t7mrg8","seed":1466325591}}`,
      `{${head},"choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}]}`,
      `{${head},"choices":[{"index":0,"delta":{"content":" there!"},"logprobs":null,"finish_reason":null}]}`,
      `{${head},"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"x_groq":{"id":"req_01k88s37gyfaqa5ckqj4t7mrg8","usage":${usage}},"usage":${usage}}`,
      `{${head},"choices":[],"usage":${usage},"service_tier":"on_demand"}`,
    ];
    const { response } = createTestResponse([`${lines.map((line) => `data: ${line}\n\n`).join('')}data: [DONE]\n\n`]);
    const { items, error } = await readAll(Stream.fromSSEResponse(response));
    expect(error).toBeUndefined();
    expect(items).toEqual(lines.map((line) => JSON.parse(line)));
  });

  test('a delta.content of null, or none, is no text and no error', async () => {
    const { response } = createTestResponse([event({ ...chunk('a'), choices: [{ index: 0, delta: { content: null } }] }), event({ ...chunk('a'), choices: [{ index: 0, delta: null }] }), event(chunk('b', 'stop'))]);
    const { items, error } = await readAll(Stream.fromSSEResponse(response));
    expect(items).toHaveLength(3);
    expect(error).toBeUndefined();
  });

  test.each(['"__proto__"', '1e300', '-1', '1.5', '"length"'])(
    'a tool call index the server made up (%s) is invalid data in finalChatCompletion, never an array key',
    async (index) => {
      const call = `data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":${index},"id":"polluted","type":"evil"}]},"finish_reason":null}]}\n\n`;
      const { response } = createTestResponse([call, 'data: [DONE]\n\n']);
      const error = await Stream.fromSSEResponse<ChatCompletionChunk>(response).finalChatCompletion().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StreamInvalidDataError);
      expect((error as Error).message).toMatch(/chunk whose choices\[0\]\.delta\.tool_calls\[0\]\.index is not a whole number from 0/);
      expect(([] as unknown as { id?: unknown }).id).toBeUndefined();
    },
  );

  test.each(['42', '"text"', 'null', 'true', '[1,2,3]', '[]'])('JSON that is not an object (%s) is invalid data, not a chunk', async (data) => {
    const { response } = createTestResponse([`data: ${data}\n\n`, event(chunk('late', 'stop')), 'data: [DONE]\n\n']);
    const { items, error } = await readAll(Stream.fromSSEResponse(response));
    expect(items).toEqual([]);
    expect(error).toBeInstanceOf(StreamInvalidDataError);
    expect((error as Error).message).toContain('not a JSON object');
  });

  test('a body that ends with neither [DONE] nor a finish_reason is truncated', async () => {
    const cut = transcript.subarray(0, transcript.length / 2);
    const { response } = createTestResponse([cut]);
    const { items, error } = await readAll(Stream.fromSSEResponse(response));
    expect(items.length).toBeGreaterThan(5);
    expect(error).toBeInstanceOf(StreamTruncatedError);
    expect((await readAll(Stream.fromSSEResponse(createTestResponse([]).response))).error).toBeInstanceOf(StreamTruncatedError);
    expect((await readAll(Stream.fromSSEResponse(new Response(null)))).error).toBeInstanceOf(StreamTruncatedError);
  });

  test('a finish_reason on every choice is a complete answer even without [DONE]', async () => {
    const { response } = createTestResponse([event(chunk('a')), event(chunk('', 'stop'))]);
    expect((await readAll(Stream.fromSSEResponse(response))).error).toBeUndefined();
  });

  test('a finish_reason of "" is no reason: the cut-off answer is truncated', async () => {
    const sloppy = { ...chunk('x'), choices: [{ index: 0, delta: { content: 'x' }, finish_reason: '' }] };
    const { response } = createTestResponse([event(sloppy), event(sloppy)]);
    const { items, error } = await readAll(Stream.fromSSEResponse(response));
    expect(items).toHaveLength(2);
    expect(error).toBeInstanceOf(StreamTruncatedError);
  });

  test.each([false, 0])('a finish_reason of %j is no reason either, but bad data: never an end, never handed out', async (finish) => {
    const sloppy = { ...chunk('x'), choices: [{ index: 0, delta: { content: 'x' }, finish_reason: finish }] };
    const { response } = createTestResponse([event(chunk('a')), event(sloppy), 'data: [DONE]\n\n']);
    const { items, error } = await readAll(Stream.fromSSEResponse(response));
    expect(items).toEqual([chunk('a')]);
    expect(error).toBeInstanceOf(StreamInvalidDataError);
    expect((error as Error).message.startsWith(`The server sent a chunk whose choices[0].finish_reason is not text: ${String(finish)}. `)).toBe(true);
  });

  test('with several choices, each one must finish', async () => {
    const two = (index: number, finish: string | null) => ({ ...chunk('x'), choices: [{ index, delta: {}, finish_reason: finish }] });
    const { response } = createTestResponse([event(two(0, null)), event(two(1, null)), event(two(0, 'stop'))]);
    expect((await readAll(Stream.fromSSEResponse(response))).error).toBeInstanceOf(StreamTruncatedError);
  });

  test('a choice that goes on after its finish_reason must finish again', async () => {
    const choice = (index: number, finish: string | null) => ({ ...chunk('x'), choices: [{ index, delta: {}, finish_reason: finish }] });
    const reopened = createTestResponse([event(choice(0, null)), event(choice(0, 'stop')), event(choice(0, null))]).response;
    expect((await readAll(Stream.fromSSEResponse(reopened))).error).toBeInstanceOf(StreamTruncatedError);
    const interleaved = [choice(0, null), choice(1, null), choice(0, null), choice(1, 'stop'), choice(0, null), choice(0, 'stop')];
    const both = createTestResponse(interleaved.map(event)).response;
    expect((await readAll(Stream.fromSSEResponse(both))).error).toBeUndefined();
    const one = createTestResponse(interleaved.slice(0, 5).map(event)).response;
    expect((await readAll(Stream.fromSSEResponse(one))).error).toBeInstanceOf(StreamTruncatedError);
  });

  test('with n choices asked for, one that never arrived makes an answer without [DONE] truncated', async () => {
    const choice = (index: number, finish: string | null) => ({ ...chunk('x'), choices: [{ index, delta: {}, finish_reason: finish }] });
    const cut = () => createTestResponse([event(choice(0, null)), event(choice(0, 'stop'))]).response;
    expect((await readAll(Stream.fromSSEResponse(cut()))).error).toBeUndefined();
    expect((await readAll(Stream.fromSSEResponse(cut(), undefined, { expectedChoices: 2 }))).error).toBeInstanceOf(StreamTruncatedError);
    const both = createTestResponse([event(choice(0, 'stop')), event(choice(1, 'length'))]).response;
    expect((await readAll(Stream.fromSSEResponse(both, undefined, { expectedChoices: 2 }))).error).toBeUndefined();
    const done = createTestResponse([event(choice(0, 'stop')), 'data: [DONE]\n\n']).response;
    expect((await readAll(Stream.fromSSEResponse(done, undefined, { expectedChoices: 2 }))).error).toBeUndefined();
  });

  test('a connection error while reading is a truncation with its cause', async () => {
    const { response } = createTestResponse([event(chunk('a'))], { breakWith: new TypeError('terminated') });
    const { items, error } = await readAll(Stream.fromSSEResponse(response));
    expect(items).toEqual([chunk('a')]);
    expect(error).toBeInstanceOf(StreamTruncatedError);
    expect((error as Error).message).toMatch(/^The response body broke off in the middle of the stream \(terminated\)\./);
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });

  test('a connection error before any chunk says the body broke off before its first chunk, with the same class and advice', async () => {
    const { response } = createTestResponse([], { breakWith: new TypeError('terminated') });
    const { items, error } = await readAll(Stream.fromSSEResponse(response, undefined, { context: { requestId: 'req_1' } }));
    expect(items).toEqual([]);
    expect(error).toBeInstanceOf(StreamTruncatedError);
    expect((error as Error).message).toMatch(/^The response body broke off before its first chunk \(terminated\)\. \[request req_1\]\./);
    expect((error as Error).message).toContain('The answer is incomplete; retry the request');
    expect((error as Error).cause).toBeInstanceOf(TypeError);
    // An object without choices is an item too: what follows it is mid-stream.
    const other = createTestResponse([event({ id: 'x', object: 'chat.completion.chunk' })], { breakWith: new TypeError('terminated') }).response;
    expect(((await readAll(Stream.fromSSEResponse(other))).error as Error).message).toMatch(/^The response body broke off in the middle of the stream/);
  });

  test('a connection that breaks after the last chunk with its usage lost only [DONE]: the stream ends normally', async () => {
    const usage = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 };
    const breakingAfter = (...events: string[]): Response => createTestResponse(events, { breakWith: new TypeError('terminated') }).response;
    const last = { ...chunk('', 'stop'), x_groq: { id: 'req_1', usage } };
    expect(await readAll(Stream.fromSSEResponse(breakingAfter(event(chunk('a')), event(last))))).toEqual({ items: [chunk('a'), last], error: undefined });
    const openAIStyle = { ...chunk('', 'stop'), usage };
    expect((await readAll(Stream.fromSSEResponse(breakingAfter(event(openAIStyle))))).error).toBeUndefined();
    // The finish without the usage: a usage chunk may have followed (OpenAI's include_usage), so it was cut off.
    const { items, error } = await readAll(Stream.fromSSEResponse(breakingAfter(event(chunk('a')), event(chunk('', 'stop')))));
    expect(items).toEqual([chunk('a'), chunk('', 'stop')]);
    expect(error).toBeInstanceOf(StreamTruncatedError);
    // The usage without every choice finished is cut off too.
    const two = { ...chunk('', 'stop'), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }, { index: 1, delta: {}, finish_reason: null }], usage };
    expect((await readAll(Stream.fromSSEResponse(breakingAfter(event(two))))).error).toBeInstanceOf(StreamTruncatedError);
  });

  test('an event larger than maxEventSize fails', async () => {
    const { response, stats } = createTestResponse(splitBytes(new TextEncoder().encode(`data: "${'x'.repeat(5000)}"\n\n`), 100), {
      holdOpen: true,
    });
    const { error } = await readAll(Stream.fromSSEResponse(response, undefined, { maxEventSize: 1000 }));
    expect(error).toBeInstanceOf(StreamEventTooLargeError);
    expect(stats.cancelCalls).toBe(1);
    expect(stats.piecesPulled).toBeLessThan(15);
  });
});

describe('Stream.fromSSEResponse of a response that is not ok, or not a stream', () => {
  test("a relay's refusal is thrown as relayErrorOf gives it (the class for the status, its message), not as a cut-off stream", async () => {
    const refusal = { error: { type: 'rate_limit', message: 'The AI service is receiving too many requests right now. Please try again in a moment.', status: 429, retryAfter: 7 } };
    const response = new Response(JSON.stringify(refusal), { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '7' } });
    const { items, error } = await readAll(Stream.fromSSEResponse(response));
    expect(items).toEqual([]);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).message).toBe(`429 ${refusal.error.message}`);
    const page = Stream.fromSSEResponse(new Response('<html><body>Not found</body></html>', { status: 404, headers: { 'content-type': 'text/html' } }));
    const notFound = (await readAll(page)).error;
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect((notFound as Error).message).toMatch(/not a JSON error body: text\/html/);
  });

  test('an ok response that says it is an HTML page or JSON is not read as events either; other types are', async () => {
    const spa = new Response('<!doctype html><html><body><div id="root"></div></body></html>', { headers: { 'content-type': 'text/html; charset=utf-8' } });
    const page = (await readAll(Stream.fromSSEResponse(spa))).error;
    expect(page).toBeInstanceOf(APIError);
    expect(page).not.toBeInstanceOf(StreamTruncatedError);
    expect((page as APIError).status).toBe(200);
    expect((page as Error).message).toBe(
      'Expected an event stream (text/event-stream) but got text/html; charset=utf-8, body "<!doctype html><html><body><div id=\\"root\\"></div></body></html>". Check the URL the response came from and what answers there.',
    );
    const whole = new Response(JSON.stringify({ id: 'c', object: 'chat.completion', choices: [] }), { headers: { 'content-type': 'application/json' } });
    expect(((await readAll(Stream.fromSSEResponse(whole))).error as Error).message).toMatch(/^Expected an event stream \(text\/event-stream\) but got application\/json, body /);
    // `new Response(text)` is text/plain, and a stream built by hand may say nothing: both are read as events.
    for (const headers of [{}, { 'content-type': 'text/plain;charset=UTF-8' }, { 'content-type': 'application/octet-stream' }] as Record<string, string>[]) {
      const { response } = createTestResponse([event(chunk('a')), event(chunk('', 'stop'))], { headers });
      expect(await readAll(Stream.fromSSEResponse(response))).toEqual({ items: [chunk('a'), chunk('', 'stop')], error: undefined });
    }
    expect((await readAll(Stream.fromSSEResponse(new Response(event(chunk('a')) + 'data: [DONE]\n\n')))).items).toEqual([chunk('a')]);
  });

  test('a refused answer or a page whose body stalls fails after idleTimeout with what came, and lets go of the body', async () => {
    const pages = [
      { status: 502, body: '<html>Bad gateway', expected: APIError },
      { status: 200, body: '<!doctype html><html>Loading', expected: APIError },
    ];
    for (const { status, body, expected } of pages) {
      const { response, stats } = createTestResponse([body], { status, headers: { 'content-type': 'text/html' }, holdOpen: true });
      const { items, error } = await readAll(Stream.fromSSEResponse(response, undefined, { idleTimeout: 50 }));
      expect(items).toEqual([]);
      expect(error).toBeInstanceOf(expected);
      expect(error).not.toBeInstanceOf(APIUserAbortError);
      expect((error as Error).message).toContain(body.slice(0, 10));
      expect(stats.cancelled).toBe(true);
    }
  });

  test('an idleTimeout of Infinity (no limit) reads a slow refused page whole, rather than cutting it at once', async () => {
    const page = '<html>Bad gateway, a slow page</html>';
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => void setTimeout(() => (controller.enqueue(new TextEncoder().encode(page)), controller.close()), 30),
    });
    const response = new Response(body, { status: 502, headers: { 'content-type': 'text/html' } });
    const { error } = await readAll(Stream.fromSSEResponse(response, undefined, { idleTimeout: Number.POSITIVE_INFINITY }));
    expect(error).toBeInstanceOf(APIError);
    expect((error as Error).message).toContain('Bad gateway, a slow page');
  });

  test('options that cannot work are refused when the stream is made, not by failing every stream', () => {
    const response = () => createTestResponse([event(chunk('a'))]).response;
    const body = () => new Response('{}\n').body!;
    for (const [options, message] of [
      [{ idleTimeout: Number.NaN }, 'idleTimeout must be a number of milliseconds from 0 (0 turns it off), got NaN.'],
      [{ idleTimeout: -1 }, 'idleTimeout must be a number of milliseconds from 0 (0 turns it off), got -1.'],
      [{ idleTimeout: '500' }, 'idleTimeout must be a number of milliseconds from 0 (0 turns it off), got "500".'],
      [{ maxEventSize: Number.NaN }, 'maxEventSize must be a whole number from 1 to 9007199254740991 (Number.MAX_SAFE_INTEGER), got NaN.'],
      [{ maxEventSize: 0 }, 'maxEventSize must be a whole number from 1 to 9007199254740991 (Number.MAX_SAFE_INTEGER), got 0.'],
    ] as const) {
      expect(() => Stream.fromSSEResponse(response(), undefined, options as never)).toThrow(new GroqError(message));
      expect(() => Stream.fromReadableStream(body(), undefined, options as never)).toThrow(new GroqError(message));
    }
    // The hint names every option the call takes.
    expect(() => Stream.fromSSEResponse(response(), undefined, 5 as never)).toThrow(
      new GroqError('Stream.fromSSEResponse() takes its options as an object, got a number. Pass { idleTimeout, maxEventSize, expectedChoices, context }, or nothing.'),
    );
    expect(() => Stream.fromReadableStream(body(), undefined, 'x' as never)).toThrow(/^Stream\.fromReadableStream\(\) takes its options as an object, got a string\. Pass \{ idleTimeout, maxEventSize, expectedChoices, context \}, or nothing\.$/);
    // No limit, said either way.
    for (const idleTimeout of [0, Number.POSITIVE_INFINITY, 1e12]) expect(() => Stream.fromSSEResponse(response(), undefined, { idleTimeout })).not.toThrow();
  });

  test('break before reading, or an abort, lets go of its body', async () => {
    const { response, stats } = createTestResponse(['{"error":'], { status: 500, headers: { 'content-type': 'application/json' }, holdOpen: true });
    const stream = Stream.fromSSEResponse(response);
    const pending = readAll(stream);
    await new Promise((resolve) => setTimeout(resolve, 1));
    stream.controller.abort();
    expect((await pending).error).toBeInstanceOf(APIUserAbortError);
    expect(stats.cancelled).toBe(true);
  });
});

describe('cancelling', () => {
  test('break cancels the body at once and aborts the controller', async () => {
    const { response, stats } = createTestResponse(splitBytes(transcript, 100), { holdOpen: true });
    const stream = Stream.fromSSEResponse(response);
    for await (const item of stream) {
      expect(item).toEqual(chunks[0]);
      break;
    }
    expect(stats.cancelCalls).toBe(1);
    expect(stream.controller.signal.aborted).toBe(true);
  });

  /** Reads `stream`, aborting its controller (with `reason`) once the loop has had three chunks: what it saw, and how it ended. */
  async function abortAfterThree(stream: Stream<unknown>, reason?: unknown): Promise<{ seen: unknown[]; error: unknown }> {
    const seen: unknown[] = [];
    try {
      for await (const item of stream) {
        seen.push(item);
        if (seen.length === 3) stream.controller.abort(reason);
      }
    } catch (error) {
      return { seen, error };
    }
    return { seen, error: undefined };
  }

  test('controller.abort() cancels the body and raises APIUserAbortError', async () => {
    const { response, stats } = createTestResponse(splitBytes(transcript, 100), { holdOpen: true });
    const { seen, error } = await abortAfterThree(Stream.fromSSEResponse(response));
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(seen).toHaveLength(3);
    expect(stats.cancelCalls).toBe(1);
  });

  test('controller.abort() after chunks and [DONE] came in one read drops the waiting chunks and raises APIUserAbortError', async () => {
    // The whole answer in one piece, held open after [DONE]: reading stopped before the loop took the first chunk.
    const { response, stats } = createTestResponse([transcript], { holdOpen: true });
    const { seen, error } = await abortAfterThree(Stream.fromSSEResponse(response));
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(seen).toHaveLength(3);
    expect(stats.cancelled).toBe(true);
  });

  test.each([
    ['a Stop button', new Error('user pressed stop')],
    ['AbortSignal.timeout()', new DOMException('The operation was aborted due to timeout', 'TimeoutError')],
  ])('the reason of %s is the cause of APIUserAbortError, mid-stream, with chunks waiting after [DONE], or before reading', async (_, reason) => {
    const aborted = (error: unknown) => {
      expect(error).toBeInstanceOf(APIUserAbortError);
      expect((error as Error).message).toBe('The stream was aborted.');
      expect((error as Error).cause).toBe(reason);
    };
    aborted((await abortAfterThree(Stream.fromSSEResponse(createTestResponse(splitBytes(transcript, 100), { holdOpen: true }).response), reason)).error);
    aborted((await abortAfterThree(Stream.fromSSEResponse(createTestResponse([transcript], { holdOpen: true }).response), reason)).error);
    const controller = new AbortController();
    controller.abort(reason);
    aborted((await readAll(Stream.fromSSEResponse(createTestResponse([transcript]).response, controller))).error);
    aborted((await readAll(Stream.fromReadableStream(new Response(`${JSON.stringify(chunk('a', 'stop'))}\n`).body!, controller))).error);
  });

  test('controller.abort() without a reason has the default AbortError as cause; a reason that holds a key is redacted in the cause', async () => {
    const stream = Stream.fromSSEResponse(createTestResponse(splitBytes(transcript, 100), { holdOpen: true }).response);
    const { error } = await abortAfterThree(stream);
    expect((error as Error).cause).toBe(stream.controller.signal.reason);
    expect(((error as Error).cause as DOMException).name).toBe('AbortError');
    const leaky = new Error(`stopped with key gsk_${'a1B2c3D4'.repeat(6)}`);
    const { error: redacted } = await abortAfterThree(Stream.fromSSEResponse(createTestResponse(splitBytes(transcript, 100), { holdOpen: true }).response), leaky);
    expect(((redacted as Error).cause as Error).message).toBe('stopped with key gsk_[redacted]');
  });

  test('controller.abort() after the loop had the end changes nothing', async () => {
    const { response } = createTestResponse([transcript]);
    const stream = Stream.fromSSEResponse(response);
    const iterator = stream[Symbol.asyncIterator]();
    for (let count = 0; count < chunks.length; count++) expect((await iterator.next()).done).toBe(false);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    stream.controller.abort();
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  test("aborting the body's own fetch, whose controller the stream was not given, is APIUserAbortError, not a broken connection", async () => {
    // What a browser's fetch does to its body when its signal aborts: the read fails with an AbortError.
    let fail: ((error: unknown) => void) | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(event(chunk('a'))));
        fail = (error) => controller.error(error);
      },
    });
    const stream = Stream.fromSSEResponse(new Response(body, { headers: { 'content-type': 'text/event-stream' } }));
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    const pending = iterator.next();
    fail?.(new DOMException('signal is aborted without reason', 'AbortError'));
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
  });

  test("a deadline on the body's own fetch (AbortSignal.timeout()) is APIUserAbortError with the TimeoutError as cause, not a broken connection", async () => {
    // What fetch does to its body when an `AbortSignal.timeout()` it was given fires mid-stream.
    const deadline = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    const { response } = createTestResponse([event(chunk('a'))], { breakWith: deadline });
    const { items, error } = await readAll(Stream.fromSSEResponse(response));
    expect(items).toEqual([chunk('a')]);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).cause).toBe(deadline);
  });

  test.each([
    ['a value without toString (a null-prototype object)', Object.create(null) as unknown],
    ['a Proxy whose traps throw', new Proxy({}, { get: () => { throw new Error('trap'); }, getPrototypeOf: () => { throw new Error('trap'); } })],
  ])('a body that fails with %s is a truncation, not a raw error from describing it', async (_, reason) => {
    // What fetch does to its body when its signal aborts with such a reason.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(event(chunk('a'))));
        setTimeout(() => controller.error(reason), 1);
      },
    });
    const { items, error } = await readAll(Stream.fromSSEResponse(new Response(body, { headers: { 'content-type': 'text/event-stream' } })));
    expect(items).toEqual([chunk('a')]);
    expect(error).toBeInstanceOf(StreamTruncatedError);
  });

  test('an abort while waiting for data ends the wait at once', async () => {
    const { response, stats } = createTestResponse([event(chunk('a'))], { holdOpen: true });
    const stream = Stream.fromSSEResponse(response);
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    const pending = iterator.next();
    stream.controller.abort();
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    expect(stats.cancelCalls).toBe(1);
  });

  test('a signal the client forwards still aborts the loop while chunks read before [DONE] wait, and is let go at the end', async () => {
    // As the client ties the caller's signal to a streamed request: `onStop` is its `detachSignal`.
    const forward = (signal: AbortSignal, controller: AbortController) => {
      const abort = () => controller.abort();
      signal.addEventListener('abort', abort);
      return () => signal.removeEventListener('abort', abort);
    };
    const caller = new AbortController();
    const controller = new AbortController();
    const stream = streamFromSSEResponse(Stream, createTestResponse([transcript]).response, controller, {}, forward(caller.signal, controller));
    const seen: unknown[] = [];
    const error = await (async () => {
      try {
        for await (const item of stream) {
          seen.push(item);
          if (seen.length === 2) caller.abort();
        }
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(seen).toHaveLength(2);

    let stops = 0;
    const whole = streamFromSSEResponse(Stream, createTestResponse([transcript]).response, new AbortController(), {}, () => stops++);
    const iterator = whole[Symbol.asyncIterator]();
    await iterator.next();
    expect(stops).toBe(0);
    while (!(await iterator.next()).done);
    expect(stops).toBe(1);
  });

  test('an abort lets go of what the stream holds even when it is never iterated', async () => {
    const { response } = createTestResponse([], { holdOpen: true });
    const controller = new AbortController();
    let stops = 0;
    streamFromSSEResponse(Stream, response, controller, {}, () => stops++);
    controller.abort();
    expect(stops).toBe(1);
  });

  test.each([
    ['Stream.fromSSEResponse', (body: ReadableStream<Uint8Array>, controller: AbortController) => Stream.fromSSEResponse(new Response(body), controller)],
    ['Stream.fromReadableStream', (body: ReadableStream<Uint8Array>, controller: AbortController) => Stream.fromReadableStream(body, controller)],
  ])('%s: an abort before reading cancels the body at once, and reading then throws APIUserAbortError', async (_, make) => {
    const { body, stats } = createTestBody([`${JSON.stringify(chunk('a'))}\n`], { holdOpen: true });
    const stream = make(body, new AbortController());
    stream.controller.abort();
    await Promise.resolve();
    expect(stats.cancelCalls).toBe(1);
    const { items, error } = await readAll(stream);
    expect(items).toEqual([]);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(stats.piecesPulled).toBe(0);
  });

  test.each([
    ['Stream.fromSSEResponse', (controller: AbortController) => Stream.fromSSEResponse(createTestResponse([transcript]).response, controller)],
    ['Stream.fromReadableStream', (controller: AbortController) => Stream.fromReadableStream(new Response(`${JSON.stringify(chunk('a', 'stop'))}\n`).body!, controller)],
    ['a refused response', (controller: AbortController) => Stream.fromSSEResponse(new Response('{"error":{"message":"slow down"}}', { status: 429 }), controller)],
  ])('%s: a controller shared by many streams keeps no listener of a stream that was read', async (_, make) => {
    // One controller for a whole page (a Stop button), given to each stream: what a stream leaves on its
    // signal stays until the page aborts, and Node warns of a leak from 11 listeners on.
    const controller = new AbortController();
    let listening = 0;
    const { addEventListener, removeEventListener } = controller.signal;
    controller.signal.addEventListener = function (this: AbortSignal, ...args: Parameters<AbortSignal['addEventListener']>) {
      if (args[0] === 'abort') listening++;
      addEventListener.apply(this, args);
    };
    controller.signal.removeEventListener = function (this: AbortSignal, ...args: Parameters<AbortSignal['removeEventListener']>) {
      if (args[0] === 'abort') listening--;
      removeEventListener.apply(this, args);
    };
    for (let index = 0; index < 3; index++) await readAll(make(controller));
    expect(listening).toBe(0);
  });

  test('a stream whose controller was aborted before reading does not read', async () => {
    const controller = new AbortController();
    controller.abort();
    const { response, stats } = createTestResponse([transcript]);
    const { items, error } = await readAll(Stream.fromSSEResponse(response, controller));
    expect(items).toEqual([]);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(stats.piecesPulled).toBe(0);
  });

  test('iterating a consumed stream throws a clear error', async () => {
    const stream = Stream.fromSSEResponse(createTestResponse([transcript]).response);
    await readAll(stream);
    expect(() => stream[Symbol.asyncIterator]()).toThrow(StreamConsumedError);
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/tee\(\)/);
  });

  test('a response or body that is no such thing, or is read already, is a GroqError at once, not a TypeError from the reader', async () => {
    for (const [make, message] of [
      [() => Stream.fromSSEResponse(null as never), /^Stream\.fromSSEResponse\(\) takes a Response, got null\. Pass what fetch\(\) resolves to/],
      [() => Stream.fromSSEResponse({} as never), /^Stream\.fromSSEResponse\(\) takes a Response, got an object\./],
      [() => Stream.fromReadableStream('data' as never), /^Stream\.fromReadableStream\(\) takes a ReadableStream of bytes, got a string\./],
    ] as const) {
      expect(make).toThrow(message);
      expect(make).toThrow(GroqError);
    }
    const locked = createTestResponse([transcript]).response;
    locked.body!.getReader();
    expect(() => Stream.fromSSEResponse(locked)).toThrow(/^The response body has already been taken by a reader; pass a fresh Response\.$/);
    const read = createTestResponse([transcript]).response;
    await read.text();
    expect(() => Stream.fromSSEResponse(read)).toThrow(GroqError);
    const body = new ReadableStream<Uint8Array>();
    body.getReader();
    expect(() => Stream.fromReadableStream(body)).toThrow(/^The ReadableStream is already being read/);
  });
});

describe('idle timeout', () => {
  test('silence longer than idleTimeout fails the stream and aborts the connection', async () => {
    const { response, stats } = createTestResponse([event(chunk('a'))], { holdOpen: true });
    const stream = Stream.fromSSEResponse(response, undefined, { idleTimeout: 50 });
    const started = Date.now();
    const { items, error } = await readAll(stream);
    expect(items).toEqual([chunk('a')]);
    expect(error).toBeInstanceOf(StreamIdleTimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(stream.controller.signal.aborted).toBe(true);
    expect(stats.cancelCalls).toBe(1);
  });

  test("the controller given to fromSSEResponse (a Stop button's) is aborted with the timeout error as its reason", async () => {
    const { response } = createTestResponse([event(chunk('a'))], { holdOpen: true });
    const stop = new AbortController();
    const { error } = await readAll(Stream.fromSSEResponse(response, stop, { idleTimeout: 50 }));
    expect(error).toBeInstanceOf(StreamIdleTimeoutError);
    expect(stop.signal.aborted).toBe(true);
    expect(stop.signal.reason).toBe(error);
  });

  test('silence after the last chunk with its usage ends the stream normally and lets the connection go', async () => {
    const last = { ...chunk('', 'stop'), x_groq: { id: 'req_1', usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } } };
    const { response, stats } = createTestResponse([event(chunk('a')), event(last)], { holdOpen: true });
    expect(await readAll(Stream.fromSSEResponse(response, undefined, { idleTimeout: 50 }))).toEqual({ items: [chunk('a'), last], error: undefined });
    expect(stats.cancelCalls).toBe(1);
    // Without the usage, a usage chunk may still be due: silence is a timeout.
    const { response: noUsage } = createTestResponse([event(chunk('a', 'stop'))], { holdOpen: true });
    expect((await readAll(Stream.fromSSEResponse(noUsage, undefined, { idleTimeout: 50 }))).error).toBeInstanceOf(StreamIdleTimeoutError);
  });

  test('heartbeat comments are not progress', async () => {
    // Two seconds of pings 10 ms apart against an 80 ms limit, then silence.
    const pings = Array.from({ length: 200 }, () => ': ping\n\n');
    const { response, stats } = createTestResponse([event(chunk('a')), ...pings], { delayMs: 10, holdOpen: true });
    const { error } = await readAll(Stream.fromSSEResponse(response, undefined, { idleTimeout: 80 }));
    expect(error).toBeInstanceOf(StreamIdleTimeoutError);
    // Cut off while the pings still came: had they counted as progress, only the silence after them would have.
    expect(stats.piecesPulled).toBeLessThan(1 + pings.length);
  });

  test('events arriving more often than the limit keep it alive, and a slow consumer does not count', async () => {
    // On fake timers, so that a loaded machine's stall cannot pass for the server's silence.
    vi.useFakeTimers();
    try {
      let server!: ReadableStreamDefaultController<Uint8Array>;
      let cancelled = false;
      const body = new ReadableStream<Uint8Array>({ start: (controller) => void (server = controller), cancel: () => void (cancelled = true) });
      // What the server sends, unless the stream has let go of the body (having failed, then).
      const send = (text: string): void => void (cancelled || server.enqueue(new TextEncoder().encode(text)));
      const response = new Response(body, { headers: { 'content-type': 'text/event-stream' } });
      const iterator = Stream.fromSSEResponse(response, undefined, { idleTimeout: 250 })[Symbol.asyncIterator]();
      const sent = Array.from({ length: 8 }, (_, index) => chunk(String(index), index === 7 ? 'stop' : null));
      const items: unknown[] = [];
      for (const [index, item] of sent.entries()) {
        // Each event 200 ms after the read began, against a 250 ms limit: 1.6 s in all, which the stream
        // survives only if each event counts as progress.
        const next = iterator.next();
        // Handled at once too, so that a stream failing meanwhile fails this test with its error, not as unhandled.
        next.catch(() => undefined);
        await vi.advanceTimersByTimeAsync(200);
        send(event(item));
        items.push((await next).value);
        // The consumer is away for longer than the limit, with no read waiting: counting that would fail the stream.
        if (index === 1) await vi.advanceTimersByTimeAsync(400);
      }
      server.close();
      expect(await iterator.next()).toEqual({ value: undefined, done: true });
      expect(items).toEqual(sent);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('tee', () => {
  test('both branches see every chunk', async () => {
    const [left, right] = Stream.fromSSEResponse(createTestResponse(splitBytes(transcript, 500)).response).tee();
    const [a, b] = await Promise.all([readAll(left), readAll(right)]);
    expect(a.items).toEqual(chunks);
    expect(b.items).toEqual(chunks);
  });

  test('break on one branch does not disturb the other; the source is cancelled when both left', async () => {
    const { response, stats } = createTestResponse(splitBytes(transcript, 200), { holdOpen: true });
    const [left, right] = Stream.fromSSEResponse(response).tee();
    for await (const _ of left) break;
    expect(stats.cancelCalls).toBe(0);
    let count = 0;
    for await (const _ of right) if (++count === 10) break;
    expect(stats.cancelCalls).toBe(1);
  });

  test('errors reach both branches after their chunks', async () => {
    const { response } = createTestResponse([event(chunk('a')), 'event: error\ndata: {"message":"boom"}\n\n']);
    const [left, right] = Stream.fromSSEResponse(response).tee();
    const [a, b] = await Promise.all([readAll(left), readAll(right)]);
    expect(a.items).toEqual([chunk('a')]);
    expect(b.items).toEqual([chunk('a')]);
    expect(a.error).toBeInstanceOf(StreamServerError);
    expect(b.error).toBe(a.error);
  });

  test('controller.abort() drops what waits in the slower branch, which then throws APIUserAbortError', async () => {
    const { response, stats } = createTestResponse(splitBytes(transcript, 200), { holdOpen: true });
    const stream = Stream.fromSSEResponse(response);
    const [left, right] = stream.tee();
    const fast = left[Symbol.asyncIterator]();
    for (let count = 0; count < 5; count++) await fast.next();
    stream.controller.abort();
    const [a, b] = [await readAll({ [Symbol.asyncIterator]: () => fast }), await readAll(right)];
    expect(a.items).toEqual([]);
    expect(b.items).toEqual([]);
    expect(a.error).toBeInstanceOf(APIUserAbortError);
    expect(b.error).toBeInstanceOf(APIUserAbortError);
    expect(stats.cancelled).toBe(true);
  });

  test('controller.abort(reason) reaches both branches as the cause of APIUserAbortError, also the one that had the whole answer', async () => {
    const reason = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    const { response } = createTestResponse(splitBytes(transcript, 200), { holdOpen: true });
    const stream = Stream.fromSSEResponse(response);
    const [left, right] = stream.tee();
    const fast = left[Symbol.asyncIterator]();
    for (let count = 0; count < 5; count++) await fast.next();
    stream.controller.abort(reason);
    for (const { error } of [await readAll({ [Symbol.asyncIterator]: () => fast }), await readAll(right)]) {
      expect(error).toBeInstanceOf(APIUserAbortError);
      expect((error as Error).cause).toBe(reason);
    }
    const whole = Stream.fromSSEResponse(createTestResponse([transcript]).response);
    const [first, second] = whole.tee();
    await readAll(first);
    const slow = second[Symbol.asyncIterator]();
    await slow.next();
    whole.controller.abort(reason);
    const { error } = await readAll({ [Symbol.asyncIterator]: () => slow });
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).cause).toBe(reason);
  });

  test('an idle timeout reaches both branches as StreamIdleTimeoutError, as the stream itself throws it, not as an abort', async () => {
    const { response, stats } = createTestResponse([event(chunk('a'))], { holdOpen: true });
    const [left, right] = Stream.fromSSEResponse(response, undefined, { idleTimeout: 50 }).tee();
    const [a, b] = await Promise.all([readAll(left), readAll(right)]);
    expect([a.items, b.items]).toEqual([[chunk('a')], [chunk('a')]]);
    expect(a.error).toBeInstanceOf(StreamIdleTimeoutError);
    expect(b.error).toBe(a.error);
    expect(stats.cancelCalls).toBe(1);
  });

  test('controller.abort() after the faster branch had the whole answer still stops the slower one', async () => {
    const stream = Stream.fromSSEResponse(createTestResponse([transcript]).response);
    const [left, right] = stream.tee();
    expect((await readAll(left)).items).toEqual(chunks);
    const slow = right[Symbol.asyncIterator]();
    expect((await slow.next()).value).toEqual(chunks[0]);
    stream.controller.abort();
    const rest = await readAll({ [Symbol.asyncIterator]: () => slow });
    expect(rest.items).toEqual([]);
    expect(rest.error).toBeInstanceOf(APIUserAbortError);
    // The end, once had, stays the end.
    expect(await slow.next()).toEqual({ value: undefined, done: true });
  });

  test('controller.abort() after both branches had the end changes nothing', async () => {
    const stream = Stream.fromSSEResponse(createTestResponse([transcript]).response);
    const branches = stream.tee();
    const iterators = branches.map((branch) => branch[Symbol.asyncIterator]());
    for (const iterator of iterators) {
      while (!(await iterator.next()).done);
    }
    stream.controller.abort();
    for (const iterator of iterators) expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });
});

describe('sseDataFrames', () => {
  const framesOf = async (stream: Stream<unknown>) => {
    const frames: string[] = [];
    for await (const { frame } of stream.sseDataFrames()) frames.push(frame);
    return frames;
  };
  const fromText = (text: string) => Stream.fromSSEResponse(createTestResponse([text]).response);
  const dataOf = (frame: string): unknown => JSON.parse(frame.slice('data: '.length));

  test("a chunk read from a response keeps the server's own JSON text", async () => {
    const spaced = '{"id": "c", "choices": [{"index": 0, "delta": {"content": "café, \\"quoted\\"\\n"}, "finish_reason": null}]}';
    const plain = '{"id":"c","choices":[{"index":0,"delta":{"content":"a \\"b\\"\\n\\\\"},"finish_reason":"stop"}],"x_groq":{"id":"req_1","error":null}}';
    const frames = await framesOf(fromText(`data: ${plain}\n\ndata: ${spaced}\n\ndata: [DONE]\n\n`));
    expect(frames).toEqual([`data: ${plain}\n\n`, `data: ${spaced}\n\n`]);
  });

  test('every frame reads back as the chunk, passed on as it came or serialised again', async () => {
    const stream = Stream.fromSSEResponse<ChatCompletionChunk>(createTestResponse(splitBytes(transcript, 97)).response);
    const pairs = [];
    for await (const pair of stream.sseDataFrames()) pairs.push(pair);
    expect(pairs.map(({ chunk }) => chunk)).toEqual(chunks);
    for (const { chunk, frame } of pairs) {
      expect(frame).toMatch(/^data: [^\n\r]*\n\n$/);
      expect(dataOf(frame)).toEqual(chunk);
    }
  });

  test('text that could hide a key, spans lines or carries x_groq.error is serialised as sseFrames.data does', async () => {
    const hidden = '{"id":"c","choices":[],"echo":"gsk\\u005fframes0123456789abcdef"}';
    const slashed = '{"id":"c","choices":[],"echo":"a\\/b"}';
    const twoLines = 'data: {"id":"c",\ndata: "choices":[]}';
    const withError = '{"id":"c","choices":[],"x_groq":{"id":"req_1","error":"overloaded"}}';
    const iterator = fromText(`data: ${hidden}\n\ndata: ${slashed}\n\n${twoLines}\n\ndata: ${withError}\n\n`).sseDataFrames();
    const pairs = [];
    // The chunk with x_groq.error is handed out, then the stream fails with the server's error.
    for (let result = await iterator.next(); result.done !== true; result = await iterator.next().catch(() => ({ done: true as const, value: undefined }))) {
      pairs.push(result.value);
    }
    expect(pairs).toHaveLength(4);
    expect(pairs.map(({ frame }) => frame)).toEqual(pairs.map(({ chunk }) => sseFrames.data(chunk)));
    expect(pairs[0]!.frame).not.toContain('frames0123456789abcdef');
    expect(pairs[1]!.frame).toBe('data: {"id":"c","choices":[],"echo":"a/b"}\n\n');
    expect(pairs[2]!.frame).toBe('data: {"id":"c","choices":[]}\n\n');
    expect(pairs[3]!.frame).not.toContain('overloaded');
  });

  test('an event that came alone in its read gets the frame it gets in a read with others, also a read of the same length', async () => {
    // A relay's frames do not depend on how the events came in reads. Each read here is as long as its frame would
    // be, but is not it, or holds text that must be serialised again (a key, an escaped slash).
    const plain = '{"id":"c","choices":[{"index":0,"delta":{"content":"a \\"b\\""},"finish_reason":null}]}';
    const hidden = '{"id":"c","choices":[],"echo":"gsk_frames0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"}';
    const slashed = '{"id":"c","choices":[],"echo":"a\\/b"}';
    const pieces = [
      `data: ${plain}\n\n`,
      `data: ${hidden}\n\n`,
      `data: ${slashed}\n\n`,
      `data:${plain}\n\n\n`,
      `data: ${plain}\r\r`,
      `data: ${plain.replace('"c"', '"d"')}\n\n`,
      `data: ${plain.replace('null', '"stop"')}\n\n`,
    ];
    const alone = await framesOf(Stream.fromSSEResponse(createTestResponse(pieces).response));
    const together = await framesOf(fromText(pieces.join('')));
    expect(alone).toEqual(together);
    expect(alone).toHaveLength(pieces.length);
    expect(alone[0]).toBe(pieces[0]);
    expect(alone[1]).not.toContain('frames0123456789');
    expect(alone[2]).toBe('data: {"id":"c","choices":[],"echo":"a/b"}\n\n');
    expect(alone[3]).toBe(`data: ${plain}\n\n`);
    expect(alone[4]).toBe(`data: ${plain}\n\n`);
  });

  test('a chunk whose text holds a carriage return (JSON white space inside a line) is serialised, so the frame stays one line', async () => {
    // Newline-delimited JSON splits lines at LF only: a CR between the tokens of a line stays in the text.
    const line = '{"id":"c",\r"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}';
    const stream = Stream.fromReadableStream(createTestBody([`${line}\n`]).body);
    expect(await framesOf(stream)).toEqual([`data: ${line.replace('\r', '')}\n\n`]);
  });

  test('a chunk that user code may have changed on the way is serialised, never sent as the server wrote it', async () => {
    const answer = `data: ${JSON.stringify(chunk('secret plan'))}\n\ndata: [DONE]\n\n`;
    const censor = (item: unknown): void => {
      (item as ReturnType<typeof chunk>).choices[0]!.delta.content = '[removed]';
    };
    const wrapped = new Stream<unknown>(
      () =>
        (async function* () {
          for await (const item of fromText(answer)) {
            censor(item);
            yield item;
          }
        })(),
      new AbortController(),
    );
    expect(await framesOf(wrapped)).toEqual([sseFrames.data(chunk('[removed]'))]);

    const [left, right] = fromText(answer).tee();
    for await (const item of left) censor(item);
    expect(await framesOf(right)).toEqual([sseFrames.data(chunk('[removed]'))]);
  });

  test('leaving the loop releases the connection', async () => {
    const { response, stats } = createTestResponse(splitBytes(transcript, 50), { holdOpen: true });
    for await (const { chunk: first } of Stream.fromSSEResponse<ChatCompletionChunk>(response).sseDataFrames()) {
      expect(first).toEqual(chunks[0]);
      break;
    }
    expect(stats.cancelled).toBe(true);
  });
});
