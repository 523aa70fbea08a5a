import { expectTypeOf, test } from 'vitest';
import type { APIPromise } from '../api-promise.js';
import { Groq } from '../groq.js';
import type { Stream } from '../stream.js';
import type { ChatCompletion } from './chat-completion.js';
import type { ChatCompletionChunk } from './chat-completion-chunk.js';
import type { ChatCompletionCreateParams } from './chat-completion-create-params.js';
import type { ChatCompletionAssistantMessageParam } from './chat-completion-message-param.js';

// Meaningful under tsconfig.exact-optional.json (exactOptionalPropertyTypes), which `typecheck` runs.
interface AppConfig {
  temperature?: number;
  maxTokens?: number;
  stream?: boolean;
}
declare const config: AppConfig;
declare const previous: ChatCompletionAssistantMessageParam;

test('optional request fields take an explicit undefined, such as a value read from optional config', () => {
  const params = {
    model: 'llama-3.1-8b-instant',
    messages: [{ role: 'assistant' as const, content: previous.content, tool_calls: previous.tool_calls }],
    temperature: config.temperature,
    max_completion_tokens: config.maxTokens,
    stream: config.stream,
  };
  expectTypeOf(params).toExtend<ChatCompletionCreateParams>();
});

test('a request typed as the union of both kinds is accepted, and gives the union', () => {
  const client = new Groq({ apiKey: 'k' });
  const send = (params: ChatCompletionCreateParams) => client.chat.completions.create(params);
  expectTypeOf(send).returns.toEqualTypeOf<APIPromise<(Stream<ChatCompletionChunk> & { readonly response: Response }) | ChatCompletion>>();
});
