import type { ChatCompletion as SdkChatCompletion, ChatCompletionChunk as SdkChatCompletionChunk } from 'groq-sdk/resources/chat/completions';
import { describe, expectTypeOf, test } from 'vitest';
import type { ChatCompletion } from './chat-completion.js';
import type { ChatCompletionChunk } from './chat-completion-chunk.js';

describe("groq-sdk's published chunk and completion types", () => {
  test('every chunk groq-sdk types is a chunk here: code that builds or forwards groq-sdk chunks compiles', () => {
    expectTypeOf<SdkChatCompletionChunk>().toExtend<ChatCompletionChunk>();
    expectTypeOf<SdkChatCompletionChunk['choices'][number]['delta']>().toExtend<ChatCompletionChunk['choices'][number]['delta']>();
    expectTypeOf<NonNullable<SdkChatCompletionChunk['x_groq']>>().toExtend<NonNullable<ChatCompletionChunk['x_groq']>>();
  });

  test('a chunk here is a groq-sdk chunk, but for the fields Groq sends that groq-sdk does not type', () => {
    expectTypeOf<Omit<ChatCompletionChunk, 'usage' | 'service_tier'>>().toExtend<SdkChatCompletionChunk>();
  });

  test('a groq-sdk completion is a completion here, and one here is a groq-sdk one but for a null usage_breakdown', () => {
    expectTypeOf<SdkChatCompletion>().toExtend<ChatCompletion>();
    // Groq sends `"usage_breakdown": null` in a whole answer from a single model, which groq-sdk does not type.
    expectTypeOf<Omit<ChatCompletion, 'usage_breakdown'>>().toExtend<SdkChatCompletion>();
  });
});
