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
