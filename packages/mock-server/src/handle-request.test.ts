import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMockGroqServer, type MockGroqServer } from './create-mock-groq-server.js';
import { chatBody, MODEL, postChat } from './test/mock-test-helpers.js';

let server: MockGroqServer;
beforeAll(async () => {
  server = await createMockGroqServer();
});
afterAll(() => server.close());
beforeEach(() => server.resetStats());

async function expectGroqError(response: Response, status: number, type: string, code?: string): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/json');
  const body = (await response.json()) as { error: { message: string; type: string; code?: string } };
  expect(body.error.type).toBe(type);
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(5);
  return body.error.message;
}

describe('authorization', () => {
  it.each([
    ['no header', {}],
    ['an empty bearer', { authorization: 'Bearer ' }],
    ['another scheme', { authorization: 'Basic dGVzdA==' }],
  ])('answers 401 invalid_api_key for %s', async (_, headers: Record<string, string>) => {
    const response = await fetch(`${server.url}/openai/v1/chat/completions`, { method: 'POST', headers, body: JSON.stringify(chatBody('hi')) });
    expect(await expectGroqError(response, 401, 'invalid_request_error', 'invalid_api_key')).toBe('Invalid API Key');
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('also guards the models list', async () => {
    await expectGroqError(await fetch(`${server.url}/openai/v1/models`), 401, 'invalid_request_error', 'invalid_api_key');
  });
});

describe('body validation', () => {
  async function send(body: string): Promise<Response> {
    return fetch(`${server.url}/openai/v1/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer k' }, body });
  }

  it.each([
    ['invalid JSON', '{"model":', /not valid JSON/],
    ['an empty body', '', /not valid JSON: the body is empty/],
    ['a body that is not an object', '[1,2]', /must be a JSON object/],
    ['a missing model', JSON.stringify({ messages: [{ role: 'user', content: 'x' }] }), /'model' : property 'model' is missing/],
    ['a non-string model', JSON.stringify({ model: 7, messages: [{ role: 'user', content: 'x' }] }), /'model' : value must be a non-empty string/],
    ['missing messages', JSON.stringify({ model: MODEL }), /'messages' : property 'messages' is missing/],
    ['non-array messages', JSON.stringify({ model: MODEL, messages: 'hi' }), /'messages' : value must be an array/],
    ['empty messages', JSON.stringify({ model: MODEL, messages: [] }), /'messages' : minimum number of items is 1/],
    ['a message that is not an object', JSON.stringify({ model: MODEL, messages: ['hi'] }), /'messages.0' : value must be an object/],
    ['a message without role', JSON.stringify({ model: MODEL, messages: [{ content: 'x' }] }), /'messages.0' : missing discriminator property 'role'/],
    [
      'an unknown role',
      JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'a' }, { role: 'robot', content: 'x' }] }),
      /'messages.1' : discriminator property 'role' has invalid value "robot"/,
    ],
    ['n > 1', JSON.stringify({ ...chatBody('x'), n: 2 }), /'n' : number must be at most 1/],
    ['a non-boolean stream', JSON.stringify({ ...chatBody('x'), stream: 'yes' }), /'stream' : value must be a boolean/],
    ['max_completion_tokens of 0', JSON.stringify({ ...chatBody('x'), max_completion_tokens: 0 }), /'max_completion_tokens' : number must be at least 1/],
    ['fractional max_tokens', JSON.stringify({ ...chatBody('x'), max_tokens: 1.5 }), /'max_tokens' : value must be an integer/],
  ])('answers 400 invalid_request_error for %s', async (_, body, message) => {
    expect(await expectGroqError(await send(body), 400, 'invalid_request_error')).toMatch(message);
  });

  it('accepts every OpenAI role, content parts, n = 1 and any model name by default', async () => {
    const response = await postChat(server.url, {
      model: 'my-own-fine-tune',
      n: 1,
      stream: false,
      messages: [
        { role: 'system', content: 's' },
        { role: 'developer', content: 'd' },
        { role: 'user', content: [{ type: 'text', text: 'first' }] },
        { role: 'assistant', content: null, tool_calls: [] },
        { role: 'tool', content: 'r', tool_call_id: 'c' },
        { role: 'function', content: 'f', name: 'n' },
        { role: 'user', content: [{ type: 'text', text: 'Parts ' }, { type: 'image_url', image_url: { url: 'x' } }, { type: 'text', text: 'joined' }] },
      ],
    });
    expect(response.status).toBe(200);
    const completion = (await response.json()) as { model: string; choices: [{ message: { content: string } }] };
    expect(completion.model).toBe('my-own-fine-tune');
    expect(completion.choices[0].message.content).toMatch(/^You asked: “Parts joined”\./u);
  });

  it('rejects an invalid x-mock-* header instead of ignoring it', async () => {
    const bad = await postChat(server.url, chatBody('x'), { 'x-mock-scenario': 'explode' });
    expect(await expectGroqError(bad, 400, 'invalid_request_error', 'invalid_mock_header')).toMatch(/x-mock-scenario must be one of none, rate-limit/);
    const negative = await postChat(server.url, chatBody('x'), { 'x-mock-tokens': '-3' });
    expect(await expectGroqError(negative, 400, 'invalid_request_error', 'invalid_mock_header')).toMatch(/x-mock-tokens must be a non-negative integer/);
  });

  it('answers 404 model_not_found for an unknown model with knownModelsOnly', async () => {
    const strict = await createMockGroqServer({ knownModelsOnly: true });
    try {
      const message = await expectGroqError(await postChat(strict.url, chatBody('x', { model: 'gpt-99' })), 404, 'invalid_request_error', 'model_not_found');
      expect(message).toBe('The model `gpt-99` does not exist or you do not have access to it.');
      expect((await postChat(strict.url, chatBody('x', { stream: false }))).status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});

describe('routing', () => {
  it('answers 404 unknown_url for an unknown path, and 405 for a wrong method', async () => {
    const message = await expectGroqError(await fetch(`${server.url}/openai/v1/embeddings`, { method: 'POST' }), 404, 'invalid_request_error', 'unknown_url');
    expect(message).toContain('POST /openai/v1/embeddings');
    const wrongMethod = await fetch(`${server.url}/openai/v1/chat/completions`, { headers: { authorization: 'Bearer k' } });
    await expectGroqError(wrongMethod, 405, 'invalid_request_error', 'method_not_allowed');
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    const wrongModelsMethod = await fetch(`${server.url}/openai/v1/models`, { method: 'DELETE' });
    expect(wrongModelsMethod.status).toBe(405);
    expect((await fetch(`${server.url}/__mock/stats`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${server.url}/__mock/nothing`)).status).toBe(404);
  });

  it('ignores the query string', async () => {
    const response = await fetch(`${server.url}/openai/v1/models?limit=1`, { headers: { authorization: 'Bearer k' } });
    expect(response.status).toBe(200);
  });

  it('lists real Groq model ids in a ModelList', async () => {
    const response = await fetch(`${server.url}/openai/v1/models`, { headers: { authorization: 'Bearer k' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ratelimit-limit-requests')).toBe('14400');
    const list = (await response.json()) as { object: string; data: { id: string; object: string; owned_by: string; created: number }[] };
    expect(list.object).toBe('list');
    expect(list.data.map((model) => model.id)).toEqual(expect.arrayContaining(['llama-3.3-70b-versatile', 'llama-3.1-8b-instant', 'openai/gpt-oss-20b']));
    for (const model of list.data) expect(model).toMatchObject({ object: 'model', owned_by: expect.any(String), created: expect.any(Number) });
  });

  it('retrieves one model by id, URL-encoded or not, and answers 404 model_not_found for others', async () => {
    const headers = { authorization: 'Bearer k' };
    for (const path of ['openai%2Fgpt-oss-20b', 'openai/gpt-oss-20b']) {
      const response = await fetch(`${server.url}/openai/v1/models/${path}`, { headers });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-request-id')).toMatch(/^req_/);
      expect(await response.json()).toMatchObject({ id: 'openai/gpt-oss-20b', object: 'model', owned_by: 'OpenAI', context_window: 131072 });
    }
    const missing = await fetch(`${server.url}/openai/v1/models/no-such-model`, { headers });
    expect(await expectGroqError(missing, 404, 'invalid_request_error', 'model_not_found')).toContain('`no-such-model`');
    await expectGroqError(await fetch(`${server.url}/openai/v1/models/llama-3.1-8b-instant`), 401, 'invalid_request_error', 'invalid_api_key');
    expect((await fetch(`${server.url}/openai/v1/models/llama-3.1-8b-instant`, { method: 'POST', headers })).status).toBe(405);
  });

  it('answers CORS preflights and exposes Groq headers to browsers', async () => {
    const preflight = await fetch(`${server.url}/openai/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, x-mock-scenario' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization, x-mock-scenario');
    const response = await postChat(server.url, chatBody('x', { stream: false }));
    expect(response.headers.get('access-control-expose-headers')).toContain('x-request-id');
  });

  it('answers 413 for a body over 16 MiB', async () => {
    const body = JSON.stringify(chatBody('x'.repeat(16 * 1024 * 1024 + 1)));
    const response = await fetch(`${server.url}/openai/v1/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer k' }, body });
    await expectGroqError(response, 413, 'invalid_request_error', 'request_too_large');
    expect(server.requests().at(-1)?.body).toBeUndefined();
  });
});

describe('recording and control endpoints', () => {
  it('records what the mock saw, with the key redacted, and serves it on /__mock/requests', async () => {
    await postChat(server.url, chatBody('remember me', { stream: false }), { 'x-trace': 'abc' });
    await fetch(`${server.url}/openai/v1/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer k' }, body: 'not json' });
    const [first, second] = server.requests();
    expect(first).toMatchObject({ method: 'POST', path: '/openai/v1/chat/completions', body: chatBody('remember me', { stream: false }) });
    expect(first?.headers['authorization']).toBe('[redacted]');
    expect(first?.headers['x-trace']).toBe('abc');
    expect(second?.body).toBe('not json');
    expect(JSON.stringify(server.requests())).not.toContain('test-key');
    const overHttp = (await (await fetch(`${server.url}/__mock/requests`)).json()) as unknown[];
    expect(overHttp).toEqual(JSON.parse(JSON.stringify(server.requests())));
  });

  it('keeps only the newest maxRecordedRequests', async () => {
    const small = await createMockGroqServer({ maxRecordedRequests: 2 });
    try {
      for (const prompt of ['a', 'b', 'c']) await postChat(small.url, chatBody(prompt, { stream: false }));
      expect(small.requests().map((request) => (request.body as { messages: [{ content: string }] }).messages[0].content)).toEqual(['b', 'c']);
    } finally {
      await small.close();
    }
  });

  it('counts requests but not /__mock calls, and resets over HTTP', async () => {
    await fetch(`${server.url}/nowhere`);
    await fetch(`${server.url}/__mock/stats`);
    expect(server.stats().requests).toBe(1);
    expect((await fetch(`${server.url}/__mock/reset`, { method: 'POST' })).status).toBe(204);
    expect(server.stats()).toEqual({ requests: 0, streamsStarted: 0, streamsCompleted: 0, streamsAborted: 0, streamsFailed: 0 });
    expect(server.requests()).toEqual([]);
  });
});
