import { describe, expect, test } from 'vitest';
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

  test("an SSE error event with the same payload stays a StreamServerError: only toReadableStream()'s line is restored", async () => {
    const relayed = createTestResponse([`event: error\ndata: {"error":{"type":"upstream_error","code":"stream_truncated","message":"m"}}\n\n`]).response;
    expect((await readAll(Stream.fromSSEResponse(relayed))).error).toBeInstanceOf(StreamServerError);
  });
});
