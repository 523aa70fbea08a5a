import { createGroq } from '@ai-sdk/groq';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { rejectionOf } from '@groq-stream/core/test';
import { APICallError, streamText, type LanguageModel } from 'ai';
import Groq from 'groq-sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockGroqServer, type MockGroqServer } from './create-mock-groq-server.js';
import { generateAnswerTokens } from './generate-answer.js';
import { STOPPED_EARLY_REASON } from './scenario-errors.js';
import { MODEL, scenarioHeaders } from './test/mock-test-helpers.js';

// A stream that breaks after its answer has begun, as each client written for Groq sees it: an error in the stream
// (Groq's error object in an event's data), the connection cut, or the answer stopped early (x_groq.error on the
// last chunk). None of them is retried, even with retries allowed: the client has already handed out chunks.

let server: MockGroqServer;
beforeAll(async () => {
  server = await createMockGroqServer();
});
afterAll(() => server.close());
beforeEach(() => server.resetStats());

const PROMPT = 'Hello from a stream that breaks';
const FIRST_TOKENS = generateAnswerTokens(PROMPT).slice(0, 3);
const messages = [{ role: 'user' as const, content: PROMPT }];

/** What a stream gave before it ended: its content pieces, its last chunk, and what it threw, if it threw. */
interface StreamOutcome {
  contents: string[];
  last: { finish_reason: string | null | undefined; x_groq_error: string | null | undefined } | undefined;
  error: unknown;
}

async function outcomeOf(stream: AsyncIterable<{ choices: { delta: { content?: string | null }; finish_reason: string | null }[]; x_groq?: { error?: string | null } | null }>): Promise<StreamOutcome> {
  const outcome: StreamOutcome = { contents: [], last: undefined, error: undefined };
  try {
    for await (const chunk of stream) {
      const content = chunk.choices[0]?.delta.content;
      if (content) outcome.contents.push(content);
      outcome.last = { finish_reason: chunk.choices[0]?.finish_reason, x_groq_error: chunk.x_groq?.error };
    }
  } catch (error) {
    outcome.error = error;
  }
  return outcome;
}

describe.each([
  {
    name: 'groq-sdk',
    stream: async (headers: Record<string, string>) =>
      outcomeOf(await new Groq({ apiKey: 'test', baseURL: server.url, maxRetries: 2 }).chat.completions.create({ model: MODEL, messages, stream: true }, { headers })),
    APIError: Groq.APIError,
    // groq-sdk keeps the error object of the event as `error`, and lifts nothing from it.
    groqFields: (error: InstanceType<typeof Groq.APIError>) => error.error,
  },
  {
    name: 'openai',
    stream: async (headers: Record<string, string>) =>
      outcomeOf(await new OpenAI({ apiKey: 'test', baseURL: `${server.url}/openai/v1`, maxRetries: 2 }).chat.completions.create({ model: MODEL, messages, stream: true }, { headers })),
    APIError: OpenAI.APIError,
    // openai keeps it as `error` too, and lifts its type and code onto the error.
    groqFields: (error: InstanceType<typeof OpenAI.APIError>) => ({ ...(error.error as object), type: error.type, code: error.code }),
  },
])('$name reading a stream that breaks', ({ stream, APIError, groqFields }) => {
  it('raises the error event of mid-stream-error as an APIError without a status, after the chunks before it', async () => {
    const { contents, error } = await stream(scenarioHeaders('mid-stream-error'));
    expect(contents).toEqual(FIRST_TOKENS);
    expect(error).toBeInstanceOf(APIError);
    // The frame's status_code is kept with the error object, but not read as the error's status.
    expect(error).toMatchObject({ status: undefined, message: expect.stringContaining('mock scenario `mid-stream-error`') });
    expect(groqFields(error as never)).toMatchObject({ type: 'internal_server_error', code: 'internal_server_error', status_code: 500 });
    expect(server.stats()).toMatchObject({ requests: 1, streamsFailed: 1 });
  });

  // The body ends without its chunked terminator: Node's fetch (undici) fails the read with `terminated`, which
  // neither client wraps in an error of its own.
  it('lets the fetch’s TypeError through when the connection is cut (drop), after the chunks before it', async () => {
    const { contents, error } = await stream(scenarioHeaders('drop'));
    expect(contents).toEqual(FIRST_TOKENS);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(APIError);
    expect(error).toMatchObject({ message: 'terminated' });
    expect(server.stats().requests).toBe(1);
  });

  it('ends without an error when the answer is stopped early, with the reason in the last chunk’s x_groq.error', async () => {
    const { contents, last, error } = await stream(scenarioHeaders('stopped-early'));
    expect(error).toBeUndefined();
    expect(contents).toEqual(FIRST_TOKENS);
    expect(last).toEqual({ finish_reason: 'stop', x_groq_error: STOPPED_EARLY_REASON });
    expect(server.stats()).toMatchObject({ requests: 1, streamsFailed: 1 });
  });
});

describe.each([
  { name: '@ai-sdk/groq', model: (): LanguageModel => createGroq({ apiKey: 'test', baseURL: `${server.url}/openai/v1` })(MODEL) },
  {
    name: '@ai-sdk/openai-compatible',
    model: (): LanguageModel => createOpenAICompatible({ name: 'groq', apiKey: 'test', baseURL: `${server.url}/openai/v1`, includeUsage: true }).chatModel(MODEL),
  },
])('ai with $name reading a stream that breaks', ({ model }) => {
  /** The text deltas and error parts of `fullStream` in order, and what its iteration threw, if it threw. */
  async function partsOf(headers: Record<string, string>) {
    const result = streamText({ model: model(), prompt: PROMPT, headers, maxRetries: 2 });
    const parts: ({ text: string } | { error: unknown })[] = [];
    try {
      for await (const part of result.fullStream) {
        if (part.type === 'text-delta') parts.push({ text: part.text });
        if (part.type === 'error') parts.push({ error: part.error });
      }
    } catch (error) {
      return { parts, thrown: error, result };
    }
    return { parts, thrown: undefined, result };
  }

  it('gives the error event of mid-stream-error as an error part with Groq’s error object, after the text, and finishes with error', async () => {
    const { parts, thrown, result } = await partsOf(scenarioHeaders('mid-stream-error'));
    expect(thrown).toBeUndefined();
    expect(parts).toEqual([
      ...FIRST_TOKENS.map((text) => ({ text })),
      { error: expect.objectContaining({ message: expect.stringContaining('mock scenario `mid-stream-error`'), type: 'internal_server_error' }) },
    ]);
    // Its error schema drops the frame's status_code (@ai-sdk/groq's the code too): no status to learn from it.
    expect((parts.at(-1) as { error: object }).error).not.toHaveProperty('status_code');
    expect(await result.finishReason).toBe('error');
    expect(server.stats().requests).toBe(1);
  });

  it('throws from the stream, after the text, an APICallError whose cause is the fetch’s TypeError, when the connection is cut (drop)', async () => {
    const { parts, thrown } = await partsOf(scenarioHeaders('drop'));
    expect(parts).toEqual(FIRST_TOKENS.map((text) => ({ text })));
    expect(APICallError.isInstance(thrown)).toBe(true);
    expect((thrown as APICallError).cause).toMatchObject({ name: 'TypeError', message: 'terminated' });
    expect(server.stats().requests).toBe(1);
  });

  it('finishes with stop when the answer is stopped early, the text and usage those of the tokens sent', async () => {
    const { parts, thrown, result } = await partsOf(scenarioHeaders('stopped-early'));
    expect(thrown).toBeUndefined();
    expect(parts).toEqual(FIRST_TOKENS.map((text) => ({ text })));
    expect(await result.finishReason).toBe('stop');
    expect((await result.usage).outputTokens).toBe(FIRST_TOKENS.length);
  });
});
