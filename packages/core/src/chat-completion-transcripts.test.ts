import { describe, expect, test } from 'vitest';
import { StreamServerError } from './errors/stream-server-error.js';
import { Stream } from './stream.js';
import { createTestResponse } from './test/create-test-response.js';
import { encodeSSETranscript } from './test/encode-sse-transcript.js';
import { readAll } from './test/read-all.js';
import type { ChatCompletion } from './types/chat-completion.js';
import type { ChatCompletionChunk } from './types/chat-completion-chunk.js';

// Transcripts shaped as Groq streams them (see /work/shared/GROQ-WIRE.md and groq-sdk's chunk types): every
// chunk repeats id, object, created, model and system_fingerprint; the first carries the role and
// `x_groq: { id, seed }`; the last the finish reason and the usage, in `x_groq.usage` and `usage`.

const requestId = 'req_01k88s37gyfaqa5ckqj4t7mrg8';
const usage = { queue_time: 0.19017122, prompt_tokens: 201, prompt_time: 0.021080836, completion_tokens: 61, completion_time: 0.201014516, total_tokens: 262, total_time: 0.222095352 };

function chunkOf(model: string) {
  const head = { id: 'chatcmpl-e0ee82dc-f97f-453e-94fc-c466bc702e1f', object: 'chat.completion.chunk', created: 1761231347, model, system_fingerprint: 'fp_05df423bab' };
  return (delta: object, finish: string | null = null, extra: object = {}) => ({ ...head, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra });
}

/** Reads the transcript through `Stream` twice over (a tee): the chunks as yielded, and the merged completion. */
async function read(chunks: object[]): Promise<{ yielded: unknown[]; error: unknown; completion: Promise<ChatCompletion> }> {
  const { response } = createTestResponse([encodeSSETranscript(chunks)]);
  const [forChunks, forCompletion] = Stream.fromSSEResponse<ChatCompletionChunk>(response).tee();
  const completion = forCompletion.finalChatCompletion();
  // Settled later by the caller; caught here so that a failure is not reported as unhandled first.
  completion.catch(() => undefined);
  const { items, error } = await readAll(forChunks);
  return { yielded: items, error, completion };
}

/**
 * The chunks as SSE text, spaced as Python's `json.dumps` writes (`"key": value`), which serialising again
 * would not give: a relay that passes a chunk on as the server wrote it keeps the spaces.
 */
function serverTextOf(chunks: object[]): string {
  // In JSON text a `":` outside a string ends a key; inside a string the quote is escaped (`\":`).
  return `${chunks.map((chunk) => `data: ${JSON.stringify(chunk).replace(/(?<!\\)":/g, '": ')}\n\n`).join('')}data: [DONE]\n\n`;
}

/** What a relay sends a browser for the transcript: `toSSEReadableStream()` of it, read whole. */
async function relay(chunks: object[]): Promise<string> {
  const { response } = createTestResponse([serverTextOf(chunks)]);
  return new Response(Stream.fromSSEResponse<ChatCompletionChunk>(response).toSSEReadableStream({ heartbeatMs: 0 })).text();
}

describe('Groq transcripts through Stream and finalChatCompletion', () => {
  test('a Compound answer: reasoning joined, executed tools completed by index, usage breakdown kept', async () => {
    const chunk = chunkOf('groq/compound');
    const search = { index: 0, type: 'search', arguments: '{"query":"weather in Paris today"}' };
    const searchResults = { results: [{ title: 'Paris forecast', url: 'https://example.com/paris', content: 'Sunny, 21 °C', score: 0.91 }] };
    const code = { index: 1, type: 'python', arguments: '{"code":"print(21 * 9 / 5 + 32)"}' };
    const breakdown = {
      models: [
        { model: 'openai/gpt-oss-120b', usage: { ...usage, completion_tokens: 40, total_tokens: 241 } },
        { model: 'llama-3.3-70b-versatile', usage: { ...usage, completion_tokens: 21, total_tokens: 222 } },
      ],
    };
    const chunks = [
      chunk({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId, seed: 1466325591 } }),
      chunk({ reasoning: 'I should search ' }),
      chunk({ reasoning: 'the web.', executed_tools: [search] }),
      chunk({ executed_tools: [{ ...search, output: 'Title: Paris forecast\nSunny, 21 °C', search_results: searchResults }] }),
      chunk({ reasoning: ' Convert to °F.' }),
      chunk({ executed_tools: [code] }),
      chunk({ executed_tools: [{ ...code, output: '69.8\n', code_results: [{ text: '69.8\n' }] }] }),
      chunk({ content: 'Sunny, 21 °C ' }),
      chunk({ content: '(69.8 °F).' }),
      chunk({}, 'stop', { x_groq: { id: requestId, usage, usage_breakdown: breakdown }, usage }),
    ];
    const { yielded, error, completion } = await read(chunks);
    expect(error).toBeUndefined();
    expect(yielded).toEqual(chunks);
    expect(await completion).toEqual({
      id: 'chatcmpl-e0ee82dc-f97f-453e-94fc-c466bc702e1f',
      object: 'chat.completion',
      created: 1761231347,
      model: 'groq/compound',
      system_fingerprint: 'fp_05df423bab',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Sunny, 21 °C (69.8 °F).',
            reasoning: 'I should search the web. Convert to °F.',
            executed_tools: [
              { ...search, output: 'Title: Paris forecast\nSunny, 21 °C', search_results: searchResults },
              { ...code, output: '69.8\n', code_results: [{ text: '69.8\n' }] },
            ],
          },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      usage,
      usage_breakdown: breakdown,
      x_groq: { id: requestId, seed: 1466325591 },
    });
  });

  test('parallel tool calls, whole in one delta and in pieces interleaved, are merged by index', async () => {
    const chunk = chunkOf('moonshotai/kimi-k2-instruct-0905');
    const chunks = [
      chunk({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId } }),
      chunk({
        tool_calls: [
          { id: 'functions.add:0', type: 'function', function: { name: 'add', arguments: '{"a":2,' }, index: 0 },
          { id: 'functions.multiply:1', type: 'function', function: { name: 'multiply', arguments: '' }, index: 1 },
        ],
      }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: '{"a":2,' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"b":3}' } }] }),
      chunk({ tool_calls: [{ index: 2, id: 'functions.add:2', type: 'function', function: { name: 'add', arguments: '{"a":5,"b":6}' } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: '"b":3}' } }] }),
      chunk({}, 'tool_calls', { x_groq: { id: requestId, usage }, usage }),
    ];
    const { yielded, error, completion } = await read(chunks);
    expect(error).toBeUndefined();
    expect(yielded).toEqual(chunks);
    const [choice] = (await completion).choices;
    expect(choice).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'functions.add:0', type: 'function', function: { name: 'add', arguments: '{"a":2,"b":3}' } },
          { id: 'functions.multiply:1', type: 'function', function: { name: 'multiply', arguments: '{"a":2,"b":3}' } },
          { id: 'functions.add:2', type: 'function', function: { name: 'add', arguments: '{"a":5,"b":6}' } },
        ],
      },
      finish_reason: 'tool_calls',
      logprobs: null,
    });
  });

  test('logprobs: the content tokens of every chunk are joined in order', async () => {
    const chunk = chunkOf('llama-3.1-8b-instant');
    const token = (text: string, logprob: number) => ({
      token: text,
      logprob,
      bytes: [...new TextEncoder().encode(text)],
      top_logprobs: [{ token: text, logprob, bytes: [...new TextEncoder().encode(text)] }],
    });
    const withLogprobs = (content: string, tokens: object[], finish: string | null = null, extra: object = {}) => {
      const value = chunk({ content }, finish, extra);
      return { ...value, choices: [{ ...value.choices[0]!, logprobs: { content: tokens } }] };
    };
    const chunks = [
      chunk({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId, seed: 7 } }),
      withLogprobs('Hello', [token('Hello', -0.0001)]),
      withLogprobs(' wor', [token(' wor', -0.3), token('', -9999)]),
      withLogprobs('ld!', [token('ld', -0.02), token('!', -0.5)]),
      chunk({}, 'stop', { x_groq: { id: requestId, usage }, usage }),
    ];
    const { yielded, error, completion } = await read(chunks);
    expect(error).toBeUndefined();
    expect(yielded).toEqual(chunks);
    const [choice] = (await completion).choices;
    expect(choice!.message.content).toBe('Hello world!');
    expect(choice!.logprobs).toEqual({ content: [token('Hello', -0.0001), token(' wor', -0.3), token('', -9999), token('ld', -0.02), token('!', -0.5)] });
  });

  test('logprobs: every token list is joined, not only content (OpenAI also sends refusal)', async () => {
    const chunk = chunkOf('llama-3.1-8b-instant');
    const token = (text: string) => ({ token: text, logprob: -0.1, bytes: null, top_logprobs: [] });
    const withLogprobs = (delta: object, logprobs: object, finish: string | null = null) => {
      const value = chunk(delta, finish);
      return { ...value, choices: [{ ...value.choices[0]!, logprobs }] };
    };
    const chunks = [
      withLogprobs({ role: 'assistant', content: 'I' }, { content: [token('I')], refusal: null }),
      withLogprobs({ content: ' can' }, { content: [token(' can')], refusal: [] }),
      withLogprobs({ content: 'not' }, { content: null, refusal: [token('not')] }),
      withLogprobs({}, { content: [token('.')], refusal: [token('!')] }, 'stop'),
    ];
    const { error, completion } = await read(chunks);
    expect(error).toBeUndefined();
    expect((await completion).choices[0]!.logprobs).toEqual({ content: [token('I'), token(' can'), token('.')], refusal: [token('not'), token('!')] });
  });

  test('refusal: the pieces an OpenAI-compatible server streams are joined, as content is', async () => {
    const chunk = chunkOf('llama-3.1-8b-instant');
    const chunks = [
      chunk({ role: 'assistant', content: '', refusal: null }),
      chunk({ refusal: 'I cannot ' }),
      chunk({ refusal: 'help with ' }),
      chunk({ refusal: null }),
      chunk({ refusal: 'that.' }),
      chunk({}, 'stop'),
    ];
    const { error, completion } = await read(chunks);
    expect(error).toBeUndefined();
    expect((await completion).choices[0]!.message).toEqual({ role: 'assistant', content: '', refusal: 'I cannot help with that.' });
    const plain = await read([chunk({ role: 'assistant', content: 'Hi', refusal: null }), chunk({ refusal: null }, 'stop')]);
    expect((await plain.completion).choices[0]!.message).toEqual({ role: 'assistant', content: 'Hi', refusal: null });
  });

  test('n=2: interleaved choices are kept apart by index, each with its own finish reason', async () => {
    const chunk = chunkOf('llama-3.3-70b-versatile');
    const two = (first: object, second: object, extra: object = {}) => {
      const value = chunk({}, null, extra);
      return { ...value, choices: [first, second] };
    };
    const choice = (index: number, delta: object, finish: string | null = null) => ({ index, delta, logprobs: null, finish_reason: finish });
    const chunks = [
      two(choice(0, { role: 'assistant', content: '' }), choice(1, { role: 'assistant', content: '' }), { x_groq: { id: requestId, seed: 3 } }),
      two(choice(1, { content: 'Deux' }), choice(0, { content: 'One' })),
      { ...chunk({ content: ', two' }), choices: [choice(0, { content: ', two' })] },
      { ...chunk({}), choices: [choice(1, { content: ', trois, qua' }, 'length')] },
      { ...chunk({}), choices: [choice(0, { content: '.' })] },
      { ...chunk({}, 'stop', { x_groq: { id: requestId, usage }, usage }) },
    ];
    const { yielded, error, completion } = await read(chunks);
    expect(error).toBeUndefined();
    expect(yielded).toEqual(chunks);
    expect((await completion).choices).toEqual([
      { index: 0, message: { role: 'assistant', content: 'One, two.' }, finish_reason: 'stop', logprobs: null },
      { index: 1, message: { role: 'assistant', content: 'Deux, trois, qua' }, finish_reason: 'length', logprobs: null },
    ]);
  });

  test('include_usage: a last chunk with no choices gives the usage and the service tier', async () => {
    const chunk = chunkOf('moonshotai/kimi-k2-instruct-0905');
    const usageChunk = { ...chunk({}), choices: [], usage, service_tier: 'on_demand' };
    const chunks = [chunk({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId } }), chunk({ content: 'Hi' }), chunk({}, 'stop'), usageChunk];
    const { yielded, error, completion } = await read(chunks);
    expect(error).toBeUndefined();
    expect(yielded).toEqual(chunks);
    const result = await completion;
    expect(result.usage).toEqual(usage);
    expect(result.service_tier).toBe('on_demand');
    expect(result.choices).toEqual([{ index: 0, message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop', logprobs: null }]);
  });

  test('include_usage after a last chunk that had the usage too (as Groq sends both): the usage is the same', async () => {
    const chunk = chunkOf('moonshotai/kimi-k2-instruct-0905');
    const chunks = [
      chunk({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId } }),
      chunk({ content: 'Hi' }),
      chunk({}, 'stop', { x_groq: { id: requestId, usage }, usage }),
      { ...chunk({}), choices: [], usage, service_tier: 'on_demand' },
    ];
    const { error, completion } = await read(chunks);
    expect(error).toBeUndefined();
    expect(await completion).toMatchObject({ usage, service_tier: 'on_demand', x_groq: { id: requestId } });
  });

  test('fields the merge does not know are kept, the latest value of each, as a whole answer would carry them', async () => {
    const chunk = chunkOf('openai/gpt-oss-120b');
    const debug = { input_token_ids: [1, 2], input_tokens: ['Hi', '!'], output_token_ids: [3], output_tokens: ['Hello'] };
    const tools = [{ id: 'mcp_1', server_label: 'docs', type: 'mcp_list_tools', tools: [{ name: 'search' }] }];
    const withChoiceField = (value: ReturnType<typeof chunk>, field: object) => ({ ...value, choices: [{ ...value.choices[0]!, ...field }] });
    const chunks = [
      chunk({ role: 'assistant', content: '', phase: 'draft' }, null, { x_groq: { id: requestId, seed: 5 }, mcp_list_tools: tools }),
      chunk({ content: 'Hi', phase: 'final' }, null, { usage: null }),
      withChoiceField(chunk({}, 'stop', { x_groq: { id: requestId, usage, debug }, usage, mcp_list_tools: null }), { stop_reason: 106 }),
    ];
    const { yielded, error, completion } = await read(chunks);
    expect(error).toBeUndefined();
    expect(yielded).toEqual(chunks);
    expect(await completion).toEqual({
      id: 'chatcmpl-e0ee82dc-f97f-453e-94fc-c466bc702e1f',
      object: 'chat.completion',
      created: 1761231347,
      model: 'openai/gpt-oss-120b',
      system_fingerprint: 'fp_05df423bab',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hi', phase: 'final' }, finish_reason: 'stop', logprobs: null, stop_reason: 106 }],
      usage,
      mcp_list_tools: tools,
      x_groq: { id: requestId, seed: 5, debug },
    });
  });

  test('fields of a tool call the merge does not know are kept on that call, the latest value of each', async () => {
    const chunk = chunkOf('openai/gpt-oss-120b');
    // A proxy for another model (Gemini's OpenAI-compatible API) sends a signature that must go back with the call.
    const signature = { google: { thought_signature: 'CsABAdHtim9' } };
    const chunks = [
      chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'search', arguments: '' }, extra_content: signature }] }),
      chunk({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'fetch', arguments: '{}' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"q":"x"}' }, extra_content: null }] }),
      chunk({}, 'tool_calls'),
    ];
    const { completion } = await read(chunks);
    expect((await completion).choices[0]!.message.tool_calls).toEqual([
      { id: 'call_a', type: 'function', function: { name: 'search', arguments: '{"q":"x"}' }, extra_content: signature },
      { id: 'call_b', type: 'function', function: { name: 'fetch', arguments: '{}' } },
    ]);
  });

  test('obfuscation, random padding an OpenAI-compatible server sends on each chunk, is not kept: a whole answer has none', async () => {
    const chunk = chunkOf('llama-3.3-70b-versatile');
    const chunks = [chunk({ role: 'assistant', content: '' }, null, { obfuscation: 'q8Zr' }), chunk({ content: 'Hi' }, 'stop', { obfuscation: 'w1' })];
    const { yielded, completion } = await read(chunks);
    expect(yielded).toEqual(chunks);
    expect(await completion).not.toHaveProperty('obfuscation');
  });

  test("a delta's channel, which gpt-oss's stream puts on each reasoning piece, is not kept: a whole answer has none, and Groq refuses it sent back", async () => {
    const chunk = chunkOf('openai/gpt-oss-120b');
    const chunks = [
      chunk({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId, seed: 5 } }),
      chunk({ reasoning: 'The user greets.', channel: 'analysis' }),
      chunk({ content: 'Hi' }),
      chunk({}, 'stop', { x_groq: { id: requestId, usage }, usage }),
    ];
    const { yielded, completion } = await read(chunks);
    expect(yielded).toEqual(chunks);
    // The message a whole answer from Groq has, fit to push back as the next turn's assistant message.
    expect((await completion).choices[0]!.message).toEqual({ role: 'assistant', content: 'Hi', reasoning: 'The user greets.' });
  });

  test('a field named __proto__ is kept as a field, and changes no prototype', async () => {
    const chunk = chunkOf('llama-3.3-70b-versatile');
    const text = `data: ${JSON.stringify(chunk({ content: 'Hi' }, 'stop')).replace('"delta":{', '"delta":{"__proto__":{"polluted":true},').replace('"id":', '"__proto__":{"polluted":true},"id":')}\n\ndata: [DONE]\n\n`;
    const { response } = createTestResponse([text]);
    const completion = await Stream.fromSSEResponse<ChatCompletionChunk>(response).finalChatCompletion();
    const message = completion.choices[0]!.message;
    expect(Object.getPrototypeOf(completion)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(message)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(completion, '__proto__')?.value).toEqual({ polluted: true });
    expect(Object.getOwnPropertyDescriptor(message, '__proto__')?.value).toEqual({ polluted: true });
    expect(message.content).toBe('Hi');
  });

  test('x_groq.error: the chunks before it and the one carrying it are yielded, then the stream throws; no completion', async () => {
    const chunk = chunkOf('openai/gpt-oss-20b');
    const chunks = [
      chunk({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId, seed: 9 } }),
      chunk({ reasoning: 'Let me think' }),
      chunk({ content: 'The answer' }),
      chunk({}, 'stop', { x_groq: { id: requestId, error: 'Service Unavailable: the model is over capacity, please retry' } }),
    ];
    const { yielded, error, completion } = await read(chunks);
    expect(yielded).toEqual(chunks);
    expect(error).toBeInstanceOf(StreamServerError);
    expect((error as StreamServerError).message).toContain('over capacity');
    expect((error as StreamServerError).requestId).toBe(requestId);
    await expect(completion).rejects.toBeInstanceOf(StreamServerError);
  });

  test('a reasoning model: reasoning joined apart from content, the seed of the last chunk and usage with its token details kept', async () => {
    const chunk = chunkOf('openai/gpt-oss-120b');
    // groq-sdk: x_groq.seed is sent in the final chunk; usage may break its tokens down (prompt cache, reasoning).
    const detailed = { ...usage, prompt_tokens_details: { cached_tokens: 128 }, completion_tokens_details: { reasoning_tokens: 45 } };
    const chunks = [
      chunk({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId } }),
      chunk({ reasoning: 'The user asks ' }),
      chunk({ reasoning: 'for 2 + 2.' }),
      chunk({ content: '2 + 2 ' }),
      chunk({ content: '= 4' }),
      chunk({}, 'stop', { x_groq: { id: requestId, seed: 1185379466, usage: detailed }, usage: detailed }),
    ];
    const { yielded, error, completion } = await read(chunks);
    expect(error).toBeUndefined();
    expect(yielded).toEqual(chunks);
    const result = await completion;
    expect(result.choices).toEqual([{ index: 0, message: { role: 'assistant', content: '2 + 2 = 4', reasoning: 'The user asks for 2 + 2.' }, finish_reason: 'stop', logprobs: null }]);
    expect(result.usage).toEqual(detailed);
    expect(result.x_groq).toEqual({ id: requestId, seed: 1185379466 });
    expect(await relay(chunks)).toBe(serverTextOf(chunks));
  });

  test("null parts as Groq has sent them pass the chunk checks and are kept: a breakdown's models, the token details, a chunk's own usage_breakdown", async () => {
    // Groq's answers of spring 2025 for models that are not Compound carried `"usage_breakdown":{"models":null}`
    // (groq-sdk types `models` as a list), later ones `"usage_breakdown":null`; the token details come as
    // `null` when there are none, and x_groq.usage may carry the cache counters of a whole answer's x_groq.
    const chunk = chunkOf('llama-3.3-70b-versatile');
    const nullDetails = { ...usage, prompt_tokens_details: null, completion_tokens_details: null };
    const chunks = [
      chunk({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId, seed: 1321871292 }, usage: null, usage_breakdown: null, service_tier: 'on_demand' }),
      chunk({ content: 'Hi' }, null, { service_tier: 'on_demand' }),
      chunk({}, 'stop', {
        x_groq: { id: requestId, usage: { ...nullDetails, sram_cached_tokens: 0, dram_cached_tokens: 16 }, usage_breakdown: { models: null } },
        usage: nullDetails,
        service_tier: 'on_demand',
      }),
    ];
    const { yielded, error, completion } = await read(chunks);
    expect(error).toBeUndefined();
    expect(yielded).toEqual(chunks);
    expect(await completion).toMatchObject({
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop', logprobs: null }],
      usage: nullDetails,
      usage_breakdown: { models: null },
      service_tier: 'on_demand',
      x_groq: { id: requestId, seed: 1321871292 },
    });
    expect(await relay(chunks)).toBe(serverTextOf(chunks));
  });

  test('a Compound answer with a browser and a chart: browser results, code results with a PNG and a chart kept whole', async () => {
    const chunk = chunkOf('groq/compound');
    const browse = { index: 0, type: 'browser_automation', arguments: '{"query":"rain in Paris this week"}' };
    const pages = [{ title: 'Paris: 7-day forecast', url: 'https://example.com/paris/week', content: 'Mon 2.5 mm, Tue 0 mm', live_view_url: 'https://example.com/live/1' }];
    const code = { index: 1, type: 'python', arguments: '{"code":"plot(rain)"}' };
    const chart = { type: 'bar', title: 'Rain (mm)', x_label: 'Day', y_label: 'mm', elements: [{ label: 'Mon', value: 2.5 }, { label: 'Tue', value: 0 }] };
    const codeResults = [{ text: '<Figure>', png: 'iVBORw0KGgoAAAANSUhEUg==', chart }];
    const chunks = [
      chunk({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId, seed: 42 } }),
      chunk({ executed_tools: [browse] }),
      chunk({ executed_tools: [{ ...browse, output: 'Mon 2.5 mm, Tue 0 mm', browser_results: pages }] }),
      chunk({ executed_tools: [code] }),
      chunk({ executed_tools: [{ ...code, output: '<Figure>', code_results: codeResults }] }),
      chunk({ content: 'Rain on Monday only.' }),
      chunk({}, 'stop', { x_groq: { id: requestId, usage, usage_breakdown: null }, usage }),
    ];
    const { yielded, error, completion } = await read(chunks);
    expect(error).toBeUndefined();
    expect(yielded).toEqual(chunks);
    const result = await completion;
    expect(result.choices[0]!.message.executed_tools).toEqual([
      { ...browse, output: 'Mon 2.5 mm, Tue 0 mm', browser_results: pages },
      { ...code, output: '<Figure>', code_results: codeResults },
    ]);
    expect(result.usage).toEqual(usage);
    expect(await relay(chunks)).toBe(serverTextOf(chunks));
  });

  test('annotations: citations of the documents sent are kept in the order they came', async () => {
    const chunk = chunkOf('llama-3.3-70b-versatile');
    const cite = (documentId: string, start: number, end: number) => ({ type: 'document_citation', document_citation: { document_id: documentId, start_index: start, end_index: end } });
    const chunks = [
      chunk({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId, seed: 11 } }),
      chunk({ content: 'Paris is the capital.' }),
      chunk({ content: ' It has 2.1 million people.', annotations: [cite('doc_1', 0, 21)] }),
      chunk({ annotations: [cite('doc_2', 22, 48), { type: 'function_citation', function_citation: { tool_call_id: 'call_9', start_index: 25, end_index: 36 } }] }),
      chunk({}, 'stop', { x_groq: { id: requestId, usage }, usage }),
    ];
    const { yielded, error, completion } = await read(chunks);
    expect(error).toBeUndefined();
    expect(yielded).toEqual(chunks);
    expect((await completion).choices[0]!.message).toEqual({
      role: 'assistant',
      content: 'Paris is the capital. It has 2.1 million people.',
      annotations: [cite('doc_1', 0, 21), cite('doc_2', 22, 48), { type: 'function_citation', function_citation: { tool_call_id: 'call_9', start_index: 25, end_index: 36 } }],
    });
    expect(await relay(chunks)).toBe(serverTextOf(chunks));
  });

  test('finish reasons: length cuts the text short, and a deprecated function_call ends with function_call and its joined arguments', async () => {
    const chunk = chunkOf('llama-3.1-8b-instant');
    const cut = [
      chunk({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId, seed: 1 } }),
      chunk({ content: 'Once upon a' }),
      chunk({}, 'length', { x_groq: { id: requestId, usage }, usage }),
    ];
    const short = await read(cut);
    expect(short.error).toBeUndefined();
    expect(short.yielded).toEqual(cut);
    expect((await short.completion).choices).toEqual([{ index: 0, message: { role: 'assistant', content: 'Once upon a' }, finish_reason: 'length', logprobs: null }]);
    expect(await relay(cut)).toBe(serverTextOf(cut));

    const called = [
      chunk({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId, seed: 2 } }),
      chunk({ function_call: { name: 'get_weather', arguments: '' } }),
      chunk({ function_call: { arguments: '{"city":' } }),
      chunk({ function_call: { arguments: '"Paris"}' } }),
      chunk({}, 'function_call', { x_groq: { id: requestId, usage }, usage }),
    ];
    const call = await read(called);
    expect(call.error).toBeUndefined();
    expect(call.yielded).toEqual(called);
    expect((await call.completion).choices).toEqual([
      { index: 0, message: { role: 'assistant', content: null, function_call: { name: 'get_weather', arguments: '{"city":"Paris"}' } }, finish_reason: 'function_call', logprobs: null },
    ]);
    expect(await relay(called)).toBe(serverTextOf(called));
  });

  test('tool calls without index (an OpenAI-compatible server that leaves it out): yielded as sent, merged by id, relayed byte for byte', async () => {
    const chunk = chunkOf('some/openai-compatible-model');
    const chunks = [
      chunk({ role: 'assistant', content: null }),
      chunk({ tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'add', arguments: '{"a":2,' } }] }),
      chunk({ tool_calls: [{ function: { arguments: '"b":3}' } }] }),
      chunk({ tool_calls: [{ id: 'call_2', type: 'function', function: { name: 'multiply', arguments: '{"a":2,"b":3}' } }] }),
      chunk({}, 'tool_calls'),
    ];
    const { yielded, error, completion } = await read(chunks);
    expect(error).toBeUndefined();
    expect(yielded).toEqual(chunks);
    expect((await completion).choices[0]?.message.tool_calls).toEqual([
      { id: 'call_1', type: 'function', function: { name: 'add', arguments: '{"a":2,"b":3}' } },
      { id: 'call_2', type: 'function', function: { name: 'multiply', arguments: '{"a":2,"b":3}' } },
    ]);
    expect(await relay(chunks)).toBe(serverTextOf(chunks));
  });

  test('the relay passes the Compound, tool call and include_usage transcripts on byte for byte', async () => {
    const compound = chunkOf('groq/compound');
    const kimi = chunkOf('moonshotai/kimi-k2-instruct-0905');
    const search = { index: 0, type: 'search', arguments: '{"query":"weather in Paris today"}' };
    const breakdown = { models: [{ model: 'openai/gpt-oss-120b', usage }] };
    const transcripts = [
      [
        compound({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId, seed: 1466325591 } }),
        compound({ reasoning: 'I should search.', executed_tools: [search] }),
        compound({ executed_tools: [{ ...search, output: 'Sunny, 21 °C', search_results: { results: [{ title: 'Paris', url: 'https://example.com/paris', content: 'Sunny', score: 0.91 }] } }] }),
        compound({ content: 'Sunny, 21 °C.' }),
        compound({}, 'stop', { x_groq: { id: requestId, usage, usage_breakdown: breakdown }, usage }),
      ],
      [
        kimi({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId } }),
        kimi({
          tool_calls: [
            { id: 'functions.add:0', type: 'function', function: { name: 'add', arguments: '{"a":2,"b":3}' }, index: 0 },
            { id: 'functions.multiply:1', type: 'function', function: { name: 'multiply', arguments: '{"a":2,"b":3}' }, index: 1 },
          ],
        }),
        kimi({}, 'tool_calls', { x_groq: { id: requestId, usage }, usage }),
      ],
      [kimi({ role: 'assistant', content: '' }, null, { x_groq: { id: requestId } }), kimi({ content: 'Hi' }), kimi({}, 'stop'), { ...kimi({}), choices: [], usage, service_tier: 'on_demand' }],
    ];
    for (const chunks of transcripts) {
      // Spaced, so a chunk serialised again would differ.
      expect(serverTextOf(chunks)).toContain('{"id": "chatcmpl-');
      expect(await relay(chunks)).toBe(serverTextOf(chunks));
    }
  });
});
