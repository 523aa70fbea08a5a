import { describe, expectTypeOf, test } from 'vitest';
import type { Groq } from './groq.js';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionChunkDelta, ChatCompletionMessageParam, FunctionDefinition, Model, ModelList, RequestOptions } from './index.js';

describe("groq-sdk's type names under Groq", () => {
  test('Groq.Chat.*, Groq.RequestOptions and Groq.Model compile with this package’s Groq, as with groq-sdk', () => {
    expectTypeOf<Groq.Chat.ChatCompletion>().toEqualTypeOf<ChatCompletion>();
    expectTypeOf<Groq.Chat.ChatCompletionChunk>().toEqualTypeOf<ChatCompletionChunk>();
    expectTypeOf<Groq.Chat.ChatCompletionMessageParam>().toEqualTypeOf<ChatCompletionMessageParam>();
    expectTypeOf<Groq.RequestOptions>().toEqualTypeOf<RequestOptions>();
    expectTypeOf<Groq.Model>().toEqualTypeOf<Model>();
    expectTypeOf<Groq.ModelListResponse>().toEqualTypeOf<ModelList>();
    expectTypeOf<Groq.FunctionDefinition>().toEqualTypeOf<FunctionDefinition>();
    expectTypeOf<ChatCompletionChunk.Choice.Delta>().toEqualTypeOf<ChatCompletionChunkDelta>();
  });
});
