import { createGroq } from '@ai-sdk/groq';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { stepCountIs, streamText, tool, type LanguageModel } from 'ai';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMockGroqServer, type MockGroqServer } from './create-mock-groq-server.js';
import { generateAnswerTokens } from './generate-answer.js';
import { MODEL } from './test/mock-test-helpers.js';

// Agent loops of other people's clients against the mock: the model calls a tool, the client runs it and
// sends the result back in a second request (the assistant's tool_calls message, then a tool message), and
// the model answers. In scenario `tool-calls` the mock called the tool again on every request, so such a
// loop ran until the client's own limit and never got its final answer.

let server: MockGroqServer;
beforeAll(async () => {
  server = await createMockGroqServer();
});
afterAll(() => server.close());
beforeEach(() => server.resetStats());

const PROMPT = 'Forecast for a third-party agent';
const ANSWER = generateAnswerTokens(PROMPT).join('');
const toolCalls = { 'x-mock-scenario': 'tool-calls' };
const forecastResult = { celsius: 21 };

/** The roles of each request's messages, and whether the tool message answers the assistant's call. */
function conversations(): { roles: string[]; answersCall: boolean }[] {
  return server.requests().map(({ body }) => {
    const messages = (body as { messages: { role: string; tool_call_id?: string; tool_calls?: { id: string }[] }[] }).messages;
    const call = messages.find((message) => message.role === 'assistant')?.tool_calls?.[0]?.id;
    const result = messages.find((message) => message.role === 'tool')?.tool_call_id;
    return { roles: messages.map((message) => message.role), answersCall: call !== undefined && call === result };
  });
}

describe('openai runTools against the mock', () => {
  const openai = () => new OpenAI({ apiKey: 'test', baseURL: `${server.url}/openai/v1`, maxRetries: 0 });

  it.each([false, true])('calls the tool, sends its result, and gets the final answer (stream: %s)', async (stream) => {
    const calls: unknown[] = [];
    const getForecast = (input: { city: string }) => {
      calls.push(input);
      return forecastResult;
    };
    const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    const parse = (text: string) => JSON.parse(text) as { city: string };
    const forecast = { name: 'get_forecast', description: 'Weather forecast for a city', parameters, function: getForecast, parse };
    const tools = [{ type: 'function' as const, function: forecast }];
    const body = { model: MODEL, messages: [{ role: 'user' as const, content: PROMPT }], tools };
    const runs = openai().chat.completions;
    const runner = stream ? runs.runTools({ ...body, stream: true }, { headers: toolCalls }) : runs.runTools({ ...body, stream: false }, { headers: toolCalls });
    expect(await runner.finalContent()).toBe(ANSWER);
    expect(calls).toEqual([{ city: PROMPT }]);
    expect(conversations()).toEqual([
      { roles: ['user'], answersCall: false },
      { roles: ['user', 'assistant', 'tool'], answersCall: true },
    ]);
  });
});

describe.each([
  { name: '@ai-sdk/groq', model: () => createGroq({ apiKey: 'test', baseURL: `${server.url}/openai/v1` })(MODEL) },
  { name: '@ai-sdk/openai-compatible', model: () => createOpenAICompatible({ name: 'groq', apiKey: 'test', baseURL: `${server.url}/openai/v1` }).chatModel(MODEL) },
] satisfies { name: string; model: () => LanguageModel }[])('ai with $name: a multi-step tool round trip', ({ model }) => {
  it('streams a tool call, runs the tool, and streams the answer to its result in a second step', async () => {
    const tools = { get_forecast: tool({ description: 'Weather forecast for a city', inputSchema: z.object({ city: z.string() }), execute: async () => forecastResult }) };
    const result = streamText({ model: model(), prompt: PROMPT, tools, stopWhen: stepCountIs(3), headers: toolCalls, maxRetries: 0 });
    expect(await result.text).toBe(ANSWER);
    const steps = await result.steps;
    expect(steps.map((step) => step.finishReason)).toEqual(['tool-calls', 'stop']);
    expect(steps[0]?.toolResults).toEqual([expect.objectContaining({ toolName: 'get_forecast', input: { city: PROMPT }, output: forecastResult })]);
    expect(conversations()).toEqual([
      { roles: ['user'], answersCall: false },
      { roles: ['user', 'assistant', 'tool'], answersCall: true },
    ]);
    expect(server.stats()).toMatchObject({ streamsStarted: 2, streamsCompleted: 2 });
  });
});
