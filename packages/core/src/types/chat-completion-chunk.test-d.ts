import { describe, expectTypeOf, test } from 'vitest';
import type { ChatCompletion, ChatCompletionChoice, ChatCompletionFinishReason } from './chat-completion.js';
import type { ChatCompletionChunk, ChatCompletionChunkChoice, ChatCompletionChunkDelta, ChatCompletionChunkToolCallDelta } from './chat-completion-chunk.js';
import type {
  ChatCompletionAnnotation,
  ChatCompletionDocumentCitation,
  ChatCompletionFunctionCitation,
} from './chat-completion-annotation.js';
import type {
  ChatCompletionExecutedTool,
  ExecutedToolBrowserResult,
  ExecutedToolChart,
  ExecutedToolChartElement,
  ExecutedToolCodeResult,
  ExecutedToolSearchResult,
  ExecutedToolSearchResults,
} from './chat-completion-executed-tool.js';
import type { ChatCompletionChoiceLogprobs } from './chat-completion-token-logprob.js';
import type { CompletionUsage, UsageBreakdown, UsageBreakdownModel } from './completion-usage.js';
import type { XGroq, XGroqCacheUsage, XGroqDebug } from './x-groq.js';

const base = {
  id: 'chatcmpl-0b1c',
  object: 'chat.completion.chunk',
  created: 1_730_241_104,
  model: 'openai/gpt-oss-20b',
  system_fingerprint: 'fp_179b0f92c9',
} as const;

describe('ChatCompletionChunk', () => {
  test('describes the chunks Groq streams', () => {
    const first = {
      ...base,
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }],
      x_groq: { id: 'req_01jbd6g2qdfw2adyrt2az8hz4w', seed: 1_234_567 },
    } satisfies ChatCompletionChunk;
    const reasoning = {
      ...base,
      choices: [{ index: 0, delta: { reasoning: 'The user greets me.' }, logprobs: null, finish_reason: null }],
    } satisfies ChatCompletionChunk;
    const toolCall = {
      ...base,
      choices: [
        {
          index: 0,
          delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] },
          logprobs: null,
          finish_reason: null,
        },
      ],
    } satisfies ChatCompletionChunk;
    const last = {
      ...base,
      choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }],
      usage: {
        queue_time: 0.037,
        prompt_tokens: 18,
        prompt_time: 0.00068,
        completion_tokens: 556,
        completion_time: 0.463,
        total_tokens: 574,
        total_time: 0.464,
      },
      x_groq: {
        id: 'req_01jbd6g2qdfw2adyrt2az8hz4w',
        usage: { prompt_tokens: 18, completion_tokens: 556, total_tokens: 574, queue_time: 0.037 },
      },
    } satisfies ChatCompletionChunk;
    const stopped = { ...base, choices: [], x_groq: { error: 'over capacity' } } satisfies ChatCompletionChunk;
    const nulls = {
      ...base,
      choices: [],
      x_groq: { id: null, seed: null, usage: null, usage_breakdown: null, error: null, debug: null },
    } satisfies ChatCompletionChunk;
    expectTypeOf([first, reasoning, toolCall, last, stopped, nulls]).toExtend<ChatCompletionChunk[]>();
  });

  test('reasoning, content and Groq usage are readable', () => {
    const read = (chunk: ChatCompletionChunk) => ({
      content: chunk.choices[0]?.delta.content,
      reasoning: chunk.choices[0]?.delta.reasoning,
      queueTime: chunk.x_groq?.usage?.queue_time,
      requestId: chunk.x_groq?.id,
      error: chunk.x_groq?.error,
      usage: chunk.usage,
    });
    expectTypeOf(read).returns.toEqualTypeOf<{
      content: string | null | undefined;
      reasoning: string | null | undefined;
      queueTime: number | undefined;
      requestId: string | null | undefined;
      error: string | null | undefined;
      usage: CompletionUsage | null | undefined;
    }>();
  });

  test("Groq's last chunk as it comes: a usage_breakdown beside usage, and the cache counters in x_groq.usage", () => {
    const usage = { prompt_tokens: 45, completion_tokens: 12, total_tokens: 57, prompt_tokens_details: null, completion_tokens_details: null };
    const first = { ...base, choices: [], usage: null, usage_breakdown: null, service_tier: 'on_demand' } satisfies ChatCompletionChunk;
    const last = {
      ...base,
      choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }],
      x_groq: { id: 'req_01kbx6zq7cfmas4f2e0pprh4hd', usage: { ...usage, sram_cached_tokens: 0, dram_cached_tokens: 16 }, usage_breakdown: null },
      usage,
      usage_breakdown: { models: [{ model: 'openai/gpt-oss-120b', usage }] },
    } satisfies ChatCompletionChunk;
    expectTypeOf([first, last]).toExtend<ChatCompletionChunk[]>();
    expectTypeOf<ChatCompletionChunk['usage_breakdown']>().toEqualTypeOf<UsageBreakdown | null | undefined>();
    expectTypeOf<NonNullable<XGroq['usage']>>().toEqualTypeOf<CompletionUsage & XGroqCacheUsage>();
    expectTypeOf<NonNullable<XGroq['usage']>['sram_cached_tokens']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<NonNullable<XGroq['usage']>['dram_cached_tokens']>().toEqualTypeOf<number | undefined>();
    // @ts-expect-error: a breakdown is an object of models, as x_groq's is
    ({ ...base, choices: [], usage_breakdown: [] }) satisfies ChatCompletionChunk;
  });

  test('finish_reason is null until the last chunk of a choice', () => {
    expectTypeOf<ChatCompletionChunk['choices'][number]['finish_reason']>().toEqualTypeOf<ChatCompletionFinishReason | null>();
    expectTypeOf<'tool_calls'>().toExtend<ChatCompletionFinishReason>();
    expectTypeOf<'done'>().not.toExtend<ChatCompletionFinishReason>();
  });

  test('tool call pieces need only their index', () => {
    expectTypeOf({ index: 0, function: { arguments: '{"ci' } }).toExtend<ChatCompletionChunkToolCallDelta>();
    // @ts-expect-error: the index is what pieces are merged by
    ({ id: 'call_1' }) satisfies ChatCompletionChunkToolCallDelta;
  });

  test('object is always chat.completion.chunk', () => {
    // @ts-expect-error: that is the non-streamed object type
    ({ ...base, object: 'chat.completion', choices: [] }) satisfies ChatCompletionChunk;
  });
});

describe("groq-sdk's nested names", () => {
  test('ChatCompletionChunk.Choice.Delta.ToolCall and ChatCompletion.Choice name the package types', () => {
    expectTypeOf<ChatCompletionChunk.Choice>().toEqualTypeOf<ChatCompletionChunkChoice>();
    expectTypeOf<ChatCompletionChunk.Choice.Delta>().toEqualTypeOf<ChatCompletionChunkDelta>();
    expectTypeOf<ChatCompletionChunk.Choice.Delta.ToolCall>().toEqualTypeOf<ChatCompletionChunkToolCallDelta>();
    expectTypeOf<ChatCompletion.Choice>().toEqualTypeOf<ChatCompletionChoice>();
  });
});

describe("groq-sdk's nested names of a chunk", () => {
  test('the parts of a delta', () => {
    expectTypeOf<ChatCompletionChunk.Choice.Logprobs>().toEqualTypeOf<ChatCompletionChoiceLogprobs>();
    expectTypeOf<ChatCompletionChunk.Choice.Delta.Annotation>().toEqualTypeOf<ChatCompletionAnnotation>();
    expectTypeOf<ChatCompletionChunk.Choice.Delta.Annotation.DocumentCitation>().toEqualTypeOf<ChatCompletionDocumentCitation>();
    expectTypeOf<ChatCompletionChunk.Choice.Delta.Annotation.FunctionCitation>().toEqualTypeOf<ChatCompletionFunctionCitation>();
    expectTypeOf<ChatCompletionChunk.Choice.Delta.ExecutedTool>().toEqualTypeOf<ChatCompletionExecutedTool>();
    expectTypeOf<ChatCompletionChunk.Choice.Delta.ExecutedTool.BrowserResult>().toEqualTypeOf<ExecutedToolBrowserResult>();
    expectTypeOf<ChatCompletionChunk.Choice.Delta.ExecutedTool.CodeResult>().toEqualTypeOf<ExecutedToolCodeResult>();
    expectTypeOf<ChatCompletionChunk.Choice.Delta.ExecutedTool.CodeResult.Chart>().toEqualTypeOf<ExecutedToolChart>();
    expectTypeOf<ChatCompletionChunk.Choice.Delta.ExecutedTool.CodeResult.Chart.Element>().toEqualTypeOf<ExecutedToolChartElement>();
    expectTypeOf<ChatCompletionChunk.Choice.Delta.ExecutedTool.SearchResults>().toEqualTypeOf<ExecutedToolSearchResults>();
    expectTypeOf<ChatCompletionChunk.Choice.Delta.ExecutedTool.SearchResults.Result>().toEqualTypeOf<ExecutedToolSearchResult>();
  });

  test('the function pieces are the objects, without undefined', () => {
    expectTypeOf<ChatCompletionChunk.Choice.Delta.FunctionCall>().toEqualTypeOf<{ name?: string; arguments?: string }>();
    expectTypeOf<ChatCompletionChunk.Choice.Delta.ToolCall.Function>().toEqualTypeOf<{ name?: string; arguments?: string }>();
    // As groq-sdk users write it: a helper typed with the nested name takes the delta's field.
    const argumentsOf = (piece: ChatCompletionChunk.Choice.Delta.ToolCall.Function): string => piece.arguments ?? '';
    const delta = {} as ChatCompletionChunk.Choice.Delta;
    const call = delta.tool_calls?.[0];
    if (call?.function) expectTypeOf(argumentsOf(call.function)).toEqualTypeOf<string>();
  });

  test('x_groq and its parts', () => {
    expectTypeOf<ChatCompletionChunk.XGroq>().toEqualTypeOf<XGroq>();
    expectTypeOf<ChatCompletionChunk.XGroq.Debug>().toEqualTypeOf<XGroqDebug>();
    expectTypeOf<ChatCompletionChunk.XGroq.UsageBreakdown>().toEqualTypeOf<UsageBreakdown>();
    expectTypeOf<ChatCompletionChunk.XGroq.UsageBreakdown.Model>().toEqualTypeOf<UsageBreakdownModel>();
  });
});
