/**
 * The promise of this package and of @groq-stream/web: migrating from groq-sdk changes only the import line.
 * Each case is one program, written once against groq-sdk's API as a function of the client's constructor,
 * run with groq-sdk's default export and with one of our `Groq`s (this package's on `node:http`, web's on the
 * global `fetch`); what each observes (values, chunks, errors, retries, what the server received) is compared
 * after normalising what differs on every request (ids, timestamps, times). Where a client deliberately
 * differs, a case titled so asserts both sides, and that package's README's migration section says so.
 */
import type { ServerResponse } from 'node:http';
import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import { eventually } from '@groq-stream/core/test';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  collect,
  describeHeaders,
  describeThrown,
  nodeStreamFetch,
  ourClients,
  outcomesOn,
  rawServer,
  targetOfMock,
  type Outcome,
  type Program,
  type Target,
} from './test/groq-sdk-parity.js';

const apiKey = 'gsk_parity_test_key_0123456789';
const model = 'llama-3.3-70b-versatile';
const messages = [{ role: 'user' as const, content: 'Explain quantum computing' }];
const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

let mock: MockGroqServer;
let mockTarget: Target;

beforeAll(async () => {
  mock = await createMockGroqServer({ apiKeys: [apiKey], knownModelsOnly: true });
  mockTarget = targetOfMock(mock);
});
afterAll(() => mock.close());

/** Per-request mock behaviour, sent as groq-sdk users send it: request headers. */
const scenario = (name: string, extra: Record<string, string> = {}) => ({ headers: { 'x-mock-scenario': name, ...extra } });

const groqHeaders = { 'content-type': 'application/json', 'x-request-id': 'req_01raw' };
const completionBody = JSON.stringify({
  id: 'chatcmpl-raw', object: 'chat.completion', created: 1, model,
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' }, logprobs: null, finish_reason: 'stop' }],
});

// Every case runs for each of our clients against groq-sdk; a case about one client's transport says which.
describe.each(ourClients)('%s', (ours, Ours) => {
  /** Runs `program` with groq-sdk and with `Ours` against `target`, and expects the same outcome; returns it. */
  async function expectSameOutcome(program: Program, target: Target = mockTarget): Promise<Outcome> {
    const outcomes = await outcomesOn(target, program, Ours);
    expect(outcomes.ours).toEqual(outcomes.theirs);
    return outcomes.theirs;
  }

  /** Runs `program` with groq-sdk (`theirs`) and with `Ours` (`ours`), for the deliberate differences. */
  function outcomesOf(program: Program, target: Target = mockTarget): Promise<{ theirs: Outcome; ours: Outcome }> {
    return outcomesOn(target, program, Ours);
  }

  describe('chat.completions.create', () => {
    test('non-streamed', async () => {
      const outcome = await expectSameOutcome(async (Client) => new Client({ apiKey, baseURL: mock.url }).chat.completions.create({ model, messages }));
      expect(outcome.value).toMatchObject({ object: 'chat.completion', choices: [{ finish_reason: 'stop' }] });
    });

    test('streamed', async () => {
      const outcome = await expectSameOutcome(async (Client) => collect(await new Client({ apiKey, baseURL: mock.url }).chat.completions.create({ model, messages, stream: true })));
      expect((outcome.value as unknown[]).length).toBeGreaterThan(3);
      expect(outcome.streams).toEqual({ started: 1, completed: 1, aborted: 0 });
    });

    test('tools and a tool_choice naming a function, non-streamed and streamed', async () => {
      const params = { model, messages, tools: [weatherTool], tool_choice: { type: 'function' as const, function: { name: 'get_weather' } } };
      const outcome = await expectSameOutcome(async (Client) => {
        const client = new Client({ apiKey, baseURL: mock.url });
        return [await client.chat.completions.create(params), await collect(await client.chat.completions.create({ ...params, stream: true }))];
      });
      expect(outcome.value).toMatchObject([{ choices: [{ finish_reason: 'tool_calls', message: { tool_calls: [{ function: { name: 'get_weather' } }] } }] }, expect.any(Array)]);
    });

    test('response_format json_object', async () => {
      const outcome = await expectSameOutcome(async (Client) =>
        new Client({ apiKey, baseURL: mock.url }).chat.completions.create({ model, messages: [{ role: 'user', content: 'Reply in JSON' }], response_format: { type: 'json_object' } }),
      );
      const content = (outcome.value as { choices: [{ message: { content: string } }] }).choices[0].message.content;
      expect(JSON.parse(content)).toBeTypeOf('object');
    });

    test('n > 1, which Groq refuses', async () => {
      const outcome = await expectSameOutcome(async (Client) => new Client({ apiKey, baseURL: mock.url, maxRetries: 2 }).chat.completions.create({ model, messages, n: 2 }));
      expect(outcome.thrown).toMatchObject({ sdkClass: 'BadRequestError', status: 400 });
      expect(outcome.requests).toHaveLength(1);
    });

    test('reasoning, streamed and not', async () => {
      const outcome = await expectSameOutcome(async (Client) => {
        const client = new Client({ apiKey, baseURL: mock.url });
        const params = { model: 'openai/gpt-oss-20b', messages };
        return [await client.chat.completions.create(params, scenario('reasoning')), await collect(await client.chat.completions.create({ ...params, stream: true }, scenario('reasoning')))];
      });
      expect(outcome.value).toMatchObject([{ choices: [{ message: { reasoning: expect.any(String) } }] }, expect.any(Array)]);
    });

    test('stream_options include_usage', async () => {
      // groq-sdk 1.6.0 does not type stream_options, but sends it.
      const includeUsage = { stream_options: { include_usage: true } };
      const outcome = await expectSameOutcome(async (Client) =>
        collect(await new Client({ apiKey, baseURL: mock.url }).chat.completions.create({ model, messages, stream: true, ...includeUsage })),
      );
      expect((outcome.value as Array<{ choices: unknown[] }>).at(-1)).toMatchObject({ choices: [], usage: expect.any(Object) });
    });

    test('default and request headers: lists, repeated pairs, null and an empty list', async () => {
      const outcome = await expectSameOutcome(async (Client) => {
        const client = new Client({ apiKey, baseURL: mock.url, defaultHeaders: { 'x-team': 'a', 'x-tags': 'old', 'x-drop': 'me' } });
        await client.chat.completions.create({ model, messages }, { headers: { 'x-tags': ['b', 'c'], 'x-team': [], 'x-drop': null } });
        return client.chat.completions.create({ model, messages }, { headers: [['x-tag', 'one'], ['X-Tag', 'two']] });
      });
      const [lists, pairs] = outcome.requests.map((request) => request.headers);
      expect(lists).toMatchObject({ 'x-team': 'a', 'x-tags': 'b, c' });
      expect(lists).not.toHaveProperty('x-drop');
      expect(pairs).toMatchObject({ 'x-tag': 'one, two', 'x-team': 'a', 'x-drop': 'me' });
    });

    test('withResponse() and asResponse()', async () => {
      await expectSameOutcome(async (Client) => {
        const client = new Client({ apiKey, baseURL: mock.url });
        const { data, response } = await client.chat.completions.create({ model, messages }).withResponse();
        const streamed = await client.chat.completions.create({ model, messages, stream: true }).withResponse();
        const chunks = await collect(streamed.data);
        const raw = await client.chat.completions.create({ model, messages }).asResponse();
        const shape = (response: Response) => ({ isResponse: response instanceof Response, status: response.status, headers: describeHeaders(response.headers) });
        return { data, response: shape(response), streamed: { chunks, response: shape(streamed.response) }, raw: { ...shape(raw), body: await raw.json() } };
      });
    });
  });

  describe('error statuses and retries', () => {
    test('400, 401 and 404 are not retried', async () => {
      const outcome = await expectSameOutcome(async (Client) => {
        const attempts = [
          new Client({ apiKey, baseURL: mock.url }).chat.completions.create({ model, messages, temperature: 5 }),
          new Client({ apiKey: 'gsk_wrong_key', baseURL: mock.url }).chat.completions.create({ model, messages }),
          new Client({ apiKey, baseURL: mock.url }).chat.completions.create({ model: 'no-such-model', messages }),
        ];
        return Promise.all(attempts.map((attempt) => attempt.then(() => 'fulfilled', (error: unknown) => describeThrown(error, Client))));
      });
      expect(outcome.value).toMatchObject([
        { sdkClass: 'BadRequestError', status: 400 },
        { sdkClass: 'AuthenticationError', status: 401 },
        { sdkClass: 'NotFoundError', status: 404 },
      ]);
      expect(outcome.requests).toHaveLength(3);
    });

    test('413 from a server', async () => {
      const server = await rawServer((_request, response) => {
        response.writeHead(413, groqHeaders).end(JSON.stringify({ error: { message: 'Request Entity Too Large', type: 'invalid_request_error', code: 'request_too_large' } }));
      });
      try {
        const outcome = await expectSameOutcome(async (Client) => new Client({ apiKey, baseURL: server.url, maxRetries: 2 }).chat.completions.create({ model, messages }), server);
        expect(outcome.thrown).toMatchObject({ sdkClass: 'APIError', status: 413, error: { error: { code: 'request_too_large' } } });
        expect(outcome.requests).toHaveLength(1);
      } finally {
        await server.close();
      }
    });

    test.each([
      ['a 400 whose error is a string', 400, '{"error":"model is required"}'],
      ['a 422 with the message at the top', 422, '{"message":"Unprocessable","code":"bad"}'],
      ['a 400 whose JSON body is a list', 400, '[1,2]'],
    ])('%s: the same class, status and error (the whole body)', async (_, status, body) => {
      const server = await rawServer((_request, response) => response.writeHead(status, { 'content-type': 'application/json' }).end(body));
      try {
        const outcome = await expectSameOutcome(async (Client) => new Client({ apiKey, baseURL: server.url, maxRetries: 0 }).chat.completions.create({ model, messages }), server);
        expect(outcome.thrown).toMatchObject({ status, error: JSON.parse(body) });
      } finally {
        await server.close();
      }
    });

    test.each([
      ['an HTML 502 from a proxy', 502, 'InternalServerError', { 'content-type': 'text/html' }, '<html><body><h1>502 Bad Gateway</h1></body></html>'],
      ['a 500 with no body', 500, 'InternalServerError', {}, ''],
      ['a 400 whose body is broken JSON', 400, 'BadRequestError', { 'content-type': 'application/json' }, '{"error": {"message": "cut'],
      ['a 401 in plain text', 401, 'AuthenticationError', { 'content-type': 'text/plain' }, 'Unauthorized'],
    ])('deliberate difference: %s has an error body saying what came, where groq-sdk has none', async (_, status, sdkClass, headers, body) => {
      const server = await rawServer((_request, response) => response.writeHead(status, headers).end(body));
      try {
        const outcomes = await outcomesOf(async (Client) => new Client({ apiKey, baseURL: server.url, maxRetries: 0 }).chat.completions.create({ model, messages }), server);
        expect(outcomes.theirs.thrown).toMatchObject({ sdkClass, status, error: undefined });
        expect(outcomes.ours.thrown).toMatchObject({ sdkClass, status, error: { error: { message: expect.stringContaining('not a JSON error body') } } });
        expect(outcomes.ours.requests).toEqual(outcomes.theirs.requests);
      } finally {
        await server.close();
      }
    });

    test('429 with retry-after, maxRetries 0', async () => {
      const outcome = await expectSameOutcome(async (Client) =>
        new Client({ apiKey, baseURL: mock.url, maxRetries: 0 }).chat.completions.create({ model, messages }, scenario('rate-limit')),
      );
      expect(outcome.thrown).toMatchObject({ sdkClass: 'RateLimitError', status: 429, headers: { 'retry-after': '1' } });
      expect(outcome.requests).toHaveLength(1);
    });

    test('429 with retry-after, then an answer: maxRetries 2', async () => {
      const outcome = await expectSameOutcome(async (Client) =>
        new Client({ apiKey, baseURL: mock.url, maxRetries: 2 }).chat.completions.create({ model, messages }, scenario('rate-limit', { 'x-mock-fail-times': '1' })),
      );
      expect(outcome.value).toMatchObject({ object: 'chat.completion' });
      expect(outcome.requests).toHaveLength(2);
    });

    test('500 and 503, maxRetries 0 and 2', async () => {
      const outcome = await expectSameOutcome(async (Client) => {
        const client = new Client({ apiKey, baseURL: mock.url, maxRetries: 0 });
        const once = await client.chat.completions.create({ model, messages }, scenario('server-error')).catch((error: unknown) => describeThrown(error, Client));
        const retried = await client.chat.completions.create({ model, messages }, { ...scenario('service-unavailable', { 'x-mock-fail-times': '2' }), maxRetries: 2 });
        return { once, retried };
      });
      expect(outcome.value).toMatchObject({ once: { sdkClass: 'InternalServerError', status: 500 }, retried: { object: 'chat.completion' } });
      expect(outcome.requests).toHaveLength(4);
    });

    test.each([
      ['x-should-retry: true retries a 400', 400, { 'x-should-retry': 'true', 'retry-after-ms': '10' }, 3],
      ['x-should-retry: false keeps a 503 from being retried', 503, { 'x-should-retry': 'false' }, 1],
      ['a 409 is retried, waiting as retry-after-ms says', 409, { 'retry-after-ms': '10' }, 3],
      ['a 408 is retried, retry-after as an HTTP date in the past', 408, { 'retry-after': 'Thu, 01 Jan 2015 00:00:00 GMT' }, 3],
    ])('%s', async (_, status, headers, attempts) => {
      const server = await rawServer((_request, response) =>
        response.writeHead(status, { ...groqHeaders, ...headers }).end(JSON.stringify({ error: { message: 'no', type: 'invalid_request_error' } })),
      );
      try {
        const outcome = await expectSameOutcome(async (Client) => new Client({ apiKey, baseURL: server.url, maxRetries: 2 }).chat.completions.create({ model, messages }), server);
        expect(outcome.thrown).toMatchObject({ status });
        expect(outcome.requests).toHaveLength(attempts);
      } finally {
        await server.close();
      }
    });

    test('503 on every attempt: maxRetries 2 sends 3 requests', async () => {
      const outcome = await expectSameOutcome(async (Client) =>
        new Client({ apiKey, baseURL: mock.url, maxRetries: 2 }).chat.completions.create({ model, messages, stream: true }, scenario('service-unavailable')),
      );
      expect(outcome.thrown).toMatchObject({ sdkClass: 'InternalServerError', status: 503 });
      expect(outcome.requests).toHaveLength(3);
    });

    test('deliberate difference: 498 (flex-tier capacity) is retried', async () => {
      const outcomes = await outcomesOf(async (Client) =>
        new Client({ apiKey, baseURL: mock.url, maxRetries: 2 }).chat.completions.create({ model, messages, service_tier: 'flex' }, scenario('capacity', { 'x-mock-fail-times': '1' })),
      );
      expect(outcomes.theirs).toMatchObject({ thrown: { sdkClass: 'APIError', status: 498 }, requests: [expect.anything()] });
      expect(outcomes.ours).toMatchObject({ value: { object: 'chat.completion' }, requests: [expect.anything(), expect.anything()] });
    });

    // A dropped kept-alive connection is retried by the transport: node:http's resends the request once,
    // the global fetch (undici in Node, as under groq-sdk) does not.
    const droppedProgram: Program = async (Client) => {
      const client = new Client({ apiKey, baseURL: mock.url, maxRetries: 0 });
      await client.chat.completions.create({ model, messages });
      return client.chat.completions.create({ model, messages }, scenario('drop'));
    };
    const dropped = (outcome: Outcome) => outcome.requests.filter(({ headers }) => headers['x-mock-scenario'] === 'drop').length;
    if (ours === '@groq-stream/node') {
      test('deliberate difference of node:http: a kept-alive connection dropped before any answer is sent once more, whatever maxRetries', async () => {
        const outcomes = await outcomesOf(droppedProgram);
        expect(outcomes.theirs).toMatchObject({ thrown: { sdkClass: 'APIConnectionError' } });
        expect(outcomes.ours).toMatchObject({ thrown: { sdkClass: 'APIConnectionError' } });
        expect([dropped(outcomes.theirs), dropped(outcomes.ours)]).toEqual([1, 2]);
      });
    } else {
      test('on the global fetch: a kept-alive connection dropped before any answer is an APIConnectionError, sent as maxRetries says', async () => {
        const outcome = await expectSameOutcome(droppedProgram);
        expect(outcome.thrown).toMatchObject({ sdkClass: 'APIConnectionError' });
        expect(dropped(outcome)).toBe(1);
      });
    }

    test('deliberate difference: the connection dropped while a non-streamed body is read is an APIConnectionError', async () => {
      const server = await rawServer((_request, response) => {
        response.writeHead(200, { ...groqHeaders, 'content-length': String(completionBody.length) }).write(completionBody.slice(0, 10), () => response.destroy());
      });
      try {
        const outcomes = await outcomesOf(async (Client) => new Client({ apiKey, baseURL: server.url, maxRetries: 1 }).chat.completions.create({ model, messages }), server);
        expect(outcomes.theirs).toMatchObject({ thrown: { sdkClass: 'not a GroqError: TypeError' }, requests: [expect.anything()] });
        expect(outcomes.ours).toMatchObject({ thrown: { sdkClass: 'APIConnectionError' }, requests: [expect.anything()] });
      } finally {
        await server.close();
      }
    });

    test('deliberate difference: a 200 that is not a chat completion is an APIError', async () => {
      const answers = ['not JSON', '', JSON.stringify({ id: 'chatcmpl-raw' })];
      let answered = 0;
      const server = await rawServer((_request, response) => response.writeHead(200, groqHeaders).end(answers[answered++ % answers.length]));
      try {
        const outcomes = await outcomesOf(async (Client) => {
          const client = new Client({ apiKey, baseURL: server.url, maxRetries: 0 });
          const outcomes = [];
          for (const _answer of answers) outcomes.push(await client.chat.completions.create({ model, messages }).then((value) => ({ value }), (error: unknown) => describeThrown(error, Client)));
          return outcomes;
        }, server);
        const syntaxError = { sdkClass: 'not a GroqError: SyntaxError' };
        expect(outcomes.theirs.value).toMatchObject([syntaxError, syntaxError, { value: { id: '<id>' } }]);
        const apiError = { sdkClass: 'APIError', status: 200 };
        expect(outcomes.ours.value).toMatchObject([apiError, apiError, apiError]);
      } finally {
        await server.close();
      }
    });

    test('deliberate difference: timeout covers the body of a non-streamed answer', async () => {
      const server = await rawServer((_request, response) => {
        response.writeHead(200, groqHeaders).write(completionBody.slice(0, 10));
        setTimeout(() => response.end(completionBody.slice(10)), 1500);
      });
      try {
        // 1 s: the headers must beat it on a loaded machine, which can stall the process for more than 500 ms.
        // The body, 1.5 s away, cannot: its timer starts later (once the server has the request) and is longer.
        const outcomes = await outcomesOf(async (Client) => new Client({ apiKey, baseURL: server.url, maxRetries: 0, timeout: 1000 }).chat.completions.create({ model, messages }), server);
        expect(outcomes.theirs).toMatchObject({ value: { object: 'chat.completion' } });
        expect(outcomes.ours).toMatchObject({ thrown: { sdkClass: 'APIConnectionTimeoutError' } });
      } finally {
        await server.close();
      }
    });

    test('deliberate difference: an empty apiKey throws GroqError at construction, before anything is sent', async () => {
      const outcomes = await outcomesOf(async (Client) => new Client({ apiKey: '', baseURL: mock.url, maxRetries: 0 }).chat.completions.create({ model, messages }));
      expect(outcomes.theirs).toMatchObject({ thrown: { sdkClass: 'AuthenticationError', status: 401 }, requests: [expect.anything()] });
      expect(outcomes.ours).toMatchObject({ thrown: { sdkClass: 'GroqError', isAPIError: false }, requests: [] });
    });

    test('no server listening: APIConnectionError', async () => {
      const server = await rawServer(() => undefined);
      await server.close();
      const outcome = await expectSameOutcome(async (Client) => new Client({ apiKey, baseURL: server.url, maxRetries: 0 }).chat.completions.create({ model, messages }), server);
      expect(outcome.thrown).toMatchObject({ sdkClass: 'APIConnectionError', isAPIError: true, status: undefined });
    });
  });

  describe('per-request options', () => {
    test('timeout, with maxRetries overriding the client', async () => {
      const outcome = await expectSameOutcome(async (Client) =>
        new Client({ apiKey, baseURL: mock.url, maxRetries: 0 }).chat.completions.create(
          { model, messages },
          // 1 s, not less: an attempt aborted before the mock has read it is never recorded, and a loaded CI
          // machine can stall the process for longer than 100 ms (a clean-clone run saw one request, not two).
          { ...scenario('slow-headers', { 'x-mock-ttft-ms': '60000' }), timeout: 1000, maxRetries: 1 },
        ),
      );
      expect(outcome.thrown).toMatchObject({ sdkClass: 'APIConnectionTimeoutError', isAPIError: true });
      expect(outcome.requests).toHaveLength(2);
    });

    test('deliberate difference: the user-agent', async () => {
      const userAgents: Array<string | undefined> = [];
      const server = await rawServer((request, response) => {
        userAgents.push(request.headers['user-agent']);
        response.writeHead(200, groqHeaders).end(completionBody);
      });
      try {
        const outcomes = await outcomesOf(async (Client) => new Client({ apiKey, baseURL: server.url }).chat.completions.create({ model, messages }), server);
        expect(outcomes.ours).toEqual(outcomes.theirs);
        // groq-sdk names itself; node's client names itself and Node; web's sets none, so the runtime's is sent
        // (undici's `node` here, a browser's own in a page).
        const oursExpected = ours === '@groq-stream/node' ? expect.stringMatching(/^groq-stream\/\S+ \(Node\.js \S+\)$/) : 'node';
        expect(userAgents).toEqual([expect.stringMatching(/^Groq\/JS \d/), oursExpected]);
      } finally {
        await server.close();
      }
    });

    test('headers, query, defaultHeaders and defaultQuery reach the server, as does withOptions()', async () => {
      const server = await rawServer((_request, response) => response.writeHead(200, groqHeaders).end(completionBody));
      try {
        const outcome = await expectSameOutcome(async (Client) => {
          const client = new Client({ apiKey, baseURL: server.url, defaultHeaders: { 'x-team': 'search' }, defaultQuery: { region: 'eu' } });
          await client.chat.completions.create({ model, messages }, { headers: { 'x-trace': 'abc', 'x-team': null }, query: { attempt: 1 } });
          await client.withOptions({ defaultHeaders: { 'x-team': 'ads' }, baseURL: `${server.url}/proxy` }).chat.completions.create({ model, messages });
          return 'done';
        }, server);
        expect(outcome.requests.map(({ path, headers }) => ({ path, team: headers['x-team'], trace: headers['x-trace'] }))).toEqual([
          { path: '/openai/v1/chat/completions?region=eu&attempt=1', team: undefined, trace: 'abc' },
          { path: '/proxy/openai/v1/chat/completions?region=eu', team: 'ads', trace: undefined },
        ]);
      } finally {
        await server.close();
      }
    });

    test('headers as a list of pairs, a name repeated', async () => {
      const server = await rawServer((_request, response) => response.writeHead(200, groqHeaders).end(completionBody));
      try {
        const outcome = await expectSameOutcome(async (Client) => {
          const client = new Client({ apiKey, baseURL: server.url, defaultHeaders: [['x-tag', 'default'], ['x-tag', 'client']] as never });
          await client.chat.completions.create({ model, messages });
          return client.chat.completions.create({ model, messages }, { headers: [['x-tag', 'one'], ['X-Tag', 'two'], ['x-trace', 'abc']] });
        }, server);
        expect(outcome.requests.map(({ headers }) => headers['x-tag'])).toEqual(['default, client', 'one, two']);
      } finally {
        await server.close();
      }
    });

    test('a signal aborted before the call: APIUserAbortError, nothing sent', async () => {
      const outcome = await expectSameOutcome(async (Client) =>
        new Client({ apiKey, baseURL: mock.url }).chat.completions.create({ model, messages, stream: true }, { signal: AbortSignal.abort() }),
      );
      expect(outcome.thrown).toMatchObject({ sdkClass: 'APIUserAbortError', isAPIError: true });
      expect(outcome.requests).toEqual([]);
    });

    test('a signal aborted while waiting for the answer: APIUserAbortError, the mock sees the request aborted', async () => {
      const outcome = await expectSameOutcome(async (Client) => {
        const controller = new AbortController();
        const pending = new Client({ apiKey, baseURL: mock.url }).chat.completions.create({ model, messages, stream: true }, { ...scenario('slow-headers', { 'x-mock-ttft-ms': '60000' }), signal: controller.signal });
        await eventually(() => mock.stats().requests === 1);
        controller.abort();
        return pending;
      });
      expect(outcome.thrown).toMatchObject({ sdkClass: 'APIUserAbortError' });
    });
  });

  describe('redirects', () => {
    const moved = '/v2/openai/v1/chat/completions';
    /** A server that answers the API's path with `status` to `location`, and any other path with `answer`. */
    const redirecting = (status: number, location: string, answer: (response: ServerResponse) => void) =>
      rawServer((request, response) => {
        if (request.url === '/openai/v1/chat/completions') response.writeHead(status, { location }).end();
        else answer(response);
      });

    test.each([307, 308])('a %i keeps the POST and its body; withResponse() says redirected, with the final url', async (status) => {
      const server = await redirecting(status, moved, (response) => response.writeHead(200, groqHeaders).end(completionBody));
      try {
        const outcome = await expectSameOutcome(async (Client) => {
          const { data, response } = await new Client({ apiKey, baseURL: server.url }).chat.completions.create({ model, messages }).withResponse();
          return { content: data.choices[0]?.message.content, redirected: response.redirected, path: new URL(response.url).pathname, status: response.status };
        }, server);
        expect(outcome.value).toEqual({ content: 'Hi', redirected: true, path: moved, status: 200 });
        expect(outcome.requests.map(({ method, path, body }) => [method, path, body !== undefined])).toEqual([
          ['POST', '/openai/v1/chat/completions', true],
          ['POST', moved, true],
        ]);
      } finally {
        await server.close();
      }
    });

    test('a streamed answer after a 307: the chunks, and the response says where they came from', async () => {
      const server = await redirecting(307, moved, (response) =>
        response.writeHead(200, { 'content-type': 'text/event-stream' }).end(`data: ${JSON.stringify({ id: 'chatcmpl-raw', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta: { content: 'Hi' }, logprobs: null, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`),
      );
      try {
        const outcome = await expectSameOutcome(async (Client) => {
          const { data, response } = await new Client({ apiKey, baseURL: server.url }).chat.completions.create({ model, messages, stream: true }).withResponse();
          return { chunks: await collect(data), redirected: response.redirected, path: new URL(response.url).pathname };
        }, server);
        expect(outcome.value).toMatchObject({ chunks: [{ choices: [{ delta: { content: 'Hi' } }] }], redirected: true, path: moved });
      } finally {
        await server.close();
      }
    });

    test('a 303 turns the POST into a GET without a body', async () => {
      const server = await redirecting(303, moved, (response) => response.writeHead(200, groqHeaders).end(completionBody));
      try {
        const outcome = await expectSameOutcome(async (Client) => {
          const { response } = await new Client({ apiKey, baseURL: server.url }).chat.completions.create({ model, messages }).withResponse();
          return { redirected: response.redirected, path: new URL(response.url).pathname };
        }, server);
        expect(outcome.value).toEqual({ redirected: true, path: moved });
        expect(outcome.requests.map(({ method, path, body }) => [method, path, body !== undefined])).toEqual([
          ['POST', '/openai/v1/chat/completions', true],
          ['GET', moved, false],
        ]);
      } finally {
        await server.close();
      }
    });

    test('a redirect to another origin: the request goes there without the API key', async () => {
      const elsewhere = await rawServer((_request, response) => response.writeHead(200, groqHeaders).end(completionBody));
      const server = await redirecting(307, `${elsewhere.url}${moved}`, (response) => response.writeHead(500).end());
      try {
        const outcome = await expectSameOutcome(async (Client) => {
          elsewhere.reset();
          const { response } = await new Client({ apiKey, baseURL: server.url }).chat.completions.create({ model, messages }).withResponse();
          return { redirected: response.redirected, url: response.url === `${elsewhere.url}${moved}`, received: elsewhere.seen() };
        }, server);
        expect(outcome.requests[0]?.headers).toMatchObject({ authorization: `Bearer ${apiKey}` });
        const received = (outcome.value as { received: Array<{ method: string; path: string; headers: Record<string, string> }> }).received;
        expect(outcome.value).toMatchObject({ redirected: true, url: true });
        expect(received.map(({ method, path }) => `${method} ${path}`)).toEqual([`POST ${moved}`]);
        expect(received[0]?.headers).not.toHaveProperty('authorization');
      } finally {
        await server.close();
        await elsewhere.close();
      }
    });
  });

  describe('streams', () => {
    test('break out of the loop: ends quietly, the mock sees the stream aborted', async () => {
      const outcome = await expectSameOutcome(async (Client) => {
        const stream = await new Client({ apiKey, baseURL: mock.url }).chat.completions.create({ model, messages, stream: true }, { headers: { 'x-mock-tokens-per-second': '20', 'x-mock-tokens': '200' } });
        const chunks = [];
        for await (const chunk of stream) {
          chunks.push(chunk);
          if (chunks.length === 2) break;
        }
        return { chunks, aborted: stream.controller.signal.aborted };
      });
      expect(outcome.value).toMatchObject({ aborted: true });
      expect(outcome.streams).toEqual({ started: 1, completed: 0, aborted: 1 });
    });

    test('deliberate difference: stream.controller.abort() during the loop throws APIUserAbortError', async () => {
      const outcomes = await outcomesOf(async (Client) => {
        const stream = await new Client({ apiKey, baseURL: mock.url }).chat.completions.create({ model, messages, stream: true }, { headers: { 'x-mock-tokens-per-second': '20', 'x-mock-tokens': '200' } });
        const chunks = [];
        for await (const chunk of stream) {
          chunks.push(chunk);
          if (chunks.length === 2) stream.controller.abort();
        }
        return chunks.length;
      });
      expect(outcomes.theirs).toMatchObject({ value: 2, streams: { started: 1, aborted: 1 } });
      expect(outcomes.ours).toMatchObject({ thrown: { sdkClass: 'APIUserAbortError' }, streams: { started: 1, aborted: 1 } });
    });

    test('iterating a stream twice throws a GroqError', async () => {
      const outcome = await expectSameOutcome(async (Client) => {
        const stream = await new Client({ apiKey, baseURL: mock.url }).chat.completions.create({ model, messages, stream: true });
        await collect(stream);
        return collect(stream);
      });
      expect(outcome.thrown).toMatchObject({ sdkClass: 'GroqError', isAPIError: false });
    });

    test('toReadableStream() and Stream.fromReadableStream() round trip', async () => {
      const outcome = await expectSameOutcome(async (Client) => {
        const stream = await new Client({ apiKey, baseURL: mock.url }).chat.completions.create({ model, messages, stream: true });
        const StreamClass = stream.constructor as typeof stream.constructor & { fromReadableStream: (body: ReadableStream, controller: AbortController) => AsyncIterable<unknown> };
        return collect(StreamClass.fromReadableStream(stream.toReadableStream(), new AbortController()));
      });
      expect((outcome.value as unknown[]).length).toBeGreaterThan(3);
    });

    test('asResponse() of a streamed call, read back with Stream.fromSSEResponse()', async () => {
      const outcome = await expectSameOutcome(async (Client) => {
        const client = new Client({ apiKey, baseURL: mock.url });
        const response = await client.chat.completions.create({ model, messages, stream: true }).asResponse();
        const stream = await client.chat.completions.create({ model, messages, stream: true });
        await collect(stream);
        const StreamClass = stream.constructor as typeof stream.constructor & { fromSSEResponse: (response: Response, controller: AbortController) => AsyncIterable<unknown> };
        return { contentType: response.headers.get('content-type'), chunks: await collect(StreamClass.fromSSEResponse(response, new AbortController())) };
      });
      expect(outcome.value).toMatchObject({ contentType: 'text/event-stream' });
    });

    test('an error thrown in the loop: it propagates, the mock sees the stream aborted', async () => {
      const outcome = await expectSameOutcome(async (Client) => {
        const stream = await new Client({ apiKey, baseURL: mock.url }).chat.completions.create({ model, messages, stream: true }, { headers: { 'x-mock-tokens-per-second': '20', 'x-mock-tokens': '200' } });
        try {
          for await (const _chunk of stream) throw new Error('handled by the app');
        } catch (error) {
          return { message: (error as Error).message, aborted: stream.controller.signal.aborted };
        }
      });
      expect(outcome).toMatchObject({ value: { message: 'handled by the app', aborted: true }, streams: { aborted: 1 } });
    });

    test("a wrapper that forwards the chunks with yield*, closed with throw() (as Readable.from() is when a pipeline() destroys it): its error propagates, the mock sees the stream aborted", async () => {
      const outcome = await expectSameOutcome(async (Client) => {
        const stream = await new Client({ apiKey, baseURL: mock.url }).chat.completions.create({ model, messages, stream: true }, { headers: { 'x-mock-tokens-per-second': '20', 'x-mock-tokens': '200' } });
        async function* relay(): AsyncGenerator<unknown> {
          yield* stream;
        }
        const forwarded = relay();
        await forwarded.next();
        const message = await forwarded.throw(new Error('premature close')).then(
          () => 'no error',
          (error: Error) => error.message,
        );
        return { message, aborted: stream.controller.signal.aborted, after: await forwarded.next() };
      });
      expect(outcome).toMatchObject({ value: { message: 'premature close', aborted: true, after: { done: true } }, streams: { aborted: 1 } });
    });

    test('deliberate difference: an error event mid-stream is a StreamServerError, not an APIError', async () => {
      const outcomes = await outcomesOf(async (Client) => {
        const chunks: unknown[] = [];
        try {
          for await (const chunk of await new Client({ apiKey, baseURL: mock.url }).chat.completions.create({ model, messages, stream: true }, scenario('mid-stream-error'))) chunks.push(chunk);
        } catch (error) {
          return { chunks: chunks.length, thrown: describeThrown(error, Client) };
        }
      });
      const error = { type: 'internal_server_error', code: 'internal_server_error' };
      expect(outcomes.theirs).toMatchObject({ value: { chunks: 4, thrown: { sdkClass: 'APIError', isAPIError: true, error } } });
      expect(outcomes.ours).toMatchObject({ value: { chunks: 4, thrown: { sdkClass: 'GroqError', isAPIError: false, error } } });
    });

    test('deliberate difference: a stream Groq stopped early (x_groq.error) throws after its chunks', async () => {
      const outcomes = await outcomesOf(async (Client) => {
        const chunks: unknown[] = [];
        try {
          for await (const chunk of await new Client({ apiKey, baseURL: mock.url }).chat.completions.create({ model, messages, stream: true }, scenario('stopped-early'))) chunks.push(chunk);
        } catch (error) {
          return { chunks: chunks.length, thrown: describeThrown(error, Client) };
        }
        return { chunks: chunks.length };
      });
      expect(outcomes.theirs).toMatchObject({ value: { chunks: 5 } });
      expect(outcomes.theirs.value).not.toHaveProperty('thrown');
      expect(outcomes.ours).toMatchObject({ value: { chunks: 5, thrown: { sdkClass: 'GroqError', isAPIError: false } } });
    });

    test('deliberate difference: a stream cut off without [DONE] or finish_reason throws', async () => {
      const firstChunk = { id: 'chatcmpl-raw', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi' }, logprobs: null, finish_reason: null }] };
      const server = await rawServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' }).end(`data: ${JSON.stringify(firstChunk)}\n\n`);
      });
      try {
        const outcomes = await outcomesOf(async (Client) => {
          const chunks: unknown[] = [];
          const stream = await new Client({ apiKey, baseURL: server.url }).chat.completions.create({ model, messages, stream: true });
          try {
            for await (const chunk of stream) chunks.push(chunk);
          } catch (error) {
            return { chunks: chunks.length, thrown: describeThrown(error, Client) };
          }
          return { chunks: chunks.length };
        }, server);
        expect(outcomes.theirs).toMatchObject({ value: { chunks: 1 } });
        expect(outcomes.theirs.value).not.toHaveProperty('thrown');
        expect(outcomes.ours).toMatchObject({ value: { chunks: 1, thrown: { sdkClass: 'GroqError', isAPIError: false } } });
      } finally {
        await server.close();
      }
    });
  });

  describe('a fetch like node-fetch, whose response body is a Node stream', () => {
    test('streamed and non-streamed answers, an error status and the models', async () => {
      const outcome = await expectSameOutcome(async (Client) => {
        const client = new Client({ apiKey, baseURL: mock.url, maxRetries: 0, fetch: nodeStreamFetch });
        const limited = await client.chat.completions.create({ model, messages }, scenario('rate-limit')).catch((error: unknown) => describeThrown(error, Client));
        return {
          completion: await client.chat.completions.create({ model, messages }),
          chunks: await collect(await client.chat.completions.create({ model, messages, stream: true })),
          limited,
          models: await client.models.list(),
        };
      });
      expect(outcome.value).toMatchObject({ completion: { object: 'chat.completion' }, limited: { sdkClass: 'RateLimitError' }, models: { object: 'list' } });
    });
  });

  describe('models', () => {
    test('list, retrieve, and retrieve an unknown model', async () => {
      const outcome = await expectSameOutcome(async (Client) => {
        const client = new Client({ apiKey, baseURL: mock.url });
        const unknown = await client.models.retrieve('no-such-model').catch((error: unknown) => describeThrown(error, Client));
        return { list: await client.models.list(), one: await client.models.retrieve('openai/gpt-oss-20b'), unknown };
      });
      expect(outcome.value).toMatchObject({ list: { object: 'list' }, one: { id: 'openai/gpt-oss-20b' }, unknown: { sdkClass: 'NotFoundError', status: 404 } });
    });
  });
});
