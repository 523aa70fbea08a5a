import { once } from 'node:events';
import { connect } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { createMockGroqServer } from './create-mock-groq-server.js';
import { generateReasoningTokens } from './generate-answer.js';
import { mockScenarios } from './scenarios.js';
import { codeNames, readmeTableRows } from './test/readme-tables.js';
import { chatBody, expectGroqError, fetchStats, parseSseFrames, postChat, readChunks, readFrames, scenarioHeaders, useMockServer, waitUntil } from './test/mock-test-helpers.js';

// Every wait the mock's handlers ask for, to tell one wait from two without timing them.
const waits = vi.hoisted(() => [] as number[]);
vi.mock('./abortable-delay.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./abortable-delay.js')>();
  return {
    abortableDelay: (milliseconds: number, signal: AbortSignal) => {
      waits.push(milliseconds);
      return actual.abortableDelay(milliseconds, signal);
    },
  };
});

const server = useMockServer();

// What a test author reads to choose a fault: a scenario the mock has without a row would be found only in the
// code, and a row for a name the mock refuses fails every request that sends it.
it("the README's Scenarios table has a row for every scenario, and for no other name", () => {
  const rows = readmeTableRows('Scenarios').filter((row) => row.scenario !== undefined);
  expect(rows.flatMap((row) => codeNames(row.scenario!)).sort()).toEqual([...mockScenarios].sort());
});

const scenario = scenarioHeaders;

describe('mid-stream-error', () => {
  it('sends three content chunks, then an `event: error` frame with an error body, and no [DONE]', async () => {
    const response = await postChat(server.url, chatBody('x'), scenario('mid-stream-error'));
    expect(response.status).toBe(200);
    const frames = parseSseFrames(await response.text());
    expect(frames).toHaveLength(5);
    expect(frames.slice(0, 4).every((frame) => frame.event === undefined)).toBe(true);
    expect(frames.slice(1, 4).map((frame) => JSON.parse(frame.data).choices[0].delta.content)).toEqual(['You', ' asked', ':']);
    expect(frames[4]!.event).toBe('error');
    expect(JSON.parse(frames[4]!.data)).toEqual({
      error: { message: expect.stringContaining('mid-stream-error'), type: 'internal_server_error', code: 'internal_server_error', status_code: 500 },
    });
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsFailed: 1, streamsCompleted: 0, streamsAborted: 0 });
  });

  it('answers 500 when not streaming, with the same error but no status_code: a body answered with a status has none', async () => {
    const response = await postChat(server.url, chatBody('x', { stream: false }), scenario('mid-stream-error'));
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { message: expect.stringContaining('mid-stream-error'), type: 'internal_server_error', code: 'internal_server_error' } });
  });
});

describe('stopped-early', () => {
  it('sends three content chunks, then a last chunk whose x_groq.error says why, then [DONE]', async () => {
    const response = await postChat(server.url, chatBody('x'), scenario('stopped-early'));
    expect(response.status).toBe(200);
    const frames = parseSseFrames(await response.text());
    expect(frames.map((frame) => frame.event)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
    expect(frames.slice(1, 4).map((frame) => JSON.parse(frame.data).choices[0].delta.content)).toEqual(['You', ' asked', ':']);
    const last = JSON.parse(frames[4]!.data);
    expect(last.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(last.x_groq).toMatchObject({ id: expect.stringMatching(/^req_/), error: expect.stringContaining('stopped early') });
    expect(typeof last.x_groq.error).toBe('string');
    expect(frames[5]!.data).toBe('[DONE]');
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsFailed: 1, streamsCompleted: 0 });
  });

  it('counts in usage the tokens it sent, not the answer it planned', async () => {
    for (const [tokens, sent] of [['50', 3], ['2', 2]] as const) {
      const chunks = await readChunks(await postChat(server.url, chatBody('x'), scenario('stopped-early', { 'x-mock-tokens': tokens })));
      const deltas = chunks.slice(1, -1).map((chunk) => chunk.choices[0].delta);
      expect(deltas).toHaveLength(sent);
      const last = chunks.at(-1)!;
      expect(last.usage.completion_tokens).toBe(sent);
      expect(last.usage.total_tokens).toBe(last.usage.prompt_tokens + sent);
      expect(last.x_groq.usage).toEqual(last.usage);
      expect(last.choices[0].finish_reason).toBe('stop');
    }
  });

  // It sent the call's name and two pieces of its arguments, `{"city":"Weather`, then finish_reason "stop": a call
  // that no client could parse, which Groq (parsing a call before it sends it) never streams.
  it('sends no half of a tool call: the last chunk says stop, with x_groq.error, as when content is cut', async () => {
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }];
    const chunks = await readChunks(await postChat(server.url, chatBody('Weather in Paris', { tools, tool_choice: 'required' }), scenario('stopped-early')));
    expect(chunks.flatMap((chunk) => chunk.choices.map((choice: { delta: Record<string, unknown> }) => choice.delta.tool_calls)).filter(Boolean)).toEqual([]);
    const last = chunks.at(-1)!;
    expect(last.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(last.x_groq).toMatchObject({ id: expect.stringMatching(/^req_/), error: expect.stringContaining('stopped early') });
    // The call's first deltas were generated before the stop, as the content's are: usage counts them.
    expect(last.usage.completion_tokens).toBe(3);
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsFailed: 1, streamsCompleted: 0 });
  });

  it('answers 500 with the reason when not streaming', async () => {
    const response = await postChat(server.url, chatBody('x', { stream: false }), scenario('stopped-early'));
    expect(response.status).toBe(500);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('stopped early');
  });
});

describe('drop', () => {
  it('destroys the socket after three content chunks, without [DONE]', async () => {
    const response = await postChat(server.url, chatBody('x'), scenario('drop'));
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const failure = await (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return undefined;
        text += decoder.decode(value, { stream: true });
      }
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    const frames = parseSseFrames(text);
    expect(frames).toHaveLength(4);
    expect(text).not.toContain('[DONE]');
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsFailed: 1, streamsAborted: 0 });
  });

  it('closes the connection without an answer when not streaming', async () => {
    await expect(postChat(server.url, chatBody('x', { stream: false }), scenario('drop'))).rejects.toThrow();
  });

  it('closes the connection without an answer when not streaming, pipelined behind another answer', async () => {
    // The drop destroyed the response's socket, which a response waiting for its turn does not have yet: the
    // connection stayed open after the answer before it, and the client waited for ever.
    const request = (body: Record<string, unknown>, headers: string): string => {
      const json = JSON.stringify(body);
      return `POST /openai/v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n${headers}\r\n${json}`;
    };
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
    let received = '';
    socket.on('data', (data: Buffer) => (received += data.toString()));
    const closed = once(socket, 'close');
    socket.write(request(chatBody('first'), 'x-mock-tokens-per-second: 100\r\nx-mock-tokens: 5\r\n') + request(chatBody('x', { stream: false }), 'x-mock-scenario: drop\r\n'));
    await closed;
    expect(received.match(/HTTP\/1\.1 /g)).toHaveLength(1);
    expect(received).toContain('data: [DONE]');
  });
});

describe('stall', () => {
  it('sends a few chunks, then keeps the socket open without sending anything', async () => {
    const controller = new AbortController();
    const response = await postChat(server.url, chatBody('x'), scenario('stall'), controller.signal);
    const frames = await readFrames(response, 4);
    expect(frames.map((frame) => JSON.parse(frame.data).choices[0].delta)).toEqual([
      { role: 'assistant', content: '' },
      { content: 'You' },
      { content: ' asked' },
      { content: ':' },
    ]);
    const reader = response.body!.getReader();
    const next = await Promise.race([reader.read().then(() => 'data'), new Promise((resolve) => setTimeout(resolve, 300, 'silence'))]);
    expect(next).toBe('silence');
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 0, streamsAborted: 0, streamsOpen: 1 });
    controller.abort();
    await waitUntil(() => server.stats().streamsAborted === 1);
    // Cut before its end: aborted, not released.
    expect(server.stats()).toMatchObject({ streamsOpen: 0, streamsReleased: 0 });
  });
});

// A server that keeps the connection after `[DONE]` or an error event: only the client can let it go.
describe('done-then-stall', () => {
  it('sends the whole answer and [DONE], then holds the response open until the client closes it: completed, then released', async () => {
    const controller = new AbortController();
    const response = await postChat(server.url, chatBody('x'), scenario('done-then-stall', { 'x-mock-tokens': '3' }), controller.signal);
    const frames = await readFrames(response, 6);
    expect(frames.slice(1, 4).map((frame) => JSON.parse(frame.data).choices[0].delta.content)).toEqual(['You', ' asked', ':']);
    expect(JSON.parse(frames[4]!.data).choices[0].finish_reason).toBe('stop');
    expect(frames[5]!.data).toBe('[DONE]');
    await waitUntil(() => server.stats().streamsCompleted === 1);
    // Completed, yet its response not ended: it stays open for as long as the client keeps it.
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsOpen: 1, streamsReleased: 0, streamsAborted: 0, streamsFailed: 0 });
    controller.abort();
    await waitUntil(() => server.stats().streamsOpen === 0);
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 1, streamsReleased: 1, streamsAborted: 0, streamsFailed: 0 });
  });

  it('answers as usual when not streaming', async () => {
    const response = await postChat(server.url, chatBody('x', { stream: false }), scenario('done-then-stall', { 'x-mock-tokens': '3' }));
    expect(response.status).toBe(200);
    expect(((await response.json()) as Record<string, any>).choices[0].message.content).toBe('You asked:');
  });
});

describe('error-then-stall', () => {
  it("sends mid-stream-error's chunks and error frame, then holds the response open until the client closes it: failed, then released", async () => {
    const response = await postChat(server.url, chatBody('x'), scenario('error-then-stall'));
    const frames = await readFrames(response, 5);
    expect(frames.slice(0, 4).every((frame) => frame.event === undefined)).toBe(true);
    expect(frames.slice(1, 4).map((frame) => JSON.parse(frame.data).choices[0].delta.content)).toEqual(['You', ' asked', ':']);
    expect(frames[4]!.event).toBe('error');
    expect(JSON.parse(frames[4]!.data)).toEqual({
      error: { message: expect.stringContaining('mid-stream-error'), type: 'internal_server_error', code: 'internal_server_error', status_code: 500 },
    });
    await waitUntil(() => server.stats().streamsFailed === 1);
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsOpen: 1, streamsReleased: 0, streamsAborted: 0, streamsCompleted: 0 });
    await response.body!.cancel();
    await waitUntil(() => server.stats().streamsOpen === 0);
    expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsFailed: 1, streamsReleased: 1, streamsAborted: 0, streamsCompleted: 0 });
  });

  it("answers mid-stream-error's 500 when not streaming", async () => {
    await expectGroqError(await postChat(server.url, chatBody('x', { stream: false }), scenario('error-then-stall')), 500, 'internal_server_error', 'internal_server_error');
  });
});

it('counts a held stream that close() cuts as no release: its client never let it go', async () => {
  const own = await createMockGroqServer();
  try {
    const response = await postChat(own.url, chatBody('x'), scenario('done-then-stall', { 'x-mock-tokens': '3' }));
    await readFrames(response, 6);
    await waitUntil(() => own.stats().streamsCompleted === 1);
  } finally {
    await own.close();
  }
  expect(own.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 1, streamsOpen: 0, streamsReleased: 0, streamsAborted: 0 });
});

describe('slow-headers', () => {
  it('waits x-mock-ttft-ms before the headers, then streams without a further wait', async () => {
    waits.length = 0;
    const start = performance.now();
    const response = await postChat(server.url, chatBody('x'), scenario('slow-headers', { 'x-mock-ttft-ms': '2000' }));
    expect(performance.now() - start).toBeGreaterThanOrEqual(1980);
    expect((await readChunks(response)).at(-1)!.choices[0].finish_reason).toBe('stop');
    // One wait of 2000 ms in all, before the headers: a second one, for the first token, would show here.
    expect(waits.filter((milliseconds) => milliseconds > 0)).toEqual([2000]);
  });

  it('waits 2 s by default', async () => {
    const start = performance.now();
    const response = await postChat(server.url, chatBody('x', { stream: false }), scenario('slow-headers'));
    expect(performance.now() - start).toBeGreaterThanOrEqual(1900);
    expect(response.status).toBe(200);
  });
});

describe('tool-calls', () => {
  const tools = [
    {
      type: 'function',
      function: {
        name: 'lookup_city',
        parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' }, metric: { type: 'boolean' } } },
      },
    },
  ];

  it('streams a call: id, type and name first, then the arguments in pieces, finish_reason tool_calls', async () => {
    const chunks = await readChunks(await postChat(server.url, chatBody('Weather in Zürich', { tools }), scenario('tool-calls')));
    const deltas = chunks.map((chunk) => chunk.choices[0].delta);
    expect(deltas[0]).toEqual({ role: 'assistant', content: '' });
    expect(deltas[1]).toEqual({
      tool_calls: [{ index: 0, id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'lookup_city', arguments: '' } }],
    });
    const pieces = deltas.slice(2, -1);
    expect(pieces.length).toBeGreaterThan(2);
    for (const delta of pieces) expect(delta).toEqual({ tool_calls: [{ index: 0, function: { arguments: expect.any(String) } }] });
    const argumentsText = pieces.map((delta) => delta.tool_calls[0].function.arguments).join('');
    expect(JSON.parse(argumentsText)).toEqual({ city: 'Weather in Zürich', days: 42, metric: true });
    expect(chunks.at(-1)!.choices[0].finish_reason).toBe('tool_calls');
    expect(chunks.at(-1)!.usage.completion_tokens).toBe(pieces.length + 1);
  });

  it('calls get_weather when the request offers no tool, and returns message.tool_calls when not streaming', async () => {
    const response = await postChat(server.url, chatBody('Paris?', { stream: false }), scenario('tool-calls'));
    const completion = (await response.json()) as Record<string, any>;
    expect(completion.choices[0]).toMatchObject({
      finish_reason: 'tool_calls',
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris?","unit":"celsius"}' } }],
      },
    });
  });
  it('calls a function whose parameters are not an object schema with {} as its arguments, and get_weather in Paris for an empty prompt', async () => {
    const noObject = [{ type: 'function', function: { name: 'shout', parameters: { type: 'string' } } }];
    const shout = (await (await postChat(server.url, chatBody('Hi', { stream: false, tools: noObject }), scenario('tool-calls'))).json()) as Record<string, any>;
    expect(shout.choices[0].message.tool_calls[0].function).toEqual({ name: 'shout', arguments: '{}' });
    const empty = { model: chatBody('x').model, stream: false, messages: [{ role: 'system', content: 'Call a tool.' }] };
    const weather = (await (await postChat(server.url, empty, scenario('tool-calls'))).json()) as Record<string, any>;
    expect(weather.choices[0].message.tool_calls[0].function).toEqual({ name: 'get_weather', arguments: '{"location":"Paris","unit":"celsius"}' });
  });

  it('answers 400 for a tool schema whose arguments would be too large to build, and stays up', async () => {
    const huge = [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: { list: { type: 'array', minItems: 1e9 } } } } }];
    const response = await postChat(server.url, chatBody('Hi', { tools: huge, tool_choice: 'required' }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; type: string } };
    expect(body.error).toEqual({ message: expect.stringContaining("'tools' : the parameters of function \"f\" are too large"), type: 'invalid_request_error' });
    const format = { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'string', minLength: 1e9 } } };
    const formatResponse = await postChat(server.url, chatBody('Hi', { response_format: format }));
    expect(formatResponse.status).toBe(400);
    expect(((await formatResponse.json()) as { error: { message: string } }).error.message).toContain("'response_format.json_schema.schema'");
    expect((await postChat(server.url, chatBody('Hi', { stream: false }))).status).toBe(200);
  });

  it('answers a tool whose pattern backtracks for hours on the prompt, and 400 for one that does on every string', async () => {
    const tool = (pattern: string) => [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: { code: { type: 'string', pattern } } } } }];
    // Within the 40 characters of the prompt that fill string values.
    const prompt = `${'a'.repeat(35)}!`;
    const answered = await postChat(server.url, chatBody(prompt, { stream: false, tools: tool('^(a+)+$'), tool_choice: 'required' }));
    expect(((await answered.json()) as Record<string, any>).choices[0].message.tool_calls[0].function.arguments).toBe('{"code":"a"}');
    const refused = await postChat(server.url, chatBody(prompt, { tools: tool('^(?=(a+)+!)a{40}'), tool_choice: 'required' }));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: unknown }).error).toEqual({
      message: expect.stringMatching(/^'tools' : the pattern "\^\(\?=\(a\+\)\+!\)a\{40\}" takes too long to test/),
      type: 'invalid_request_error',
    });
    expect((await postChat(server.url, chatBody('Hi', { stream: false }))).status).toBe(200);
  });
});

describe('response_format', () => {
  const answerOf = async (body: Record<string, unknown>) => {
    const response = await postChat(server.url, chatBody('Name a city', { stream: false, ...body }));
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  it('answers JSON mode with one JSON object, streamed in pieces that join into it', async () => {
    const { body } = await answerOf({ response_format: { type: 'json_object' } });
    const content = body.choices[0].message.content as string;
    expect(JSON.parse(content)).toEqual({ answer: expect.stringMatching(/^You asked/) });
    const chunks = await readChunks(await postChat(server.url, chatBody('Name a city', { response_format: { type: 'json_object' } })));
    const pieces = chunks.slice(1, -1).map((chunk) => chunk.choices[0].delta.content as string);
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.join('')).toBe(content);
  });

  it('answers json_schema with an object that satisfies the schema', async () => {
    const schema = {
      type: 'object',
      properties: { city: { type: 'string' }, population: { type: 'integer', minimum: 0 }, size: { enum: ['small', 'large'] } },
      required: ['city', 'population', 'size'],
      additionalProperties: false,
    };
    const { body } = await answerOf({ response_format: { type: 'json_schema', json_schema: { name: 'city', schema, strict: true } } });
    expect(JSON.parse(body.choices[0].message.content)).toEqual({ city: 'Name a city', population: 42, size: 'small' });
  });

  it('keeps prose for type text, and answers 400 for a format Groq does not know', async () => {
    expect((await answerOf({ response_format: { type: 'text' } })).body.choices[0].message.content).toMatch(/^You asked/);
    for (const [format, message] of [
      [{ type: 'xml' }, "'response_format.type' : value must be one of"],
      ['json', "'response_format' : value must be an object"],
      [{ type: 'json_schema' }, "'response_format.json_schema' : property 'json_schema' is missing"],
    ] as const) {
      const { status, body } = await answerOf({ response_format: format });
      expect(status).toBe(400);
      expect(body.error.message).toContain(message);
    }
  });
});

describe('reasoning', () => {
  it('streams delta.reasoning pieces before the content', async () => {
    const chunks = await readChunks(await postChat(server.url, chatBody('Think first'), scenario('reasoning', { 'x-mock-tokens': '5' })));
    const deltas = chunks.slice(1, -1).map((chunk) => chunk.choices[0].delta);
    const reasoning = generateReasoningTokens('Think first');
    expect(deltas.slice(0, reasoning.length)).toEqual(reasoning.map((piece) => ({ reasoning: piece })));
    expect(deltas.slice(reasoning.length)).toEqual(['You', ' asked', ':', ' “', 'Think'].map((content) => ({ content })));
    expect(chunks.at(-1)!.usage.completion_tokens).toBe(reasoning.length + 5);
  });

  // As Groq streams gpt-oss (both models, recorded): each reasoning delta names the analysis channel, the content deltas
  // do not, and the whole answer's message has no channel at all. Other models' reasoning deltas (above) name none.
  it.each(['openai/gpt-oss-20b', 'openai/gpt-oss-120b'])('streams %s reasoning with channel "analysis", and no channel in the whole answer', async (model) => {
    const chunks = await readChunks(await postChat(server.url, chatBody('Think first', { model }), scenario('reasoning', { 'x-mock-tokens': '5' })));
    const deltas = chunks.slice(1, -1).map((chunk) => chunk.choices[0].delta);
    const reasoning = generateReasoningTokens('Think first');
    expect(deltas.slice(0, reasoning.length)).toEqual(reasoning.map((piece) => ({ reasoning: piece, channel: 'analysis' })));
    expect(deltas.slice(reasoning.length)).toEqual(['You', ' asked', ':', ' “', 'Think'].map((content) => ({ content })));
    const response = await postChat(server.url, chatBody('Think first', { model, stream: false }), scenario('reasoning', { 'x-mock-tokens': '5' }));
    const { message } = ((await response.json()) as Record<string, any>).choices[0];
    expect(message).toEqual({ role: 'assistant', content: 'You asked: “Think', reasoning: reasoning.join('') });
  });

  it('thinks about an empty prompt when the conversation has no user message', async () => {
    const body = { model: chatBody('x').model, stream: false, messages: [{ role: 'system', content: 'Think.' }] };
    const completion = (await (await postChat(server.url, body, scenario('reasoning'))).json()) as Record<string, any>;
    expect(completion.choices[0].message.reasoning).toBe('Let me think about an empty prompt. A short, friendly answer will do.');
    expect(completion.choices[0].message.content).toMatch(/^You asked nothing at all\. /);
  });

  it('returns message.reasoning when not streaming, and counts reasoning against max_completion_tokens', async () => {
    const response = await postChat(server.url, chatBody('Think first', { stream: false, max_completion_tokens: 3 }), scenario('reasoning'));
    const completion = (await response.json()) as Record<string, any>;
    expect(completion.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: '', reasoning: 'Let me think' } });
  });

  it('hides the reasoning with reasoning_format "hidden" or include_reasoning false, and still counts it', async () => {
    const reasoning = generateReasoningTokens('Think first');
    for (const parameter of [{ reasoning_format: 'hidden' }, { include_reasoning: false }]) {
      const chunks = await readChunks(await postChat(server.url, chatBody('Think first', parameter), scenario('reasoning', { 'x-mock-tokens': '5' })));
      const deltas = chunks.slice(1, -1).map((chunk) => chunk.choices[0].delta);
      expect(deltas, JSON.stringify(parameter)).toEqual(['You', ' asked', ':', ' “', 'Think'].map((content) => ({ content })));
      expect(chunks.at(-1)!.usage.completion_tokens).toBe(reasoning.length + 5);
      const response = await postChat(server.url, chatBody('Think first', { ...parameter, stream: false }), scenario('reasoning', { 'x-mock-tokens': '5' }));
      const { message } = ((await response.json()) as Record<string, any>).choices[0];
      expect(message).toEqual({ role: 'assistant', content: 'You asked: “Think' });
    }
  });

  it('puts the reasoning in the content between <think> tags with reasoning_format "raw"', async () => {
    const reasoning = generateReasoningTokens('Think first').join('');
    const expected = `<think>\n${reasoning}\n</think>\n\nYou asked: “Think`;
    const chunks = await readChunks(await postChat(server.url, chatBody('Think first', { reasoning_format: 'raw' }), scenario('reasoning', { 'x-mock-tokens': '5' })));
    const deltas = chunks.slice(1, -1).map((chunk) => chunk.choices[0].delta);
    expect(deltas.every((delta) => Object.keys(delta).join() === 'content')).toBe(true);
    expect(deltas.map((delta) => delta.content).join('')).toBe(expected);
    const response = await postChat(server.url, chatBody('Think first', { reasoning_format: 'raw', stream: false }), scenario('reasoning', { 'x-mock-tokens': '5' }));
    expect(((await response.json()) as Record<string, any>).choices[0].message).toEqual({ role: 'assistant', content: expected });
  });

  it('keeps delta.reasoning with reasoning_format "parsed" or include_reasoning true', async () => {
    for (const parameter of [{ reasoning_format: 'parsed' }, { include_reasoning: true }]) {
      const response = await postChat(server.url, chatBody('Think first', { ...parameter, stream: false }), scenario('reasoning'));
      expect(((await response.json()) as Record<string, any>).choices[0].message.reasoning).toBe(generateReasoningTokens('Think first').join(''));
    }
  });

  it('answers 400 for a reasoning_format it does not know, both parameters at once, and raw with JSON mode or tools', async () => {
    const tools = [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: {} } } }];
    for (const [parameters, message] of [
      [{ reasoning_format: 'verbose' }, `'reasoning_format' : value must be one of "parsed", "raw", "hidden"`],
      [{ include_reasoning: 'yes' }, "'include_reasoning' : value must be a boolean"],
      [{ reasoning_format: 'parsed', include_reasoning: true }, 'cannot be used together'],
      [{ reasoning_format: 'raw', response_format: { type: 'json_object' } }, 'not supported with JSON mode or tool use'],
      [{ reasoning_format: 'raw', tools }, 'not supported with JSON mode or tool use'],
    ] as const) {
      const response = await postChat(server.url, chatBody('Think first', { ...parameters, stream: false }), scenario('reasoning'));
      expect(response.status, JSON.stringify(parameters)).toBe(400);
      expect(((await response.json()) as Record<string, any>).error).toMatchObject({ type: 'invalid_request_error', message: expect.stringContaining(message) });
    }
    const hiddenWithTools = await postChat(server.url, chatBody('Think first', { reasoning_format: 'hidden', tools, stream: false }));
    expect(hiddenWithTools.status).toBe(200);
  });
});

describe('fail-times', () => {
  it('applies a scenario to the first N requests of that scenario, then succeeds', async () => {
    const headers = scenario('server-error', { 'x-mock-fail-times': '2' });
    const statuses = [];
    for (let index = 0; index < 4; index++) statuses.push((await postChat(server.url, chatBody('x', { stream: false }), headers)).status);
    expect(statuses).toEqual([500, 500, 200, 200]);
  });

  it('counts per scenario name, and resetStats restarts the counts', async () => {
    const rateLimit = scenario('rate-limit', { 'x-mock-fail-times': '1' });
    const serverError = scenario('server-error', { 'x-mock-fail-times': '1' });
    const status = async (headers: Record<string, string>) => (await postChat(server.url, chatBody('x', { stream: false }), headers)).status;
    expect([await status(rateLimit), await status(serverError), await status(rateLimit), await status(serverError)]).toEqual([429, 500, 200, 200]);
    server.resetStats();
    expect(await status(rateLimit)).toBe(429);
  });

  it('x-mock-fail-times: 0 never applies the scenario', async () => {
    expect((await postChat(server.url, chatBody('x', { stream: false }), scenario('rate-limit', { 'x-mock-fail-times': '0' }))).status).toBe(200);
  });
});

describe('server-wide defaults', () => {
  it('applies the default scenario and fail-times to requests without headers; x-mock-scenario: none overrides', async () => {
    const flaky = await createMockGroqServer({ scenario: 'rate-limit', failTimes: 2 });
    try {
      const status = async (headers: Record<string, string> = {}) => (await postChat(flaky.url, chatBody('x', { stream: false }), headers)).status;
      expect(await status(scenario('none'))).toBe(200);
      expect([await status(), await status(), await status()]).toEqual([429, 429, 200]);
      expect((await fetchStats(flaky.url)).requests).toBe(4);
    } finally {
      await flaky.close();
    }
  });

  it('accepts the 502 and 503 scenarios as server-wide defaults', async () => {
    for (const [name, status] of [['bad-gateway', 502], ['service-unavailable', 503]] as const) {
      const failing = await createMockGroqServer({ scenario: name });
      try {
        expect((await postChat(failing.url, chatBody('x', { stream: false }))).status).toBe(status);
      } finally {
        await failing.close();
      }
    }
  });

  it('rejects an unknown scenario option', async () => {
    await expect(createMockGroqServer({ scenario: 'nope' as never })).rejects.toThrow(/scenario must be one of/);
    await expect(createMockGroqServer({ tokensPerSecond: -1 })).rejects.toThrow(/tokensPerSecond must be a number of at least 0/);
  });
});
