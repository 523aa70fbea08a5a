import { describe, expect, test } from 'vitest';
import { ChatCompletionAccumulator } from './chat-completion-accumulator.js';
import { Stream } from './stream.js';
import { StreamInvalidDataError } from './errors/stream-invalid-data-error.js';
import { StreamServerError } from './errors/stream-server-error.js';
import { StreamTruncatedError } from './errors/stream-truncated-error.js';
import { createChunkTranscript } from './test/create-chunk-transcript.js';
import { createTestResponse } from './test/create-test-response.js';
import { encodeSSETranscript } from './test/encode-sse-transcript.js';
import { readAll } from './test/read-all.js';
import { splitBytes } from './test/split-bytes.js';
import type { ChatCompletionChunk } from './types/chat-completion-chunk.js';

const base = { id: 'chatcmpl-9', object: 'chat.completion.chunk', created: 1700000000, model: 'llama-3.3-70b-versatile', system_fingerprint: 'fp_1' } as const;
const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, queue_time: 0.01, prompt_time: 0.002, completion_time: 0.02, total_time: 0.022 };

function streamOf(chunks: unknown[], headers: HeadersInit = {}): Stream<ChatCompletionChunk> {
  const { response } = createTestResponse([encodeSSETranscript(chunks)], { headers });
  return Stream.fromSSEResponse<ChatCompletionChunk>(response);
}

describe('finalChatCompletion', () => {
  test('merges content, reasoning, finish reasons, usage, the seed and the request id', async () => {
    const completion = await streamOf(
      [
        { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }], x_groq: { id: 'req_7', seed: 1 } },
        { ...base, choices: [{ index: 0, delta: { reasoning: 'Think ' }, finish_reason: null }] },
        { ...base, choices: [{ index: 0, delta: { reasoning: 'hard.' }, finish_reason: null }] },
        { ...base, choices: [{ index: 0, delta: { content: 'Hé' }, finish_reason: null }] },
        { ...base, choices: [{ index: 0, delta: { content: 'llo 😀' }, finish_reason: null }] },
        { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'length' }], x_groq: { id: 'req_7', usage }, usage },
      ],
      { 'x-request-id': 'req_7' },
    ).finalChatCompletion();
    expect(completion).toEqual({
      id: 'chatcmpl-9',
      object: 'chat.completion',
      created: 1700000000,
      model: 'llama-3.3-70b-versatile',
      system_fingerprint: 'fp_1',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Héllo 😀', reasoning: 'Think hard.' }, finish_reason: 'length', logprobs: null }],
      usage,
      x_groq: { id: 'req_7', seed: 1 },
    });
  });

  test('merges tool calls by index and joins their argument pieces', async () => {
    const call = (index: number, fields: object) => ({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index, ...fields }] }, finish_reason: null }] });
    const completion = await streamOf([
      { ...base, choices: [{ index: 0, delta: { role: 'assistant' }, finish_reason: null }] },
      call(0, { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } }),
      call(1, { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{"tz":' } }),
      call(0, { function: { arguments: '{"city":' } }),
      call(0, { function: { arguments: '"Paris"}' } }),
      call(1, { function: { arguments: '"CET"}' } }),
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
    ]).finalChatCompletion();
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    expect(completion.choices[0]?.message.content).toBeNull();
    expect(completion.choices[0]?.message.tool_calls).toEqual([
      { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{"tz":"CET"}' } },
    ]);
  });

  test('tool call pieces without index, one call per delta: a piece with an id starts a call, one without goes on with the latest', async () => {
    const call = (fields: object, finish: string | null = null) => ({ ...base, choices: [{ index: 0, delta: { tool_calls: [fields] }, finish_reason: finish }] });
    const completion = await streamOf([
      { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
      call({ id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":' } }),
      call({ function: { arguments: '"Paris"}' } }),
      call({ id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '' } }),
      call({ index: null, function: { arguments: '{"tz":' } }),
      // A server that repeats the id on every piece goes on with that call.
      call({ id: 'call_b', function: { arguments: '"CET"}' } }),
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
    ]).finalChatCompletion();
    expect(completion.choices[0]?.message).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{"tz":"CET"}' } },
      ],
    });
  });

  test('whole tool calls without index, several in one delta, stay apart; after indexed calls they come next', async () => {
    const calls = (list: object[], finish: string | null = null) => ({ ...base, choices: [{ index: 0, delta: { tool_calls: list }, finish_reason: finish }] });
    const whole = (id: string, name: string) => ({ id, type: 'function', function: { name, arguments: '{}' } });
    const completion = await streamOf([calls([whole('call_a', 'a'), whole('call_b', 'b')]), calls([{ index: 0, function: { arguments: '' } }], 'tool_calls')]).finalChatCompletion();
    expect(completion.choices[0]?.message.tool_calls).toEqual([whole('call_a', 'a'), whole('call_b', 'b')]);
    const mixed = await streamOf([calls([{ index: 0, ...whole('call_a', 'a') }]), calls([whole('call_b', 'b')], 'tool_calls')]).finalChatCompletion();
    expect(mixed.choices[0]?.message.tool_calls).toEqual([whole('call_a', 'a'), whole('call_b', 'b')]);
  });

  test('a name repeated in later pieces of a call is kept once, not doubled', async () => {
    const call = (fields: object, finish: string | null = null) => ({ ...base, choices: [{ index: 0, delta: fields, finish_reason: finish }] });
    const completion = await streamOf([
      call({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":' } }] }),
      call({ tool_calls: [{ index: 0, function: { name: 'get_weather', arguments: '"Paris"}' } }] }),
      call({ function_call: { name: 'get_time', arguments: '{}' } }),
      call({ function_call: { name: 'get_time' } }, 'tool_calls'),
    ]).finalChatCompletion();
    expect(completion.choices[0]?.message.tool_calls).toEqual([{ id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }]);
    expect(completion.choices[0]?.message.function_call).toEqual({ name: 'get_time', arguments: '{}' });
  });

  test("completes a Compound model's executed tools by index, and keeps annotations and the usage breakdown", async () => {
    const delta = (fields: object, finish: string | null = null) => ({ ...base, model: 'groq/compound', choices: [{ index: 0, delta: fields, finish_reason: finish }] });
    const search = { index: 0, type: 'search', arguments: '{"query":"weather Paris"}' };
    const results = { results: [{ title: 'Paris weather', url: 'https://example.com/paris', content: 'Sunny', score: 0.9 }] };
    const code = { index: 1, type: 'python', arguments: '{"code":"print(1+1)"}' };
    const citation = { type: 'document_citation', document_citation: { document_id: 'doc_1', start_index: 0, end_index: 5 } };
    const breakdown = { models: [{ model: 'openai/gpt-oss-120b', usage }] };
    const completion = await streamOf([
      delta({ role: 'assistant', content: '' }),
      delta({ reasoning: 'Searching.', executed_tools: [search] }),
      delta({ executed_tools: [{ ...search, output: 'Sunny, 21 °C', search_results: results }] }),
      delta({ executed_tools: [code] }),
      delta({ executed_tools: [{ ...code, output: '2' }] }),
      delta({ content: 'Sunny.', annotations: [citation] }),
      { ...delta({}, 'stop'), x_groq: { id: 'req_8', usage, usage_breakdown: breakdown } },
    ]).finalChatCompletion();
    expect(completion.choices[0]?.message).toEqual({
      role: 'assistant',
      content: 'Sunny.',
      reasoning: 'Searching.',
      executed_tools: [
        { ...search, output: 'Sunny, 21 °C', search_results: results },
        { ...code, output: '2' },
      ],
      annotations: [citation],
    });
    expect(completion.usage_breakdown).toEqual(breakdown);
    expect(completion.x_groq).toEqual({ id: 'req_8' });
  });

  test('a later sighting of an executed tool with output: null (or search_results: null) keeps what came before; a null alone stays null', async () => {
    const delta = (fields: object, finish: string | null = null) => ({ ...base, model: 'groq/compound', choices: [{ index: 0, delta: fields, finish_reason: finish }] });
    const search = { index: 0, type: 'search', arguments: '{"query":"weather Paris"}' };
    const results = { results: [{ title: 'Paris weather', url: 'https://example.com/paris', content: 'Sunny', score: 0.9 }] };
    const code = { index: 1, type: 'python', arguments: '{"code":"print(1+1)"}' };
    const completion = await streamOf([
      delta({ role: 'assistant', content: '', executed_tools: [{ ...search, output: null }] }),
      delta({ executed_tools: [{ ...search, output: 'Sunny, 21 °C', search_results: results }] }),
      delta({ executed_tools: [{ ...search, output: null, search_results: null }, { ...code, output: null }] }),
      delta({ content: 'Sunny.' }, 'stop'),
    ]).finalChatCompletion();
    expect(completion.choices[0]?.message.executed_tools).toEqual([
      { ...search, output: 'Sunny, 21 °C', search_results: results },
      { ...code, output: null },
    ]);
  });

  test('keeps the service tier, and the usage of a last chunk without choices (include_usage)', async () => {
    const completion = await streamOf([
      { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: null }], service_tier: 'on_demand' },
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], service_tier: 'on_demand' },
      { ...base, choices: [], usage, service_tier: 'on_demand' },
    ]).finalChatCompletion();
    expect(completion).toMatchObject({ service_tier: 'on_demand', usage, choices: [{ message: { content: 'Hi' }, finish_reason: 'stop' }] });
  });

  test('an answer that only calls tools has content null, as the whole completion has', async () => {
    const completion = await streamOf([
      { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
    ]).finalChatCompletion();
    expect(completion.choices[0]!.message.content).toBeNull();
  });

  test('a tool call at a huge index is kept by its index, not by filling an array up to it', () => {
    const accumulator = new ChatCompletionAccumulator();
    accumulator.add({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 4294967294, id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] }, finish_reason: 'tool_calls' }] });
    expect(accumulator.toChatCompletion().choices[0]!.message.tool_calls).toEqual([{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }]);
  });

  test('works through a Proxy, as a reactive store (Vue reactive(), MobX) wraps it: no private field to miss', () => {
    const accumulator = new Proxy(new ChatCompletionAccumulator('req_7'), {});
    accumulator.add({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: null }] });
    accumulator.add({ ...base, choices: [{ index: 0, delta: { content: ' there' }, finish_reason: 'stop' }] });
    expect(accumulator.toChatCompletion().choices[0]!.message.content).toBe('Hi there');
  });

  test('a completion taken mid-stream is a copy: later chunks and changes by its reader leave it as it was', () => {
    const accumulator = new ChatCompletionAccumulator();
    const call = (args: string) => ({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: args } }] }, finish_reason: null }] });
    accumulator.add({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '' } }] }, finish_reason: null }] });
    accumulator.add(call('{"a"'));
    const early = accumulator.toChatCompletion();
    accumulator.add(call(':1}'));
    expect(early.choices[0]!.message.tool_calls![0]!.function.arguments).toBe('{"a"');
    const late = accumulator.toChatCompletion();
    late.choices[0]!.message.tool_calls![0]!.function.arguments = 'changed';
    expect(accumulator.toChatCompletion().choices[0]!.message.tool_calls![0]!.function.arguments).toBe('{"a":1}');
  });

  test("usage is the top-level usage, as a non-streamed ChatCompletion.usage is; x_groq.usage only stands in when no chunk sent one", async () => {
    const groqOwn = { ...usage, queue_time: 0.5, total_time: 0.522 };
    const opening = { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: null }] };
    const last = (fields: object) => ({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], ...fields });
    const usageOf = async (chunks: unknown[]) => (await streamOf(chunks).finalChatCompletion()).usage;
    // Both on the last chunk, differing: the top-level one.
    expect(await usageOf([opening, last({ x_groq: { id: 'req_1', usage: groqOwn }, usage })])).toEqual(usage);
    // Whatever the order: x_groq.usage coming after the top-level one does not replace it.
    expect(await usageOf([opening, last({ usage }), { ...base, choices: [], x_groq: { id: 'req_1', usage: groqOwn } }])).toEqual(usage);
    // Only one of them, or the other null: that one.
    expect(await usageOf([opening, last({ x_groq: { id: 'req_1', usage: groqOwn } })])).toEqual(groqOwn);
    expect(await usageOf([opening, last({ x_groq: { id: 'req_1', usage: groqOwn }, usage: null })])).toEqual(groqOwn);
    expect(await usageOf([opening, last({ x_groq: { id: 'req_1', usage: null }, usage })])).toEqual(usage);
    // A later null erases neither.
    expect(await usageOf([opening, last({ usage }), { ...base, choices: [], usage: null, x_groq: { id: 'req_1', usage: null } }])).toEqual(usage);
  });

  test('a top-level usage that is not an object is refused also beside an x_groq.usage', async () => {
    const last = { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], x_groq: { id: 'req_1', usage }, usage: 'all' };
    const completion = streamOf([last]).finalChatCompletion();
    await expect(completion).rejects.toBeInstanceOf(StreamInvalidDataError);
    await expect(completion).rejects.toThrow('usage is not an object: "all"');
  });

  test.each([
    ['usage.total_tokens is not a number: "15"', { usage: { ...usage, total_tokens: '15' } }],
    ['usage.prompt_tokens_details is not an object: 128', { usage: { ...usage, prompt_tokens_details: 128 } }],
    ['usage.completion_tokens_details.reasoning_tokens is not a number: "45"', { usage: { ...usage, completion_tokens_details: { reasoning_tokens: '45' } } }],
    ['x_groq.usage.prompt_tokens_details.cached_tokens is not a number: a list of 1 item', { x_groq: { id: 'req_1', usage: { ...usage, prompt_tokens_details: { cached_tokens: [128] } } } }],
    ['x_groq.usage.sram_cached_tokens is not a number: "0"', { x_groq: { id: 'req_1', usage: { ...usage, sram_cached_tokens: '0' } } }],
  ])('a chunk added by hand whose %s is refused as the stream refuses it, not kept as the completion\'s usage', (said, fields) => {
    // From a reader that does not check the chunks (groq-sdk's stream, a relay's NDJSON): the usage would be the
    // completion's, a number typed as one that is not.
    const accumulator = new ChatCompletionAccumulator('req_1');
    accumulator.add({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: null }] });
    const last = { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], ...fields } as unknown as ChatCompletionChunk;
    expect(() => accumulator.add(last)).toThrow(StreamInvalidDataError);
    expect(() => accumulator.add(last)).toThrow(`The server sent a chunk whose ${said} [request req_1]`);
  });

  test.each([
    ['mcp_list_tools is not a list: "tools"', 'tools'],
    ['mcp_list_tools[1] is not an object: "search"', [{ type: 'mcp_list_tools', server_label: 'docs', tools: [] }, 'search']],
  ])('a chunk whose %s is refused: finalChatCompletion() keeps it whole, typed as a list of objects', (said, mcpListTools) => {
    // The stream does not look at it (no chunk type declares it), but the merge keeps it as the completion's own.
    const accumulator = new ChatCompletionAccumulator('req_1');
    const chunk = { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: null }], mcp_list_tools: mcpListTools } as unknown as ChatCompletionChunk;
    expect(() => accumulator.add(chunk)).toThrow(StreamInvalidDataError);
    expect(() => accumulator.add(chunk)).toThrow(`The server sent a chunk whose ${said} [request req_1]`);
  });

  test("a chunk's mcp_list_tools list of objects is kept, and null erases nothing", () => {
    const accumulator = new ChatCompletionAccumulator();
    const listed = [{ id: 'mcpl_1', type: 'mcp_list_tools', server_label: 'docs', tools: [{ name: 'search' }] }];
    accumulator.add({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: null }], mcp_list_tools: listed } as unknown as ChatCompletionChunk);
    accumulator.add({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], mcp_list_tools: null } as unknown as ChatCompletionChunk);
    expect(accumulator.toChatCompletion().mcp_list_tools).toEqual(listed);
  });

  test('a chunk added by hand keeps token details as servers send them: null, left out, or with members no type names', () => {
    const accumulator = new ChatCompletionAccumulator();
    const detailed = { ...usage, prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: null } };
    accumulator.add({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: null }], usage: { ...usage, prompt_tokens_details: null } });
    accumulator.add({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: detailed } as unknown as ChatCompletionChunk);
    expect(accumulator.toChatCompletion().usage).toEqual(detailed);
  });

  test('keeps x_groq fields it does not merge with their latest value, beside the id, and leaves usage at the top level', async () => {
    const completion = await streamOf([
      { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: null }], x_groq: { id: 'req_9', region: 'us-east', seed: 3 } },
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], x_groq: { id: 'req_9', region: 'eu-west', queue: null, usage } },
    ]).finalChatCompletion();
    expect(completion.x_groq).toEqual({ id: 'req_9', seed: 3, region: 'eu-west', queue: null });
    expect(completion.usage).toEqual(usage);
  });

  test('takes id, model and created from the answer, not from an opening content-filter chunk whose id and model are empty', async () => {
    const completion = await streamOf([
      { id: '', object: '', created: 0, model: '', choices: [], prompt_filter_results: [{ prompt_index: 0 }] },
      { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
    ]).finalChatCompletion();
    expect(completion).toMatchObject({ id: base.id, model: base.model, created: base.created, prompt_filter_results: [{ prompt_index: 0 }] });
    expect(completion.choices[0]?.message.content).toBe('Hi');
  });

  test("a chunk's own usage_breakdown, as Groq also sends it, is the completion's; x_groq's is when both came", async () => {
    const stop = { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] };
    const breakdown = { models: [{ model: 'openai/gpt-oss-120b', usage }] };
    const other = { models: [{ model: 'llama-3.3-70b-versatile', usage }] };
    const first = { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: null }], usage_breakdown: null };
    const alone = await streamOf([first, { ...stop, usage_breakdown: breakdown }]).finalChatCompletion();
    expect(alone.usage_breakdown).toEqual(breakdown);
    const both = await streamOf([first, { ...stop, usage_breakdown: other, x_groq: { id: 'req_9', usage_breakdown: breakdown } }]).finalChatCompletion();
    expect(both.usage_breakdown).toEqual(breakdown);
    // Only ever null, as Groq sends it for a model that is not Compound: kept so, as a whole answer carries it.
    expect((await streamOf([first, stop]).finalChatCompletion()).usage_breakdown).toBeNull();
  });

  test('x_groq fields sent as null are treated as absent', async () => {
    const completion = await streamOf([
      { ...base, choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }], x_groq: { id: null, seed: null } },
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], x_groq: { id: null, usage: null, usage_breakdown: null } },
    ]).finalChatCompletion();
    expect(completion).not.toHaveProperty('x_groq');
    expect(completion).not.toHaveProperty('usage');
    expect(completion).not.toHaveProperty('usage_breakdown');
  });

  test('joins the pieces of a deprecated function_call', async () => {
    const delta = (function_call: object, finish: string | null = null) => ({ ...base, choices: [{ index: 0, delta: { function_call }, finish_reason: finish }] });
    const completion = await streamOf([delta({ name: 'get_time', arguments: '' }), delta({ arguments: '{"tz":' }), delta({ arguments: '"CET"}' }, 'function_call')]).finalChatCompletion();
    expect(completion.choices[0]?.message.function_call).toEqual({ name: 'get_time', arguments: '{"tz":"CET"}' });
    expect(completion.choices[0]?.finish_reason).toBe('function_call');
  });

  test('keeps choices apart', async () => {
    const delta = (index: number, content: string, finish: string | null = null) => ({ ...base, choices: [{ index, delta: { content }, finish_reason: finish }] });
    const completion = await streamOf([delta(1, 'b'), delta(0, 'a'), delta(0, 'A', 'stop'), delta(1, 'B', 'stop')]).finalChatCompletion();
    expect(completion.choices.map((choice) => [choice.index, choice.message.content])).toEqual([
      [0, 'aA'],
      [1, 'bB'],
    ]);
  });

  test('matches the transcript text and usage', async () => {
    const chunks = createChunkTranscript({ chunks: 60, seed: 4 });
    const completion = await streamOf(chunks).finalChatCompletion();
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(completion.choices[0]?.message.content).toBe(text);
    expect(completion.usage).toEqual(chunks.at(-1)?.x_groq?.usage);
  });

  test('a cut-off stream throws rather than returning a partial answer', async () => {
    const chunks = createChunkTranscript({ chunks: 20, seed: 4 }).slice(0, 10);
    const { response } = createTestResponse([encodeSSETranscript(chunks, { done: false })]);
    await expect(Stream.fromSSEResponse<ChatCompletionChunk>(response).finalChatCompletion()).rejects.toBeInstanceOf(StreamTruncatedError);
  });
});

describe('bad data from the server', () => {
  const choiceWith = (fields: object) => ({ ...base, choices: [{ index: 0, delta: {}, finish_reason: null, ...fields }] });
  const deltaWith = (delta: object) => choiceWith({ delta });
  // Each was a TypeError or RangeError from deep inside the merge, or a non-string handed out as text.
  test.each([
    ['annotations: 5', deltaWith({ annotations: 5 }), 'choices[0].delta.annotations is not a list: 5'],
    ['annotations: {}', deltaWith({ annotations: {} }), 'choices[0].delta.annotations is not a list: an object'],
    ['annotations: [1]', deltaWith({ annotations: [1] }), 'choices[0].delta.annotations[0] is not an object: 1'],
    ['logprobs.content: 7', choiceWith({ logprobs: { content: 7 } }), 'choices[0].logprobs.content is not a list: 7'],
    ['logprobs: "yes"', choiceWith({ logprobs: 'yes' }), 'choices[0].logprobs is not an object: "yes"'],
    ['tool_calls: {}', deltaWith({ tool_calls: {} }), 'choices[0].delta.tool_calls is not a list: an object'],
    ['tool_calls: [[]]', deltaWith({ tool_calls: [[]] }), 'choices[0].delta.tool_calls[0] is not an object: a list of 0 items'],
    ['a tool call id: 5', deltaWith({ tool_calls: [{ index: 0, id: 5 }] }), 'choices[0].delta.tool_calls[0].id is not text: 5'],
    ['a tool call function: 5', deltaWith({ tool_calls: [{ index: 0, function: 5 }] }), 'choices[0].delta.tool_calls[0].function is not an object: 5'],
    ['a tool call name: {toString: 1}', deltaWith({ tool_calls: [{ index: 0, function: { name: { toString: 1 } } }] }), 'choices[0].delta.tool_calls[0].function.name is not text: an object'],
    ['tool call arguments: [1, 2]', deltaWith({ tool_calls: [{ index: 0, function: { arguments: [1, 2] } }] }), 'choices[0].delta.tool_calls[0].function.arguments is not text: a list of 2 items'],
    ['executed_tools: 5', deltaWith({ executed_tools: 5 }), 'choices[0].delta.executed_tools is not a list: 5'],
    ['executed_tools: [7]', deltaWith({ executed_tools: [7] }), 'choices[0].delta.executed_tools[0] is not an object: 7'],
    ['function_call: true', deltaWith({ function_call: true }), 'choices[0].delta.function_call is not an object: true'],
    ['function_call.arguments: {}', deltaWith({ function_call: { arguments: {} } }), 'choices[0].delta.function_call.arguments is not text: an object'],
    ['content: 42', deltaWith({ content: 42 }), 'choices[0].delta.content is not text: 42'],
    ['reasoning: {}', deltaWith({ reasoning: {} }), 'choices[0].delta.reasoning is not text: an object'],
    ['refusal: 7', deltaWith({ refusal: 7 }), 'choices[0].delta.refusal is not text: 7'],
    ['refusal: ["no"]', deltaWith({ refusal: ['no'] }), 'choices[0].delta.refusal is not text: a list of 1 item'],
    ['delta: 5', deltaWith(5 as unknown as object), 'choices[0].delta is not an object: 5'],
    ['finish_reason: 1', choiceWith({ finish_reason: 1 }), 'choices[0].finish_reason is not text: 1'],
    ['x_groq.usage_breakdown: "all"', { ...deltaWith({}), x_groq: { usage_breakdown: 'all' } }, 'x_groq.usage_breakdown is not an object: "all"'],
    ['usage: [1]', { ...deltaWith({}), usage: [1] }, 'usage is not an object: a list of 1 item'],
    ['usage_breakdown: "all"', { ...deltaWith({}), usage_breakdown: 'all' }, 'usage_breakdown is not an object: "all"'],
  ])('%s is StreamInvalidDataError naming the field', (_, chunk, message) => {
    const accumulator = new ChatCompletionAccumulator('req_5');
    const error = catchError(() => accumulator.add(chunk as ChatCompletionChunk));
    expect(error).toBeInstanceOf(StreamInvalidDataError);
    expect((error as Error).message).toContain(`The server sent a chunk whose ${message} [request req_5]`);
    expect((error as StreamInvalidDataError).requestId).toBe('req_5');
  });

  test.each([
    ['annotations: 5', { annotations: 5 }, /choices\[0\]\.delta\.annotations is not a list: 5 /],
    ['logprobs: {content: 7}', undefined, /choices\[0\]\.logprobs\.content is not a list: 7 /],
  ])('in finalChatCompletion, %s is StreamInvalidDataError, not a TypeError', async (_, delta, message) => {
    const chunk = delta === undefined ? { ...base, choices: [{ index: 0, delta: {}, logprobs: { content: 7 }, finish_reason: null }] } : { ...base, choices: [{ index: 0, delta, finish_reason: null }] };
    const error = await streamOf([chunk], { 'x-request-id': 'req_6' }).finalChatCompletion().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StreamInvalidDataError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain('[request req_6]');
  });

  // JSON.parse reads any depth, but the message used to be built with JSON.stringify, which overflowed the stack.
  const deep = (open: string, inner: string, close: string) => `${open.repeat(100_000)}${inner}${close.repeat(100_000)}`;
  test.each([
    ['an object as tool_calls', `"tool_calls":${deep('{"a":', '1', '}')}`, /tool_calls is not a list: an object\./],
    ['an object as a tool call index', `"tool_calls":[{"index":${deep('{"a":', '1', '}')}}]`, /tool_calls\[0\]\.index is not a whole number from 0: an object\./],
    ['lists as tool_calls', `"tool_calls":${deep('[', '', ']')}`, /tool_calls\[0\] is not an object: a list of 1 item\./],
    ['lists as a tool call name', `"tool_calls":[{"index":0,"function":{"name":${deep('[', '', ']')}}}]`, /function\.name is not text: a list of 1 item\./],
  ])('%s nested 100,000 levels deep is StreamInvalidDataError with a short message', async (_, field, message) => {
    const frame = `data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{${field}},"finish_reason":null}]}\n\ndata: [DONE]\n\n`;
    const error = await Stream.fromSSEResponse<ChatCompletionChunk>(createTestResponse([frame]).response).finalChatCompletion().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StreamInvalidDataError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message.length).toBeLessThan(400);
  });

  test('a string in a message is a bounded excerpt with credentials redacted', () => {
    const key = `gsk_${'x'.repeat(60)}`;
    const error = catchError(() => new ChatCompletionAccumulator().add(deltaWith({ tool_calls: [{ index: `${key} ${'y'.repeat(10_000)}` }] }) as unknown as ChatCompletionChunk));
    expect(error).toBeInstanceOf(StreamInvalidDataError);
    const message = (error as Error).message;
    expect(message).toContain('gsk_[redacted]');
    expect(message).not.toContain('xxxx');
    expect(message).toMatch(/characters in all/);
    expect((error as StreamInvalidDataError).data).not.toContain('xxxx');
  });

  test('a list of 200,000 annotations is merged, not passed as arguments (which overflowed the stack)', () => {
    const accumulator = new ChatCompletionAccumulator();
    const annotations = Array.from({ length: 200_000 }, (_, index) => ({ type: 'document_citation', document_citation: { document_id: `d${index}`, start_index: 0, end_index: 1 } }));
    accumulator.add(deltaWith({ content: 'x', annotations }) as unknown as ChatCompletionChunk);
    expect(accumulator.toChatCompletion().choices[0]!.message.annotations).toHaveLength(200_000);
  });

  test('logprobs are joined across chunks, and a completion taken mid-stream keeps its own list', () => {
    const token = (text: string) => ({ token: text, logprob: -0.1, bytes: null, top_logprobs: [] });
    const accumulator = new ChatCompletionAccumulator();
    accumulator.add(choiceWith({ delta: { content: 'a' }, logprobs: { content: [token('a')] } }) as unknown as ChatCompletionChunk);
    const early = accumulator.toChatCompletion();
    accumulator.add(choiceWith({ delta: { content: 'b' }, logprobs: { content: [token('b')] } }) as unknown as ChatCompletionChunk);
    expect(early.choices[0]!.logprobs).toEqual({ content: [token('a')] });
    expect(accumulator.toChatCompletion().choices[0]!.logprobs).toEqual({ content: [token('a'), token('b')] });
  });

  test('a logprobs list the server sent only as null stays null, as content does, until a list of that name comes', () => {
    const token = (text: string) => ({ token: text, logprob: -0.1, bytes: null, top_logprobs: [] });
    const accumulator = new ChatCompletionAccumulator();
    // OpenAI sends refusal: null beside the content tokens of an answer that refused nothing.
    accumulator.add(choiceWith({ delta: { content: 'a' }, logprobs: { content: [token('a')], refusal: null } }) as unknown as ChatCompletionChunk);
    accumulator.add(choiceWith({ delta: { content: 'b' }, logprobs: { content: [token('b')], refusal: null } }) as unknown as ChatCompletionChunk);
    expect(accumulator.toChatCompletion().choices[0]!.logprobs).toStrictEqual({ content: [token('a'), token('b')], refusal: null });
    // A list, then a null: the null does not replace the tokens.
    accumulator.add(choiceWith({ delta: { refusal: 'no' }, logprobs: { content: null, refusal: [token('no')] } }) as unknown as ChatCompletionChunk);
    accumulator.add(choiceWith({ delta: {}, logprobs: { content: null, refusal: null } }) as unknown as ChatCompletionChunk);
    expect(accumulator.toChatCompletion().choices[0]!.logprobs).toStrictEqual({ content: [token('a'), token('b')], refusal: [token('no')] });
    // No list at all is no logprobs, as a whole answer without them has.
    const none = new ChatCompletionAccumulator();
    none.add(choiceWith({ delta: { content: 'a' }, logprobs: { content: null, refusal: null } }) as unknown as ChatCompletionChunk);
    expect(none.toChatCompletion().choices[0]!.logprobs).toBeNull();
  });

  test('a stream that is only [DONE] is StreamInvalidDataError, not a TypeError', async () => {
    const { response } = createTestResponse(['data: [DONE]\n\n'], { headers: { 'x-request-id': 'req_9' } });
    const error = await Stream.fromSSEResponse<ChatCompletionChunk>(response).finalChatCompletion().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StreamInvalidDataError);
    expect((error as Error).message).toMatch(/^No chunks were received, so there is no completion to build: the stream ended before its first chunk \[request req_9\]\. .*check baseURL/);
    expect((error as StreamInvalidDataError).requestId).toBe('req_9');
    expect(catchError(() => new ChatCompletionAccumulator().toChatCompletion())).toBeInstanceOf(StreamInvalidDataError);
  });
});

describe('finalChatCompletion of a stream without chat completion chunks', () => {
  const others = [{ type: 'ping' }, { event: 'progress', id: 'job_1', choices: null }];
  const noChunks = /^The stream held no chat completion chunk: none of the objects it gave has a choices list \[request req_4\]\. The server or a proxy sent something that is not a chat-completion chunk; check baseURL and any proxy in between\.$/;
  const ndjson = () => new Response(others.map((other) => `${JSON.stringify(other)}\n`).join('')).body!;
  test.each([
    ['NDJSON read with Stream.fromReadableStream', () => Stream.fromReadableStream<ChatCompletionChunk>(ndjson(), undefined, { context: { requestId: 'req_4' } })],
    ['SSE that ends with [DONE]', () => streamOf(others, { 'x-request-id': 'req_4' })],
    ['SSE that ends without [DONE]', () => Stream.fromSSEResponse<ChatCompletionChunk>(createTestResponse(others.map((other) => `data: ${JSON.stringify(other)}\n\n`), { headers: { 'x-request-id': 'req_4' } }).response)],
    ['a stream built by hand', () => new Stream(() => (async function* () {
      yield* others;
    })() as AsyncIterator<ChatCompletionChunk>, new AbortController(), new Response(null, { headers: { 'x-request-id': 'req_4' } }))],
  ])('%s is StreamInvalidDataError saying so, not StreamTruncatedError advising a retry, nor an empty completion', async (_, make) => {
    const error = await make().finalChatCompletion().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StreamInvalidDataError);
    expect(error).not.toBeInstanceOf(StreamTruncatedError);
    expect((error as Error).message).toMatch(noChunks);
  });

  test('reading such NDJSON yields its objects, then fails the same way', async () => {
    const { items, error } = await readAll(Stream.fromReadableStream(ndjson(), undefined, { context: { requestId: 'req_4' } }));
    expect(items).toEqual(others);
    expect((error as Error).message).toMatch(noChunks);
  });

  test('an empty NDJSON body is still a cut-off stream', async () => {
    const error = await Stream.fromReadableStream<ChatCompletionChunk>(new Response('').body!).finalChatCompletion().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StreamTruncatedError);
  });

  test('objects before the chunks are passed over: the completion takes its id from the first chunk', async () => {
    const completion = await streamOf([{ type: 'ping' }, { ...base, choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: 'stop' }] }]).finalChatCompletion();
    expect(completion.id).toBe('chatcmpl-9');
    expect(completion.model).toBe('llama-3.3-70b-versatile');
    expect(completion.choices[0]?.message.content).toBe('Hi');
  });
});

describe('chunks that say the answer was stopped', () => {
  // Chunks fed by hand, from a reader that does not check them (groq-sdk passes a chunk's x_groq.error on): the
  // merge of a stopped answer must not read as a whole one, its finish_reason "stop" and all.
  const opening = { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' }, finish_reason: null }], x_groq: { id: 'req_3' } };
  const stopped = (fields: object) => ({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], ...fields });

  test.each([
    ["x_groq.error with a reason", stopped({ x_groq: { id: 'req_3', error: 'Generation stopped: the model exceeded its limits' } }), 'Generation stopped: the model exceeded its limits'],
    ["x_groq.error as an object", stopped({ x_groq: { id: 'req_3', error: { message: 'over capacity', type: 'capacity' } } }), 'over capacity'],
    ["an error member", stopped({ error: { message: 'Internal error', type: 'internal_server_error' } }), 'Internal error'],
  ])('%s: toChatCompletion() throws StreamServerError with the reason', (_, last, reason) => {
    const accumulator = new ChatCompletionAccumulator();
    accumulator.add(opening as ChatCompletionChunk);
    accumulator.add(last as unknown as ChatCompletionChunk);
    const error = catchError(() => accumulator.toChatCompletion());
    expect(error).toBeInstanceOf(StreamServerError);
    expect((error as Error).message).toContain(reason);
    expect((error as StreamServerError).requestId).toBe('req_3');
    // Later chunks do not make it whole again.
    accumulator.add(stopped({}) as ChatCompletionChunk);
    expect(catchError(() => accumulator.toChatCompletion())).toBeInstanceOf(StreamServerError);
  });

  test('an x_groq.error that is empty or null, as a serialiser writes an unset field, is no reason', () => {
    const accumulator = new ChatCompletionAccumulator();
    accumulator.add({ ...opening, x_groq: { id: 'req_3', error: '' } } as unknown as ChatCompletionChunk);
    accumulator.add(stopped({ x_groq: { id: 'req_3', error: null }, error: null }) as unknown as ChatCompletionChunk);
    const completion = accumulator.toChatCompletion();
    expect(completion.choices[0]!.message.content).toBe('Hel');
    expect(completion).not.toHaveProperty('error');
    expect(completion.x_groq).toEqual({ id: 'req_3' });
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('textDeltas', () => {
  test('yields each non-empty content delta', async () => {
    const chunks = createChunkTranscript({ chunks: 30, seed: 5 });
    const deltas: string[] = [];
    for await (const text of streamOf(chunks).textDeltas()) deltas.push(text);
    expect(deltas.join('')).toBe(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join(''));
    expect(deltas.every((text) => text.length > 0)).toBe(true);
  });

  test('with n above 1, yields the text of the first choice only, not the others interleaved', async () => {
    const piece = (index: number, content: string, finish: string | null = null) => ({ ...base, choices: [{ index, delta: { content }, logprobs: null, finish_reason: finish }] });
    const chunks = [piece(0, 'Hel'), piece(1, 'Bon'), piece(1, 'jour'), piece(0, 'lo'), piece(1, '', 'stop'), piece(0, '', 'stop')];
    const deltas: string[] = [];
    for await (const text of streamOf(chunks).textDeltas()) deltas.push(text);
    expect(deltas).toEqual(['Hel', 'lo']);
    const completion = await streamOf(chunks).finalChatCompletion();
    expect(completion.choices.map((choice) => choice.message.content)).toEqual(['Hello', 'Bonjour']);
  });

  test('a content that is not a string is StreamInvalidDataError, never yielded as text', async () => {
    const { response } = createTestResponse([`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }] })}\n\ndata: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: 42 }, finish_reason: null }] })}\n\n`]);
    const deltas: unknown[] = [];
    const error = await (async () => {
      for await (const text of Stream.fromSSEResponse<ChatCompletionChunk>(response).textDeltas()) deltas.push(text);
    })().catch((caught: unknown) => caught);
    expect(deltas).toEqual(['Hi']);
    expect(error).toBeInstanceOf(StreamInvalidDataError);
  });

  test('in a stream built from any iterator, a content that is not a string is StreamInvalidDataError', async () => {
    const chunks = [{ ...base, choices: [{ index: 0, delta: { content: { a: 1 } }, finish_reason: null }] }] as unknown as ChatCompletionChunk[];
    const stream = new Stream(() => (async function* () {
      yield* chunks;
    })(), new AbortController());
    const deltas: unknown[] = [];
    const error = await (async () => {
      for await (const text of stream.textDeltas()) deltas.push(text);
    })().catch((caught: unknown) => caught);
    expect(deltas).toEqual([]);
    expect(error).toBeInstanceOf(StreamInvalidDataError);
    expect((error as Error).message).toMatch(/^The server sent a chunk whose choices\[0\]\.delta\.content is not text: an object\./);
  });

  // Both read the same fields, so both refuse the same chunks, with the same message; a stream read from a
  // response refuses these already, but one built by hand may yield anything.
  test.each([
    ['null', null, /^The stream yielded null, not a chat completion chunk \(an object\) \[request req_3\]\./],
    ['a number', 5, /^The stream yielded 5, not a chat completion chunk \(an object\) \[request req_3\]\./],
    ['a string', 'Hello', /^The stream yielded "Hello", not a chat completion chunk \(an object\) \[request req_3\]\./],
    ['a list', [base], /^The stream yielded a list of 1 item, not a chat completion chunk \(an object\) \[request req_3\]\./],
    ['choices that are a number', { ...base, choices: 5 }, /^The server sent a chunk whose choices is not a list: 5 \[request req_3\]\./],
    ['choices that are text', { ...base, choices: 'abc' }, /^The server sent a chunk whose choices is not a list: "abc" \[request req_3\]\./],
    ['choices that are an object keyed like a list', { ...base, choices: { 0: { index: 0, delta: { content: 'x' } } } }, /^The server sent a chunk whose choices is not a list: an object \[request req_3\]\./],
    ['a choice that is null', { ...base, choices: [null] }, /^The server sent a chunk whose choices\[0\] is not an object: null \[request req_3\]\./],
    ['a delta that is a number', { ...base, choices: [{ index: 0, delta: 5, finish_reason: null }] }, /^The server sent a chunk whose choices\[0\]\.delta is not an object: 5 \[request req_3\]\./],
  ])('in a stream built by hand, a chunk that is %s is the same StreamInvalidDataError for textDeltas and finalChatCompletion, not a TypeError', async (_, bad, message) => {
    const handBuilt = () => {
      const response = new Response(null, { headers: { 'x-request-id': 'req_3' } });
      return new Stream(() => (async function* () {
        yield { ...base, choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }] };
        yield bad;
      })() as AsyncIterator<ChatCompletionChunk>, new AbortController(), response);
    };
    const deltas: string[] = [];
    const fromDeltas = await (async () => {
      for await (const text of handBuilt().textDeltas()) deltas.push(text);
    })().catch((caught: unknown) => caught);
    const fromFinal = await handBuilt().finalChatCompletion().catch((caught: unknown) => caught);
    expect(deltas).toEqual(['Hi']);
    for (const error of [fromDeltas, fromFinal]) {
      expect(error).toBeInstanceOf(StreamInvalidDataError);
      expect((error as Error).message).toMatch(message);
      expect((error as StreamInvalidDataError).requestId).toBe('req_3');
    }
    expect((fromDeltas as Error).message).toBe((fromFinal as Error).message);
  });

  test('in a stream built by hand, objects none of which has a choices list fail textDeltas as they fail finalChatCompletion', async () => {
    const handBuilt = (items: unknown[]) => new Stream(() => (async function* () {
      yield* items;
    })() as AsyncIterator<ChatCompletionChunk>, new AbortController());
    const others = [{ id: 'x', object: 'usage', usage: {} }, { x_groq: { id: 'req_9' } }];
    const fromDeltas = await (async () => {
      for await (const _ of handBuilt(others).textDeltas()) throw new Error('yielded text');
    })().catch((caught: unknown) => caught);
    const fromFinal = await handBuilt(others).finalChatCompletion().catch((caught: unknown) => caught);
    expect(fromDeltas).toBeInstanceOf(StreamInvalidDataError);
    expect(fromFinal).toBeInstanceOf(StreamInvalidDataError);
    for (const error of [fromDeltas, fromFinal]) expect((error as Error).message).toMatch(/^The stream held no chat completion chunk: none of the objects it gave has a choices list/);
    // One chunk among them is enough: the others are extras (a usage-only object), as a relay may add.
    const deltas: string[] = [];
    for await (const text of handBuilt([others[0], { ...base, choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: 'stop' }] }]).textDeltas()) deltas.push(text);
    expect(deltas).toEqual(['Hi']);
  });

  test('break releases the body', async () => {
    const chunks = createChunkTranscript({ chunks: 30, seed: 5 });
    const { response, stats } = createTestResponse(splitBytes(encodeSSETranscript(chunks), 100), { holdOpen: true });
    for await (const _ of Stream.fromSSEResponse<ChatCompletionChunk>(response).textDeltas()) break;
    expect(stats.cancelCalls).toBe(1);
  });
});
