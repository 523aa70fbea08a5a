import { describe, expect, test } from 'vitest';
import { StreamServerError } from './errors/stream-server-error.js';
import { Stream } from './stream.js';
import { createTestResponse } from './test/create-test-response.js';
import { readAll } from './test/read-all.js';
import type { ChatCompletion } from './types/chat-completion.js';
import type { ChatCompletionChunk } from './types/chat-completion-chunk.js';

// Shapes of streams that Groq sent to others and that they published as recorded (test cassettes, captures of
// live answers), rebuilt here with other ids and words: what those recordings show beyond the shapes of
// chat-completion-transcripts.test.ts. Each body is read as Groq wrote it (compact JSON), through `Stream`: the
// chunks as sent, the merged completion, the text deltas, and what a relay passes on.

function chunkOf(model: string, fingerprint: string) {
  const head = { id: 'chatcmpl-3f0c2a9e-5d41-4b8e-9c7a-61e2d0b4f5a8', object: 'chat.completion.chunk', created: 1771438841, model, system_fingerprint: fingerprint };
  return (delta: object, finish: string | null = null, extra: object = {}) => ({ ...head, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra });
}

const requestId = 'req_01khs2m4c7e9x8v3q5t6w7y8za';
const dataOf = (chunks: object[]): string => chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('');

interface Read {
  yielded: unknown[];
  error: unknown;
  completion: Promise<ChatCompletion>;
  text: { deltas: string[]; error: unknown };
  /** What `toSSEReadableStream()` of the body sends on. */
  relayed: string;
}

async function read(body: string): Promise<Read> {
  const stream = () => Stream.fromSSEResponse<ChatCompletionChunk>(createTestResponse([body]).response);
  const { items: yielded, error } = await readAll(stream());
  const completion = stream().finalChatCompletion();
  // Settled by the caller; caught here so that a failure is not reported as unhandled first.
  completion.catch(() => undefined);
  const { items: deltas, error: textError } = await readAll(stream().textDeltas());
  const relayed = await new Response(stream().toSSEReadableStream({ heartbeatMs: 0 })).text();
  return { yielded, error, completion, text: { deltas, error: textError }, relayed };
}

describe('Groq streams as others recorded them', () => {
  test("tool_choice required answered in text (gpt-oss): the chunks, then Groq's event: error with its status_code and no [DONE]", async () => {
    const chunk = chunkOf('openai/gpt-oss-120b', 'fp_c82faf3ca0');
    const chunks = [
      chunk({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId, seed: 581043163 } }),
      chunk({ reasoning: 'Answer in', channel: 'analysis' }),
      chunk({ reasoning: ' plain text.', channel: 'analysis' }),
      chunk({ content: 'maybe' }),
    ];
    const groqError = { message: 'Tool choice is required, but model did not call a tool', type: 'invalid_request_error', code: 'tool_use_failed', failed_generation: '', status_code: 400 };
    const { yielded, error, completion, text, relayed } = await read(`${dataOf(chunks)}event: error\ndata: ${JSON.stringify({ error: groqError })}\n\n`);
    expect(yielded).toEqual(chunks);
    expect(error).toBeInstanceOf(StreamServerError);
    const failure = error as StreamServerError;
    expect(failure.message).toMatch(/^The server reported an error mid-stream: Tool choice is required, but model did not call a tool\./);
    expect([failure.code, failure.type, failure.status]).toEqual(['tool_use_failed', 'invalid_request_error', 400]);
    // No x-request-id here (a recording keeps none): the event names no request, so the first chunk's x_groq.id does.
    expect(failure.requestId).toBe(requestId);
    // What the model wrote instead of a call, for an app that retries with it: empty here, as Groq sends it once the text has streamed.
    expect(failure.error).toEqual(groqError);
    await expect(completion).rejects.toBeInstanceOf(StreamServerError);
    expect(text.deltas).toEqual(['maybe']);
    expect(text.error).toBeInstanceOf(StreamServerError);
    expect(relayed.startsWith(dataOf(chunks))).toBe(true);
    expect(relayed).not.toContain('[DONE]');
    const frame = JSON.parse(relayed.slice(relayed.lastIndexOf('event: error\ndata: ') + 'event: error\ndata: '.length)) as { error: object };
    expect(frame.error).toMatchObject({ type: 'upstream_error', code: 'tool_use_failed', status: 400, requestId });
  });

  test('a gpt-oss tool call after its reasoning: one whole call, index last; content null, the reasoning joined, the token details kept', async () => {
    const chunk = chunkOf('openai/gpt-oss-120b', 'fp_e8236260a9');
    const usage = { queue_time: 0.005354561, prompt_tokens: 343, prompt_time: 0.016828877, completion_tokens: 180, completion_time: 0.379143995, total_tokens: 523, total_time: 0.395972872, completion_tokens_details: { reasoning_tokens: 153 } };
    const call = { id: 'fc_0d7c41a2-8e3b-4f6a-9b15-c2e4a7d8f903', type: 'function', function: { name: 'final_result', arguments: '{"response":"no"}' }, index: 0 };
    const chunks = [
      chunk({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId, seed: 622076399 } }),
      chunk({ reasoning: 'Call final_result', channel: 'analysis' }),
      chunk({ reasoning: ' with "no".', channel: 'analysis' }),
      chunk({ tool_calls: [call] }),
      chunk({}, 'tool_calls', { x_groq: { id: requestId, usage }, usage }),
    ];
    const body = `${dataOf(chunks)}data: [DONE]\n\n`;
    const { yielded, error, completion, text, relayed } = await read(body);
    expect(error).toBeUndefined();
    expect(yielded).toEqual(chunks);
    const result = await completion;
    expect(result.choices[0]).toMatchObject({
      index: 0,
      message: { role: 'assistant', content: null, reasoning: 'Call final_result with "no".', tool_calls: [{ id: call.id, type: 'function', function: call.function }] },
      finish_reason: 'tool_calls',
      logprobs: null,
    });
    // The reasoning pieces' channel is not kept: the message goes back as the next turn, where Groq refuses it.
    expect(result.choices[0]!.message).not.toHaveProperty('channel');
    expect(result.usage).toEqual(usage);
    expect(result.x_groq).toEqual({ id: requestId, seed: 622076399 });
    expect(text).toEqual({ deltas: [], error: undefined });
    expect(relayed).toBe(body);
  });

  test('kimi-k2: text, then each call whole in a chunk of its own, x_groq with the id only, and the include_usage chunk', async () => {
    const chunk = chunkOf('moonshotai/kimi-k2-instruct-0905', 'fp_b8565bb333');
    const usage = { queue_time: 0.220617465, prompt_tokens: 207, prompt_time: 0.020522486, completion_tokens: 58, completion_time: 0.137587356, total_tokens: 265, total_time: 0.158109842 };
    const add = { id: 'functions.add:0', type: 'function', function: { name: 'add', arguments: '{"a":2,"b":3}' } };
    const multiply = { id: 'functions.multiply:1', type: 'function', function: { name: 'multiply', arguments: '{"a":2,"b":3}' } };
    const chunks = [
      chunk({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId } }),
      chunk({ content: 'Adding and' }),
      chunk({ content: ' multiplying 2 and 3.' }),
      chunk({ tool_calls: [{ ...add, index: 0 }] }),
      chunk({ tool_calls: [{ ...multiply, index: 1 }] }),
      chunk({}, 'tool_calls', { x_groq: { id: requestId, usage }, usage }),
      { ...chunk({}), choices: [], usage, service_tier: 'on_demand' },
    ];
    const body = `${dataOf(chunks)}data: [DONE]\n\n`;
    const { yielded, error, completion, text, relayed } = await read(body);
    expect(error).toBeUndefined();
    expect(yielded).toEqual(chunks);
    const result = await completion;
    expect(result.choices).toEqual([
      { index: 0, message: { role: 'assistant', content: 'Adding and multiplying 2 and 3.', tool_calls: [add, multiply] }, finish_reason: 'tool_calls', logprobs: null },
    ]);
    expect(result).toMatchObject({ usage, service_tier: 'on_demand', x_groq: { id: requestId } });
    expect(result.x_groq).not.toHaveProperty('seed');
    expect(text).toEqual({ deltas: ['Adding and', ' multiplying 2 and 3.'], error: undefined });
    expect(relayed).toBe(body);
  });

  test('gpt-oss cut at max_tokens while reasoning: no text at all is an answer (content ""), not an error', async () => {
    const chunk = chunkOf('openai/gpt-oss-20b', 'fp_ef00694abe');
    const usage = { queue_time: 0.01628762, prompt_tokens: 73, prompt_time: 0.003557195, completion_tokens: 16, completion_time: 0.016187042, total_tokens: 89, total_time: 0.019744237, completion_tokens_details: { reasoning_tokens: 14 } };
    const chunks = [
      chunk({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId, seed: 917241710 } }),
      chunk({ reasoning: 'The user says', channel: 'analysis' }),
      chunk({ reasoning: ' "Say OK".', channel: 'analysis' }),
      chunk({}, 'length', { x_groq: { id: requestId, usage }, usage }),
      { ...chunk({}), choices: [], usage, service_tier: 'on_demand' },
    ];
    const { yielded, error, completion, text } = await read(`${dataOf(chunks)}data: [DONE]\n\n`);
    expect(error).toBeUndefined();
    expect(yielded).toEqual(chunks);
    expect((await completion).choices[0]).toMatchObject({ message: { role: 'assistant', content: '', reasoning: 'The user says "Say OK".' }, finish_reason: 'length' });
    expect(text).toEqual({ deltas: [], error: undefined });
  });

  test('compound-beta: no role chunk, an id of its own on every chunk, system_fingerprint null, usage only in x_groq, which has no id', async () => {
    let count = 0;
    // Each chunk as the Compound system sent it in September 2025: a new id every time, and `created` moving on.
    const chunk = (delta: object, finish: string | null = null, extra: object = {}, created = 1758144046) => ({
      id: `chatcmpl-0c1d2e3f-4a5b-4c6d-8e9f-${String(++count).padStart(12, '0')}`,
      object: 'chat.completion.chunk',
      created,
      model: 'groq/compound',
      system_fingerprint: null,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...extra,
    });
    const usage = { queue_time: 0.235881, prompt_tokens: 5003, prompt_time: 0.330548, completion_tokens: 359, completion_time: 0.87677, total_tokens: 5362, total_time: 1.207319 };
    const breakdown = { models: [{ model: 'llama-3.3-70b-versatile', usage }, { model: 'meta-llama/llama-4-scout-17b-16e-instruct', usage }] };
    const search = { index: 0, type: 'search', arguments: '{"query": "weather in Lyon today"}' };
    const found = { results: [{ title: 'Lyon weather', url: 'https://example.com/lyon', content: 'Cloudy, 14 °C', score: 0.9655062 }] };
    const chunks = [
      chunk({ reasoning: '<think>\nI will search.\n' }),
      chunk({ reasoning: '<tool>\nsearch(weather in Lyon today)\n' }),
      // The tool as it starts, with no results yet; then whole, with its output.
      chunk({ executed_tools: [{ ...search, search_results: { results: [] } }] }),
      chunk({ executed_tools: [{ ...search, output: 'Title: Lyon weather\nContent: Cloudy, 14 °C', search_results: found }] }, null, {}, 1758144049),
      chunk({ reasoning: '</tool>\n</think>\n' }, null, {}, 1758144049),
      chunk({ content: 'Cloudy, ' }, null, {}, 1758144049),
      chunk({ content: '14 °C.' }, null, {}, 1758144050),
      chunk({}, 'stop', { x_groq: { usage, usage_breakdown: breakdown } }, 1758144050),
    ];
    const body = `${dataOf(chunks)}data: [DONE]\n\n`;
    const { yielded, error, completion, text, relayed } = await read(body);
    expect(error).toBeUndefined();
    expect(yielded).toEqual(chunks);
    expect(await completion).toEqual({
      id: chunks[0]!.id,
      object: 'chat.completion',
      created: 1758144046,
      model: 'groq/compound',
      system_fingerprint: null,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Cloudy, 14 °C.',
            reasoning: '<think>\nI will search.\n<tool>\nsearch(weather in Lyon today)\n</tool>\n</think>\n',
            executed_tools: [{ ...search, search_results: found, output: 'Title: Lyon weather\nContent: Cloudy, 14 °C' }],
          },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage,
      usage_breakdown: breakdown,
    });
    expect(text).toEqual({ deltas: ['Cloudy, ', '14 °C.'], error: undefined });
    expect(relayed).toBe(body);
  });

  test('qwen3 with logprobs: a token whose top_logprobs hold one with bytes null, joined; the usage sent twice is the same', async () => {
    const chunk = chunkOf('qwen/qwen3-32b', 'fp_d58dbe76cd');
    const usage = { queue_time: 0.1910344, prompt_tokens: 12, prompt_time: 0.000266366, completion_tokens: 1, completion_time: 0.004549186, total_tokens: 13, total_time: 0.004815552 };
    const bytes = (text: string) => [...new TextEncoder().encode(text)];
    const token = {
      token: '<think>',
      logprob: 0,
      bytes: bytes('<think>'),
      top_logprobs: [
        { token: '<think>', logprob: 0, bytes: bytes('<think>') },
        { token: 'Okay', logprob: -15.249238, bytes: bytes('Okay') },
        { token: '', logprob: -16.635532, bytes: null },
      ],
    };
    const withLogprobs = { ...chunk({ content: '<think>' }), choices: [{ index: 0, delta: { content: '<think>' }, logprobs: { content: [token] }, finish_reason: null }] };
    const chunks = [
      chunk({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId, seed: 1312675382 } }),
      withLogprobs,
      chunk({}, 'length', { x_groq: { id: requestId, usage }, usage }),
      { ...chunk({}), choices: [], usage, service_tier: 'on_demand' },
    ];
    // Go's encoding/json, as Groq's, writes < and > as \u003c and \u003e.
    const body = `${dataOf(chunks).replaceAll('<', '\\u003c').replaceAll('>', '\\u003e')}data: [DONE]\n\n`;
    const { yielded, error, completion, text } = await read(body);
    expect(error).toBeUndefined();
    expect(yielded).toEqual(chunks);
    const result = await completion;
    expect(result.choices).toEqual([{ index: 0, message: { role: 'assistant', content: '<think>' }, finish_reason: 'length', logprobs: { content: [token] } }]);
    expect(result.usage).toEqual(usage);
    expect(text).toEqual({ deltas: ['<think>'], error: undefined });
  });
});
