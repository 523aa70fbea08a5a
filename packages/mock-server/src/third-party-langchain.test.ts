import { eventually, rejectionOf } from '@groq-stream/core/test';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, type AIMessageChunk, HumanMessage, ToolMessage } from '@langchain/core/messages';
import { ChatGroq } from '@langchain/groq';
import { ChatOpenAI } from '@langchain/openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMockGroqServer, type MockGroqServer } from './create-mock-groq-server.js';
import type { GroqUsage } from './create-usage.js';
import { generateAnswerTokens, generateReasoningTokens } from './generate-answer.js';
import { MODEL, postChat, scenarioHeaders } from './test/mock-test-helpers.js';

// LangChain's chat models against the mock: ChatGroq (groq-sdk underneath) and ChatOpenAI pointed at Groq's
// OpenAI-compatible base URL, as people use them with Groq. What they make of the mock's answers is what
// they make of Groq's: text, token usage, tool calls and errors. Structured output: third-party-langchain-structured-output.test.ts.

const API_KEY = 'test-key';
let server: MockGroqServer;
beforeAll(async () => {
  // Only this key is accepted, so a wrong one gets Groq's 401 `invalid_api_key`.
  server = await createMockGroqServer({ apiKeys: [API_KEY] });
});
afterAll(() => server.close());
beforeEach(() => server.resetStats());

const PROMPT = 'Hello from a LangChain chat model';
const ANSWER_TOKENS = generateAnswerTokens(PROMPT);
const ANSWER = ANSWER_TOKENS.join('');
const REASONING_TOKENS = generateReasoningTokens(PROMPT);

/** The usage the mock reports for PROMPT, read from a plain request before the tests (whose stats are reset). */
let usage: GroqUsage;
beforeAll(async () => {
  const response = await postChat(server.url, { model: MODEL, messages: [{ role: 'user', content: PROMPT }] });
  usage = ((await response.json()) as { usage: GroqUsage }).usage;
  expect(usage.completion_tokens).toBe(ANSWER_TOKENS.length);
});
/** That usage in LangChain's `usage_metadata` shape. */
const usageMetadata = () => ({ input_tokens: usage.prompt_tokens, output_tokens: usage.completion_tokens, total_tokens: usage.total_tokens });

/** The body of each request the mock saw. */
const sentBodies = () => server.requests().map(({ body }) => body as Record<string, unknown>);

/** Reads a LangChain stream to its end. */
async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

// A zod tool schema with the constraints apps write; the mock fills it as a model bound by it would:
// strings with the prompt, numbers with 42 or the nearest allowed value, the first enum value, one list item.
const forecastTool = {
  name: 'get_forecast',
  description: 'Weather forecast for a city',
  schema: z.object({
    city: z.string().describe('City name'),
    days: z.number().int().min(1).max(7),
    unit: z.enum(['celsius', 'fahrenheit']),
    options: z.object({ hourly: z.boolean() }),
    fields: z.array(z.string()),
  }),
};
const forecastCall = {
  type: 'tool_call',
  id: expect.stringMatching(/^call_/),
  name: 'get_forecast',
  args: { city: PROMPT, days: 7, unit: 'celsius', options: { hourly: true }, fields: [PROMPT] },
};

interface ChatOptions {
  apiKey?: string;
  headers?: Record<string, string>;
  maxRetries?: number;
  maxTokens?: number;
  /** The request body's `service_tier`. */
  serviceTier?: 'flex';
}

describe.each([
  {
    name: 'ChatGroq (@langchain/groq)',
    chat: ({ apiKey = API_KEY, headers, maxRetries = 0, maxTokens, serviceTier }: ChatOptions = {}): BaseChatModel => {
      const model = new ChatGroq({ model: MODEL, apiKey, baseUrl: server.url, defaultHeaders: headers, maxRetries, maxTokens });
      // ChatGroq (1.3) sends its serviceTier as `service_tier`, but its constructor does not read the option.
      model.serviceTier = serviceTier;
      return model;
    },
    // ChatGroq keeps Groq's response beside LangChain's fields: `model`, `x_groq`.
    metadata: { model: MODEL, model_provider: 'groq', x_groq: { id: expect.stringMatching(/^req_/) } },
    // Its stream() reads x_groq.usage of the chunk that finishes the answer into that chunk's response_metadata.
    streamedUsage: (chunk: AIMessageChunk): unknown => (chunk.response_metadata.finish_reason ? chunk.response_metadata.usage : undefined),
  },
  {
    name: 'ChatOpenAI (@langchain/openai)',
    chat: ({ apiKey = API_KEY, headers, maxRetries = 0, maxTokens, serviceTier }: ChatOptions = {}): BaseChatModel =>
      new ChatOpenAI({
        model: MODEL,
        apiKey,
        maxRetries,
        maxTokens,
        ...(serviceTier === undefined ? {} : { modelKwargs: { service_tier: serviceTier } }),
        configuration: { baseURL: `${server.url}/openai/v1`, defaultHeaders: headers },
      }),
    metadata: { model_name: MODEL, model_provider: 'openai' },
    // Its stream() ends with a chunk of its own that carries the last usage it read.
    streamedUsage: (chunk: AIMessageChunk): unknown => chunk.usage_metadata,
  },
])('$name against the mock', ({ chat, metadata, streamedUsage }) => {
  it('invokes: the whole answer, with usage_metadata and response_metadata from the mock’s usage', async () => {
    const message = await chat().invoke(PROMPT);
    expect(message).toBeInstanceOf(AIMessage);
    expect(message.content).toBe(ANSWER);
    expect(message.usage_metadata).toMatchObject(usageMetadata());
    expect(message.response_metadata).toMatchObject({
      ...metadata,
      finish_reason: 'stop',
      system_fingerprint: expect.stringMatching(/^fp_/),
      tokenUsage: { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens, totalTokens: usage.total_tokens },
      usage, // Groq's own block, times included, passed through
    });
    expect(sentBodies()).toEqual([expect.objectContaining({ model: MODEL, messages: [{ role: 'user', content: PROMPT }] })]);
  });

  it('streams token by token: one chunk a token, joining into the whole answer, then the usage', async () => {
    const chunks = await collect(await chat().stream(PROMPT));
    const contentChunks = chunks.filter((chunk) => chunk.content !== '');
    expect(contentChunks.map((chunk) => chunk.content)).toEqual(ANSWER_TOKENS);
    const withUsage = chunks.filter((chunk) => streamedUsage(chunk) !== undefined);
    expect(withUsage.map(streamedUsage)).toEqual([expect.objectContaining(usageMetadata())]);
    expect(chunks.indexOf(withUsage[0]!)).toBeGreaterThan(chunks.indexOf(contentChunks.at(-1)!));
    const whole = chunks.reduce((joined, chunk) => joined.concat(chunk));
    expect(whole.content).toBe(ANSWER);
    expect(whole.response_metadata).toMatchObject({ finish_reason: 'stop' });
    // Both ask for the usage chunk, which Groq (and the mock) sends after the one with finish_reason.
    expect(sentBodies()).toEqual([expect.objectContaining({ stream: true, stream_options: { include_usage: true } })]);
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 1, streamsAborted: 0 });
  });

  it('streams content-block events (streamEvents): the text deltas, then the usage, then message-finish', async () => {
    const stream = chat().streamEvents(PROMPT);
    const events = await collect(stream);
    const deltas = events.flatMap((event) => (event.event === 'content-block-delta' && event.delta.type === 'text-delta' ? [event.delta.text] : []));
    expect(deltas).toEqual(ANSWER_TOKENS);
    expect(await stream.text).toBe(ANSWER);
    expect(await stream.usage).toEqual(usageMetadata());
    const kinds = events.map((event) => event.event);
    expect(kinds.indexOf('usage')).toBeGreaterThan(kinds.lastIndexOf('content-block-delta'));
    expect(events.at(-1)).toMatchObject({ event: 'message-finish', reason: 'stop', usage: usageMetadata() });
    expect((await stream.output).usage_metadata).toMatchObject(usageMetadata());
  });

  it('stops at maxTokens with finish_reason "length", counting only the tokens sent', async () => {
    const message = await chat({ maxTokens: 5 }).invoke(PROMPT);
    expect(message.content).toBe(ANSWER_TOKENS.slice(0, 5).join(''));
    expect(message.response_metadata).toMatchObject({ finish_reason: 'length' });
    expect(message.usage_metadata).toMatchObject({ input_tokens: usage.prompt_tokens, output_tokens: 5, total_tokens: usage.prompt_tokens + 5 });
  });

  it('aborts the stream on the server when the signal fires', async () => {
    const controller = new AbortController();
    const contents: unknown[] = [];
    const paced = chat({ headers: { 'x-mock-tokens-per-second': '20' } });
    const failure = await rejectionOf(
      (async () => {
        for await (const chunk of await paced.stream(PROMPT, { signal: controller.signal })) {
          if (chunk.content === '') continue;
          contents.push(chunk.content);
          controller.abort();
        }
      })(),
    );
    expect(failure).toMatchObject({ name: 'AbortError' });
    expect(contents[0]).toBe(ANSWER_TOKENS[0]);
    expect(contents.length).toBeLessThan(ANSWER_TOKENS.length);
    await eventually(() => server.stats().streamsAborted === 1);
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsAborted: 1, streamsCompleted: 0 });
  });

  it('reads Groq’s delta.reasoning as a reasoning block (streamEvents), counted in the output tokens', async () => {
    const stream = chat({ headers: scenarioHeaders('reasoning') }).streamEvents(PROMPT);
    expect(await stream.reasoning).toBe(REASONING_TOKENS.join(''));
    expect(await stream.text).toBe(ANSWER);
    expect(await stream.usage).toMatchObject({ output_tokens: ANSWER_TOKENS.length + REASONING_TOKENS.length, output_token_details: { reasoning: REASONING_TOKENS.length } });
  });

  it('binds a zod tool and gets its call with parsed args, invoked and streamed', async () => {
    // A named tool_choice obliges the model (and the mock) to call it.
    const forced = chat().bindTools!([forecastTool], { tool_choice: 'get_forecast' });
    const message = await forced.invoke(PROMPT);
    expect(message.tool_calls).toEqual([forecastCall]);
    expect(message.invalid_tool_calls).toEqual([]);
    expect(message.response_metadata).toMatchObject({ finish_reason: 'tool_calls' });
    expect(sentBodies()[0]).toMatchObject({
      tool_choice: { type: 'function', function: { name: 'get_forecast' } },
      tools: [{ type: 'function', function: expect.objectContaining({ name: 'get_forecast', parameters: expect.objectContaining({ type: 'object' }) }) }],
    });

    // Left to choose, the model of the `tool-calls` scenario calls it too; the arguments stream in pieces.
    const chosen = chat({ headers: scenarioHeaders('tool-calls') }).bindTools!([forecastTool]);
    const chunks = await collect(await chosen.stream(PROMPT));
    expect(chunks.filter((chunk) => chunk.tool_call_chunks?.some((piece) => piece.args)).length).toBeGreaterThan(2);
    const whole = chunks.reduce((joined, chunk) => joined.concat(chunk));
    expect(whole.tool_calls).toEqual([forecastCall]);
    expect(whole.response_metadata).toMatchObject({ finish_reason: 'tool_calls' });
  });

  it('sends the tool’s result back and gets the final answer', async () => {
    const model = chat({ headers: scenarioHeaders('tool-calls') }).bindTools!([forecastTool]);
    const question = new HumanMessage(PROMPT);
    const call = await model.invoke([question]);
    const toolCallId = call.tool_calls![0]!.id!;
    const answer = await model.invoke([question, call, new ToolMessage({ tool_call_id: toolCallId, content: JSON.stringify({ celsius: 21 }) })]);
    expect(answer.content).toBe(ANSWER);
    expect(answer.tool_calls).toEqual([]);
    // The second request carries the assistant's call and the tool message that answers it.
    const messages = sentBodies()[1]!.messages as { role: string; tool_call_id?: string; tool_calls?: { id: string }[] }[];
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
    expect(messages[1]!.tool_calls![0]!.id).toBe(toolCallId);
    expect(messages[2]!.tool_call_id).toBe(toolCallId);
  });

  it('raises the rate-limit scenario’s 429 as an error, invoked and streamed', async () => {
    const rateLimited = chat({ headers: scenarioHeaders('rate-limit') });
    for (const call of [() => rateLimited.invoke(PROMPT), async () => collect(await rateLimited.stream(PROMPT))]) {
      expect(await rejectionOf(call())).toMatchObject({ status: 429, message: expect.stringContaining('Rate limit reached for model') });
    }
    expect(server.stats().requests).toBe(2);
  });

  it('does not retry Groq’s free-tier 429, whose message links to billing: LangChain reads it as quota exhausted', async () => {
    const rateLimited = chat({ headers: scenarioHeaders('rate-limit'), maxRetries: 2 });
    const error = await rejectionOf(rateLimited.invoke(PROMPT));
    expect(error).toMatchObject({ status: 429, name: 'RateLimitQuotaExhaustedError', rateLimitType: 'stop', message: expect.stringContaining('/settings/billing') });
    expect(server.stats().requests).toBe(1);
  });

  it('retries a 429 on the flex tier, whose message offers no upgrade, and gets the answer', async () => {
    // Flex is for paid organizations: Groq's 429 points to its rate-limits page, not to billing.
    const model = chat({ headers: scenarioHeaders('rate-limit', { 'x-mock-fail-times': '1' }), maxRetries: 1, serviceTier: 'flex' });
    expect((await model.invoke(PROMPT)).content).toBe(ANSWER);
    expect(server.stats().requests).toBe(2);
    expect(sentBodies().map((body) => body.service_tier)).toEqual(['flex', 'flex']);
  });

  it('retries a 500 by itself and gets the answer', async () => {
    const model = chat({ headers: scenarioHeaders('server-error', { 'x-mock-fail-times': '1' }), maxRetries: 1 });
    expect((await model.invoke(PROMPT)).content).toBe(ANSWER);
    expect(server.stats().requests).toBe(2);
  });

  // groq-sdk, openai and the AI SDK raise a 498 at once (third-party-retries.test.ts); LangChain retries any status
  // but a few 4xx, and Groq's docs call flex's 498 one to retry.
  it('retries a 498 of the flex tier at capacity and gets the answer, but raises a 413 over the limit a minute at once', async () => {
    const model = chat({ headers: scenarioHeaders('capacity', { 'x-mock-fail-times': '1' }), maxRetries: 1, serviceTier: 'flex' });
    expect((await model.invoke(PROMPT)).content).toBe(ANSWER);
    expect(server.stats().requests).toBe(2);
    server.resetStats();
    const tooLarge = await rejectionOf(chat({ headers: scenarioHeaders('request-too-large'), maxRetries: 2 }).invoke(PROMPT));
    expect(tooLarge).toMatchObject({ status: 413, message: expect.stringContaining('Request too large for model') });
    expect(server.stats().requests).toBe(1);
  });

  it('raises a 401 for a wrong key at once, without retrying it', async () => {
    // LangChain retries 6 times by default, but not an authentication error.
    const unauthorized = await rejectionOf(chat({ apiKey: 'wrong-key', maxRetries: 6 }).invoke(PROMPT));
    expect(unauthorized).toMatchObject({ status: 401, message: expect.stringContaining('Invalid API Key') });
    expect(server.stats().requests).toBe(1);
  });

  it('raises an error in the middle of a stream after yielding the chunks that came before it', async () => {
    const contents: unknown[] = [];
    const failure = await rejectionOf(
      (async () => {
        for await (const chunk of await chat({ headers: scenarioHeaders('mid-stream-error') }).stream(PROMPT)) if (chunk.content !== '') contents.push(chunk.content);
      })(),
    );
    expect(contents).toEqual(ANSWER_TOKENS.slice(0, 3));
    expect(failure).toMatchObject({ message: expect.stringContaining('mid-stream-error') });
  });

  it('lets the fetch’s TypeError through when the connection is cut (drop), after the chunks before it, without retrying', async () => {
    const contents: unknown[] = [];
    const failure = await rejectionOf(
      (async () => {
        for await (const chunk of await chat({ headers: scenarioHeaders('drop'), maxRetries: 2 }).stream(PROMPT)) if (chunk.content !== '') contents.push(chunk.content);
      })(),
    );
    expect(contents).toEqual(ANSWER_TOKENS.slice(0, 3));
    expect(failure).toBeInstanceOf(TypeError);
    expect(failure).toMatchObject({ message: 'terminated' });
    expect(server.stats().requests).toBe(1);
  });
});

describe('ChatOpenAI without streamUsage against the mock', () => {
  it('still gets the usage: Groq puts it on the chunk that finishes the answer, asked or not', async () => {
    const model = new ChatOpenAI({ model: MODEL, apiKey: API_KEY, maxRetries: 0, streamUsage: false, configuration: { baseURL: `${server.url}/openai/v1` } });
    const chunks = await collect(await model.stream(PROMPT));
    expect(sentBodies()[0]).not.toHaveProperty('stream_options');
    expect(chunks.reduce((joined, chunk) => joined.concat(chunk)).content).toBe(ANSWER);
    expect(chunks.at(-1)?.usage_metadata).toMatchObject(usageMetadata());
  });
});
