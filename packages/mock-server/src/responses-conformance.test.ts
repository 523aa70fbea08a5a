import { createOpenAI } from '@ai-sdk/openai';
import { generateText, Output } from 'ai';
import OpenAI from 'openai';
import { zodTextFormat } from 'openai/helpers/zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generateAnswerTokens } from './generate-answer.js';
import { MODEL, postResponses, readResponseEvents, scenarioHeaders, useMockServer } from './test/mock-test-helpers.js';

// What the mock's Responses API sends, held against the fields that openai's own types
// (openai/resources/responses/responses.d.ts) mark required: `Response`, each `ResponseStreamEvent`,
// `ResponseOutputMessage`, `ResponseFunctionToolCall`, `ResponseUsage`. A field missing or of the wrong type is
// a client that breaks on the real API's shape, which the mock stands in for.

const server = useMockServer();

const PROMPT = 'Name a crater on the moon';
const TOKENS = generateAnswerTokens(PROMPT);
const weatherTool = {
  type: 'function',
  name: 'get_weather',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: true,
};

type Check = (value: unknown) => boolean;
const string: Check = (value) => typeof value === 'string';
const number: Check = (value) => typeof value === 'number' && Number.isFinite(value);
const integer: Check = (value) => Number.isInteger(value);
const boolean: Check = (value) => typeof value === 'boolean';
const array: Check = (value) => Array.isArray(value);
const object: Check = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const nullable =
  (check: Check): Check =>
  (value) =>
    value === null || check(value);
const either =
  (...checks: Check[]): Check =>
  (value) =>
    checks.some((check) => check(value));
const literal =
  (wanted: unknown): Check =>
  (value) =>
    value === wanted;

// Every field the types mark required (no `?`), with the type it must have.
const RESPONSE: Record<string, Check> = {
  id: string,
  created_at: number,
  error: nullable(object),
  incomplete_details: nullable(object),
  instructions: nullable(either(string, array)),
  metadata: nullable(object),
  model: string,
  object: literal('response'),
  output: array,
  parallel_tool_calls: boolean,
  temperature: nullable(number),
  tool_choice: either(string, object),
  tools: array,
  top_p: nullable(number),
};
const USAGE: Record<string, Check> = { input_tokens: integer, input_tokens_details: object, output_tokens: integer, output_tokens_details: object, total_tokens: integer };
const MESSAGE: Record<string, Check> = { id: string, content: array, role: literal('assistant'), status: string, type: literal('message') };
const OUTPUT_TEXT: Record<string, Check> = { annotations: array, text: string, type: literal('output_text') };
const FUNCTION_CALL: Record<string, Check> = { arguments: string, call_id: string, name: string, type: literal('function_call') };
const located = { item_id: string, output_index: integer, sequence_number: integer };
const EVENTS: Record<string, Record<string, Check>> = {
  'response.created': { response: object, sequence_number: integer },
  'response.in_progress': { response: object, sequence_number: integer },
  'response.completed': { response: object, sequence_number: integer },
  'response.incomplete': { response: object, sequence_number: integer },
  'response.failed': { response: object, sequence_number: integer },
  'response.output_item.added': { item: object, output_index: integer, sequence_number: integer },
  'response.output_item.done': { item: object, output_index: integer, sequence_number: integer },
  'response.content_part.added': { ...located, content_index: integer, part: object },
  'response.content_part.done': { ...located, content_index: integer, part: object },
  'response.output_text.delta': { ...located, content_index: integer, delta: string, logprobs: array },
  'response.output_text.done': { ...located, content_index: integer, text: string, logprobs: array },
  'response.function_call_arguments.delta': { ...located, delta: string },
  'response.function_call_arguments.done': { ...located, arguments: string, name: string },
  error: { code: nullable(string), message: string, param: nullable(string), sequence_number: integer },
};

function problemsOf(value: unknown, fields: Record<string, Check>, path: string): string[] {
  if (!object(value)) return [`${path} is not an object`];
  const record = value as Record<string, unknown>;
  return Object.entries(fields).flatMap(([name, check]) => (check(record[name]) ? [] : [`${path}.${name} is ${JSON.stringify(record[name])}`]));
}

function itemProblems(item: unknown, path: string): string[] {
  const record = item as Record<string, unknown>;
  if (record.type === 'function_call') return problemsOf(item, FUNCTION_CALL, path);
  const problems = problemsOf(item, MESSAGE, path);
  const content = Array.isArray(record.content) ? record.content : [];
  return [...problems, ...content.flatMap((part, index) => problemsOf(part, OUTPUT_TEXT, `${path}.content.${index}`))];
}

function responseProblems(response: unknown, path: string): string[] {
  const problems = problemsOf(response, RESPONSE, path);
  const record = response as Record<string, unknown>;
  const output = Array.isArray(record.output) ? record.output : [];
  problems.push(...output.flatMap((item, index) => itemProblems(item, `${path}.output.${index}`)));
  if (record.usage !== null && record.usage !== undefined) problems.push(...problemsOf(record.usage, USAGE, `${path}.usage`));
  return problems;
}

/** What in one stream breaks openai's types, or the stream's own numbering and indexing. */
function streamProblems(events: Record<string, any>[]): string[] {
  const problems: string[] = [];
  const items: Record<string, any>[] = [];
  for (const [index, event] of events.entries()) {
    const path = `${index}:${event.type}`;
    const fields = EVENTS[event.type];
    if (fields === undefined) {
      problems.push(`${path} is not an event type openai knows`);
      continue;
    }
    problems.push(...problemsOf(event, fields, path));
    if (event.sequence_number !== index) problems.push(`${path}.sequence_number is ${event.sequence_number}, not ${index}`);
    if ('response' in event) problems.push(...responseProblems(event.response, `${path}.response`));
    if ('item' in event) {
      problems.push(...itemProblems(event.item, `${path}.item`));
      if (event.type === 'response.output_item.added') items[event.output_index] = event.item;
      else if (items[event.output_index]?.id !== event.item.id) problems.push(`${path} is done with an item that was not added at ${event.output_index}`);
    }
    if ('item_id' in event && items[event.output_index]?.id !== event.item_id) problems.push(`${path}.item_id is not the id of item ${event.output_index}`);
  }
  return problems;
}

// Ids and times differ between two requests; everything else of the answer must not.
function withoutIds(response: Record<string, any>): Record<string, any> {
  const output = response.output.map((item: Record<string, any>) => ({ ...item, id: 'item', ...(item.call_id === undefined ? {} : { call_id: 'call' }) }));
  return { ...response, id: 'resp', created_at: 0, completed_at: response.completed_at === null ? null : 0, output };
}

async function streamed(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Record<string, any>[]> {
  const response = await postResponses(server.url, { ...body, stream: true }, headers);
  expect(response.status).toBe(200);
  return readResponseEvents(response);
}

async function notStreamed(body: Record<string, unknown>): Promise<Record<string, any>> {
  const response = await postResponses(server.url, body);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, any>;
}

describe('Responses API events and objects hold what openai types require', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['text', { model: MODEL, input: PROMPT, instructions: 'Be brief.' }],
    ['a function call', { model: MODEL, input: PROMPT, tools: [weatherTool], tool_choice: 'required' }],
    ['an answer cut by max_output_tokens', { model: MODEL, input: PROMPT, max_output_tokens: 4 }],
  ];
  for (const [name, body] of cases) {
    it(`${name}: every event typed, numbered in order, indexed to its item; the last response equals the one not streamed`, async () => {
      const events = await streamed(body);
      expect(streamProblems(events)).toEqual([]);
      const whole = await notStreamed(body);
      expect(responseProblems(whole, 'response')).toEqual([]);
      expect(withoutIds(events.at(-1)!.response)).toEqual(withoutIds(whole));
    });
  }

  it('stopped-early: response.failed with its error, typed', async () => {
    const events = await streamed({ model: MODEL, input: PROMPT }, scenarioHeaders('stopped-early'));
    expect(streamProblems(events)).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'response.failed', response: { status: 'failed', error: { code: 'server_error', message: expect.any(String) } } });
  });

  it('mid-stream-error: the error event carries code, message and param at its top level, as openai types it', async () => {
    const events = await streamed({ model: MODEL, input: PROMPT }, scenarioHeaders('mid-stream-error'));
    expect(streamProblems(events)).toEqual([]);
    const error = events.at(-1)!;
    expect(error).toMatchObject({ type: 'error', message: expect.stringContaining('mid-stream-error'), code: expect.any(String), param: null });
    // The nested form that openai's stream reader raises as an APIError, and that the AI SDK reads too.
    expect(error.error).toMatchObject({ message: error.message, code: error.code });
  });
});

describe("openai's responses.stream() helper against the mock", () => {
  const client = () => new OpenAI({ apiKey: 'test', baseURL: `${server.url}/openai/v1`, maxRetries: 0 });

  it('text: derived delta events carry the snapshot so far; finalResponse() is the completed response', async () => {
    const stream = client().responses.stream({ model: MODEL, input: PROMPT });
    const snapshots: string[] = [];
    stream.on('response.output_text.delta', (event) => snapshots.push(event.snapshot));
    let doneText = '';
    stream.on('response.output_text.done', (event) => (doneText = event.text));
    const final = await stream.finalResponse();
    expect(snapshots).toEqual(TOKENS.map((_, index) => TOKENS.slice(0, index + 1).join('')));
    expect(doneText).toBe(TOKENS.join(''));
    expect(final).toMatchObject({ status: 'completed', output_text: TOKENS.join('') });
  });

  it('a function call: argument snapshots build the arguments; finalResponse() holds the call', async () => {
    const stream = client().responses.stream({ model: MODEL, input: PROMPT, tools: [weatherTool as OpenAI.Responses.FunctionTool], tool_choice: 'required' });
    const snapshots: string[] = [];
    stream.on('response.function_call_arguments.delta', (event) => snapshots.push(event.snapshot));
    const final = await stream.finalResponse();
    const call = final.output[0];
    expect(call).toMatchObject({ type: 'function_call', name: 'get_weather', status: 'completed' });
    expect(snapshots.at(-1)).toBe(call?.type === 'function_call' ? call.arguments : undefined);
    expect(JSON.parse(snapshots.at(-1)!)).toEqual({ city: PROMPT });
    expect(final.output_text).toBe('');
  });

  it('max_output_tokens: finalResponse() is incomplete, with the text cut to the limit', async () => {
    const final = await client().responses.stream({ model: MODEL, input: PROMPT, max_output_tokens: 4 }).finalResponse();
    expect(final).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output_text: TOKENS.slice(0, 4).join('') });
  });

  it('mid-stream-error: finalResponse() rejects with an APIError naming the failure', async () => {
    const stream = client().responses.stream({ model: MODEL, input: PROMPT }, { headers: scenarioHeaders('mid-stream-error') });
    await expect(stream.finalResponse()).rejects.toThrow(OpenAI.APIError);
  });
});

describe('images and structured output from third-party clients', () => {
  const client = () => new OpenAI({ apiKey: 'test', baseURL: `${server.url}/openai/v1`, maxRetries: 0 });
  const aiModel = () => createOpenAI({ apiKey: 'test', baseURL: `${server.url}/openai/v1` }).responses(MODEL);

  it("openai's input_image parts (a URL with detail, a data: URL) are answered from the text beside them", async () => {
    const content = [
      { type: 'input_text' as const, text: PROMPT },
      { type: 'input_image' as const, image_url: 'https://example.com/moon.png', detail: 'low' as const },
      { type: 'input_image' as const, image_url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'auto' as const },
    ];
    const response = await client().responses.create({ model: 'meta-llama/llama-4-scout-17b-16e-instruct', input: [{ role: 'user', content }] });
    expect(response.output_text).toBe(TOKENS.join(''));
  });

  it("the AI SDK's image parts (bytes and a URL) go as input_image and are answered", async () => {
    const image = new Uint8Array([137, 80, 78, 71]);
    const result = await generateText({
      model: aiModel(),
      messages: [{ role: 'user', content: [{ type: 'text', text: PROMPT }, { type: 'image', image, mediaType: 'image/png' }, { type: 'image', image: new URL('https://example.com/moon.png') }] }],
    });
    expect(result.text).toBe(TOKENS.join(''));
  });

  it("openai's responses.parse() with zodTextFormat gets output_parsed that fits the schema, streamed or not", async () => {
    const Crater = z.object({ name: z.string(), diameterKm: z.number(), visible: z.boolean(), kind: z.enum(['impact', 'volcanic']), tags: z.array(z.string()) });
    const format = zodTextFormat(Crater, 'crater');
    const parsed = await client().responses.parse({ model: MODEL, input: PROMPT, text: { format } });
    expect(Crater.parse(parsed.output_parsed)).toEqual(parsed.output_parsed);
    const streamed = await client().responses.stream({ model: MODEL, input: PROMPT, text: { format } }).finalResponse();
    expect(streamed.output_parsed).toEqual(parsed.output_parsed);
  });

  it("the AI SDK's Output.object reads an object that fits the schema", async () => {
    const schema = z.object({ city: z.string(), days: z.number().int() });
    const result = await generateText({ model: aiModel(), prompt: 'Lyon', output: Output.object({ schema }) });
    expect(schema.parse(result.output)).toEqual(result.output);
  });
});
