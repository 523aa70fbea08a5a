import { createGroq } from '@ai-sdk/groq';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { eventually, rejectionOf } from '@groq-stream/core/test';
import { APICallError, generateText, jsonSchema, streamText, tool, type LanguageModel, type Tool } from 'ai';
import Groq from 'groq-sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMockGroqServer, type MockGroqServer } from './create-mock-groq-server.js';
import { generateAnswerTokens, generateReasoningTokens } from './generate-answer.js';
import { collectToolCall, MODEL } from './test/mock-test-helpers.js';

// Clients that other people wrote, against the mock: what they accept from the mock they must accept
// from Groq, and the other way round. Where a client and Groq disagree, the mock follows Groq
// (as Groq documents its wire format) and the test says what the client makes of it.

let server: MockGroqServer;
beforeAll(async () => {
  server = await createMockGroqServer();
});
afterAll(() => server.close());
beforeEach(() => server.resetStats());

const PROMPT = 'Hello from a third-party client';
const ANSWER_TOKENS = generateAnswerTokens(PROMPT);
const ANSWER = ANSWER_TOKENS.join('');
const REASONING = generateReasoningTokens(PROMPT).join('');
const messages = [{ role: 'user' as const, content: PROMPT }];
const paced = { 'x-mock-tokens-per-second': '20' };
// For the aborts: 10 s of answer, far beyond the abort however loaded the machine (the prompt's own answer,
// 29 tokens, 1.5 s, could end before a stalled process got the abort to the mock, and count as completed).
const pacedLong = { ...paced, 'x-mock-tokens': '200' };
const scenario = (name: string) => ({ 'x-mock-scenario': name });

// A tool schema with the constraints that apps write: an enum, bounds, a nested object, a list.
const forecastParameters = {
  type: 'object',
  properties: {
    city: { type: 'string' },
    days: { type: 'integer', minimum: 1, maximum: 7 },
    unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
    options: { type: 'object', properties: { hourly: { type: 'boolean' } }, required: ['hourly'] },
    fields: { type: 'array', items: { type: 'string' } },
  },
  required: ['city', 'days', 'unit', 'options', 'fields'],
  additionalProperties: false,
};
// What a model bound by that schema could answer, and what the mock does: strings start with the prompt.
const forecastArguments = { city: PROMPT, days: 7, unit: 'celsius', options: { hourly: true }, fields: [PROMPT] };
const forecastTool = { type: 'function' as const, function: { name: 'get_forecast', parameters: forecastParameters } };

describe('groq-sdk against the mock', () => {
  const groq = (apiKey = 'test') => new Groq({ apiKey, baseURL: server.url, maxRetries: 0 });

  it('streams the deterministic answer, with x_groq.usage on the last chunk', async () => {
    const stream = await groq().chat.completions.create({ model: MODEL, messages, stream: true });
    let text = '';
    let last;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      last = chunk;
    }
    expect(text).toBe(ANSWER);
    expect(last?.choices[0]?.finish_reason).toBe('stop');
    expect(last?.x_groq?.usage).toMatchObject({ completion_tokens: ANSWER_TOKENS.length, prompt_tokens: expect.any(Number) });
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 1, streamsAborted: 0 });
  });

  it('gets a non-streamed ChatCompletion', async () => {
    const completion = await groq().chat.completions.create({ model: MODEL, messages });
    expect(completion.choices[0]?.message.content).toBe(ANSWER);
    expect(completion.usage).toMatchObject({ completion_tokens: ANSWER_TOKENS.length });
  });

  // Apps log which datacenter served a call (Groq’s latency guide reads the header) from groq-sdk’s raw response.
  it('gives x-groq-region on the raw response, streamed or not, and on an error', async () => {
    const { data: stream, response } = await groq().chat.completions.create({ model: MODEL, messages, stream: true }).withResponse();
    for await (const chunk of stream) void chunk;
    expect(response.headers.get('x-groq-region')).toBe('dls');
    const { response: plain } = await groq().chat.completions.create({ model: MODEL, messages }).withResponse();
    expect(plain.headers.get('x-groq-region')).toBe('dls');
    const refused = await rejectionOf(groq('').chat.completions.create({ model: MODEL, messages }));
    expect(refused).toBeInstanceOf(Groq.AuthenticationError);
    expect((refused as InstanceType<typeof Groq.AuthenticationError>).headers.get('x-groq-region')).toBe('dls');
  });

  it('streams a tool call whose arguments fit the tool schema', async () => {
    const stream = await groq().chat.completions.create({ model: MODEL, messages, stream: true, tools: [forecastTool] }, { headers: scenario('tool-calls') });
    expect(await collectToolCall(stream)).toEqual({ name: 'get_forecast', arguments: forecastArguments, finishReason: 'tool_calls' });
  });

  it('streams delta.reasoning before the content', async () => {
    const stream = await groq().chat.completions.create({ model: MODEL, messages, stream: true }, { headers: scenario('reasoning') });
    let reasoning = '';
    let text = '';
    for await (const chunk of stream) {
      reasoning += chunk.choices[0]?.delta.reasoning ?? '';
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect({ reasoning, text }).toEqual({ reasoning: REASONING, text: ANSWER });
  });

  it('raises RateLimitError for the rate-limit scenario and AuthenticationError for a bad key', async () => {
    const rateLimited = await rejectionOf(groq().chat.completions.create({ model: MODEL, messages, stream: true }, { headers: scenario('rate-limit') }));
    expect(rateLimited).toBeInstanceOf(Groq.RateLimitError);
    expect(rateLimited).toMatchObject({ status: 429, message: expect.stringContaining('Rate limit reached for model') });
    // The mock cannot tell a real key from a wrong one: it refuses a missing or empty one, as Groq does.
    const unauthorized = await rejectionOf(groq('').chat.completions.create({ model: MODEL, messages }));
    expect(unauthorized).toBeInstanceOf(Groq.AuthenticationError);
    expect(unauthorized).toMatchObject({ status: 401, message: expect.stringContaining('Invalid API Key') });
  });

  it('aborts the stream on the server when the client aborts', async () => {
    const stream = await groq().chat.completions.create({ model: MODEL, messages, stream: true }, { headers: pacedLong });
    for await (const chunk of stream) if (chunk.choices[0]?.delta.content) stream.controller.abort();
    await eventually(() => server.stats().streamsAborted === 1);
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsAborted: 1, streamsCompleted: 0 });
  });

  it('sends sampling parameters that the mock accepts, and gets a 400 BadRequestError for one out of range', async () => {
    const completion = await groq().chat.completions.create({ model: MODEL, messages, temperature: 0.7, top_p: 0.9, seed: 7, stop: null, user: 'tester' });
    expect(completion.choices[0]?.message.content).toBe(ANSWER);
    const invalid = await rejectionOf(groq().chat.completions.create({ model: MODEL, messages, temperature: 3 }));
    expect(invalid).toBeInstanceOf(Groq.BadRequestError);
    expect(invalid).toMatchObject({ status: 400, message: expect.stringContaining("'temperature' : number must be at most 2") });
  });

  it('lists and retrieves models', async () => {
    expect((await groq().models.list()).data.map((model) => model.id)).toContain('llama-3.1-8b-instant');
    expect(await groq().models.retrieve('openai/gpt-oss-20b')).toMatchObject({ id: 'openai/gpt-oss-20b', object: 'model' });
    await expect(groq().models.retrieve('no-such-model')).rejects.toBeInstanceOf(Groq.NotFoundError);
  });
});

describe('openai against the mock', () => {
  const openai = () => new OpenAI({ apiKey: 'test', baseURL: `${server.url}/openai/v1`, maxRetries: 0 });

  it('streams the deterministic answer, with usage on the chunk that finishes it and on a last chunk with no choices', async () => {
    const stream = await openai().chat.completions.create({ model: MODEL, messages, stream: true, stream_options: { include_usage: true } });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(ANSWER);
    // Groq puts usage on the chunk with finish_reason (asked or not), and for include_usage also sends
    // OpenAI's chunk with no choices: a client reading either finds it.
    const [finish, last] = chunks.slice(-2);
    expect(finish?.choices[0]?.finish_reason).toBe('stop');
    expect(last?.choices).toEqual([]);
    expect(last?.usage).toMatchObject({ completion_tokens: ANSWER_TOKENS.length, total_tokens: expect.any(Number) });
    expect(finish?.usage).toEqual(last?.usage);
    const runner = openai().chat.completions.stream({ model: MODEL, messages, stream_options: { include_usage: true } });
    expect((await runner.finalChatCompletion()).usage).toMatchObject({ completion_tokens: ANSWER_TOKENS.length });
    expect(server.stats()).toMatchObject({ streamsStarted: 2, streamsCompleted: 2 });
  });

  it('gets a non-streamed ChatCompletion, and assembles one with its stream helper', async () => {
    const { data, request_id } = await openai().chat.completions.create({ model: MODEL, messages }).withResponse();
    expect(data.choices[0]?.message.content).toBe(ANSWER);
    expect(request_id).toMatch(/^req_/);
    const assembled = await openai().chat.completions.stream({ model: MODEL, messages }).finalChatCompletion();
    expect(assembled.choices[0]).toMatchObject({ finish_reason: 'stop', message: { role: 'assistant', content: ANSWER } });
  });

  it('streams a tool call whose arguments fit the tool schema', async () => {
    const runner = openai().chat.completions.stream({ model: MODEL, messages, tools: [forecastTool] }, { headers: scenario('tool-calls') });
    const call = (await runner.finalChatCompletion()).choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.name).toBe('get_forecast');
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual(forecastArguments);
  });

  it('passes Groq’s delta.reasoning through, untyped', async () => {
    const stream = await openai().chat.completions.create({ model: MODEL, messages, stream: true }, { headers: scenario('reasoning') });
    let reasoning = '';
    for await (const chunk of stream) reasoning += (chunk.choices[0]?.delta as { reasoning?: string } | undefined)?.reasoning ?? '';
    expect(reasoning).toBe(REASONING);
  });

  it('raises RateLimitError for the rate-limit scenario and AuthenticationError without a key', async () => {
    const rateLimited = await rejectionOf(openai().chat.completions.create({ model: MODEL, messages }, { headers: scenario('rate-limit') }));
    expect(rateLimited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(rateLimited).toMatchObject({ status: 429, message: expect.stringContaining('Rate limit reached for model') });
    // openai refuses an empty apiKey before sending anything; removing the header reaches the server.
    const unauthorized = await rejectionOf(openai().chat.completions.create({ model: MODEL, messages }, { headers: { authorization: null } }));
    expect(unauthorized).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(unauthorized).toMatchObject({ status: 401, message: expect.stringContaining('Invalid API Key') });
  });

  // openai's errors carry the body's type, code and param, which apps branch on: what Groq sends, and no code
  // where Groq sends none (a body it refuses, as its error docs show it), so that code reading one breaks here too.
  it('gives each error the type, code and param of Groq’s body, and the request id', async () => {
    const knownModelsOnly = await createMockGroqServer({ knownModelsOnly: true });
    try {
      // Sent one at a time: a request made up front would reject unhandled once a case before it failed.
      const cases: [() => Promise<unknown>, number, { type: string; code: string | undefined; param: string | undefined }][] = [
        [() => openai().chat.completions.create({ model: MODEL, messages, n: 2 }), 400, { type: 'invalid_request_error', code: undefined, param: undefined }],
        [() => openai().chat.completions.create({ model: MODEL, messages, logprobs: true }), 400, { type: 'invalid_request_error', code: undefined, param: 'logprobs' }],
        [() => openai().chat.completions.create({ model: MODEL, messages }, { headers: { authorization: 'Bearer' } }), 401, { type: 'invalid_request_error', code: 'invalid_api_key', param: undefined }],
        [
          () =>
            new OpenAI({ apiKey: 'test', baseURL: `${knownModelsOnly.url}/openai/v1`, maxRetries: 0 }).chat.completions.create({ model: 'no-such-model', messages, stream: true }),
          404,
          { type: 'invalid_request_error', code: 'model_not_found', param: undefined },
        ],
        [() => openai().chat.completions.create({ model: MODEL, messages, stream: true }, { headers: scenario('rate-limit') }), 429, { type: 'tokens', code: 'rate_limit_exceeded', param: undefined }],
        [() => openai().chat.completions.create({ model: MODEL, messages, service_tier: 'flex' }, { headers: scenario('capacity') }), 498, { type: 'capacity_exceeded', code: 'capacity_exceeded', param: undefined }],
      ];
      for (const [request, status, fields] of cases) {
        const error = await rejectionOf(request());
        expect(error).toBeInstanceOf(OpenAI.APIError);
        expect(error, String(status)).toMatchObject({ status, ...fields, requestID: expect.stringMatching(/^req_01/) });
      }
    } finally {
      await knownModelsOnly.close();
    }
  });

  it('aborts the stream on the server when the client aborts', async () => {
    const stream = await openai().chat.completions.create({ model: MODEL, messages, stream: true }, { headers: pacedLong });
    for await (const chunk of stream) if (chunk.choices[0]?.delta.content) stream.controller.abort();
    await eventually(() => server.stats().streamsAborted === 1);
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsAborted: 1, streamsCompleted: 0 });
  });

  it('lists and retrieves models', async () => {
    const ids = [];
    for await (const model of openai().models.list()) ids.push(model.id);
    expect(ids).toContain('llama-3.3-70b-versatile');
    expect(await openai().models.retrieve('qwen/qwen3-32b')).toMatchObject({ id: 'qwen/qwen3-32b', owned_by: 'Alibaba Cloud' });
  });
});

// The AI SDK, with Groq's own provider and with the generic OpenAI-compatible one.
describe.each([
  { name: '@ai-sdk/groq', model: (apiKey = 'test') => createGroq({ apiKey, baseURL: `${server.url}/openai/v1` })(MODEL) },
  {
    name: '@ai-sdk/openai-compatible',
    model: (apiKey = 'test') => createOpenAICompatible({ name: 'groq', apiKey, baseURL: `${server.url}/openai/v1`, includeUsage: true }).chatModel(MODEL),
  },
] satisfies { name: string; model: (apiKey?: string) => LanguageModel }[])('ai with $name against the mock', ({ model }) => {
  it('streams the deterministic answer and reports usage', async () => {
    const result = streamText({ model: model(), prompt: PROMPT, maxRetries: 0 });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe(ANSWER);
    const usage = await result.usage;
    expect(usage.outputTokens).toBe(ANSWER_TOKENS.length);
    expect(usage.totalTokens).toBe(usage.inputTokens! + ANSWER_TOKENS.length);
    expect(await result.finishReason).toBe('stop');
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 1 });
  });

  it('generates without streaming', async () => {
    const result = await generateText({ model: model(), prompt: PROMPT, maxRetries: 0 });
    expect(result.text).toBe(ANSWER);
    expect(result.usage.outputTokens).toBe(ANSWER_TOKENS.length);
  });

  const zodForecast = z.object({
    city: z.string(),
    days: z.number().int().min(1).max(7),
    unit: z.enum(['celsius', 'fahrenheit']),
    options: z.object({ hourly: z.boolean() }),
    fields: z.array(z.string()),
  });
  it.each([
    ['a zod schema', zodForecast],
    ['jsonSchema()', jsonSchema<z.infer<typeof zodForecast>>(forecastParameters)],
  ])('calls a tool declared with %s, streamed and not, honouring toolChoice', async (_, inputSchema) => {
    const tools = {
      search: tool({ description: 'Web search', inputSchema: z.object({ query: z.string() }) }),
      get_forecast: tool({ description: 'Weather forecast for a city', inputSchema }),
    };
    const request = { prompt: PROMPT, tools, toolChoice: { type: 'tool', toolName: 'get_forecast' }, headers: scenario('tool-calls'), maxRetries: 0 } as const;
    const streamed = streamText({ model: model(), ...request });
    const generated = await generateText({ model: model(), ...request });
    for (const toolCalls of [await streamed.toolCalls, generated.toolCalls]) {
      expect(toolCalls).toEqual([expect.objectContaining({ toolName: 'get_forecast', input: forecastArguments })]);
      expect(toolCalls[0]).not.toHaveProperty('invalid', true);
    }
    expect(await streamed.finishReason).toBe('tool-calls');
    expect(generated.finishReason).toBe('tool-calls');
  });

  it('gets a tool call for toolChoice required without any mock header, and stops at stopSequences', async () => {
    const tools = { get_forecast: tool({ description: 'Weather forecast for a city', inputSchema: jsonSchema(forecastParameters) }) };
    const generated = await generateText({ model: model(), prompt: PROMPT, tools, toolChoice: 'required', maxRetries: 0 });
    expect(generated.toolCalls).toEqual([expect.objectContaining({ toolName: 'get_forecast', input: forecastArguments })]);
    expect(generated.finishReason).toBe('tool-calls');
    const stopped = streamText({ model: model(), prompt: PROMPT, stopSequences: [ANSWER_TOKENS[3]!], maxRetries: 0 });
    expect(await stopped.text).toBe(ANSWER_TOKENS.slice(0, 3).join(''));
    expect(await stopped.finishReason).toBe('stop');
    expect((await stopped.usage).outputTokens).toBe(3);
  });

  it('calls a tool whose zod schema has patterns (regex, startsWith, cuid, emoji) with input that passes it', async () => {
    const inputSchema = z.object({ code: z.string().regex(/^[A-Z]{3}-\d{2}$/), path: z.string().startsWith('/srv/'), id: z.cuid(), mood: z.emoji() });
    const tools = { tag: tool({ description: 'Tag a file', inputSchema }) };
    const generated = await generateText({ model: model(), prompt: PROMPT, tools, toolChoice: 'required', maxRetries: 0 });
    expect(generated.toolCalls[0]).not.toHaveProperty('invalid', true);
    expect(inputSchema.safeParse(generated.toolCalls[0]?.input).success).toBe(true);
  });

  // Zod writes a string with two pattern checks as `{ type: "string", allOf: [{ pattern }, { pattern }] }`; the
  // mock dropped the `type` beside allOf and kept one pattern, so it sent null (LangChain's
  // withStructuredOutput failed the same way on it).
  it('calls a tool whose zod strings combine pattern checks (startsWith and endsWith, regex and includes) with input that passes it', async () => {
    const inputSchema = z.object({
      path: z.string().startsWith('/srv/').endsWith('.log'),
      code: z.string().min(4).regex(/^[A-Z]/).includes('-'),
      email: z.email().endsWith('.com'),
    });
    const tools = { archive: tool({ description: 'Archive a log', inputSchema }) };
    const generated = await generateText({ model: model(), prompt: PROMPT, tools, toolChoice: 'required', maxRetries: 0 });
    expect(generated.toolCalls[0]).not.toHaveProperty('invalid', true);
    expect(inputSchema.safeParse(generated.toolCalls[0]?.input).success).toBe(true);
  });

  it('reads the reasoning', async () => {
    const streamed = streamText({ model: model(), prompt: PROMPT, headers: scenario('reasoning'), maxRetries: 0 });
    expect(await streamed.reasoningText).toBe(REASONING);
    expect(await streamed.text).toBe(ANSWER);
    // Groq counts reasoning tokens in usage.completion_tokens_details.reasoning_tokens.
    const reasoningTokens = generateReasoningTokens(PROMPT).length;
    expect((await streamed.usage).outputTokenDetails).toMatchObject({ reasoningTokens, textTokens: ANSWER_TOKENS.length });
    const generated = await generateText({ model: model(), prompt: PROMPT, headers: scenario('reasoning'), maxRetries: 0 });
    expect(generated.reasoningText).toBe(REASONING);
    expect(generated.usage.outputTokenDetails).toMatchObject({ reasoningTokens, textTokens: ANSWER_TOKENS.length });
  });

  it('raises an APICallError with status 429 for the rate-limit scenario and 401 for a bad key', async () => {
    const rateLimited = await rejectionOf(generateText({ model: model(), prompt: PROMPT, headers: scenario('rate-limit'), maxRetries: 0 }));
    expect(APICallError.isInstance(rateLimited)).toBe(true);
    expect(rateLimited).toMatchObject({ statusCode: 429, isRetryable: true, message: expect.stringContaining('Rate limit reached for model') });
    // streamText does not throw: the error arrives in onError (and in fullStream).
    const streamErrors: unknown[] = [];
    const onError = ({ error }: { error: unknown }) => void streamErrors.push(error);
    await streamText({ model: model(), prompt: PROMPT, headers: scenario('rate-limit'), maxRetries: 0, onError }).consumeStream();
    expect(streamErrors).toEqual([expect.objectContaining({ statusCode: 429 })]);
    const unauthorized = await rejectionOf(generateText({ model: model(''), prompt: PROMPT, maxRetries: 0 }));
    expect(APICallError.isInstance(unauthorized)).toBe(true);
    expect(unauthorized).toMatchObject({ statusCode: 401, message: expect.stringContaining('Invalid API Key') });
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

// Groq's browser search docs send tool_choice "required" with nothing but { type: "browser_search" }, and so
// does @ai-sdk/groq's README: Groq runs the search itself and answers with text, as the mock does.
describe('tool_choice "required" with only built-in tools, against the mock', () => {
  it.each([false, true])('is answered with text for groq-sdk sending the request of Groq’s docs (stream: %s)', async (stream) => {
    const groq = new Groq({ apiKey: 'test', baseURL: server.url, maxRetries: 0 });
    const request = { model: 'openai/gpt-oss-20b', messages, tool_choice: 'required' as const, tools: [{ type: 'browser_search' }] };
    if (!stream) {
      const completion = await groq.chat.completions.create(request);
      expect(completion.choices[0]).toMatchObject({ finish_reason: 'stop', message: { content: ANSWER } });
      return;
    }
    let text = '';
    for await (const chunk of await groq.chat.completions.create({ ...request, stream: true })) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe(ANSWER);
  });

  it('is answered with text for the streaming example of @ai-sdk/groq’s README', async () => {
    const groq = createGroq({ apiKey: 'test', baseURL: `${server.url}/openai/v1` });
    // @ai-sdk/groq's tool type comes from its own copy of @ai-sdk/provider-utils, which ai's types do not take.
    const browserSearch = groq.tools.browserSearch({}) as unknown as Tool;
    const result = streamText({ model: groq('openai/gpt-oss-120b'), prompt: PROMPT, tools: { browser_search: browserSearch }, toolChoice: 'required', maxRetries: 0 });
    expect(await result.text).toBe(ANSWER);
    expect(await result.finishReason).toBe('stop');
  });
});
