import { describe, expectTypeOf, test } from 'vitest';
import type { Groq } from './groq.js';
import { Stream, type StreamOptions } from './stream.js';
import type { ChatCompletionChunk } from './types/chat-completion-chunk.js';

declare const client: Groq;
/** A stream read from a response, which it keeps: the type `create({ stream: true })` gives too. */
type WithResponse<Item> = Stream<Item> & { readonly response: Response };
declare const response: Response;
declare const body: ReadableStream<Uint8Array>;
declare const items: () => AsyncIterator<unknown>;
const controller = new AbortController();

describe("groq-sdk's Stream.fromSSEResponse(response, controller, client) and fromReadableStream", () => {
  test('compile with the client as third argument', () => {
    expectTypeOf(Stream.fromSSEResponse<ChatCompletionChunk>(response, controller, client)).toEqualTypeOf<WithResponse<ChatCompletionChunk>>();
    expectTypeOf(Stream.fromReadableStream<ChatCompletionChunk>(body, controller, client)).toEqualTypeOf<Stream<ChatCompletionChunk>>();
  });
  test('options still go third, and what is neither is refused', () => {
    expectTypeOf(Stream.fromSSEResponse(response, undefined, { idleTimeout: 1000 })).toEqualTypeOf<WithResponse<unknown>>();
    // @ts-expect-error neither options nor a client
    Stream.fromSSEResponse(response, controller, 'gsk_');
  });
  test('a client where the options go (no controller before it) is refused: it shares maxEventSize with them, and would be ignored', () => {
    // @ts-expect-error a client goes third only after a controller
    Stream.fromReadableStream(body, undefined, client);
    // @ts-expect-error a client goes third only after a controller
    Stream.fromSSEResponse(response, undefined, client);
    // @ts-expect-error nor as the second argument
    Stream.fromReadableStream(body, client);
    // groq-sdk's code passes a client that may be undefined: still accepted with its controller.
    const maybe = client as Groq | undefined;
    expectTypeOf(Stream.fromReadableStream(body, controller, maybe)).toEqualTypeOf<Stream<unknown>>();
    expectTypeOf(Stream.fromSSEResponse(response, controller, maybe)).toEqualTypeOf<WithResponse<unknown>>();
    // Options of every kind, given as a literal or as a StreamOptions value, still go third.
    const options: StreamOptions = { idleTimeout: 1000, maxEventSize: 1 << 20, expectedChoices: 2, context: { requestId: 'req_1' } };
    expectTypeOf(Stream.fromReadableStream(body, undefined, options)).toEqualTypeOf<Stream<unknown>>();
    expectTypeOf(Stream.fromSSEResponse(response, controller, { maxEventSize: 1000 })).toEqualTypeOf<WithResponse<unknown>>();
  });
});

describe('the item type of a stream read from a response or a body', () => {
  test('is unknown without a type argument: items are checked as JSON objects, not as chat completion chunks', () => {
    expectTypeOf(Stream.fromSSEResponse(response)).toEqualTypeOf<WithResponse<unknown>>();
    expectTypeOf(Stream.fromReadableStream(body)).toEqualTypeOf<Stream<unknown>>();
  });
  test('is the type argument when one is given', () => {
    expectTypeOf(Stream.fromSSEResponse<ChatCompletionChunk>(response, controller)).toEqualTypeOf<WithResponse<ChatCompletionChunk>>();
    expectTypeOf(Stream.fromReadableStream<{ n: number }>(body, controller, { idleTimeout: 0 })).toEqualTypeOf<Stream<{ n: number }>>();
  });
});

describe('a stream read from a response is typed with it, as a stream from create({ stream: true }) is', () => {
  test("it may take a created stream's place, as in groq-sdk, and its tee() branches have the response too", async () => {
    let stream = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true });
    stream = Stream.fromSSEResponse<ChatCompletionChunk>(response, controller);
    stream = Stream.fromSSEResponse<ChatCompletionChunk>(response, controller, client);
    const streams = [stream];
    streams.push(Stream.fromSSEResponse(response, controller, { idleTimeout: 1000 }));
    expectTypeOf(Stream.fromSSEResponse(response).response).toEqualTypeOf<Response>();
    const [first, second] = Stream.fromSSEResponse(response).tee();
    expectTypeOf(first.response).toEqualTypeOf<Response>();
    expectTypeOf(second.response).toEqualTypeOf<Response>();
  });
  test('a stream read from a body, or built from an iterator, has none to promise', () => {
    expectTypeOf(Stream.fromReadableStream(body).response).toEqualTypeOf<Response | undefined>();
    expectTypeOf(new Stream(items, controller, response).response).toEqualTypeOf<Response | undefined>();
    let stream = Stream.fromSSEResponse(response);
    // @ts-expect-error a stream read from a body has no response, which the variable's type promises
    stream = Stream.fromReadableStream(body);
    // Declared as a Stream, the variable takes either.
    let either: Stream<unknown> = Stream.fromSSEResponse(response);
    either = Stream.fromReadableStream(body);
    void stream;
    void either;
  });
});
