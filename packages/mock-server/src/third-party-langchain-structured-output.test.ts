import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatGroq } from '@langchain/groq';
import { ChatOpenAI } from '@langchain/openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMockGroqServer, type MockGroqServer } from './create-mock-groq-server.js';
import { generateAnswerTokens } from './generate-answer.js';

// LangChain's withStructuredOutput against the mock, in each of its three ways of asking: a forced tool call
// (`functionCalling`), `response_format: { type: "json_schema" }` (`jsonSchema`, strict structured outputs,
// which Groq documents for its gpt-oss models) and `{ type: "json_object" }` (`jsonMode`). LangChain parses
// the answer and validates it against the zod schema, as it would Groq's.

let server: MockGroqServer;
beforeAll(async () => {
  server = await createMockGroqServer();
});
afterAll(() => server.close());
beforeEach(() => server.resetStats());

const MODEL = 'openai/gpt-oss-20b';
const PROMPT = 'Describe a city for LangChain';
// Every property required, the optional one nullable: what strict mode wants, and what both clients send.
const City = z.object({
  name: z.string(),
  population: z.number().int().min(1),
  size: z.enum(['town', 'city']),
  districts: z.array(z.object({ name: z.string(), coastal: z.boolean() })),
  motto: z.string().nullable(),
});
// What a model bound by that schema could answer, and what the mock does.
const city = { name: PROMPT, population: 42, size: 'town', districts: [{ name: PROMPT, coastal: true }], motto: PROMPT };
// JSON mode sends no schema: the mock's JSON object is `{"answer": <the usual answer>}`.
const Answer = z.object({ answer: z.string() });

/** What each request the mock saw asked for: its tool_choice and response_format. */
const asked = () =>
  server.requests().map(({ body }) => {
    const { tool_choice, response_format } = body as { tool_choice?: unknown; response_format?: unknown };
    return { tool_choice, response_format };
  });

describe.each([
  { name: 'ChatGroq (@langchain/groq)', chat: (): BaseChatModel => new ChatGroq({ model: MODEL, apiKey: 'test', baseUrl: server.url, maxRetries: 0 }) },
  {
    name: 'ChatOpenAI (@langchain/openai)',
    chat: (): BaseChatModel => new ChatOpenAI({ model: MODEL, apiKey: 'test', maxRetries: 0, configuration: { baseURL: `${server.url}/openai/v1` } }),
  },
])('$name withStructuredOutput against the mock', ({ chat }) => {
  it('parses a forced tool call (functionCalling) into the schema’s type, invoked and streamed', async () => {
    const structured = chat().withStructuredOutput(City, { name: 'city', method: 'functionCalling' });
    expect(await structured.invoke(PROMPT)).toEqual(city);
    const partials = [];
    for await (const partial of await structured.stream(PROMPT)) partials.push(partial);
    expect(partials.length).toBeGreaterThan(1); // partial objects as the arguments stream in
    expect(partials.at(-1)).toEqual(city);
    const forced = { tool_choice: { type: 'function', function: { name: 'city' } }, response_format: undefined };
    expect(asked()).toEqual([forced, forced]);
  });

  it('parses a json_schema answer (jsonSchema, the default for this model) into the schema’s type, with the raw message', async () => {
    const structured = chat().withStructuredOutput(City, { name: 'city', includeRaw: true });
    const { parsed, raw } = await structured.invoke(PROMPT);
    expect(parsed).toEqual(city);
    expect(JSON.parse(raw.content as string)).toEqual(city);
    expect(raw.response_metadata).toMatchObject({ finish_reason: 'stop' });
    const partials = [];
    for await (const partial of await chat().withStructuredOutput(City, { name: 'city' }).stream(PROMPT)) partials.push(partial);
    expect(partials.at(-1)).toEqual(city);
    const jsonSchema = { type: 'json_schema', json_schema: expect.objectContaining({ name: 'city', strict: true, schema: expect.objectContaining({ type: 'object' }) }) };
    expect(asked()).toEqual([0, 1].map(() => ({ tool_choice: undefined, response_format: jsonSchema })));
  });

  it('parses a json_object answer (jsonMode)', async () => {
    const structured = chat().withStructuredOutput(Answer, { method: 'jsonMode' });
    expect(await structured.invoke(PROMPT)).toEqual({ answer: generateAnswerTokens(PROMPT).join('') });
    expect(asked()).toEqual([{ tool_choice: undefined, response_format: { type: 'json_object' } }]);
  });
});
