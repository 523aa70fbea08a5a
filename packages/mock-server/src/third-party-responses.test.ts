import { createOpenAI } from '@ai-sdk/openai';
import { eventually, rejectionOf } from '@groq-stream/core/test';
import { APICallError, generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import OpenAI from 'openai';
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockGroqServer, type MockGroqServer } from './create-mock-groq-server.js';
import { generateAnswerTokens } from './generate-answer.js';
import { MODEL } from './test/mock-test-helpers.js';

// Clients that other people wrote, against the mock's Responses API (`POST /openai/v1/responses`), which Groq
// serves in beta as OpenAI-compatible: openai's `client.responses`, and the AI SDK's `@ai-sdk/openai` provider
// (`.responses(model)`, which recent versions also use for `openai(model)`).

let server: MockGroqServer;
beforeAll(async () => {
  server = await createMockGroqServer();
});
afterAll(() => server.close());
beforeEach(() => server.resetStats());

const PROMPT = 'Hello from a Responses API client';
const ANSWER_TOKENS = generateAnswerTokens(PROMPT);
const ANSWER = ANSWER_TOKENS.join('');
const paced = { 'x-mock-tokens-per-second': '20' };
// For the aborts: 10 s of answer, far beyond the abort however loaded the machine (the prompt's own answer,
// 45 tokens, 2.3 s, could end before a stalled process got the abort to the mock, and count as completed).
const pacedLong = { ...paced, 'x-mock-tokens': '200' };
const scenario = (name: string) => ({ 'x-mock-scenario': name });
const weatherParameters = {
  type: 'object',
  properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
  required: ['city', 'unit'],
  additionalProperties: false,
};
// What the mock calls the function with: strings start with the prompt, enums take their first value.
const weatherArguments = { city: PROMPT, unit: 'celsius' };

describe('openai client.responses against the mock', () => {
  const client = (apiKey = 'test') => new OpenAI({ apiKey, baseURL: `${server.url}/openai/v1`, maxRetries: 0 });

  it('creates a response and reads output_text and usage', async () => {
    const response = await client().responses.create({ model: MODEL, input: PROMPT, instructions: 'Answer briefly.' });
    expect(response.output_text).toBe(ANSWER);
    expect(response).toMatchObject({ object: 'response', status: 'completed', model: MODEL, instructions: 'Answer briefly.' });
    expect(response.usage).toMatchObject({ output_tokens: ANSWER_TOKENS.length, input_tokens: expect.any(Number) });
    expect(server.requests().at(-1)).toMatchObject({ path: '/openai/v1/responses', body: { model: MODEL, input: PROMPT } });
  });

  it('streams with stream: true, one output_text.delta a token', async () => {
    const stream = await client().responses.create({ model: MODEL, input: PROMPT, stream: true });
    const deltas: string[] = [];
    let last;
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') deltas.push(event.delta);
      last = event;
    }
    expect(deltas).toEqual(ANSWER_TOKENS);
    expect(last).toMatchObject({ type: 'response.completed', response: { status: 'completed', usage: { output_tokens: ANSWER_TOKENS.length } } });
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 1, streamsAborted: 0, streamsFailed: 0 });
  });

  it('streams with responses.stream() and finalResponse()', async () => {
    const stream = client().responses.stream({ model: MODEL, input: [{ role: 'user', content: PROMPT }] }, { headers: paced });
    let text = '';
    stream.on('response.output_text.delta', (event) => (text += event.delta));
    const final = await stream.finalResponse();
    expect(text).toBe(ANSWER);
    expect(final.output_text).toBe(ANSWER);
    expect(final.status).toBe('completed');
  });

  it('makes a function-call round trip: function_call, then its output, then text', async () => {
    const tools = [{ type: 'function' as const, name: 'get_weather', parameters: weatherParameters, strict: true }];
    const input: ResponseInputItem[] = [{ role: 'user', content: PROMPT }];
    const first = await client().responses.create({ model: MODEL, input, tools, tool_choice: 'required' });
    const call = first.output[0];
    expect(call).toMatchObject({ type: 'function_call', name: 'get_weather', status: 'completed' });
    if (call?.type !== 'function_call') throw new Error('expected a function call');
    expect(JSON.parse(call.arguments)).toEqual(weatherArguments);
    // As openai's docs show: the call goes back as input (as the output item it was), its output after it.
    input.push(call, { type: 'function_call_output', call_id: call.call_id, output: '{"celsius":21}' });
    const second = await client().responses.create({ model: MODEL, input, tools }, { headers: scenario('tool-calls') });
    expect(second.output_text).toBe(ANSWER);
    expect(server.requests().at(-1)?.body).toMatchObject({ input: [{}, { type: 'function_call', call_id: call.call_id }, { type: 'function_call_output', call_id: call.call_id }] });
  });

  it('streams a function call with responses.stream()', async () => {
    const tools = [{ type: 'function' as const, name: 'get_weather', parameters: weatherParameters, strict: true }];
    const stream = client().responses.stream({ model: MODEL, input: PROMPT, tools }, { headers: scenario('tool-calls') });
    let argumentsText = '';
    stream.on('response.function_call_arguments.delta', (event) => (argumentsText += event.delta));
    const final = await stream.finalResponse();
    expect(final.output[0]).toMatchObject({ type: 'function_call', name: 'get_weather', arguments: argumentsText });
    expect(JSON.parse(argumentsText)).toEqual(weatherArguments);
  });

  it('raises the typed errors: RateLimitError for 429, BadRequestError for previous_response_id, APIError in a stream', async () => {
    const rateLimited = await rejectionOf(client().responses.create({ model: MODEL, input: PROMPT }, { headers: scenario('rate-limit') }));
    expect(rateLimited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(rateLimited).toMatchObject({ status: 429, message: expect.stringContaining('Rate limit reached for model') });
    const stateful = await rejectionOf(client().responses.create({ model: MODEL, input: PROMPT, previous_response_id: 'resp_earlier' }));
    expect(stateful).toBeInstanceOf(OpenAI.BadRequestError);
    expect(stateful).toMatchObject({ status: 400, message: expect.stringContaining("'previous_response_id' : not supported") });
    const stream = await client().responses.create({ model: MODEL, input: PROMPT, stream: true }, { headers: scenario('mid-stream-error') });
    const deltas: string[] = [];
    const failure = await rejectionOf(
      (async () => {
        for await (const event of stream) if (event.type === 'response.output_text.delta') deltas.push(event.delta);
      })(),
    );
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(failure).toMatchObject({ message: expect.stringContaining('mid-stream-error') });
    expect(deltas).toEqual(ANSWER_TOKENS.slice(0, 3));
    expect(server.stats()).toMatchObject({ streamsFailed: 1 });
  });

  it('aborts the stream on the server when the client aborts, counted as aborted at once', async () => {
    const stream = await client().responses.create({ model: MODEL, input: PROMPT, stream: true }, { headers: pacedLong });
    for await (const event of stream) if (event.type === 'response.output_text.delta') stream.controller.abort();
    await eventually(() => server.stats().streamsAborted === 1);
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsAborted: 1, streamsCompleted: 0 });
  });
});

describe('the AI SDK (@ai-sdk/openai .responses) against the mock', () => {
  const model = (apiKey = 'test') => createOpenAI({ apiKey, baseURL: `${server.url}/openai/v1` }).responses(MODEL);

  it('generates text, with usage and the request on /openai/v1/responses', async () => {
    const result = await generateText({ model: model(), prompt: PROMPT, maxRetries: 0 });
    expect(result.text).toBe(ANSWER);
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toMatchObject({ outputTokens: ANSWER_TOKENS.length, inputTokens: expect.any(Number) });
    expect(result.response.id).toMatch(/^resp_/);
    expect(server.requests().at(-1)).toMatchObject({ path: '/openai/v1/responses', body: { model: MODEL, input: [{ role: 'user' }] } });
    // `openai(model)` itself is the Responses API in @ai-sdk/openai 2 and later.
    const byDefault = await generateText({ model: createOpenAI({ apiKey: 'test', baseURL: `${server.url}/openai/v1` })(MODEL), prompt: PROMPT, maxRetries: 0 });
    expect(byDefault.text).toBe(ANSWER);
    expect(server.requests().at(-1)?.path).toBe('/openai/v1/responses');
  });

  it('streams text', async () => {
    const result = streamText({ model: model(), prompt: PROMPT, headers: paced, maxRetries: 0 });
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);
    expect(deltas.join('')).toBe(ANSWER);
    expect(await result.finishReason).toBe('stop');
    expect((await result.usage).outputTokens).toBe(ANSWER_TOKENS.length);
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 1 });
  });

  it('reports length when maxOutputTokens cuts the answer', async () => {
    const result = await generateText({ model: model(), prompt: PROMPT, maxOutputTokens: 4, maxRetries: 0 });
    expect(result.text).toBe(ANSWER_TOKENS.slice(0, 4).join(''));
    expect(result.finishReason).toBe('length');
  });

  it('runs a tool loop: the tool call, its result sent back, then the answer', async () => {
    const calls: unknown[] = [];
    const tools = {
      get_weather: tool({
        description: 'The weather in a city',
        inputSchema: jsonSchema<{ city: string; unit: string }>(weatherParameters),
        execute: async (input) => {
          calls.push(input);
          return { celsius: 21 };
        },
      }),
    };
    const result = await generateText({ model: model(), prompt: PROMPT, tools, stopWhen: stepCountIs(3), headers: scenario('tool-calls'), maxRetries: 0 });
    expect(calls).toEqual([weatherArguments]);
    expect(result.steps.map((step) => step.finishReason)).toEqual(['tool-calls', 'stop']);
    expect(result.text).toBe(ANSWER);
    const second = server.requests().at(-1)?.body as { input: { type?: string }[] };
    expect(second.input.map((item) => item.type ?? 'message')).toEqual(['message', 'function_call', 'function_call_output']);
  });

  it('raises an APICallError with status 429 for the rate-limit scenario', async () => {
    const rateLimited = await rejectionOf(generateText({ model: model(), prompt: PROMPT, headers: scenario('rate-limit'), maxRetries: 0 }));
    expect(APICallError.isInstance(rateLimited)).toBe(true);
    expect(rateLimited).toMatchObject({ statusCode: 429, isRetryable: true, message: expect.stringContaining('Rate limit reached for model') });
  });

  it('aborts the stream on the server when the abort signal fires', async () => {
    const controller = new AbortController();
    const result = streamText({ model: model(), prompt: PROMPT, headers: pacedLong, abortSignal: controller.signal, maxRetries: 0 });
    let text = '';
    for await (const delta of result.textStream) {
      text += delta;
      if (text !== '') controller.abort();
    }
    expect(text.length).toBeLessThan(ANSWER.length);
    await eventually(() => server.stats().streamsAborted === 1);
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsAborted: 1, streamsCompleted: 0 });
  });
});
