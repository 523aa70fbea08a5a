import Groq from 'groq-sdk';
import type { ChatCompletionChunk } from 'groq-sdk/resources/chat/completions';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockGroqServer, type MockGroqServer } from './create-mock-groq-server.js';
import { generateAnswerTokens } from './generate-answer.js';
import { collectToolCall, MODEL, waitUntil } from './test/mock-test-helpers.js';

// The official client is the judge of faithfulness: whatever it accepts from the mock, it accepts from Groq.
let server: MockGroqServer;
let groq: Groq;
beforeAll(async () => {
  server = await createMockGroqServer();
  groq = new Groq({ apiKey: 'test', baseURL: server.url, maxRetries: 0 });
});
afterAll(() => server.close());
beforeEach(() => server.resetStats());

const messages = [{ role: 'user' as const, content: 'Hello from groq-sdk' }];

describe('groq-sdk against the mock', () => {
  it('streams well-formed chunks that end with finish_reason stop and x_groq.usage', async () => {
    const stream = await groq.chat.completions.create({ model: MODEL, messages, stream: true });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(3);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    expect(chunks.map((chunk) => chunk.choices[0]!.delta.content ?? '').join('')).toBe(generateAnswerTokens('Hello from groq-sdk').join(''));
    const last = chunks.at(-1)!;
    expect(last.choices[0]!.finish_reason).toBe('stop');
    expect(last.x_groq?.usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: chunks.length - 2 });
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 1, streamsAborted: 0 });
    expect(server.requests()[0]?.headers['authorization']).toBe('[redacted]');
  });

  it('gets a ChatCompletion without streaming, and the request id from the headers', async () => {
    const { data, response } = await groq.chat.completions.create({ model: MODEL, messages }).withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.choices[0]!.message.content).toBe(generateAnswerTokens('Hello from groq-sdk').join(''));
    expect(data.choices[0]!.finish_reason).toBe('stop');
    expect(data.usage?.total_tokens).toBeGreaterThan(0);
    expect(data.x_groq?.id).toBe(response.headers.get('x-request-id'));
  });

  it('lists models', async () => {
    const models = await groq.models.list();
    expect(models.data.map((model) => model.id)).toContain('llama-3.1-8b-instant');
  });

  it('surfaces the rate-limit scenario as RateLimitError', async () => {
    const error = await groq.chat.completions
      .create({ model: MODEL, messages }, { headers: { 'x-mock-scenario': 'rate-limit' } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Groq.RateLimitError);
    const rateLimit = error as InstanceType<typeof Groq.RateLimitError>;
    expect(rateLimit.status).toBe(429);
    expect(rateLimit.headers?.get('retry-after')).toMatch(/^\d+$/);
    expect(rateLimit.message).toContain('Rate limit reached for model');
  });

  it('surfaces a 401 as AuthenticationError', async () => {
    const unauthenticated = new Groq({ apiKey: 'test', baseURL: server.url, maxRetries: 0, defaultHeaders: { authorization: null } });
    await expect(unauthenticated.models.list()).rejects.toBeInstanceOf(Groq.AuthenticationError);
  });

  it('raises the mid-stream-error as an APIError after the chunks before it', async () => {
    const stream = await groq.chat.completions.create({ model: MODEL, messages, stream: true }, { headers: { 'x-mock-scenario': 'mid-stream-error' } });
    const received: ChatCompletionChunk[] = [];
    const error = await (async () => {
      for await (const chunk of stream) received.push(chunk);
    })().catch((caught: unknown) => caught);
    expect(received).toHaveLength(4);
    expect(error).toBeInstanceOf(Groq.APIError);
    expect((error as Error).message).toContain('mock scenario `mid-stream-error`');
  });

  it('assembles a streamed tool call', async () => {
    const stream = await groq.chat.completions.create(
      {
        model: MODEL,
        messages,
        stream: true,
        tools: [{ type: 'function', function: { name: 'greet', parameters: { type: 'object', properties: { name: { type: 'string' } } } } }],
      },
      { headers: { 'x-mock-scenario': 'tool-calls' } },
    );
    expect(await collectToolCall(stream)).toEqual({ name: 'greet', arguments: { name: 'Hello from groq-sdk' }, finishReason: 'tool_calls' });
  });

  it('stops the stream on the server when the client breaks out of the loop', async () => {
    // 200 tokens at 20 a second, 10 s: the prompt's own 26 tokens (1.3 s) could end before a stalled process
    // got the break to the mock, and count as completed.
    const stream = await groq.chat.completions.create({ model: MODEL, messages, stream: true }, { headers: { 'x-mock-tokens-per-second': '20', 'x-mock-tokens': '200' } });
    for await (const chunk of stream) if (chunk.choices[0]?.delta.content) break;
    await waitUntil(() => server.stats().streamsAborted === 1);
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsAborted: 1, streamsCompleted: 0 });
  });
});
