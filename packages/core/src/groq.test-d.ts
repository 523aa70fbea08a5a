import { describe, expectTypeOf, test } from 'vitest';
import type { APIPromise } from './api-promise.js';
import type { Groq, RequestOptions } from './groq.js';
import type { Stream } from './stream.js';
import type { ChatCompletion } from './types/chat-completion.js';
import type { ChatCompletionChunk } from './types/chat-completion-chunk.js';
import type { ChatCompletionCreateParamsStreaming } from './types/chat-completion-create-params.js';
import type { ChatCompletionMessageParam } from './types/chat-completion-message-param.js';
import type { Model } from './types/model.js';

declare const client: Groq;
const messages = [{ role: 'user' as const, content: 'hi' }];

describe('create() overloads', () => {
  test('stream: true gives a Stream of chunks', () => {
    expectTypeOf(client.chat.completions.create({ model: 'm', messages, stream: true })).toEqualTypeOf<APIPromise<Stream<ChatCompletionChunk>>>();
  });
  test('stream: false or absent gives a ChatCompletion', () => {
    expectTypeOf(client.chat.completions.create({ model: 'm', messages })).toEqualTypeOf<APIPromise<ChatCompletion>>();
    expectTypeOf(client.chat.completions.create({ model: 'm', messages, stream: false })).toEqualTypeOf<APIPromise<ChatCompletion>>();
  });
  test('a boolean gives the union', () => {
    const stream = Math.random() > 0.5;
    expectTypeOf(client.chat.completions.create({ model: 'm', messages, stream })).toEqualTypeOf<
      APIPromise<Stream<ChatCompletionChunk> | ChatCompletion>
    >();
  });
  test('helpers exist only on chunk streams', async () => {
    const stream = await client.chat.completions.create({ model: 'm', messages, stream: true });
    expectTypeOf(stream.finalChatCompletion()).toEqualTypeOf<Promise<ChatCompletion>>();
    expectTypeOf(stream.textDeltas()).toEqualTypeOf<AsyncGenerator<string, void, undefined>>();
    const other = null as unknown as Stream<{ n: number }>;
    // @ts-expect-error textDeltas needs chat-completion chunks
    other.textDeltas();
  });
  test('withResponse carries the request id', async () => {
    const { data, requestId } = await client.chat.completions.create({ model: 'm', messages }).withResponse();
    expectTypeOf(data).toEqualTypeOf<ChatCompletion>();
    expectTypeOf(requestId).toEqualTypeOf<string | undefined>();
  });
});

describe("groq-sdk's type names under Groq", () => {
  test('Groq.Chat, Groq.RequestOptions and Groq.Model name the package types', () => {
    expectTypeOf<Groq.Chat.ChatCompletion>().toEqualTypeOf<ChatCompletion>();
    expectTypeOf<Groq.Chat.ChatCompletionChunk>().toEqualTypeOf<ChatCompletionChunk>();
    expectTypeOf<Groq.Chat.ChatCompletionMessageParam>().toEqualTypeOf<ChatCompletionMessageParam>();
    expectTypeOf<Groq.Chat.CompletionCreateParamsStreaming>().toEqualTypeOf<ChatCompletionCreateParamsStreaming>();
    expectTypeOf<Groq.RequestOptions>().toEqualTypeOf<RequestOptions>();
    expectTypeOf<Groq.Model>().toEqualTypeOf<Model>();
  });
});

describe('APIPromise rejections', () => {
  test('the reason is `any`, as in Promise and groq-sdk, so `.catch((error) => error.status)` compiles', () => {
    const client = {} as Groq;
    const status = client.chat.completions.create({ model: 'm', messages: [] }).catch((error) => error.status);
    expectTypeOf(status).toEqualTypeOf<Promise<any>>();
  });
});
