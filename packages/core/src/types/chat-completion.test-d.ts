import { describe, expectTypeOf, test } from 'vitest';
import type { ChatCompletion, ChatCompletionMessage } from './chat-completion.js';
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
import type { ChatCompletionMcpListTools, ChatCompletionMcpTool } from './chat-completion-mcp-list-tools.js';
import type { ChatCompletionChoiceLogprobs, ChatCompletionTokenLogprob, ChatCompletionTopLogprob } from './chat-completion-token-logprob.js';
import type { ChatCompletionFunctionCall, ChatCompletionMessageToolCall } from './chat-completion-tool.js';
import type {
  CompletionUsage,
  CompletionUsageCompletionTokensDetails,
  CompletionUsagePromptTokensDetails,
  UsageBreakdown,
  UsageBreakdownModel,
} from './completion-usage.js';
import type { ChatCompletionXGroq, XGroqCacheUsage, XGroqDebug } from './x-groq.js';

describe('ChatCompletion', () => {
  test('describes the answer Groq returns without streaming', () => {
    const completion = {
      id: 'chatcmpl-f51b2cd2-bef7-417e-964e-a08f0b513c22',
      object: 'chat.completion',
      created: 1_730_241_104,
      model: 'openai/gpt-oss-20b',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello!', reasoning: 'A greeting.' },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: {
        queue_time: 0.037493756,
        prompt_tokens: 18,
        prompt_time: 0.000680594,
        completion_tokens: 556,
        completion_time: 0.463333333,
        total_tokens: 574,
        total_time: 0.464013927,
        completion_tokens_details: { reasoning_tokens: 12 },
      },
      system_fingerprint: 'fp_179b0f92c9',
      x_groq: { id: 'req_01jbd6g2qdfw2adyrt2az8hz4w', usage: { sram_cached_tokens: 0, dram_cached_tokens: 16 } },
    } satisfies ChatCompletion;
    expectTypeOf(completion).toExtend<ChatCompletion>();
  });

  test('a message that only calls tools has null content', () => {
    const message = {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
    } satisfies ChatCompletionMessage;
    expectTypeOf(message.tool_calls).toExtend<ChatCompletionMessageToolCall[]>();
    expectTypeOf<ChatCompletionMessage['content']>().toEqualTypeOf<string | null>();
    // @ts-expect-error: content must be present, if null
    ({ role: 'assistant' }) satisfies ChatCompletionMessage;
  });

  test('x_groq carries the request id and cache counters', () => {
    expectTypeOf<NonNullable<ChatCompletion['x_groq']>['id']>().toEqualTypeOf<string>();
    expectTypeOf<NonNullable<ChatCompletion['x_groq']>['usage']>().toEqualTypeOf<XGroqCacheUsage | null | undefined>();
  });
});

describe("groq-sdk's nested names of a completion", () => {
  test('ChatCompletion.Choice.Logprobs, McpListTool, UsageBreakdown and XGroq', () => {
    expectTypeOf<ChatCompletion.Choice.Logprobs>().toEqualTypeOf<ChatCompletionChoiceLogprobs>();
    expectTypeOf<ChatCompletion.McpListTool>().toEqualTypeOf<ChatCompletionMcpListTools>();
    expectTypeOf<ChatCompletion.McpListTool.Tool>().toEqualTypeOf<ChatCompletionMcpTool>();
    expectTypeOf<ChatCompletion.UsageBreakdown>().toEqualTypeOf<UsageBreakdown>();
    expectTypeOf<ChatCompletion.UsageBreakdown.Model>().toEqualTypeOf<UsageBreakdownModel>();
    expectTypeOf<ChatCompletion.XGroq>().toEqualTypeOf<ChatCompletionXGroq>();
    expectTypeOf<ChatCompletion.XGroq.Debug>().toEqualTypeOf<XGroqDebug>();
    expectTypeOf<ChatCompletion.XGroq.Usage>().toEqualTypeOf<XGroqCacheUsage>();
  });

  test('the parts of a message', () => {
    expectTypeOf<ChatCompletionMessage.Annotation>().toEqualTypeOf<ChatCompletionAnnotation>();
    expectTypeOf<ChatCompletionMessage.Annotation.DocumentCitation>().toEqualTypeOf<ChatCompletionDocumentCitation>();
    expectTypeOf<ChatCompletionMessage.Annotation.FunctionCitation>().toEqualTypeOf<ChatCompletionFunctionCitation>();
    expectTypeOf<ChatCompletionMessage.ExecutedTool>().toEqualTypeOf<ChatCompletionExecutedTool>();
    expectTypeOf<ChatCompletionMessage.ExecutedTool.BrowserResult>().toEqualTypeOf<ExecutedToolBrowserResult>();
    expectTypeOf<ChatCompletionMessage.ExecutedTool.CodeResult>().toEqualTypeOf<ExecutedToolCodeResult>();
    expectTypeOf<ChatCompletionMessage.ExecutedTool.CodeResult.Chart>().toEqualTypeOf<ExecutedToolChart>();
    expectTypeOf<ChatCompletionMessage.ExecutedTool.CodeResult.Chart.Element>().toEqualTypeOf<ExecutedToolChartElement>();
    expectTypeOf<ChatCompletionMessage.ExecutedTool.SearchResults>().toEqualTypeOf<ExecutedToolSearchResults>();
    expectTypeOf<ChatCompletionMessage.ExecutedTool.SearchResults.Result>().toEqualTypeOf<ExecutedToolSearchResult>();
    expectTypeOf<ChatCompletionMessage.FunctionCall>().toEqualTypeOf<ChatCompletionFunctionCall>();
  });

  test('the parts of a tool call, a token logprob and the usage', () => {
    expectTypeOf<ChatCompletionMessageToolCall.Function>().toEqualTypeOf<ChatCompletionFunctionCall>();
    expectTypeOf<ChatCompletionTokenLogprob.TopLogprob>().toEqualTypeOf<ChatCompletionTopLogprob>();
    expectTypeOf<CompletionUsage.PromptTokensDetails>().toEqualTypeOf<CompletionUsagePromptTokensDetails>();
    expectTypeOf<CompletionUsage.CompletionTokensDetails>().toEqualTypeOf<CompletionUsageCompletionTokensDetails>();
  });
});
