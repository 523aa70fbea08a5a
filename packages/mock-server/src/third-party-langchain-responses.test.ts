import { AIMessage, HumanMessage, ToolMessage } from '@langchain/core/messages';
import { ChatOpenAI } from '@langchain/openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMockGroqServer, type MockGroqServer } from './create-mock-groq-server.js';
import { generateAnswerTokens } from './generate-answer.js';
import { MODEL, postResponses } from './test/mock-test-helpers.js';

// LangChain's ChatOpenAI on Groq's beta Responses API (`useResponsesApi: true`, POST /openai/v1/responses)
// against the mock: text, usage, a streamed answer, a tool call and its result, structured output.

let server: MockGroqServer;
beforeAll(async () => {
  server = await createMockGroqServer();
});
afterAll(() => server.close());
beforeEach(() => server.resetStats());

const PROMPT = 'LangChain on the Responses API';
const ANSWER_TOKENS = generateAnswerTokens(PROMPT);
const ANSWER = ANSWER_TOKENS.join('');

/** LangChain's `usage_metadata` for the usage the mock reports for PROMPT, read from a plain request before the tests. */
let usageMetadata: { input_tokens: number; output_tokens: number; total_tokens: number };
beforeAll(async () => {
  const response = await postResponses(server.url, { model: MODEL, input: PROMPT });
  const { usage } = (await response.json()) as { usage: { input_tokens: number; output_tokens: number; total_tokens: number } };
  usageMetadata = { input_tokens: usage.input_tokens, output_tokens: usage.output_tokens, total_tokens: usage.total_tokens };
  expect(usage.output_tokens).toBe(ANSWER_TOKENS.length);
});

/** Each request the mock saw: its path and body. */
const sent = () => server.requests().map(({ path, body }) => ({ path, body: body as Record<string, any> }));

const chat = () => new ChatOpenAI({ model: MODEL, apiKey: 'test', maxRetries: 0, useResponsesApi: true, configuration: { baseURL: `${server.url}/openai/v1` } });
const forecastTool = { name: 'get_forecast', description: 'Weather forecast for a city', schema: z.object({ city: z.string(), days: z.number().int().min(1).max(7) }) };
const forecastCall = { type: 'tool_call', id: expect.stringMatching(/^call_/), name: 'get_forecast', args: { city: PROMPT, days: 7 } };

describe('ChatOpenAI (@langchain/openai) with useResponsesApi against the mock', () => {
  it('invokes and streams the answer, with its usage', async () => {
    const message = await chat().invoke(PROMPT);
    expect(message.text).toBe(ANSWER);
    expect(message.usage_metadata).toMatchObject(usageMetadata);
    expect(message.response_metadata).toMatchObject({ object: 'response', status: 'completed', model: MODEL, id: expect.stringMatching(/^resp_/) });

    const chunks = [];
    for await (const chunk of await chat().stream(PROMPT)) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.text).filter((text) => text !== '')).toEqual(ANSWER_TOKENS);
    const withUsage = chunks.filter((chunk) => chunk.usage_metadata !== undefined);
    expect(withUsage.map((chunk) => chunk.usage_metadata)).toEqual([expect.objectContaining(usageMetadata)]);
    expect(chunks.indexOf(withUsage[0]!)).toBe(chunks.length - 1);
    expect(chunks.reduce((joined, chunk) => joined.concat(chunk)).text).toBe(ANSWER);
    expect(sent().map(({ path, body }) => [path, body.stream])).toEqual([
      ['/openai/v1/responses', false],
      ['/openai/v1/responses', true],
    ]);
  });

  it('calls a zod tool, invoked and streamed, then sends its result as function_call_output and gets the answer', async () => {
    const model = chat().bindTools([forecastTool], { tool_choice: 'get_forecast' });
    const call = await model.invoke(PROMPT);
    expect(call.tool_calls).toEqual([forecastCall]);
    const chunks = [];
    for await (const chunk of await model.stream(PROMPT)) chunks.push(chunk);
    expect(chunks.reduce((joined, chunk) => joined.concat(chunk)).tool_calls).toEqual([forecastCall]);

    const callId = call.tool_calls![0]!.id!;
    const answer = await chat()
      .bindTools([forecastTool])
      .invoke([new HumanMessage(PROMPT), call, new ToolMessage({ tool_call_id: callId, content: JSON.stringify({ celsius: 21 }) })]);
    expect(answer).toBeInstanceOf(AIMessage);
    expect(answer.text).toBe(ANSWER);
    expect(answer.tool_calls).toEqual([]);
    expect(sent()[2]!.body.input).toEqual([
      expect.objectContaining({ type: 'message', role: 'user' }),
      expect.objectContaining({ type: 'function_call', call_id: callId, name: 'get_forecast' }),
      { type: 'function_call_output', call_id: callId, output: JSON.stringify({ celsius: 21 }) },
    ]);
  });

  it('parses structured output asked for in text.format', async () => {
    const City = z.object({ name: z.string(), population: z.number().int().min(1), size: z.enum(['town', 'city']) });
    expect(await chat().withStructuredOutput(City, { name: 'city' }).invoke(PROMPT)).toEqual({ name: PROMPT, population: 42, size: 'town' });
    expect(sent()[0]!.body.text).toEqual({ format: expect.objectContaining({ type: 'json_schema', name: 'city', strict: true, schema: expect.objectContaining({ type: 'object' }) }) });
  });
});
