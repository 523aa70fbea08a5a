import { describe, expectTypeOf, test } from 'vitest';
import type { Groq } from './groq.js';
import { Stream } from './stream.js';
import type { ChatCompletionChunk } from './types/chat-completion-chunk.js';

declare const client: Groq;
declare const response: Response;
declare const body: ReadableStream<Uint8Array>;
const controller = new AbortController();

describe("groq-sdk's Stream.fromSSEResponse(response, controller, client) and fromReadableStream", () => {
  test('compile with the client as third argument', () => {
    expectTypeOf(Stream.fromSSEResponse<ChatCompletionChunk>(response, controller, client)).toEqualTypeOf<Stream<ChatCompletionChunk>>();
    expectTypeOf(Stream.fromReadableStream<ChatCompletionChunk>(body, controller, client)).toEqualTypeOf<Stream<ChatCompletionChunk>>();
  });
  test('options still go third, and what is neither is refused', () => {
    expectTypeOf(Stream.fromSSEResponse(response, undefined, { idleTimeout: 1000 })).toEqualTypeOf<Stream<unknown>>();
    // @ts-expect-error neither options nor a client
    Stream.fromSSEResponse(response, controller, 'gsk_');
  });
});

describe('the item type of a stream read from a response or a body', () => {
  test('is unknown without a type argument: items are checked as JSON objects, not as chat completion chunks', () => {
    expectTypeOf(Stream.fromSSEResponse(response)).toEqualTypeOf<Stream<unknown>>();
    expectTypeOf(Stream.fromReadableStream(body)).toEqualTypeOf<Stream<unknown>>();
  });
  test('is the type argument when one is given', () => {
    expectTypeOf(Stream.fromSSEResponse<ChatCompletionChunk>(response, controller)).toEqualTypeOf<Stream<ChatCompletionChunk>>();
    expectTypeOf(Stream.fromReadableStream<{ n: number }>(body, controller, { idleTimeout: 0 })).toEqualTypeOf<Stream<{ n: number }>>();
  });
});
