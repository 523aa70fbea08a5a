import { describe, expect, test } from 'vitest';
import type { SSEReadableStreamOptions } from './encode-sse-stream.js';
import { StreamError } from './errors/stream-error.js';
import { StreamIdleTimeoutError } from './errors/stream-idle-timeout-error.js';
import { StreamServerError } from './errors/stream-server-error.js';
import { StreamTruncatedError } from './errors/stream-truncated-error.js';
import { Stream } from './stream.js';
import { createChunkTranscript } from './test/create-chunk-transcript.js';
import { createTestResponse } from './test/create-test-response.js';
import { encodeSSETranscript } from './test/encode-sse-transcript.js';
import { readAll } from './test/read-all.js';

const requestId = 'req_01truncatedroundtrip';
const chunks = createChunkTranscript({ chunks: 6, seed: 5 });

/** Groq's answer cut off after two chunks: no finish_reason, no [DONE]. */
const cutOff = () => createTestResponse([encodeSSETranscript(chunks.slice(0, 2), { done: false })], { headers: { 'x-request-id': requestId } }).response;

describe("toReadableStream() then fromReadableStream(): an error's kind survives the NDJSON", () => {
  test('a cut-off stream comes back as StreamTruncatedError, with its request id and the chunks before it', async () => {
    const { items, error } = await readAll(Stream.fromReadableStream(Stream.fromSSEResponse(cutOff()).toReadableStream()));
    expect(items).toEqual(chunks.slice(0, 2));
    expect(error).toBeInstanceOf(StreamTruncatedError);
    expect(error).not.toBeInstanceOf(StreamServerError);
    expect((error as StreamTruncatedError).requestId).toBe(requestId);
    // The line's words come back too, as a StreamServerError's do, without advice to retry said twice; the
    // advice is the page's to follow: not proxies, which are on the relay's side.
    expect((error as StreamTruncatedError).serverMessage).toBe('The answer was interrupted. Please try again.');
    expect((error as Error).message).toBe(
      `The stream this one was passed on from ended before it was complete (no [DONE] and no finish_reason): The answer was interrupted. Please try again. [request ${requestId}]. The answer is incomplete; see the relay's logs for why its upstream was cut off.`,
    );
    // And the rest of the line's payload, as a StreamServerError keeps it.
    const payload = { type: 'upstream_error', message: 'The answer was interrupted. Please try again.', status: 502, requestId, code: 'stream_truncated' };
    expect(error).toMatchObject({ error: payload, type: 'upstream_error', code: 'stream_truncated', status: 502, retryAfter: undefined });
  });

  test('a stream read directly that was cut off keeps the proxy advice, and has no relay payload', async () => {
    const { error } = await readAll(Stream.fromSSEResponse(cutOff()));
    expect(error).toBeInstanceOf(StreamTruncatedError);
    expect((error as Error).message).toMatch(/^The stream ended before it was complete .*The answer is incomplete; retry the request, and check proxies that may cut long responses\.$/);
    expect(error).toMatchObject({ error: undefined, serverMessage: undefined, type: undefined, code: undefined, status: undefined, retryAfter: undefined });
  });

  test("the line carries the safe payload and the kind's code only", async () => {
    const text = await new Response(Stream.fromSSEResponse(cutOff()).toReadableStream()).text();
    expect(JSON.parse(text.trimEnd().split('\n').at(-1)!)).toEqual({
      error: { type: 'upstream_error', message: 'The answer was interrupted. Please try again.', status: 502, requestId, code: 'stream_truncated' },
    });
  });

  test('a server error stays a StreamServerError with its code, and an abort is no truncation', async () => {
    const failed = createTestResponse([
      `data: ${JSON.stringify(chunks[0])}\n\nevent: error\ndata: {"error":{"message":"overloaded","code":"service_unavailable"}}\n\n`,
    ]).response;
    const server = await readAll(Stream.fromReadableStream(Stream.fromSSEResponse(failed).toReadableStream()));
    expect(server.error).toBeInstanceOf(StreamServerError);
    expect((server.error as StreamServerError).code).toBe('service_unavailable');

    const source = Stream.fromSSEResponse(cutOff());
    const reader = Stream.fromReadableStream(source.toReadableStream());
    source.controller.abort();
    const aborted = await readAll(reader);
    expect(aborted.error).toBeInstanceOf(StreamServerError);
    expect(aborted.error).not.toBeInstanceOf(StreamTruncatedError);
  });

});

describe("toSSEReadableStream() then fromSSEResponse(): an error's kind survives a relay's event: error", () => {
  /** The event stream a relay sends for `source`, as a browser gets it: here without the relay's headers. */
  const relayed = async (source: Stream<unknown>, options: SSEReadableStreamOptions = {}) =>
    new Response(await new Response(source.toSSEReadableStream({ heartbeatMs: 0, ...options })).text());
  const lastEvent = (text: string): unknown => JSON.parse(text.slice(text.lastIndexOf('event: error\ndata: ') + 'event: error\ndata: '.length));

  test('a cut-off stream comes back as StreamTruncatedError, with the request id of the event and the chunks before it', async () => {
    const { items, error } = await readAll(Stream.fromSSEResponse(await relayed(Stream.fromSSEResponse(cutOff()))));
    expect(items).toEqual(chunks.slice(0, 2));
    expect(error).toBeInstanceOf(StreamTruncatedError);
    // A sibling of StreamServerError: `instanceof StreamError` covers both.
    expect(error).not.toBeInstanceOf(StreamServerError);
    expect(error).toBeInstanceOf(StreamError);
    expect((error as StreamTruncatedError).requestId).toBe(requestId);
  });

  test("the event carries the safe payload and the kind's code only, as the NDJSON line does", async () => {
    const text = await (await relayed(Stream.fromSSEResponse(cutOff()))).text();
    expect(text.endsWith('\n\n')).toBe(true);
    expect(lastEvent(text)).toEqual({
      error: { type: 'upstream_error', message: 'The answer was interrupted. Please try again.', status: 502, requestId, code: 'stream_truncated' },
    });
  });

  test("the response's own request id wins over the event's, as for the NDJSON line", async () => {
    const event = `event: error\ndata: {"error":{"type":"upstream_error","message":"The answer was interrupted. Please try again.","status":502,"requestId":"req_01inevent","code":"stream_truncated"}}\n\n`;
    const withHeader = createTestResponse([event], { headers: { 'x-request-id': 'req_01inheader' } }).response;
    expect((await readAll(Stream.fromSSEResponse(withHeader))).error).toMatchObject({ name: 'StreamTruncatedError', requestId: 'req_01inheader' });
    // What does not look like a request id (it could be an echoed key) is not taken.
    const notAnId = createTestResponse([event.replace('req_01inevent', 'Bearer gsk_notanid')]).response;
    const { error } = await readAll(Stream.fromSSEResponse(notAnId));
    expect(error).toBeInstanceOf(StreamTruncatedError);
    expect((error as StreamTruncatedError).requestId).toBeUndefined();
  });

  test("Groq's own error events, and any other shape, stay a StreamServerError", async () => {
    const read = async (body: string) => (await readAll(Stream.fromSSEResponse(createTestResponse([`data: ${JSON.stringify(chunks[0])}\n\n${body}`]).response))).error;
    const groq = await read('event: error\ndata: {"error":{"message":"The server had an error while generating the response. Please retry your request.","type":"internal_server_error","code":"internal_server_error"}}\n\n');
    expect(groq).toBeInstanceOf(StreamServerError);
    expect(groq).toMatchObject({ code: 'internal_server_error', type: 'internal_server_error' });
    // The relay's type without the code is not the relay's event for a cut-off (the code alone is, whatever the type: below).
    for (const payload of [
      { message: 'm', type: 'upstream_error', code: 'service_unavailable' },
      { message: 'm', type: 'upstream_error' },
    ]) {
      expect(await read(`event: error\ndata: ${JSON.stringify({ error: payload })}\n\n`)).toBeInstanceOf(StreamServerError);
    }
    // The relay's payload at the top of the event's data, or as a data object's error member: no relay writes those.
    expect(await read('event: error\ndata: {"type":"upstream_error","code":"stream_truncated","message":"m"}\n\n')).toBeInstanceOf(StreamServerError);
    expect(await read('data: {"error":{"type":"upstream_error","code":"stream_truncated","message":"m"}}\n\n')).toBeInstanceOf(StreamServerError);
    expect(await read('event: error\ndata: stream_truncated\n\n')).toBeInstanceOf(StreamServerError);
  });

  test('a server error keeps its code, an abort is no truncation, and a stall stays a StreamServerError', async () => {
    const failed = createTestResponse([
      `data: ${JSON.stringify(chunks[0])}\n\nevent: error\ndata: {"error":{"message":"overloaded","code":"service_unavailable"}}\n\n`,
    ]).response;
    const server = await readAll(Stream.fromSSEResponse(await relayed(Stream.fromSSEResponse(failed))));
    expect(server.error).toBeInstanceOf(StreamServerError);
    expect((server.error as StreamServerError).code).toBe('service_unavailable');

    const source = Stream.fromSSEResponse(cutOff());
    const body = source.toSSEReadableStream({ heartbeatMs: 0 });
    source.controller.abort();
    const aborted = await readAll(Stream.fromSSEResponse(new Response(body)));
    expect(aborted.error).toBeInstanceOf(StreamServerError);
    expect(aborted.error).not.toBeInstanceOf(StreamTruncatedError);

    // Groq went quiet past the client's streamIdleTimeout: a `timeout` event, read back as a StreamServerError.
    const stalled = new Stream(async function* () {
      yield chunks[0];
      throw new StreamIdleTimeoutError(50, { requestId });
    } as () => AsyncIterator<unknown>, new AbortController());
    const stall = await readAll(Stream.fromSSEResponse(await relayed(stalled)));
    expect(stall.error).toBeInstanceOf(StreamServerError);
    expect(stall.error).toMatchObject({ type: 'timeout', code: undefined, requestId });
  });

  test("an app's errorPayload that set a code is left as it chose; one that set none gets the kind", async () => {
    const own = await readAll(Stream.fromSSEResponse(await relayed(Stream.fromSSEResponse(cutOff()), { errorPayload: () => ({ type: 'upstream_error', message: 'Cut off.', code: 'our_cut' }) })));
    expect(own.error).toBeInstanceOf(StreamServerError);
    expect(own.error).toMatchObject({ code: 'our_cut', serverMessage: 'Cut off.' });
    const words = await readAll(Stream.fromSSEResponse(await relayed(Stream.fromSSEResponse(cutOff()), { errorPayload: () => ({ type: 'upstream_error', message: 'Cut off.' }) })));
    expect(words.error).toBeInstanceOf(StreamTruncatedError);
    expect((words.error as StreamTruncatedError).serverMessage).toBe('Cut off.');
    expect((words.error as Error).message).toMatch(/\(no \[DONE\] and no finish_reason\): Cut off\. The answer is incomplete; retry the request, and see the relay's logs for why its upstream was cut off\.$/);
  });

  test("a relayed cut-off without words (no message, a blank one, or one that is no text) says what happened, and has no serverMessage", async () => {
    const plain = `The stream this one was passed on from ended before it was complete (no [DONE] and no finish_reason). The answer is incomplete; retry the request, and see the relay's logs for why its upstream was cut off.`;
    for (const message of [undefined, '', '  \n', 42]) {
      const event = `event: error\ndata: ${JSON.stringify({ error: { type: 'answer_lost', message, code: 'stream_truncated' } })}\n\n`;
      const { error } = await readAll(Stream.fromSSEResponse(createTestResponse([event]).response));
      expect(error, String(message)).toBeInstanceOf(StreamTruncatedError);
      expect((error as StreamTruncatedError).serverMessage, String(message)).toBeUndefined();
      expect((error as Error).message, String(message)).toBe(plain);
    }
  });

  test("a relayed cut-off's words are redacted, and cut in the message but whole in serverMessage", async () => {
    const key = 'gsk_' + 'A1b2C3d4'.repeat(6);
    const long = `Cut off for ${key}. ${'x'.repeat(2000)}`;
    const line = `${JSON.stringify({ error: { type: 'answer_lost', message: long, code: 'stream_truncated' } })}\n`;
    const { error } = await readAll(Stream.fromReadableStream(new Response(line).body!));
    expect(error).toBeInstanceOf(StreamTruncatedError);
    const { serverMessage, message } = error as StreamTruncatedError;
    expect(serverMessage).toMatch(/^Cut off for gsk_\[redacted\]\. x{2000}$/);
    // The payload kept is redacted too.
    expect((error as StreamTruncatedError).error).toEqual({ type: 'answer_lost', message: serverMessage, code: 'stream_truncated' });
    expect(message).not.toContain(key.slice(4));
    expect(message).toContain(': Cut off for gsk_[redacted]. xxx');
    expect(message).toContain('characters in all)');
    expect(message.length).toBeLessThan(1400);
  });

  test("an app's errorPayload with a type of its own and no code: the relay marks the cut-off, and the reader raises StreamTruncatedError by the code", async () => {
    const text = await (await relayed(Stream.fromSSEResponse(cutOff()), { errorPayload: () => ({ type: 'answer_lost', message: 'Cut off.' }) })).text();
    expect(lastEvent(text)).toEqual({ error: { type: 'answer_lost', message: 'Cut off.', code: 'stream_truncated' } });
    const { items, error } = await readAll(Stream.fromSSEResponse(new Response(text, { headers: { 'x-request-id': requestId } })));
    expect(items).toEqual(chunks.slice(0, 2));
    expect(error).toBeInstanceOf(StreamTruncatedError);
    expect(error).not.toBeInstanceOf(StreamServerError);
    expect((error as StreamTruncatedError).requestId).toBe(requestId);
    // The app's type comes back with its words and the code.
    expect(error).toMatchObject({ type: 'answer_lost', code: 'stream_truncated', serverMessage: 'Cut off.', status: undefined, error: { type: 'answer_lost', message: 'Cut off.', code: 'stream_truncated' } });
    // Any type with that code, which Groq's own errors never carry; the NDJSON line is read the same way.
    const event = (type: string) => `event: error\ndata: ${JSON.stringify({ error: { message: 'm', type, code: 'stream_truncated' } })}\n\n`;
    for (const type of ['internal_server_error', 'custom', '']) {
      expect((await readAll(Stream.fromSSEResponse(createTestResponse([event(type)]).response))).error, type).toBeInstanceOf(StreamTruncatedError);
    }
    const line = `${JSON.stringify({ error: { message: 'm', type: 'answer_lost', code: 'stream_truncated' } })}\n`;
    expect((await readAll(Stream.fromReadableStream(new Response(line).body!))).error).toBeInstanceOf(StreamTruncatedError);
  });
});
