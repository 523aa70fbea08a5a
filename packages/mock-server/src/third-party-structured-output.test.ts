import { createGroq } from '@ai-sdk/groq';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateObject, streamObject, type LanguageModel } from 'ai';
import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMockGroqServer, type MockGroqServer } from './create-mock-groq-server.js';

// Structured outputs (`response_format: { type: "json_schema" }`) read by other people's clients, which
// parse the content and validate it against the schema they sent. A model Groq documents `strict: true` for.

let server: MockGroqServer;
beforeAll(async () => {
  server = await createMockGroqServer();
});
afterAll(() => server.close());
beforeEach(() => server.resetStats());

const MODEL = 'openai/gpt-oss-20b';
const PROMPT = 'Describe a city for a structured answer';
const messages = [{ role: 'user' as const, content: PROMPT }];
// Strict mode as openai's helper writes it: every property required, optional ones nullable.
const City = z.object({
  name: z.string(),
  population: z.number().int().min(1),
  size: z.enum(['town', 'city']),
  districts: z.array(z.object({ name: z.string(), coastal: z.boolean() })),
  motto: z.string().nullable(),
});
const city = { name: PROMPT, population: 42, size: 'town', districts: [{ name: PROMPT, coastal: true }], motto: PROMPT };

/** The `response_format` of each request the mock saw. */
const responseFormats = () => server.requests().map(({ body }) => (body as { response_format?: unknown }).response_format);

describe('openai parse() with zodResponseFormat against the mock', () => {
  const openai = () => new OpenAI({ apiKey: 'test', baseURL: `${server.url}/openai/v1`, maxRetries: 0 });

  it('parses the answer, whole and streamed, into the schema’s type', async () => {
    const response_format = zodResponseFormat(City, 'city');
    const whole = await openai().chat.completions.parse({ model: MODEL, messages, response_format });
    const streamed = await openai().chat.completions.stream({ model: MODEL, messages, response_format }).finalChatCompletion();
    for (const completion of [whole, streamed]) {
      expect(completion.choices[0]).toMatchObject({ finish_reason: 'stop', message: { parsed: city } });
    }
    const sent = { type: 'json_schema', json_schema: { name: 'city', strict: true, schema: expect.objectContaining({ type: 'object' }) } };
    expect(responseFormats()).toEqual([sent, sent]);
  });
});

describe.each([
  { name: '@ai-sdk/groq', model: () => createGroq({ apiKey: 'test', baseURL: `${server.url}/openai/v1` })(MODEL) },
  // Without supportsStructuredOutputs it sends `{ type: "json_object" }` and no schema at all, which neither
  // Groq's model nor the mock could follow.
  {
    name: '@ai-sdk/openai-compatible',
    model: () => createOpenAICompatible({ name: 'groq', apiKey: 'test', baseURL: `${server.url}/openai/v1`, supportsStructuredOutputs: true }).chatModel(MODEL),
  },
] satisfies { name: string; model: () => LanguageModel }[])('ai with $name: objects', ({ model }) => {
  it('generates and streams an object that passes the zod schema', async () => {
    const generated = await generateObject({ model: model(), schema: City, prompt: PROMPT, maxRetries: 0 });
    expect(generated.object).toEqual(city);
    const streamed = streamObject({ model: model(), schema: City, prompt: PROMPT, maxRetries: 0 });
    const partials: unknown[] = [];
    for await (const partial of streamed.partialObjectStream) partials.push(partial);
    expect(partials.length).toBeGreaterThan(1);
    expect(partials.at(-1)).toEqual(city);
    expect(await streamed.object).toEqual(city);
    expect(responseFormats()).toEqual([0, 1].map(() => expect.objectContaining({ type: 'json_schema', json_schema: expect.objectContaining({ schema: expect.any(Object) }) })));
  });
});
