import { describe, expect, test } from 'vitest';
import { APIError } from './errors/api-error.js';
import { GroqError } from './errors/groq-error.js';
import { Groq } from './groq.js';

describe('models.retrieve', () => {
  test('an ID of . or .. is refused, as the URL would read it as a path step and ask for another endpoint', async () => {
    const urls: string[] = [];
    const fetch = (url: string) => {
      urls.push(url);
      return Promise.resolve(Response.json({ object: 'list', data: [] }));
    };
    const client = new Groq({ apiKey: 'k', baseURL: 'https://example.test', fetch });
    for (const id of ['.', '..']) {
      const error = await client.models.retrieve(id).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(GroqError);
      expect((error as Error).message).toMatch(/^models\.retrieve\(\) takes a model ID, got "\.{1,2}", which is no model ID\./);
    }
    expect(urls).toEqual([]);
  });

  test('a 404 for a 10 KB ID names the request with its path cut short, not 10 KB of it', async () => {
    const id = 'm'.repeat(10_000);
    const client = new Groq({ apiKey: 'k', baseURL: 'https://example.test', maxRetries: 0, fetch: async () => Response.json({ error: { message: 'The model does not exist.' } }, { status: 404 }) });
    const error = await client.models.retrieve(id).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/^404 The model does not exist\. \[GET \/openai\/v1\/models\/m{100,}… \(10018 characters in all\)\]\. Check the model name/);
    expect((error as Error).message.length).toBeLessThan(600);
  });
});

describe('a model list or a model whose fields have another JSON type than Model gives them', () => {
  // As Groq (and the mock server) answer GET /openai/v1/models: every typed field, each of its own JSON type.
  const groqModel = {
    id: 'llama-3.3-70b-versatile',
    object: 'model',
    created: 1733447754,
    owned_by: 'Meta',
    active: true,
    context_window: 131072,
    public_apps: null,
    max_completion_tokens: 32768,
  };
  const other = { ...groqModel, id: 'openai/gpt-oss-20b', owned_by: 'OpenAI' };
  const answering = (body: object) =>
    new Groq({ apiKey: 'k', baseURL: 'https://example.test', maxRetries: 0, fetch: async () => Response.json(body, { headers: { 'x-request-id': 'req_7' } }) });
  const list = (body: object) => answering(body).models.list();
  const retrieve = (body: object) => answering(body).models.retrieve('llama-3.3-70b-versatile');
  const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const expectError = async (answer: Promise<unknown>, said: string) => {
    const error = await answer.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIError);
    expect([(error as APIError).status, (error as APIError).requestId]).toEqual([200, 'req_7']);
    expect((error as Error).message).toMatch(new RegExp(`^The server sent ${escaped(said)} \\[`));
  };

  test.each<[string, object, string]>([
    ['object a number', { object: 1 }, 'object is not text: 1'],
    ['created text', { created: '1733447754' }, 'created is not a number: "1733447754"'],
    ['owned_by an object', { owned_by: { name: 'Meta' } }, 'owned_by is not text: an object'],
    ['active text', { active: 'true' }, 'active is not true or false: "true"'],
    ['active a number', { active: 1 }, 'active is not true or false: 1'],
    ['context_window text', { context_window: '131072' }, 'context_window is not a number: "131072"'],
    ['max_completion_tokens a list', { max_completion_tokens: [32768] }, 'max_completion_tokens is not a number: a list of 1 item'],
  ])('%s is an APIError naming the field, from list() and retrieve()', async (_, change, said) => {
    await expectError(retrieve({ ...groqModel, ...change }), `a model whose ${said}`);
    await expectError(list({ object: 'list', data: [groqModel, { ...other, ...change }] }), `a model list whose data[1].${said}`);
  });

  test("a listed model's id that is not text, and a list's object that is not text, are named too", async () => {
    await expectError(list({ object: 'list', data: [{ ...groqModel, id: 7 }] }), 'a model list whose data[0].id is not text: 7');
    await expectError(list({ object: ['list'], data: [groqModel] }), 'a model list whose object is not text: a list of 1 item');
  });

  test('a real answer passes, and so do null, absent fields, values Groq may add later and fields of its own', async () => {
    const groqList = { object: 'list', data: [groqModel, other] };
    expect(await list(groqList)).toEqual(groqList);
    expect(await retrieve(groqModel)).toEqual(groqModel);
    const sparse = { id: 'm' };
    expect(await retrieve(sparse)).toEqual(sparse);
    expect(await list({ data: [sparse] })).toEqual({ data: [sparse] });
    const nulls = { id: 'm', object: null, created: null, owned_by: null, active: null, context_window: null, max_completion_tokens: null, public_apps: null };
    expect(await list({ object: null, data: [nulls] })).toEqual({ object: null, data: [nulls] });
    const later = { ...groqModel, object: 'model.v2', active: false, created: 1.5, public_apps: ['chat'], max_completion_tokens: -1, features: { vision: true } };
    expect(await retrieve(later)).toEqual(later);
    expect(await list({ object: 'page', data: [later], has_more: false })).toEqual({ object: 'page', data: [later], has_more: false });
  });
});

describe('a model list or a model whose body holds an error member', () => {
  const key = 'gsk_server_key_7f3a9b2c1d5e';
  const model = { id: 'llama-3.3-70b-versatile', object: 'model', created: 1733447754, owned_by: 'Meta' };
  const answering = (body: object) => {
    const calls: string[] = [];
    const fetch = async (url: string) => {
      calls.push(url);
      return Response.json(body, { headers: { 'x-request-id': 'req_7' } });
    };
    return { calls, client: new Groq({ apiKey: key, baseURL: 'https://example.test', fetch }) };
  };

  // As a chat completion's (and a stream's data object's): anything but null or absent is the server's error.
  test.each<[string, unknown, string]>([
    ["Groq's error object", { message: `models unavailable for ${key}`, type: 'server_error' }, '200 models unavailable for [redacted].'],
    ['a string', 'models unavailable', '200 models unavailable.'],
    ['false', false, '200 status code (a JSON body without an error message: see error.error)'],
    ['an empty object', {}, '200 status code (a JSON body without an error message: see error.error)'],
  ])('%s beside the data is an APIError with status 200 and the request id, from list() and retrieve(), not retried', async (_, error, said) => {
    for (const [path, body, ask] of [
      ['/openai/v1/models', { object: 'list', data: [model], error }, (client: Groq) => client.models.list()],
      ['/openai/v1/models/llama-3.3-70b-versatile', { ...model, error }, (client: Groq) => client.models.retrieve('llama-3.3-70b-versatile')],
    ] as const) {
      const { calls, client } = answering(body);
      const caught = await ask(client).catch((thrown: unknown) => thrown);
      expect(caught, path).toBeInstanceOf(APIError);
      expect([(caught as APIError).status, (caught as APIError).requestId, (caught as Error).message]).toEqual([200, 'req_7', `${said} [GET ${path}, request req_7]`]);
      expect(calls).toHaveLength(1);
    }
  });

  test('null is no error: the list, the model', async () => {
    const list = { object: 'list', data: [model], error: null };
    expect(await answering(list).client.models.list()).toEqual(list);
    expect(await answering({ ...model, error: null }).client.models.retrieve(model.id)).toEqual({ ...model, error: null });
  });
});
