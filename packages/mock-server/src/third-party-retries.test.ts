import { createGroq } from '@ai-sdk/groq';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { rejectionOf } from '@groq-stream/core/test';
import { APICallError, generateText, type LanguageModel } from 'ai';
import Groq from 'groq-sdk';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMockGroqServer, type MockGroqServer } from './create-mock-groq-server.js';
import { generateAnswerTokens } from './generate-answer.js';
import { MODEL, scenarioHeaders } from './test/mock-test-helpers.js';

// What clients written for Groq do with its failures when they are allowed to retry (the other third-party tests
// turn retries off): each retries what Groq's status says may pass (429, 5xx, a connection lost before the answer)
// and gets the answer once the mock's `x-mock-fail-times` is used up, and raises at once what waiting cannot
// clear. Against Groq they do the same, as they decide on the status and headers alone.

let server: MockGroqServer;
beforeAll(async () => {
  // Only listed models: an unknown one gets Groq's 404 model_not_found.
  server = await createMockGroqServer({ knownModelsOnly: true });
});
afterAll(() => server.close());
beforeEach(() => server.resetStats());

const PROMPT = 'Hello from a client that retries';
const ANSWER = generateAnswerTokens(PROMPT).join('');
const messages = [{ role: 'user' as const, content: PROMPT }];
const once = (scenario: string) => scenarioHeaders(scenario, { 'x-mock-fail-times': '1' });

// The waits that the clients ask setTimeout for: a retry's wait among them, whose length says whether the client
// took it from `retry-after` or from its own backoff. The wait that rate-limit-daily's retry-after asks for, 365 s,
// is recorded and then cut short, so that a client that honours it gets its answer within the test.
const DAILY_WAIT_MS = 365_000;
let waits: number[];
beforeEach(() => {
  waits = [];
  const setTimeoutAsIs = globalThis.setTimeout;
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms?: number, ...rest: unknown[]) => {
    waits.push(ms ?? 0);
    return setTimeoutAsIs(callback, ms === DAILY_WAIT_MS ? 0 : ms, ...rest);
  }) as typeof setTimeout);
});
afterEach(() => vi.restoreAllMocks());

interface AnswerRequest {
  maxRetries: number;
  timeout?: number;
  headers?: Record<string, string>;
  body?: { model?: string; n?: number; service_tier?: 'flex' };
  stream?: boolean;
}

/** What the test reads from a client's error: its status, and the `type` and `code` of Groq's body. */
interface ErrorFields {
  status: number | undefined;
  type: string | undefined;
  code: string | undefined;
}

describe.each([
  {
    name: 'groq-sdk',
    answer: async ({ body = {}, headers = {}, stream = false, ...options }: AnswerRequest): Promise<string> => {
      const groq = new Groq({ apiKey: 'test', baseURL: server.url, ...options });
      const request = { model: MODEL, messages, ...body };
      if (!stream) return (await groq.chat.completions.create(request, { headers })).choices[0]?.message.content ?? '';
      let text = '';
      for await (const chunk of await groq.chat.completions.create({ ...request, stream: true }, { headers })) text += chunk.choices[0]?.delta.content ?? '';
      return text;
    },
    // groq-sdk keeps Groq's whole body as `error`, `{ error: { message, type, code } }`.
    fields: (error: unknown): ErrorFields => {
      expect(error).toBeInstanceOf(Groq.APIError);
      const { status, error: body } = error as InstanceType<typeof Groq.APIError>;
      const { type, code } = (body as { error?: { type?: string; code?: string } }).error ?? {};
      return { status, type, code };
    },
    TimeoutError: Groq.APIConnectionTimeoutError,
  },
  {
    name: 'openai',
    answer: async ({ body = {}, headers = {}, stream = false, ...options }: AnswerRequest): Promise<string> => {
      const openai = new OpenAI({ apiKey: 'test', baseURL: `${server.url}/openai/v1`, ...options });
      const request = { model: MODEL, messages, ...body };
      if (!stream) return (await openai.chat.completions.create(request, { headers })).choices[0]?.message.content ?? '';
      let text = '';
      for await (const chunk of await openai.chat.completions.create({ ...request, stream: true }, { headers })) text += chunk.choices[0]?.delta.content ?? '';
      return text;
    },
    // openai lifts the body's type and code onto the error.
    fields: (error: unknown): ErrorFields => {
      expect(error).toBeInstanceOf(OpenAI.APIError);
      const { status, type, code } = error as InstanceType<typeof OpenAI.APIError>;
      return { status, type: type ?? undefined, code: code ?? undefined };
    },
    TimeoutError: OpenAI.APIConnectionTimeoutError,
  },
])('$name with retries against the mock', ({ answer, fields, TimeoutError }) => {
  const retryCounts = () => server.requests().map((request) => request.headers['x-stainless-retry-count']);

  it('retries the rate-limit scenario’s 429 after the retry-after it gives, and gets the answer, streamed and not', async () => {
    for (const stream of [false, true]) {
      server.resetStats();
      expect(await answer({ maxRetries: 1, headers: once('rate-limit'), stream })).toBe(ANSWER);
      expect(retryCounts()).toEqual(['0', '1']);
      // Nothing to tell Groq that the two are one request: neither client sends an idempotency-key.
      expect(server.requests().map((request) => request.headers['idempotency-key'])).toEqual([undefined, undefined]);
    }
    // retry-after: 1 (whole seconds), where the client's own first backoff is half a second at most.
    expect(waits).toContain(1000);
  });

  // Whatever its length: an app that cannot wait minutes turns retries off for it, or sets a timeout of its own.
  it('waits out the 365 s retry-after of rate-limit-daily before its retry', async () => {
    expect(await answer({ maxRetries: 1, headers: once('rate-limit-daily') })).toBe(ANSWER);
    expect(retryCounts()).toEqual(['0', '1']);
    expect(waits).toContain(DAILY_WAIT_MS);
  });

  it.each(['server-error', 'bad-gateway', 'service-unavailable'])('retries the %s scenario with its own backoff and gets the answer', async (scenario) => {
    expect(await answer({ maxRetries: 1, headers: once(scenario) })).toBe(ANSWER);
    expect(retryCounts()).toEqual(['0', '1']);
    expect(waits).not.toContain(1000);
  });

  it('retries an answer whose connection closed before it came (drop) or that did not come in time (stall)', async () => {
    expect(await answer({ maxRetries: 1, headers: once('drop') })).toBe(ANSWER);
    expect(retryCounts()).toEqual(['0', '1']);
    server.resetStats();
    // Time enough for the retry's answer on a loaded machine: this one must not time out too.
    expect(await answer({ maxRetries: 1, timeout: 2000, headers: once('stall') })).toBe(ANSWER);
    expect(retryCounts()).toEqual(['0', '1']);
    expect(await rejectionOf(answer({ maxRetries: 0, timeout: 1000, headers: scenarioHeaders('stall') }))).toBeInstanceOf(TimeoutError);
  });

  // Sent one at a time: a request made up front would reject unhandled once a case before it failed.
  it.each<[string, AnswerRequest, ErrorFields]>([
    ['a 498 of the flex tier at capacity', { maxRetries: 2, body: { service_tier: 'flex' }, headers: scenarioHeaders('capacity') }, { status: 498, type: 'capacity_exceeded', code: 'capacity_exceeded' }],
    ['a 413 of a request over the limit a minute', { maxRetries: 2, headers: scenarioHeaders('request-too-large') }, { status: 413, type: 'tokens', code: 'rate_limit_exceeded' }],
    ['a 400 of an invalid body', { maxRetries: 2, body: { n: 2 } }, { status: 400, type: 'invalid_request_error', code: undefined }],
    ['a 401 of a missing key', { maxRetries: 2, headers: { authorization: 'Bearer' } }, { status: 401, type: 'invalid_request_error', code: 'invalid_api_key' }],
    ['a 404 of an unknown model', { maxRetries: 2, body: { model: 'no-such-model' } }, { status: 404, type: 'invalid_request_error', code: 'model_not_found' }],
  ])('raises %s at once, with Groq’s status, type and code, without retrying it', async (_, request, expected) => {
    for (const stream of [false, true]) {
      server.resetStats();
      expect(fields(await rejectionOf(answer({ ...request, stream })))).toEqual(expected);
      expect(server.stats().requests).toBe(1);
    }
  });
});

type ProviderOptions = NonNullable<Parameters<typeof generateText>[0]['providerOptions']>;

// The AI SDK retries (maxRetries, 2 by default) what it marks isRetryable: 408, 409, 429 and 5xx, and a fetch that failed.
describe.each<{ name: string; model: () => LanguageModel; flex: ProviderOptions }>([
  {
    name: '@ai-sdk/groq',
    model: (): LanguageModel => createGroq({ apiKey: 'test', baseURL: `${server.url}/openai/v1` })(MODEL),
    flex: { groq: { serviceTier: 'flex' } },
  },
  {
    name: '@ai-sdk/openai-compatible',
    model: (): LanguageModel => createOpenAICompatible({ name: 'groq', apiKey: 'test', baseURL: `${server.url}/openai/v1` }).chatModel(MODEL),
    // Its provider options go into the body as they are.
    flex: { groq: { service_tier: 'flex' } },
  },
])('ai with $name and retries against the mock', ({ model, flex }) => {
  it('retries the rate-limit scenario’s 429 after the retry-after it gives, and gets the answer', async () => {
    expect((await generateText({ model: model(), prompt: PROMPT, headers: once('rate-limit'), maxRetries: 1 })).text).toBe(ANSWER);
    expect(server.stats().requests).toBe(2);
    // retry-after: 1 (under a minute, so honoured), where the AI SDK's own first backoff is 2 s.
    expect(waits).toContain(1000);
    expect(waits).not.toContain(2000);
  });

  it('retries the 429 of rate-limit-daily after its own backoff, not the 365 s of its retry-after (a minute or more)', async () => {
    expect((await generateText({ model: model(), prompt: PROMPT, headers: once('rate-limit-daily'), maxRetries: 1 })).text).toBe(ANSWER);
    expect(server.stats().requests).toBe(2);
    expect(waits).toContain(2000);
    expect(waits).not.toContain(DAILY_WAIT_MS);
  });

  it.each(['server-error', 'drop'])('retries the %s scenario with its own backoff and gets the answer', async (scenario) => {
    expect((await generateText({ model: model(), prompt: PROMPT, headers: once(scenario), maxRetries: 1 })).text).toBe(ANSWER);
    expect(server.stats().requests).toBe(2);
    expect(waits).toContain(2000);
  });

  it.each<[string, Record<string, string>, ProviderOptions, number]>([
    ['a 498 of the flex tier at capacity', scenarioHeaders('capacity'), flex, 498],
    ['a 413 of a request over the limit a minute', scenarioHeaders('request-too-large'), {}, 413],
  ])('raises %s at once, as an APICallError that is not retryable', async (_, headers, providerOptions, status) => {
    const error = await rejectionOf(generateText({ model: model(), prompt: PROMPT, headers, providerOptions, maxRetries: 2 }));
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: status, isRetryable: false });
    expect(server.stats().requests).toBe(1);
  });
});
