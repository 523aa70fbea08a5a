import { arrivalGroups } from '@groq-stream/core/test';
import { describe, expect, it } from 'vitest';
import { generateAnswerTokens } from './generate-answer.js';
import {
  expectGroqError,
  expectGroqHeaders,
  MODEL,
  parseSseFrames,
  postResponses,
  readFrames,
  readResponseEvents,
  scenarioHeaders,
  useMockServer,
  waitUntil,
} from './test/mock-test-helpers.js';

const server = useMockServer();

const PROMPT = 'Tell me a fun fact about the moon';
const TOKENS = generateAnswerTokens(PROMPT);
const ANSWER = TOKENS.join('');
const weatherTool = {
  type: 'function',
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city', 'days'] },
  strict: true,
};

describe('POST /openai/v1/responses without a stream', () => {
  it('answers a Response with one assistant message holding the deterministic answer, and Groq headers', async () => {
    const response = await postResponses(server.url, { model: MODEL, input: PROMPT, instructions: 'Be brief.' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expectGroqHeaders(response.headers);
    const body = (await response.json()) as Record<string, any>;
    expect(body).toMatchObject({
      object: 'response',
      status: 'completed',
      error: null,
      incomplete_details: null,
      instructions: 'Be brief.',
      model: MODEL,
      parallel_tool_calls: true,
      previous_response_id: null,
      store: false,
      tool_choice: 'auto',
      tools: [],
      text: { format: { type: 'text' } },
    });
    expect(body.id).toMatch(/^resp_[0-9a-z]{32}$/);
    expect(Math.abs(body.created_at - Date.now() / 1000)).toBeLessThan(60);
    expect(body.output).toEqual([
      { type: 'message', id: expect.stringMatching(/^msg_/), status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: ANSWER, annotations: [], logprobs: [] }] },
    ]);
    expect(body.usage).toEqual({
      input_tokens: expect.any(Number),
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: TOKENS.length,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: body.usage.input_tokens + TOKENS.length,
    });
  });

  it('answers a list of input items from the last user message, whatever its form', async () => {
    const input = [
      { role: 'user', content: 'an earlier question' },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'an earlier answer' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: PROMPT }] },
    ];
    const body = (await (await postResponses(server.url, { model: MODEL, input })).json()) as Record<string, any>;
    expect(body.output[0].content[0].text).toBe(ANSWER);
  });

  it('stops at max_output_tokens with status incomplete and incomplete_details.reason max_output_tokens', async () => {
    const body = (await (await postResponses(server.url, { model: MODEL, input: PROMPT, max_output_tokens: 5 })).json()) as Record<string, any>;
    expect(body).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, max_output_tokens: 5 });
    expect(body.output[0]).toMatchObject({ status: 'incomplete', content: [{ text: TOKENS.slice(0, 5).join('') }] });
    expect(body.usage.output_tokens).toBe(5);
  });

  it('calls the function that tool_choice names, with arguments that fit its parameters', async () => {
    const body = (await (
      await postResponses(server.url, { model: MODEL, input: 'Lyon', tools: [weatherTool], tool_choice: { type: 'function', name: 'get_weather' } })
    ).json()) as Record<string, any>;
    expect(body.status).toBe('completed');
    expect(body.output).toEqual([
      { type: 'function_call', id: expect.stringMatching(/^fc_/), call_id: expect.stringMatching(/^call_/), name: 'get_weather', arguments: expect.any(String), status: 'completed' },
    ]);
    expect(JSON.parse(body.output[0].arguments)).toEqual({ city: 'Lyon', days: 42 });
    expect(body.tools).toEqual([weatherTool]);
  });

  it('answers with text once the last input item is a function_call_output, even in scenario tool-calls', async () => {
    const input = [
      { role: 'user', content: PROMPT },
      { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Lyon","days":1}' },
      { type: 'function_call_output', call_id: 'call_1', output: '{"celsius":21}' },
    ];
    const first = (await (await postResponses(server.url, { model: MODEL, input: PROMPT, tools: [weatherTool] }, scenarioHeaders('tool-calls'))).json()) as Record<string, any>;
    expect(first.output[0].type).toBe('function_call');
    const body = (await (await postResponses(server.url, { model: MODEL, input, tools: [weatherTool] }, scenarioHeaders('tool-calls'))).json()) as Record<string, any>;
    expect(body.output[0]).toMatchObject({ type: 'message', content: [{ text: ANSWER }] });
  });

  it('answers JSON that satisfies text.format json_schema', async () => {
    const schema = { type: 'object', properties: { fact: { type: 'string' }, stars: { type: 'integer' } }, required: ['fact', 'stars'] };
    const text = { format: { type: 'json_schema', name: 'fact', schema, strict: true } };
    const body = (await (await postResponses(server.url, { model: MODEL, input: 'moon', text })).json()) as Record<string, any>;
    expect(JSON.parse(body.output[0].content[0].text)).toEqual({ fact: 'moon', stars: 42 });
    expect(body.text).toEqual(text);
  });

  it('counts the reasoning of scenario reasoning in output_tokens_details, without a reasoning item', async () => {
    const body = (await (await postResponses(server.url, { model: MODEL, input: PROMPT }, scenarioHeaders('reasoning'))).json()) as Record<string, any>;
    expect(body.output).toHaveLength(1);
    expect(body.output[0].content[0].text).toBe(ANSWER);
    expect(body.usage.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    expect(body.usage.output_tokens).toBe(TOKENS.length + body.usage.output_tokens_details.reasoning_tokens);
  });

  it('is recorded in requests() and counted, with its body', async () => {
    await (await postResponses(server.url, { model: MODEL, input: PROMPT })).text();
    expect(server.stats()).toMatchObject({ requests: 1, streamsStarted: 0 });
    const requests = (await (await fetch(`${server.url}/__mock/requests`)).json()) as Record<string, any>[];
    expect(requests.at(-1)).toMatchObject({ method: 'POST', path: '/openai/v1/responses', headers: { authorization: '[redacted]' }, body: { model: MODEL, input: PROMPT } });
  });
});

describe('POST /openai/v1/responses with stream: true', () => {
  it('streams the typed events in order, one output_text.delta a token, and no [DONE]', async () => {
    const response = await postResponses(server.url, { model: MODEL, input: PROMPT, stream: true });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expectGroqHeaders(response.headers);
    const text = await response.text();
    expect(text).toMatch(/^(event: [a-z_.]+\ndata: \{[^\n]+\}\n\n)+$/);
    const events = await readResponseEvents(new Response(text));
    const types = events.map((event) => event.type);
    expect(types).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      ...TOKENS.map(() => 'response.output_text.delta'),
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const [created, , added] = events;
    expect(created!.response).toMatchObject({ object: 'response', status: 'in_progress', output: [], usage: null, model: MODEL });
    expect(added!.item).toEqual({ type: 'message', id: expect.stringMatching(/^msg_/), status: 'in_progress', role: 'assistant', content: [] });
    const deltas = events.filter((event) => event.type === 'response.output_text.delta');
    expect(deltas.map((event) => event.delta)).toEqual(TOKENS);
    for (const delta of deltas) expect(delta).toMatchObject({ item_id: added!.item.id, output_index: 0, content_index: 0, logprobs: [] });
    expect(events.at(-4)).toMatchObject({ type: 'response.output_text.done', text: ANSWER });
    const completed = events.at(-1)!.response;
    expect(completed).toMatchObject({ id: created!.response.id, status: 'completed', output: [{ id: added!.item.id, status: 'completed', content: [{ text: ANSWER }] }] });
    expect(completed.usage.output_tokens).toBe(TOKENS.length);
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 1, streamsAborted: 0, streamsFailed: 0 });
  });

  it('streams a function call as its item, then its arguments in pieces', async () => {
    const response = await postResponses(server.url, { model: MODEL, input: 'Lyon', stream: true, tools: [weatherTool], tool_choice: 'required' });
    const events = await readResponseEvents(response);
    const types = events.map((event) => event.type);
    expect(types.slice(0, 3)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added']);
    expect(types.slice(-3)).toEqual(['response.function_call_arguments.done', 'response.output_item.done', 'response.completed']);
    const pieces = events.filter((event) => event.type === 'response.function_call_arguments.delta').map((event) => event.delta as string);
    expect(pieces.length).toBeGreaterThan(1);
    expect(events[2]!.item).toMatchObject({ type: 'function_call', name: 'get_weather', arguments: '', status: 'in_progress' });
    expect(events.at(-3)).toMatchObject({ name: 'get_weather', arguments: pieces.join('') });
    expect(JSON.parse(pieces.join(''))).toEqual({ city: 'Lyon', days: 42 });
    expect(events.at(-1)!.response.output).toEqual([{ ...events[2]!.item, arguments: pieces.join(''), status: 'completed' }]);
  });

  it('ends with response.incomplete when max_output_tokens cuts the answer', async () => {
    const events = await readResponseEvents(await postResponses(server.url, { model: MODEL, input: PROMPT, stream: true, max_output_tokens: 3 }));
    expect(events.filter((event) => event.type === 'response.output_text.delta')).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({ type: 'response.incomplete', response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } });
    expect(server.stats()).toMatchObject({ streamsCompleted: 1 });
  });

  it('paces the deltas at x-mock-tokens-per-second', async () => {
    const response = await postResponses(server.url, { model: MODEL, input: PROMPT, stream: true }, { 'x-mock-tokens-per-second': '10', 'x-mock-tokens': '4' });
    const reader = response.body!.getReader();
    const arrivals: number[] = [];
    const start = performance.now();
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
      arrivals.push(performance.now() - start);
    }
    expect(arrivalGroups(arrivals)).toBeGreaterThanOrEqual(3);
  });
});

describe('scenarios on /openai/v1/responses', () => {
  it('rate-limit: 429 with retry-after and Groq error body', async () => {
    const response = await postResponses(server.url, { model: MODEL, input: PROMPT, stream: true }, scenarioHeaders('rate-limit'));
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await expectGroqError(response, 429, 'tokens', 'rate_limit_exceeded')).toContain(MODEL);
    expect(server.stats()).toMatchObject({ streamsStarted: 0 });
  });

  it('server-error: 500 for a response as for a chat completion', async () => {
    await expectGroqError(await postResponses(server.url, { model: MODEL, input: PROMPT }, scenarioHeaders('server-error')), 500, 'internal_server_error', 'internal_server_error');
  });

  it('mid-stream-error: an error event with Groq error inside after three deltas, counted as failed', async () => {
    const events = await readResponseEvents(await postResponses(server.url, { model: MODEL, input: PROMPT, stream: true }, scenarioHeaders('mid-stream-error')));
    expect(events.filter((event) => event.type === 'response.output_text.delta')).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { type: 'internal_server_error', code: 'internal_server_error', message: expect.stringContaining('mid-stream-error'), param: null } });
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsFailed: 1, streamsCompleted: 0 });
  });

  it('stopped-early: response.failed with the reason, after three deltas, counted as failed', async () => {
    const events = await readResponseEvents(await postResponses(server.url, { model: MODEL, input: PROMPT, stream: true }, scenarioHeaders('stopped-early')));
    expect(events.filter((event) => event.type === 'response.output_text.delta')).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({
      type: 'response.failed',
      response: { status: 'failed', error: { code: 'server_error', message: expect.stringContaining('stopped early') }, usage: { output_tokens: 3 } },
    });
    expect(server.stats()).toMatchObject({ streamsFailed: 1 });
  });

  it('drop: the connection closes after three deltas, counted as failed', async () => {
    const response = await postResponses(server.url, { model: MODEL, input: PROMPT, stream: true }, scenarioHeaders('drop'));
    await expect(response.text()).rejects.toThrow();
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsFailed: 1 });
  });

  it('stall: an aborted client is counted as aborted at once', async () => {
    const controller = new AbortController();
    const response = await postResponses(server.url, { model: MODEL, input: PROMPT, stream: true }, scenarioHeaders('stall'), controller.signal);
    const frames = await readFrames(response, 7);
    expect(frames.map((frame) => frame.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.delta',
    ]);
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsAborted: 0 });
    controller.abort();
    await waitUntil(() => server.stats().streamsAborted === 1);
    expect(server.stats()).toMatchObject({ streamsCompleted: 0, streamsFailed: 0 });
  });

  it.each([
    ['done-then-stall', 11, 'response.completed', 'streamsCompleted'],
    ['error-then-stall', 8, 'error', 'streamsFailed'],
  ] as const)('%s: the stream stays open after its %i events, ending with %s, until the client closes it, which releases it', async (name, count, last, outcome) => {
    const response = await postResponses(server.url, { model: MODEL, input: PROMPT, stream: true }, scenarioHeaders(name, { 'x-mock-tokens': '3' }));
    const frames = await readFrames(response, count);
    expect(frames.filter((frame) => frame.event === 'response.output_text.delta')).toHaveLength(3);
    expect(frames.at(-1)!.event).toBe(last);
    await waitUntil(() => server.stats()[outcome] === 1);
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsOpen: 1, streamsReleased: 0, streamsAborted: 0 });
    await response.body!.cancel();
    await waitUntil(() => server.stats().streamsOpen === 0);
    expect(server.stats()).toMatchObject({ streamsStarted: 1, [outcome]: 1, streamsReleased: 1, streamsAborted: 0 });
  });
});

describe('requests refused by /openai/v1/responses', () => {
  const refusal = async (body: Record<string, unknown>): Promise<string> =>
    expectGroqError(await postResponses(server.url, body), 400, 'invalid_request_error');

  it.each([
    [{ input: PROMPT }, "'model' : property 'model' is missing"],
    [{ model: MODEL }, "'input' : property 'input' is missing"],
    [{ model: MODEL, input: 42 }, "'input' : value must be a string or an array of input items"],
    [{ model: MODEL, input: [] }, "'input' : minimum number of items is 1"],
    [{ model: MODEL, input: [{ role: 'robot', content: 'x' }] }, `'input.0.role' : value must be one of "user", "assistant", "system", "developer"`],
    [{ model: MODEL, input: [{ type: 'function_call_output', output: 'x' }] }, "'input.0.call_id' : property 'call_id' is missing"],
    [{ model: MODEL, input: [{ type: 'message', role: 'user', content: [{ type: 'input_text' }] }] }, "'input.0.content.0.text' : property 'text' is missing"],
    [{ model: MODEL, input: PROMPT, max_output_tokens: 0 }, "'max_output_tokens' : number must be at least 1"],
    [{ model: MODEL, input: PROMPT, tools: [{ type: 'function', parameters: {} }] }, "'tools.0.name' : property 'name' is missing"],
    [{ model: MODEL, input: PROMPT, tools: [weatherTool], tool_choice: { type: 'function', name: 'nope' } }, `'tool_choice.name' : there is no function "nope" in 'tools'`],
    [{ model: MODEL, input: PROMPT, text: { format: { type: 'json_schema', schema: {} } } }, "'text.format.name' : property 'name' is missing"],
  ])('%j: %s', async (body, message) => {
    expect(await refusal(body)).toBe(message);
  });

  it('refuses what needs stored responses, which Groq keeps none of: previous_response_id, conversation, store, item_reference', async () => {
    expect(await refusal({ model: MODEL, input: PROMPT, previous_response_id: 'resp_1' })).toMatch(/^'previous_response_id' : not supported: .*send the whole conversation in 'input'/);
    expect(await refusal({ model: MODEL, input: PROMPT, conversation: 'conv_1' })).toMatch(/^'conversation' : not supported/);
    expect(await refusal({ model: MODEL, input: PROMPT, store: true })).toMatch(/^'store' : only false is supported/);
    expect(await refusal({ model: MODEL, input: [{ type: 'item_reference', id: 'msg_1' }] })).toMatch(/^'input.0' : items of type "item_reference" are not supported.*store to false/);
    // Sent as false, it is what Groq does anyway.
    expect((await postResponses(server.url, { model: MODEL, input: PROMPT, store: false })).status).toBe(200);
  });

  it('answers a stream request with an error the same way: no stream started', async () => {
    await refusal({ model: MODEL, input: PROMPT, stream: true, previous_response_id: 'resp_1' });
    expect(server.stats()).toMatchObject({ streamsStarted: 0 });
  });

  it('is a POST route: 405 with allow for GET', async () => {
    const response = await fetch(`${server.url}/openai/v1/responses`, { headers: { authorization: 'Bearer test' } });
    expect(response.headers.get('allow')).toBe('POST, OPTIONS');
    await expectGroqError(response, 405, 'invalid_request_error', 'method_not_allowed');
  });
});

// OpenAI's Responses streams end after their last event; Groq documents its Responses API as compatible.
it('the last frame of a streamed response is its last event, not [DONE]', async () => {
  const frames = parseSseFrames(await (await postResponses(server.url, { model: MODEL, input: 'x', stream: true })).text());
  expect(frames.at(-1)!.event).toBe('response.completed');
  expect(frames.some((frame) => frame.data === '[DONE]')).toBe(false);
});
