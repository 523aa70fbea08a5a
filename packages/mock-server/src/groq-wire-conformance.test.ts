import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockGroqServer, type MockGroqServer } from './create-mock-groq-server.js';
import { chatBody, MODEL, parseSseFrames, postChat, readChunks, useMockServer } from './test/mock-test-helpers.js';
import { parseRawResponse, type RawResponse } from './test/raw-http-response.js';

// What GROQ-WIRE.md says Groq sends, checked on the bytes the mock writes, read over a raw socket: fetch and
// the SDKs would let a fractional `created`, an extra key in `x_groq` or a header missing from an error pass.

const server = useMockServer();
let knownModelsOnly: MockGroqServer;
let oneKey: MockGroqServer;
beforeAll(async () => {
  knownModelsOnly = await createMockGroqServer({ knownModelsOnly: true });
  oneKey = await createMockGroqServer({ apiKeys: ['gsk_the_only_key'] });
});
afterAll(() => Promise.all([knownModelsOnly.close(), oneKey.close()]));

interface Exchange {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  /** JSON, or text sent as it is. */
  body?: unknown;
}

/** One request on its own connection (`connection: close`); resolves with the answer once the server closed. */
function exchange(url: string, { method = 'POST', path = '/openai/v1/chat/completions', headers = {}, body }: Exchange): Promise<RawResponse> {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const allHeaders = { host: '127.0.0.1', authorization: 'Bearer test-key', connection: 'close', ...(text === '' ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }), ...headers };
  const head = Object.entries(allHeaders)
    .filter(([, value]) => value !== '')
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (piece: string) => (received += piece));
    socket.once('error', reject);
    socket.once('close', () => resolve(parseRawResponse(received)));
    socket.write(`${method} ${path} HTTP/1.1\r\n${head}\r\n${text}`);
  });
}

const USAGE_KEYS = ['queue_time', 'prompt_tokens', 'prompt_time', 'completion_tokens', 'completion_time', 'total_tokens', 'total_time'];

describe('a streamed answer, byte for byte', () => {
  it('is a chunked text/event-stream of data-only events: the role chunk with x_groq { id, seed }, content chunks, the last chunk with both usages, [DONE]', async () => {
    // No seed in the request: the one the mock derives must be an integer too.
    const response = await exchange(server.url, { body: chatBody('wire bytes'), headers: { 'x-mock-tokens': '3' } });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream');
    expect(response.headers['transfer-encoding']).toBe('chunked');
    expect(response.headers['content-length']).toBeUndefined();
    expect(response.headers['retry-after']).toBeUndefined();
    expect(response.body).toMatch(/^(data: [^\n]+\n\n)+$/);
    expect(response.body.endsWith('\n\ndata: [DONE]\n\n')).toBe(true);
    const frames = parseSseFrames(response.body);
    expect(frames.map((frame) => frame.event)).toEqual(frames.map(() => undefined));
    const lines = frames.slice(0, -1).map((frame) => frame.data);
    // Whole seconds, as digits: a `created` of 1796545873.5 would still be a number.
    for (const line of lines) expect(line).toMatch(/^\{"id":"chatcmpl-[^"]+","object":"chat\.completion\.chunk","created":\d+,"model":/);
    const [first, ...rest] = lines.map((line) => JSON.parse(line) as Record<string, any>);
    const last = rest.pop()!;
    const requestId = response.headers['x-request-id'];

    const shared = { id: first!.id, object: 'chat.completion.chunk', created: first!.created, model: MODEL, system_fingerprint: expect.stringMatching(/^fp_[0-9a-f]+$/) };
    expect(first).toEqual({
      ...shared,
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }],
      x_groq: { id: requestId, seed: expect.any(Number) },
    });
    expect(Number.isSafeInteger(first!.x_groq.seed)).toBe(true);
    expect(Math.abs(first!.created - Date.now() / 1000)).toBeLessThan(60);
    expect(rest).toHaveLength(3);
    for (const chunk of rest) {
      expect(chunk).toEqual({ ...shared, system_fingerprint: first!.system_fingerprint, choices: [{ index: 0, delta: { content: expect.any(String) }, logprobs: null, finish_reason: null }] });
    }
    expect(last).toEqual({
      ...shared,
      system_fingerprint: first!.system_fingerprint,
      choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }],
      x_groq: { id: requestId, usage: last.usage },
      usage: expect.any(Object),
    });
    expect(Object.keys(last.usage)).toEqual(USAGE_KEYS);
  });

  it('gives each answer its own chatcmpl-<uuid> id and req_ id, the same prompt and seed or not; the fingerprint is the model’s', async () => {
    const body = chatBody('same prompt', { seed: 7 });
    const answers = await Promise.all([exchange(server.url, { body }), exchange(server.url, { body }), exchange(server.url, { body: { ...body, stream: false } })]);
    const ids = answers.map((answer) => {
      const text = answer.headers['content-type'] === 'text/event-stream' ? parseSseFrames(answer.body)[0]!.data : answer.body;
      return JSON.parse(text) as { id: string; system_fingerprint: string; x_groq: { id: string } };
    });
    // A chat UI or the AI SDK keys messages by this id: an id derived from the prompt would merge two answers.
    for (const { id } of ids) expect(id).toMatch(/^chatcmpl-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids.map(({ id }) => id)).size).toBe(3);
    expect(new Set(ids.map(({ x_groq }) => x_groq.id)).size).toBe(3);
    expect(ids.map(({ x_groq }) => x_groq.id)).toEqual(answers.map((answer) => answer.headers['x-request-id']));
    expect(new Set(ids.map(({ system_fingerprint }) => system_fingerprint)).size).toBe(1);
  });

  it('broken by a server error: data-only chunks, then one `event: error` frame with Groq’s error body, no last chunk, no [DONE], and a clean chunked end', async () => {
    const response = await exchange(server.url, { body: chatBody('wire bytes'), headers: { 'x-mock-scenario': 'mid-stream-error' } });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/event-stream');
    // parseRawResponse read the chunked terminator: the answer ended, it was not cut.
    expect(response.headers['transfer-encoding']).toBe('chunked');
    const [, chunks, error] = /^((?:data: \{[^\n]+\n\n)+)event: error\ndata: (\{[^\n]+\})\n\n$/.exec(response.body) ?? [];
    expect(chunks, response.body).toBeDefined();
    const parsed = parseSseFrames(chunks!).map((frame) => JSON.parse(frame.data) as Record<string, any>);
    expect(parsed[0]!.x_groq).toEqual({ id: response.headers['x-request-id'], seed: expect.any(Number) });
    for (const chunk of parsed) expect(chunk.choices[0].finish_reason).toBeNull();
    expect(parsed.slice(1).every((chunk) => chunk.x_groq === undefined && chunk.usage === undefined)).toBe(true);
    // As Groq's frames do, the error names the status it would have had as the answer's own, the 500 without a stream.
    expect(JSON.parse(error!)).toEqual({ error: { message: expect.stringMatching(/\S/), type: 'internal_server_error', code: 'internal_server_error', status_code: 500 } });
    expect(Object.keys(JSON.parse(error!).error as object).at(-1)).toBe('status_code');
  });
});

// Every answer outside `/__mock/*`: the request id and the rate-limit family (resets in Go's duration format).
const RESET = /^(\d+h)?(\d+m)?(\d+(\.\d{1,2})?s|\d+ms)$/;
const OVER_16_MIB = String(17 * 1024 * 1024);
const valid = chatBody('headers everywhere', { stream: false });

describe.each<[string, () => string, Exchange, number, { type: string; code?: string; param?: string } | undefined]>([
  ['a stream', () => server.url, { body: chatBody('headers everywhere') }, 200, undefined],
  ['a ChatCompletion', () => server.url, { body: valid }, 200, undefined],
  ['the model list', () => server.url, { method: 'GET', path: '/openai/v1/models' }, 200, undefined],
  ['a HEAD of the model list', () => server.url, { method: 'HEAD', path: '/openai/v1/models' }, 200, undefined],
  ['a CORS preflight', () => server.url, { method: 'OPTIONS', headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' } }, 204, undefined],
  ['a body that is not JSON', () => server.url, { body: '{"model":' }, 400, { type: 'invalid_request_error' }],
  ['a body without messages', () => server.url, { body: { model: MODEL } }, 400, { type: 'invalid_request_error' }],
  ['no key', () => server.url, { body: valid, headers: { authorization: '' } }, 401, { type: 'invalid_request_error', code: 'invalid_api_key' }],
  ['a wrong key', () => oneKey.url, { body: chatBody('headers everywhere') }, 401, { type: 'invalid_request_error', code: 'invalid_api_key' }],
  ['a message with a role Groq does not know', () => server.url, { body: { ...valid, messages: [{ role: 'robot', content: 'Hi' }] } }, 400, { type: 'invalid_request_error' }],
  ['a model Groq does not serve', () => knownModelsOnly.url, { body: { ...valid, model: 'no-such-model' } }, 404, { type: 'invalid_request_error', code: 'model_not_found' }],
  ['an unknown path', () => server.url, { path: '/openai/v1/chat/completion', body: valid }, 404, { type: 'invalid_request_error', code: 'unknown_url' }],
  ['a request too large', () => server.url, { headers: { expect: '100-continue', 'content-type': 'application/json', 'content-length': OVER_16_MIB } }, 413, { type: 'invalid_request_error', code: 'request_too_large' }],
  ['a rate limit', () => server.url, { body: valid, headers: { 'x-mock-scenario': 'rate-limit' } }, 429, { type: 'tokens', code: 'rate_limit_exceeded' }],
  // A request for a stream is refused as any other: JSON, not an event stream.
  ['a rate limit on a request for a stream', () => server.url, { body: chatBody('headers everywhere'), headers: { 'x-mock-scenario': 'rate-limit' } }, 429, { type: 'tokens', code: 'rate_limit_exceeded' }],
  ['no key on a request for a stream', () => server.url, { body: chatBody('headers everywhere'), headers: { authorization: '' } }, 401, { type: 'invalid_request_error', code: 'invalid_api_key' }],
  ['flex-tier capacity', () => server.url, { body: { ...valid, service_tier: 'flex' }, headers: { 'x-mock-scenario': 'capacity' } }, 498, { type: 'capacity_exceeded', code: 'capacity_exceeded' }],
  // 498 is flex's: the capacity scenario answers a request on another tier 503, "for server trouble".
  ['capacity on the on_demand tier', () => server.url, { body: valid, headers: { 'x-mock-scenario': 'capacity' } }, 503, { type: 'internal_server_error', code: 'service_unavailable' }],
  ['a server error', () => server.url, { body: valid, headers: { 'x-mock-scenario': 'server-error' } }, 500, { type: 'internal_server_error', code: 'internal_server_error' }],
  ['a bad gateway', () => server.url, { body: valid, headers: { 'x-mock-scenario': 'bad-gateway' } }, 502, { type: 'internal_server_error', code: 'bad_gateway' }],
  ['an unavailable service', () => server.url, { body: valid, headers: { 'x-mock-scenario': 'service-unavailable' } }, 503, { type: 'internal_server_error', code: 'service_unavailable' }],
  // Groq's message names the tier whose limit was reached: flex has limits of its own.
  ['a rate limit on the flex tier', () => server.url, { body: { ...valid, service_tier: 'flex' }, headers: { 'x-mock-scenario': 'rate-limit' } }, 429, { type: 'tokens', code: 'rate_limit_exceeded' }],
  ['a rate limit per day', () => server.url, { body: valid, headers: { 'x-mock-scenario': 'rate-limit-daily' } }, 429, { type: 'tokens', code: 'rate_limit_exceeded' }],
  // Answers beside those GROQ-WIRE.md names: "every response" carries the same headers, a stream that fails too.
  ['a model not in the list, by default (knownModelsOnly off)', () => server.url, { body: { ...valid, model: 'no-such-model' } }, 200, undefined],
  ['a model not in the list, asked for by path', () => server.url, { method: 'GET', path: '/openai/v1/models/no-such-model' }, 404, { type: 'invalid_request_error', code: 'model_not_found' }],
  ['a wrong method', () => server.url, { method: 'GET' }, 405, { type: 'invalid_request_error', code: 'method_not_allowed' }],
  // Groq names the parameter, with no code.
  ['a parameter Groq does not support', () => server.url, { body: { ...valid, logprobs: true } }, 400, { type: 'invalid_request_error', param: 'logprobs' }],
  ['an invalid x-mock header', () => server.url, { body: valid, headers: { 'x-mock-tokens': 'many' } }, 400, { type: 'invalid_request_error', code: 'invalid_mock_header' }],
  ['a stream broken by a server error', () => server.url, { body: chatBody('headers everywhere'), headers: { 'x-mock-scenario': 'mid-stream-error' } }, 200, undefined],
  ['a stream stopped early', () => server.url, { body: chatBody('headers everywhere'), headers: { 'x-mock-scenario': 'stopped-early' } }, 200, undefined],
  ['a server error on a request for a ChatCompletion', () => server.url, { body: valid, headers: { 'x-mock-scenario': 'mid-stream-error' } }, 500, { type: 'internal_server_error', code: 'internal_server_error' }],
  ['an answer stopped early on a request for a ChatCompletion', () => server.url, { body: valid, headers: { 'x-mock-scenario': 'stopped-early' } }, 500, { type: 'internal_server_error', code: 'internal_server_error' }],
])('%s', (_, url, request, status, error) => {
  it(`is answered ${status} with x-request-id, x-groq-region and the six x-ratelimit-* headers, and retry-after in whole seconds only if it is a 429`, async () => {
    const response = await exchange(url(), request);
    expect(response.status).toBe(status);
    const { headers } = response;
    expect(headers['x-request-id']).toMatch(/^req_01[0-9a-z]{24}$/);
    expect(headers['x-groq-region']).toBe('dls');
    for (const kind of ['requests', 'tokens']) {
      expect(headers[`x-ratelimit-limit-${kind}`], kind).toMatch(/^[1-9]\d*$/);
      expect(headers[`x-ratelimit-remaining-${kind}`], kind).toMatch(/^\d+$/);
      expect(headers[`x-ratelimit-reset-${kind}`], kind).toMatch(RESET);
    }
    if (status === 429) expect(headers['retry-after']).toMatch(/^[1-9]\d*$/);
    else expect(headers['retry-after']).toBeUndefined();
    if (error === undefined) return;
    // `{ "error": { "message", "type", "code" } }`, without a code where Groq sends none (a body it cannot read).
    expect(headers['content-type']).toBe('application/json');
    const body = JSON.parse(response.body) as { error: Record<string, unknown> };
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error).toEqual({ message: expect.stringMatching(/\S/), ...error });
    if (status === 429) {
      expect(body.error.message).toMatch(
        /^Rate limit reached for model `[^`]+` in organization `[^`]+` (service tier `\w+` )?on tokens per (minute \(TPM\)|day \(TPD\)): Limit \d+, Used \d+, Requested \d+\. Please try again in \S+\./,
      );
      const tier = (request.body as { service_tier?: unknown } | undefined)?.service_tier;
      expect(body.error.message).toContain(` service tier \`${tier === 'flex' || tier === 'performance' ? tier : 'on_demand'}\` on `);
    }
  });
});

// The order of the fields as Groq writes them (GROQ-WIRE.md), in every stream shape the mock sends: a reader that
// compares or hashes the text, or a relay test that replays it, sees the difference that `toEqual` would not.
const CHUNK_KEYS = ['id', 'object', 'created', 'model', 'system_fingerprint', 'choices'];
const CHOICE_KEYS = ['index', 'delta', 'logprobs', 'finish_reason'];

describe.each<[string, Record<string, unknown>, Record<string, string>, (delta: Record<string, any>) => boolean]>([
  ['plain text', {}, {}, (delta) => typeof delta.content === 'string'],
  ['tool calls', { model: MODEL }, { 'x-mock-scenario': 'tool-calls' }, (delta) => Array.isArray(delta.tool_calls)],
  // gpt-oss's reasoning deltas name the channel it is written on, as Groq's do; its content deltas do not.
  [
    'reasoning',
    { model: 'openai/gpt-oss-20b' },
    { 'x-mock-scenario': 'reasoning', 'x-mock-tokens': '2' },
    (delta) => (typeof delta.reasoning === 'string' && delta.channel === 'analysis') || typeof delta.content === 'string',
  ],
  ['a stream stopped early', {}, { 'x-mock-scenario': 'stopped-early' }, (delta) => typeof delta.content === 'string'],
  ['include_usage', { stream_options: { include_usage: true } }, {}, (delta) => typeof delta.content === 'string'],
  ['a length cut', { max_completion_tokens: 2 }, { 'x-mock-tokens': '5' }, (delta) => typeof delta.content === 'string'],
])('%s, field by field', (name, extra, headers, isMiddle) => {
  it('has one id, Groq’s fields in Groq’s order, the role chunk first and the last chunk’s empty delta, finish reason and x_groq usage', async () => {
    const response = await postChat(server.url, chatBody('field order', extra), headers);
    const requestId = response.headers.get('x-request-id');
    const chunks = await readChunks(response);
    const usageChunk = name === 'include_usage' ? chunks.pop() : undefined;
    const [first, ...rest] = chunks;
    const last = rest.pop()!;
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(Object.keys(first!)).toEqual([...CHUNK_KEYS, 'x_groq']);
    expect(first!.choices[0].delta).toEqual({ role: 'assistant', content: '' });
    expect(Object.keys(first!.choices[0].delta)).toEqual(['role', 'content']);
    expect(Object.keys(first!.x_groq)).toEqual(['id', 'seed']);
    expect(rest.length).toBeGreaterThan(0);
    for (const chunk of rest) {
      expect(Object.keys(chunk)).toEqual(CHUNK_KEYS);
      expect(chunk.choices).toHaveLength(1);
      expect(Object.keys(chunk.choices[0])).toEqual(CHOICE_KEYS);
      expect(chunk.choices[0]).toMatchObject({ index: 0, logprobs: null, finish_reason: null });
      const { delta } = chunk.choices[0];
      expect(Object.keys(delta)).toEqual(delta.reasoning === undefined ? [expect.any(String)] : ['reasoning', 'channel']);
      expect(isMiddle(delta)).toBe(true);
    }
    expect(Object.keys(last)).toEqual([...CHUNK_KEYS, 'x_groq', 'usage']);
    expect(Object.keys(last.choices[0])).toEqual(CHOICE_KEYS);
    const finishReason = name === 'tool calls' ? 'tool_calls' : name === 'a length cut' ? 'length' : 'stop';
    expect(last.choices[0]).toEqual({ index: 0, delta: {}, logprobs: null, finish_reason: finishReason });
    expect(Object.keys(last.x_groq)).toEqual(name === 'a stream stopped early' ? ['id', 'usage', 'error'] : ['id', 'usage']);
    expect(last.x_groq.id).toBe(requestId);
    expect(last.x_groq.usage).toEqual(last.usage);
    expect(Object.keys(last.usage).slice(0, USAGE_KEYS.length)).toEqual(USAGE_KEYS);
    if (name === 'a stream stopped early') expect(last.x_groq.error).toEqual(expect.stringMatching(/\S/));
    if (usageChunk !== undefined) {
      expect(Object.keys(usageChunk)).toEqual([...CHUNK_KEYS, 'usage', 'service_tier']);
      expect(usageChunk).toMatchObject({ id: first!.id, choices: [], usage: last.usage });
    }
    if (name !== 'tool calls') return;
    // The first delta of a call has its index, id, type and name; the others only pieces of its arguments.
    const [opening, ...pieces] = rest.map((chunk) => chunk.choices[0].delta.tool_calls[0]);
    expect(Object.keys(opening)).toEqual(['index', 'id', 'type', 'function']);
    expect(opening).toEqual({ index: 0, id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'get_weather', arguments: '' } });
    for (const piece of pieces) expect(piece).toEqual({ index: 0, function: { arguments: expect.any(String) } });
    expect(JSON.parse(pieces.map((piece) => piece.function.arguments).join(''))).toEqual(expect.any(Object));
  });
});

describe('a non-streamed answer, field by field', () => {
  it('is a chat.completion with Groq’s fields in Groq’s order, the message’s role and content, usage, x_groq { id, seed }', async () => {
    const response = await exchange(server.url, { body: valid });
    expect(response.headers['content-type']).toBe('application/json');
    const completion = JSON.parse(response.body) as Record<string, any>;
    expect(Object.keys(completion)).toEqual(['id', 'object', 'created', 'model', 'choices', 'usage', 'usage_breakdown', 'system_fingerprint', 'x_groq', 'service_tier']);
    expect(completion).toMatchObject({ id: expect.stringMatching(/^chatcmpl-/), object: 'chat.completion', model: MODEL, usage_breakdown: null, system_fingerprint: expect.stringMatching(/^fp_/) });
    expect(response.body).toMatch(/^\{"id":"chatcmpl-[^"]+","object":"chat\.completion","created":\d+,/);
    expect(Object.keys(completion.choices[0])).toEqual(['index', 'message', 'logprobs', 'finish_reason']);
    expect(completion.choices[0]).toEqual({ index: 0, message: { role: 'assistant', content: expect.any(String) }, logprobs: null, finish_reason: 'stop' });
    expect(Object.keys(completion.usage)).toEqual(USAGE_KEYS);
    expect(completion.x_groq).toEqual({ id: response.headers['x-request-id'], seed: expect.any(Number) });
  });
});
