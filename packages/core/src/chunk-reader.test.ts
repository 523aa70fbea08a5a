import { Stream as SdkStream } from 'groq-sdk/core/streaming';
import { describe, expect, test } from 'vitest';
import { StreamEventTooLargeError } from './errors/stream-event-too-large-error.js';
import { StreamInvalidDataError } from './errors/stream-invalid-data-error.js';
import { StreamServerError } from './errors/stream-server-error.js';
import { StreamTruncatedError } from './errors/stream-truncated-error.js';
import { Stream } from './stream.js';
import { createTestResponse } from './test/create-test-response.js';
import { readAll } from './test/read-all.js';

const chunk = (content: string, finish: string | null = null) => ({ id: 'c', choices: [{ index: 0, delta: { content }, finish_reason: finish }] });
const event = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;

/** A response whose body gives `pieces`, then breaks as a reset connection does (fetch's `terminated`). */
const breakingAfter = (...pieces: string[]): Response => createTestResponse(pieces, { breakWith: new TypeError('terminated') }).response;

describe('ChunkReader: the end of a body that breaks', () => {
  test('a [DONE] line that arrived whole before the connection broke ends the stream, as it does at a clean end', async () => {
    const clean = await readAll(Stream.fromSSEResponse(createTestResponse([event(chunk('a')), event(chunk('', 'stop')), 'data: [DONE]\n']).response));
    expect(clean.error).toBeUndefined();
    const broken = await readAll(Stream.fromSSEResponse(breakingAfter(event(chunk('a')), event(chunk('', 'stop')), 'data: [DONE]\n')));
    expect(broken).toEqual(clean);
    // Not even a finish_reason: [DONE] alone says the answer is complete.
    expect((await readAll(Stream.fromSSEResponse(breakingAfter(event(chunk('a')), 'data: [DONE]\r\n')))).error).toBeUndefined();
  });

  test('an error event whose lines arrived whole before the connection broke raises the server message', async () => {
    const { items, error } = await readAll(Stream.fromSSEResponse(breakingAfter(event(chunk('a')), 'event: error\ndata: {"error":{"message":"overloaded"}}\n')));
    expect(items).toEqual([chunk('a')]);
    expect(error).toBeInstanceOf(StreamServerError);
    expect((error as Error).message).toContain('overloaded');
  });

  test('a chunk whose data line arrived whole before the connection broke is delivered before the truncation', async () => {
    const { items, error } = await readAll(Stream.fromSSEResponse(breakingAfter(event(chunk('a')), `data: ${JSON.stringify(chunk('b'))}\n`)));
    expect(items).toEqual([chunk('a'), chunk('b')]);
    expect(error).toBeInstanceOf(StreamTruncatedError);
    expect((error as Error).message).toContain('broke off');
  });

  test('a line cut off by the break is still discarded', async () => {
    const { items, error } = await readAll(Stream.fromSSEResponse(breakingAfter(event(chunk('a')), 'data: [DONE]')));
    expect(items).toEqual([chunk('a')]);
    expect(error).toBeInstanceOf(StreamTruncatedError);
  });
});

describe('ChunkReader: [DONE]', () => {
  test.each(['data: [DONE] \n\n', 'data:  [DONE]\n\n', 'data: [DONE]\t\n\n'])('%j ends the stream, as it does in groq-sdk', async (done) => {
    const { response } = createTestResponse([event(chunk('a')), done, event(chunk('late'))]);
    expect(await readAll(Stream.fromSSEResponse(response))).toEqual({ items: [chunk('a')], error: undefined });
  });
});

describe('ChunkReader: a server error that gave no reason', () => {
  test('a chunk whose x_groq.error is empty fails the stream saying so, with the request id and the advice to retry', async () => {
    const failing = { ...chunk('b'), x_groq: { id: 'req_1', error: '' } };
    const { items, error } = await readAll(Stream.fromSSEResponse(createTestResponse([event(chunk('a')), event(failing), 'data: [DONE]\n\n']).response));
    expect(items).toEqual([chunk('a'), failing]);
    expect(error).toBeInstanceOf(StreamServerError);
    expect((error as StreamServerError).message).toBe(
      "The server reported an error mid-stream: a chunk's x_groq.error that gave no reason (an empty string) stopped the stream. [request req_1]. The answer is incomplete; retry the request.",
    );
    expect((error as StreamServerError).requestId).toBe('req_1');
  });

  test('an empty x_groq.error on a stream that otherwise finished invents no failure, with or without [DONE]', async () => {
    const last = { ...chunk('', 'stop'), x_groq: { id: 'req_1', error: '', usage: { total_tokens: 3 } } };
    // A serialiser that writes every unset field as an empty string puts one on every chunk.
    const every = { ...chunk('a'), x_groq: { id: 'req_1', error: '' } };
    for (const pieces of [
      [event(chunk('a')), event(last), 'data: [DONE]\n\n'],
      [event(every), event(last), 'data: [DONE]\n\n'],
      [event(every), event({ ...last, x_groq: { id: 'req_1', error: ' \t' } })],
    ]) {
      const { items, error } = await readAll(Stream.fromSSEResponse(createTestResponse(pieces).response));
      expect(error).toBeUndefined();
      expect(items).toHaveLength(2);
    }
  });

  test('a stream cut off after a chunk whose x_groq.error is empty fails with the no-reason error, not a truncation', async () => {
    const failing = { ...chunk('b'), x_groq: { id: 'req_1', error: '' } };
    const { items, error } = await readAll(Stream.fromSSEResponse(createTestResponse([event(chunk('a')), event(failing)]).response));
    expect(items).toEqual([chunk('a'), failing]);
    expect(error).toBeInstanceOf(StreamServerError);
    expect((error as StreamServerError).serverMessage).toBe("a chunk's x_groq.error that gave no reason (an empty string) stopped the stream");
    // Chunks with an answer after it: the empty member stopped nothing, and the end is the cut-off it was.
    const later = await readAll(Stream.fromSSEResponse(createTestResponse([event(failing), event(chunk('c'))]).response));
    expect(later.items).toEqual([failing, chunk('c')]);
    expect(later.error).toBeInstanceOf(StreamTruncatedError);
  });

  test('a data object whose error member is empty says so, not that an error event had no data', async () => {
    const sse = await readAll(Stream.fromSSEResponse(createTestResponse([event(chunk('a')), event({ error: '' })]).response));
    const ndjson = await readAll(Stream.fromReadableStream(new Response(`${JSON.stringify(chunk('a'))}\n{"error":""}\n`).body!));
    for (const { items, error } of [sse, ndjson]) {
      expect(items).toEqual([chunk('a')]);
      expect(error).toBeInstanceOf(StreamServerError);
      expect((error as StreamServerError).serverMessage).toBe("a data object's error member that gave no reason (an empty string) stopped the stream");
    }
  });

  test('an x_groq.error or error event of only white space is not quoted as a reason', async () => {
    const failing = { ...chunk('b'), x_groq: { id: 'req_1', error: ' \t\n' } };
    const member = await readAll(Stream.fromSSEResponse(createTestResponse([event(chunk('a')), event(failing)]).response));
    expect(member.items).toEqual([chunk('a'), failing]);
    expect(member.error).toBeInstanceOf(StreamServerError);
    expect((member.error as StreamServerError).serverMessage).toBe("a chunk's x_groq.error that gave no reason (only white space) stopped the stream");
    const errorEvent = await readAll(Stream.fromSSEResponse(createTestResponse([event(chunk('a')), 'event: error\ndata:   \n\n']).response));
    expect(errorEvent.items).toEqual([chunk('a')]);
    expect(errorEvent.error).toBeInstanceOf(StreamServerError);
    expect((errorEvent.error as StreamServerError).serverMessage).toBe('an error event whose data was only white space');
  });

  test('an error event without data is still an error event with no data', async () => {
    const { items, error } = await readAll(Stream.fromSSEResponse(createTestResponse([event(chunk('a')), 'event: error\ndata:\n\n']).response));
    expect(items).toEqual([chunk('a')]);
    expect(error).toBeInstanceOf(StreamServerError);
    expect((error as StreamServerError).message).toMatch(/^The server reported an error mid-stream: an error event with no data\. The answer is incomplete; retry the request\.$/);
  });
});

describe('ChunkReader: a body cut off before every choice finished', () => {
  const choice = (index: number, finish: string | null = null) => ({ id: 'c', choices: [{ index, delta: { content: 'x' }, finish_reason: finish }] });

  test('with one choice the truncation says there was no finish_reason', async () => {
    const { error } = await readAll(Stream.fromSSEResponse(createTestResponse([event(chunk('a'))], { headers: { 'x-request-id': 'req_1' } }).response));
    expect(error).toBeInstanceOf(StreamTruncatedError);
    expect((error as Error).message).toBe(
      'The stream ended before it was complete (no [DONE] and no finish_reason). [request req_1]. The answer is incomplete; retry the request, and check proxies that may cut long responses.',
    );
  });

  test('with several choices of which some finished, it names the ones that did not rather than saying none did', async () => {
    const { error } = await readAll(Stream.fromSSEResponse(createTestResponse([event(choice(0)), event(choice(1)), event(choice(0, 'stop'))]).response));
    expect(error).toBeInstanceOf(StreamTruncatedError);
    expect((error as Error).message).toMatch(/^The stream ended before it was complete \(no \[DONE\], and choice 1 did not end with a finish_reason\)\. The answer is incomplete; /);
    const asked = await readAll(Stream.fromSSEResponse(createTestResponse([event(choice(0, 'stop'))]).response, undefined, { expectedChoices: 3 }));
    expect((asked.error as Error).message).toMatch(/^The stream ended before it was complete \(no \[DONE\], and choices 1 and 2 did not end with a finish_reason\)\. /);
  });
});

describe('ChunkReader: what comes after the end in the same piece', () => {
  test('events after [DONE] in the piece that brought it are ignored, even bad data or an event over the size limit', async () => {
    const after = ['data: {"not json\n\n', 'event: error\ndata: {"error":{"message":"late"}}\n\n', `data: ${'x'.repeat(300)}\n\n`];
    for (const late of after) {
      const piece = event(chunk('a')) + event(chunk('', 'stop')) + 'data: [DONE]\n\n' + late;
      const { items, error } = await readAll(Stream.fromSSEResponse(createTestResponse([piece]).response, new AbortController(), { maxEventSize: 200 }));
      expect(error, late).toBeUndefined();
      expect(items).toEqual([chunk('a'), chunk('', 'stop')]);
    }
  });

  // The parser judges a piece's events after the decoder has read the whole piece (ChunkParser's `events`): in order, as if one by one.
  test('the chunks before a failure in the same piece are delivered, and nothing after it: an event over the size limit, a wrong field', async () => {
    const tooLarge = event(chunk('a')) + event(chunk('b')) + `data: ${'x'.repeat(300)}\n\n` + event(chunk('c', 'stop')) + 'data: [DONE]\n\n';
    const large = await readAll(Stream.fromSSEResponse(createTestResponse([tooLarge]).response, new AbortController(), { maxEventSize: 200 }));
    expect(large.items).toEqual([chunk('a'), chunk('b')]);
    expect(large.error).toBeInstanceOf(StreamEventTooLargeError);
    const wrong = event(chunk('a')) + event({ ...chunk('b'), model: 5 }) + event(chunk('c', 'stop')) + 'data: [DONE]\n\n';
    const field = await readAll(Stream.fromSSEResponse(createTestResponse([wrong]).response));
    expect(field.items).toEqual([chunk('a')]);
    expect(field.error).toBeInstanceOf(StreamInvalidDataError);
    expect((field.error as Error).message).toMatch(/^The server sent a chunk whose model is not text: 5/);
  });

  test('after an error event, the chunks and errors that follow in the same piece are not delivered: the first error is the one thrown', async () => {
    const piece = event(chunk('a')) + 'event: error\ndata: {"error":{"message":"overloaded"}}\n\n' + event(chunk('b')) + 'data: {"not json\n\n';
    const { items, error } = await readAll(Stream.fromSSEResponse(createTestResponse([piece]).response));
    expect(items).toEqual([chunk('a')]);
    expect(error).toBeInstanceOf(StreamServerError);
    expect((error as Error).message).toContain('overloaded');
    // The same in newline-delimited JSON, as toReadableStream() writes it.
    const lines = `${JSON.stringify(chunk('a'))}\n{"error":{"message":"overloaded"}}\n${JSON.stringify(chunk('b'))}\n{"not json\n`;
    const ndjson = await readAll(Stream.fromReadableStream(createTestResponse([lines]).response.body!));
    expect(ndjson.items).toEqual([chunk('a')]);
    expect(ndjson.error).toBeInstanceOf(StreamServerError);
    expect((ndjson.error as Error).message).toContain('overloaded');
  });
});

describe('ChunkReader: newline-delimited JSON', () => {
  test('lines ended by CRLF (a server or proxy that writes Windows line ends) are read as lines ended by LF, also with the CR and LF in different pieces', async () => {
    const lines = [chunk('a'), chunk('', 'stop')].map((item) => `${JSON.stringify(item)}\r\n`).join('');
    const at = lines.indexOf('\r\n') + 1;
    for (const pieces of [[lines], [lines.slice(0, at), lines.slice(at)]]) {
      const { items, error } = await readAll(Stream.fromReadableStream(createTestResponse(pieces).response.body!));
      expect(error).toBeUndefined();
      expect(items).toEqual([chunk('a'), chunk('', 'stop')]);
    }
  });
});

describe("ChunkReader: groq-sdk's toReadableStream()", () => {
  /** What groq-sdk 1.6.0 writes for an SSE response: one JSON line a chunk, and on a failure an errored stream. */
  const sdkBody = (...pieces: string[]): ReadableStream<Uint8Array> =>
    SdkStream.fromSSEResponse(createTestResponse(pieces).response, new AbortController()).toReadableStream() as ReadableStream<Uint8Array>;

  test('is read chunk by chunk, and ends quietly once every choice finished', async () => {
    const { items, error } = await readAll(Stream.fromReadableStream(sdkBody(event(chunk('a')), event(chunk('b', 'stop')), 'data: [DONE]\n\n')));
    expect(error).toBeUndefined();
    expect(items).toEqual([chunk('a'), chunk('b', 'stop')]);
  });

  test("a server error it read mid-stream is StreamServerError with the server's words, not a connection that broke off", async () => {
    const failure = 'data: {"error":{"message":"The server had an error while generating the response.","type":"internal_server_error","code":"internal_server_error"}}\n\n';
    const { items, error } = await readAll(Stream.fromReadableStream(sdkBody(event(chunk('a')), failure)));
    expect(items).toEqual([chunk('a')]);
    expect(error).toBeInstanceOf(StreamServerError);
    expect(error).toMatchObject({ code: 'internal_server_error', type: 'internal_server_error' });
    expect((error as Error).message).toMatch(/^The server reported an error mid-stream: The server had an error while generating the response\./);
  });

  test('a connection it lost is still StreamTruncatedError', async () => {
    const body = SdkStream.fromSSEResponse(breakingAfter(event(chunk('a'))), new AbortController()).toReadableStream() as ReadableStream<Uint8Array>;
    const { items, error } = await readAll(Stream.fromReadableStream(body));
    expect(items).toEqual([chunk('a')]);
    expect(error).toBeInstanceOf(StreamTruncatedError);
  });
});
