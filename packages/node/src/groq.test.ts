import { spawn } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { getEventListeners, once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { inspect } from 'node:util';
import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import GroqSDK from 'groq-sdk';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  GroqError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
  StreamIdleTimeoutError,
  StreamServerError,
  StreamTruncatedError,
  createNodeHttpFetch,
  type ChatCompletionChunk,
  type Stream,
} from './index.js';
import { Groq } from './groq.js';
import { isCollected } from './test/collect-garbage.js';
import { eventually, rejectionOf, trackTimers } from '@groq-stream/core/test';

const apiKey = 'gsk_test_secret_key_0123456789';

function rejectionOfSync(make: () => unknown): Error {
  try {
    make();
  } catch (error) {
    return error as Error;
  }
  throw new Error('did not throw');
}
const messages = [{ role: 'user' as const, content: 'Explain quantum computing' }];
const model = 'llama-3.3-70b-versatile';
let mock: MockGroqServer;
let client: Groq;

beforeAll(async () => {
  mock = await createMockGroqServer();
  client = new Groq({ apiKey, baseURL: mock.url });
});
afterAll(() => mock.close());
afterEach(() => {
  mock.resetStats();
  // A test that stepped the wall clock and timed out must not leave it stepped for the next.
  vi.restoreAllMocks();
});

// The wall clock itself, for the tests that step `Date.now()` as NTP would.
const realNow = Date.now.bind(Date);
const scenario = (name: string, extra: Record<string, string> = {}) => ({ headers: { 'x-mock-scenario': name, ...extra } });


/**
 * Runs `body` with a client of a mock server of its own, closed after it. For the tests that count aborts:
 * a request whose abort came before the shared mock had read it may still reach that mock after the test,
 * and be counted, started and aborted, in the next test's counters (seen in CI: `streamsAborted === 1`
 * never held, the next test's count went past it). A mock of its own keeps each test's requests apart.
 */
async function withOwnMock(body: (own: MockGroqServer, ownClient: Groq) => Promise<void>): Promise<void> {
  const own = await createMockGroqServer();
  try {
    await body(own, new Groq({ apiKey, baseURL: own.url }));
  } finally {
    await own.close();
  }
}

/**
 * The responses that the server on `port` (the mock, which runs in this process) opens from now on, through
 * node:http's `http.server.request.start` diagnostics channel: for a test that waits for the mock to be held
 * back by backpressure (`writableNeedDrain`) instead of giving it a moment. Call `stop()` when done.
 */
function watchResponses(port: number): { responses: ServerResponse[]; stop: () => void } {
  const responses: ServerResponse[] = [];
  const onStart = (message: unknown): void => {
    const { socket, response } = message as { socket: Socket; response: ServerResponse };
    if (socket.localPort === port) responses.push(response);
  };
  subscribe('http.server.request.start', onStart);
  return { responses, stop: () => void unsubscribe('http.server.request.start', onStart) };
}

/**
 * Runs `script` as an ES module in a new Node process, with the mock's URL as its argument; its exit code
 * and output, or `still running` (then killed) when it has not exited within 15 s.
 */
async function runModule(script: string): Promise<{ code: unknown; output: string }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, mock.url], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (data: Buffer) => (output += data.toString()));
  const [code] = (await Promise.race([once(child, 'exit'), new Promise((resolve) => setTimeout(() => resolve(['still running']), 15_000))])) as [unknown];
  if (code === 'still running') child.kill();
  return { code, output };
}

describe('chat.completions.create', () => {
  test('streams chunks with the request id and the response', async () => {
    const stream = await client.chat.completions.create({ model, messages, stream: true });
    expect(stream.requestId).toMatch(/^req_/);
    expect(stream.response?.status).toBe(200);
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)?.x_groq?.usage?.total_tokens).toBeGreaterThan(0);
    expect(mock.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 1, streamsAborted: 0 });
  });

  test('returns a whole completion, the same text as the stream', async () => {
    const completion = await client.chat.completions.create({ model, messages });
    expect(completion.object).toBe('chat.completion');
    const streamed = await (await client.chat.completions.create({ model, messages, stream: true })).finalChatCompletion();
    expect(streamed.choices[0]?.message.content).toBe(completion.choices[0]?.message.content);
    expect(streamed.usage?.completion_tokens).toBe(completion.usage?.completion_tokens);
    expect(streamed.x_groq?.id).toMatch(/^req_/);
  });

  test("a gpt-oss stream's merged message goes back as the next turn: the channel of its reasoning pieces is left out, as the whole answer has none", async () => {
    const reasoner = 'openai/gpt-oss-120b';
    const stream = await client.chat.completions.create({ model: reasoner, messages, stream: true }, scenario('reasoning'));
    const { message } = (await stream.finalChatCompletion()).choices[0]!;
    // The mock, as Groq, refuses an assistant message with a property its schema lacks, `channel` among them (a 400).
    const next = await client.chat.completions.create({ model: reasoner, messages: [...messages, message, { role: 'user', content: 'And then?' }] }).withResponse();
    expect(next.response.status).toBe(200);
    const whole = await client.chat.completions.create({ model: reasoner, messages }, scenario('reasoning'));
    expect(message).toEqual(whole.choices[0]!.message);
  });

  test('withResponse gives the raw response and the request id', async () => {
    const { data, response, requestId } = await client.chat.completions.create({ model, messages }).withResponse();
    expect(data.choices).toHaveLength(1);
    expect(response.headers.get('x-ratelimit-remaining-requests')).not.toBeNull();
    expect(requestId).toBe(response.headers.get('x-request-id'));
  });

  test('sends the key, default headers and query, and the body', async () => {
    const urls: string[] = [];
    const custom = new Groq({
      apiKey,
      baseURL: `${mock.url}/`,
      defaultHeaders: { 'x-app': 'demo' },
      defaultQuery: { trace: '1' },
      fetch: (url, init) => {
        urls.push(url);
        return fetch(url, init);
      },
    });
    await custom.chat.completions.create({ model, messages, temperature: 0.2 }, { headers: { 'x-request-tag': 'a' } });
    expect(urls).toEqual([`${mock.url}/openai/v1/chat/completions?trace=1`]);
    const seen = mock.requests().at(-1);
    expect(seen?.path).toBe('/openai/v1/chat/completions');
    expect(seen?.headers.authorization).not.toContain(apiKey);
    expect(seen?.headers['x-app']).toBe('demo');
    expect(seen?.headers['x-request-tag']).toBe('a');
    expect(seen?.body).toMatchObject({ model, messages, temperature: 0.2 });
  });

  test("names the SDK in user-agent on every transport, unless the caller sets one", async () => {
    const { version } = (await import('../package.json')).default;
    const ours = `groq-stream/${version} (Node.js ${process.versions.node})`;
    const seen = () => mock.requests().at(-1)?.headers['user-agent'];
    // The default node:http transport, a fetch of the caller's, and a client made by withOptions().
    await client.chat.completions.create({ model, messages });
    expect(seen()).toBe(ours);
    const ownFetch = new Groq({ apiKey, baseURL: mock.url, fetch: (url, init) => fetch(url, init) });
    await ownFetch.models.list();
    expect(seen()).toBe(ours);
    await ownFetch.withOptions({ maxRetries: 0 }).models.list();
    expect(seen()).toBe(ours);
    // The caller's own, per client (in any case) or per request, wins.
    const named = new Groq({ apiKey, baseURL: mock.url, defaultHeaders: { 'User-Agent': 'my-app/2.0' } });
    await named.models.list();
    expect(seen()).toBe('my-app/2.0');
    await client.models.list({ headers: { 'user-agent': 'my-app/3.0' } });
    expect(seen()).toBe('my-app/3.0');
    await new Groq({ apiKey, baseURL: mock.url, defaultHeaders: [['User-Agent', 'my-app/4.0']] }).models.list();
    expect(seen()).toBe('my-app/4.0');
    await new Groq({ apiKey, baseURL: mock.url, defaultHeaders: new Headers({ 'user-agent': 'my-app/5.0' }) }).models.list();
    expect(seen()).toBe('my-app/5.0');
    // `null` removes it, as it removes any default header (groq-sdk's way to opt out).
    await new Groq({ apiKey, baseURL: mock.url, defaultHeaders: { 'User-Agent': null } }).models.list();
    expect(seen()).toBeUndefined();
    await client.models.list({ headers: { 'user-agent': null } });
    expect(seen()).toBeUndefined();
    // Other default headers still go out beside it.
    await new Groq({ apiKey, baseURL: mock.url, defaultHeaders: [['x-app', 'demo']] }).withOptions({ maxRetries: 0 }).models.list();
    expect(mock.requests().at(-1)?.headers).toMatchObject({ 'user-agent': ours, 'x-app': 'demo' });
  });

  test('default headers in a Map are sent beside the user-agent; headers of no shape core takes reach its error, not a silent drop', async () => {
    const { version } = (await import('../package.json')).default;
    await new Groq({ apiKey, baseURL: mock.url, defaultHeaders: new Map([['x-app', 'demo']]) as never }).models.list();
    expect(mock.requests().at(-1)?.headers).toMatchObject({ 'user-agent': `groq-stream/${version} (Node.js ${process.versions.node})`, 'x-app': 'demo' });
    await new Groq({ apiKey, baseURL: mock.url, defaultHeaders: new Map([['User-Agent', 'my-app/6.0']]) as never }).models.list();
    expect(mock.requests().at(-1)?.headers['user-agent']).toBe('my-app/6.0');
    // A Headers without one: the user-agent is added to a copy, the caller's Headers left as it was.
    const defaults = new Headers({ 'x-app': 'headers' });
    await new Groq({ apiKey, baseURL: mock.url, defaultHeaders: defaults }).models.list();
    expect(mock.requests().at(-1)?.headers).toMatchObject({ 'user-agent': `groq-stream/${version} (Node.js ${process.versions.node})`, 'x-app': 'headers' });
    expect(defaults.has('user-agent')).toBe(false);
    for (const [defaultHeaders, message] of [
      ['x-app: demo', /^defaultHeaders must be an object of header names and values, got a string\./],
      [[[5, 'x'], null], /^defaultHeaders is a list, so each item must be a \[name, value\] pair; item 1 is null\./],
    ] as const) {
      expect(() => new Groq({ apiKey, baseURL: mock.url, defaultHeaders: defaultHeaders as never })).toThrow(message);
      expect(() => new Groq({ apiKey, baseURL: mock.url, defaultHeaders: defaultHeaders as never })).toThrow(GroqError);
    }
  });

  test('a redirect to another origin (the mock, on another port) takes neither the key nor a custom header there', async () => {
    const gateway = createServer((request, response) => {
      request.resume();
      response.writeHead(307, { location: `${mock.url}${request.url}` }).end('moved');
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    try {
      const lines: string[] = [];
      const log = (message: string) => void lines.push(message);
      const behindGateway = new Groq({
        apiKey,
        baseURL: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`,
        defaultHeaders: { 'x-gateway-key': 'gw_secret' },
        logLevel: 'debug',
        logger: { error: log, warn: log, info: log, debug: log },
      });
      // The mock wants a key, and none came: the request was followed there, the credentials were not.
      const error = await rejectionOf(behindGateway.chat.completions.create({ model, messages, stream: true }));
      expect(error).toBeInstanceOf(AuthenticationError);
      const seen = mock.requests().at(-1);
      expect(seen?.headers.authorization).toBeUndefined();
      expect(seen?.headers['x-gateway-key']).toBeUndefined();
      expect(seen?.body).toMatchObject({ model, messages, stream: true });
      // The client followed it, not the transport (node:http), which would have dropped them too.
      expect(lines).toContainEqual(expect.stringContaining(`redirected (307) to ${mock.url}/openai/v1/chat/completions, another origin: sending no credentials there`));
    } finally {
      gateway.closeAllConnections();
      await new Promise((resolve) => gateway.close(resolve));
    }
  });

  test("fetchOptions redirect: 'error' refuses a redirect at once on either transport, saying where it led, not retried as no response", async () => {
    let requests = 0;
    const gateway = createServer((request, response) => {
      requests++;
      request.resume();
      response.writeHead(302, { location: `${mock.url}${request.url}` }).end('moved');
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
    try {
      for (const fetch of [undefined, globalThis.fetch]) {
        requests = 0;
        const refusing = new Groq({ apiKey, baseURL: origin, fetch, fetchOptions: { redirect: 'error' }, maxRetries: 2 });
        const error = await rejectionOf(refusing.chat.completions.create({ model, messages }));
        expect(error).toBeInstanceOf(APIConnectionError);
        expect((error as Error).message).toMatch(
          new RegExp(`^The server answered ${origin}/openai/v1/chat/completions with a redirect \\(302\\) to ${mock.url}/openai/v1/chat/completions, which redirect: 'error' \\(in fetchOptions\\) refuses\\. `),
        );
        expect(requests).toBe(1);
      }
      expect(mock.stats().requests).toBe(0);
    } finally {
      gateway.closeAllConnections();
      await new Promise((resolve) => gateway.close(resolve));
    }
  });

  test('streams tool calls that merge into whole calls', async () => {
    const stream = await client.chat.completions.create({ model, messages, stream: true }, scenario('tool-calls'));
    const completion = await stream.finalChatCompletion();
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.id).toBeTruthy();
    expect(() => JSON.parse(call?.function.arguments ?? '')).not.toThrow();
  });

  test('lists models', async () => {
    const list = await client.models.list();
    expect(list.data.map((item) => item.id)).toContain('llama-3.3-70b-versatile');
  });

  test('retrieves one model, also one whose ID has a slash, and a missing one is a NotFoundError', async () => {
    expect(await client.models.retrieve('openai/gpt-oss-20b')).toMatchObject({ id: 'openai/gpt-oss-20b', object: 'model' });
    await expect(client.models.retrieve('no-such-model')).rejects.toBeInstanceOf(NotFoundError);
  });
});

test('withOptions gives a Node client on the same transport, with the options changed', async () => {
  const quick = client.withOptions({ maxRetries: 0, timeout: 4_000 });
  expect(quick).toBeInstanceOf(Groq);
  expect([quick.baseURL, quick.maxRetries, quick.timeout]).toEqual([client.baseURL, 0, 4_000]);
  const completion = await quick.chat.completions.create({ model, messages });
  expect(completion.choices[0]?.message.content).toBeTruthy();
});

describe('errors', () => {
  test('a missing key is a clear error at construction', () => {
    const saved = process.env.GROQ_API_KEY;
    delete process.env.GROQ_API_KEY;
    try {
      expect(() => new Groq({ baseURL: mock.url })).toThrow(GroqError);
      expect(() => new Groq({ baseURL: mock.url })).toThrow(/GROQ_API_KEY/);
    } finally {
      if (saved !== undefined) process.env.GROQ_API_KEY = saved;
    }
  });

  test('the key passed on its own, not in an object, is refused without quoting it, not swapped for GROQ_API_KEY; null is no options', async () => {
    process.env.GROQ_API_KEY = apiKey;
    process.env.GROQ_BASE_URL = mock.url;
    try {
      const given = 'gsk_given_on_its_own_5a6b7c';
      for (const options of [given, ['x'], 5]) {
        const error = rejectionOfSync(() => new Groq(options as never));
        expect(error, String(options)).toBeInstanceOf(GroqError);
        expect(error.message).toMatch(/^new Groq\(\) takes an object of options, got (a string\. Pass the key inside it: new Groq\(\{ apiKey \}\)\.|a list\.|a number\.)/);
        expect(error.message).not.toContain('5a6b7c');
      }
      expect((await new Groq(null).chat.completions.create({ model, messages })).choices).toHaveLength(1);
    } finally {
      delete process.env.GROQ_API_KEY;
      delete process.env.GROQ_BASE_URL;
    }
  });

  test('reads GROQ_API_KEY and GROQ_BASE_URL', async () => {
    process.env.GROQ_API_KEY = apiKey;
    process.env.GROQ_BASE_URL = mock.url;
    try {
      const fromEnv = new Groq();
      expect(fromEnv.baseURL).toBe(mock.url);
      expect((await fromEnv.chat.completions.create({ model, messages })).choices).toHaveLength(1);
    } finally {
      delete process.env.GROQ_API_KEY;
      delete process.env.GROQ_BASE_URL;
    }
  });

  test('baseURL: null means the default, as in groq-sdk, and a blank GROQ_BASE_URL is none', () => {
    process.env.GROQ_BASE_URL = 'http://127.0.0.1:9';
    try {
      expect(new Groq({ apiKey, baseURL: null }).baseURL).toBe('https://api.groq.com');
      process.env.GROQ_BASE_URL = '   ';
      expect(new Groq({ apiKey }).baseURL).toBe('https://api.groq.com');
    } finally {
      delete process.env.GROQ_BASE_URL;
    }
  });

  test('each option is read once, here as in core; one that throws when read (or a default header that does) is a GroqError naming it, not its raw error', async () => {
    const failure = new Error('config store down');
    const throwing = { enumerable: true, get: () => { throw failure; } };
    for (const name of ['apiKey', 'baseURL', 'logLevel', 'logger', 'fetch', 'defaultHeaders', 'timeout']) {
      const error = rejectionOfSync(() => new Groq(Object.defineProperty({ apiKey, baseURL: mock.url }, name, throwing) as never));
      expect(error, name).toBeInstanceOf(GroqError);
      expect(error.message).toMatch(new RegExp(`^${name} could not be read: it threw when read \\(config store down\\)\\. Nothing was sent\\.`));
      expect((error.cause as Error).message).toBe('config store down');
    }
    const entry = rejectionOfSync(() => new Groq({ apiKey, baseURL: mock.url, defaultHeaders: Object.defineProperty({}, 'x-tenant', throwing) }));
    expect(entry).toBeInstanceOf(GroqError);
    expect(entry.message).toMatch(/^defaultHeaders could not be read: one of its entries threw when read \(config store down\)\./);
    const reads = new Map<string, number>();
    const values = { apiKey, baseURL: mock.url, timeout: 5_000, logLevel: 'warn', logger: console, defaultHeaders: { 'x-app': 'counted' } };
    const options = {};
    for (const [name, value] of Object.entries(values)) {
      Object.defineProperty(options, name, { enumerable: true, get: () => (reads.set(name, (reads.get(name) ?? 0) + 1), value) });
    }
    const counted = new Groq(options as never);
    expect(Object.fromEntries(reads)).toEqual({ apiKey: 1, baseURL: 1, timeout: 1, logLevel: 1, logger: 1, defaultHeaders: 1 });
    await counted.models.list();
    expect(mock.requests().at(-1)?.headers).toMatchObject({ 'x-app': 'counted', 'user-agent': expect.stringMatching(/^groq-stream\//) });
  });

  test('reads GROQ_LOG; logLevel given in the options wins', async () => {
    const lines: string[] = [];
    const logger = { error: () => {}, warn: () => {}, info: () => {}, debug: (message: string) => void lines.push(message) };
    process.env.GROQ_LOG = 'debug';
    try {
      await new Groq({ apiKey, baseURL: mock.url, logger }).chat.completions.create({ model, messages });
      expect(lines[0]).toBe('[groq-stream] POST /openai/v1/chat/completions: sending, attempt 1 of 3');
      expect(lines[1]).toMatch(/^\[groq-stream\] POST \/openai\/v1\/chat\/completions: 200 in \d+ ms, request req_/);
      lines.length = 0;
      await new Groq({ apiKey, baseURL: mock.url, logger, logLevel: 'warn' }).chat.completions.create({ model, messages });
      expect(lines).toEqual([]);
    } finally {
      delete process.env.GROQ_LOG;
    }
  });

  test('401 with the server message, status, code, type, headers and request id', async () => {
    // The mock answers 401 for an empty bearer token.
    const unauthorized = new Groq({ apiKey: ' x', baseURL: mock.url, fetch: (url, init) => fetch(url, { ...init, headers: { ...Object.fromEntries(new Headers(init.headers)), authorization: 'Bearer ' } }) });
    const error = await rejectionOf(unauthorized.chat.completions.create({ model, messages }));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 'invalid_api_key', type: 'invalid_request_error' });
    expect((error as APIError).requestId).toMatch(/^req_/);
    expect((error as APIError).headers?.get('x-request-id')).toBe((error as APIError).requestId);
    expect((error as Error).message).toMatch(/^401 .*\[POST \/openai\/v1\/chat\/completions, request req_\w+\]\. Check the API key/);
  });

  test('400 for a bad body, not retried', async () => {
    const error = await rejectionOf(client.chat.completions.create({ model, messages: [] }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as Error).message).toMatch(/messages/);
    expect(mock.stats().requests).toBe(1);
  });

  test('404 for an unknown path', async () => {
    const misplaced = new Groq({ apiKey, baseURL: `${mock.url}/nowhere` });
    expect(await rejectionOf(misplaced.chat.completions.create({ model, messages }))).toBeInstanceOf(NotFoundError);
  });

  test('an HTML page from a proxy shows its status, content type and an excerpt', async () => {
    const proxy = await listen((request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' }).end(`<html><body><h1>502 Bad Gateway</h1>${'x'.repeat(5000)}</body></html>`);
    });
    try {
      const viaProxy = new Groq({ apiKey, baseURL: proxy.url, maxRetries: 0 });
      const error = await rejectionOf(viaProxy.chat.completions.create({ model, messages, stream: true }));
      expect(error).toBeInstanceOf(InternalServerError);
      const message = (error as Error).message;
      expect(message).toMatch(/^502 Bad Gateway \(not a JSON error body: text\/html, body "<html><body><h1>502 Bad Gateway/);
      expect(message.length).toBeLessThan(500);
    } finally {
      await proxy.close();
    }
  });

  test('a 200 that is not an event stream is an error, not an empty stream', async () => {
    const proxy = await listen((request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>'));
    try {
      const viaProxy = new Groq({ apiKey, baseURL: proxy.url });
      const error = await rejectionOf(viaProxy.chat.completions.create({ model, messages, stream: true }));
      expect(error).toBeInstanceOf(APIError);
      expect((error as Error).message).toMatch(/Expected an event stream.*text\/html.*login/);
      const whole = await rejectionOf(viaProxy.chat.completions.create({ model, messages }));
      expect((whole as Error).message).toMatch(/Expected a chat completion.*text\/html/);
    } finally {
      await proxy.close();
    }
  });

  test('a mid-stream error arrives after the chunks before it', async () => {
    const stream = await client.chat.completions.create({ model, messages, stream: true }, scenario('mid-stream-error'));
    const chunks: unknown[] = [];
    const error = await rejectionOf((async () => {
      for await (const chunk of stream) chunks.push(chunk);
    })());
    expect(chunks.length).toBeGreaterThan(0);
    expect(error).toBeInstanceOf(StreamServerError);
    expect((error as StreamServerError).requestId).toMatch(/^req_/);
    // The event's status_code, as in Groq's: the status the error would have had as a whole answer.
    expect((error as StreamServerError).status).toBe(500);
  });

  test('x_groq.error (Groq stopped the answer early) is an error after the chunks, even with [DONE]', async () => {
    const stream = await client.chat.completions.create({ model, messages, stream: true }, scenario('stopped-early'));
    const texts: string[] = [];
    const error = await rejectionOf((async () => {
      for await (const text of stream.textDeltas()) texts.push(text);
    })());
    expect(texts.join('')).toBe('You asked:');
    expect(error).toBeInstanceOf(StreamServerError);
    expect((error as StreamServerError).message).toContain('stopped early');
  });

  test('a dropped connection is a truncation, never a quiet end', async () => {
    const stream = await client.chat.completions.create({ model, messages, stream: true }, scenario('drop'));
    const error = await rejectionOf(stream.finalChatCompletion());
    expect(error).toBeInstanceOf(StreamTruncatedError);
  });

  test('the key never appears in errors, logs or the client', async () => {
    const failing = new Groq({ apiKey, baseURL: await closedPortURL(), maxRetries: 0 });
    const errors = [
      await rejectionOf(failing.chat.completions.create({ model, messages })),
      await rejectionOf(client.chat.completions.create({ model, messages }, { ...scenario('rate-limit'), maxRetries: 0 })),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(GroqError);
      for (const text of [String(error), JSON.stringify(error), inspect(error, { depth: 10, showHidden: true }), (error as Error).stack]) {
        expect(text).not.toContain(apiKey);
      }
    }
    expect(JSON.stringify(client)).not.toContain(apiKey);
    expect(inspect(client, { depth: 10 })).not.toContain(apiKey);
    // showHidden lists a class's getters, and getters: true calls them: apiKey's among them.
    const shown = inspect({ client, completions: client.chat.completions }, { depth: 10, showHidden: true, getters: true });
    expect(shown).not.toContain(apiKey);
    expect(shown).toMatch(/^{\n {2}client: <ref \*1> Groq {\n {4}baseURL: 'http:\/\/127\.0\.0\.1:\d+',\n {4}timeout: 60000,/);
    expect(Object.values(client)).not.toContain(apiKey);
  });
});

describe('retries', () => {
  test('429 is retried after retry-after, then succeeds', async () => {
    const started = Date.now();
    const completion = await client.chat.completions.create({ model, messages }, scenario('rate-limit', { 'x-mock-fail-times': '1' }));
    expect(completion.choices).toHaveLength(1);
    expect(mock.stats().requests).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  test('500 is retried with backoff, also for streams', async () => {
    const stream = await client.chat.completions.create({ model, messages, stream: true }, scenario('server-error', { 'x-mock-fail-times': '2' }));
    expect((await stream.finalChatCompletion()).choices[0]?.finish_reason).toBe('stop');
    expect(mock.stats().requests).toBe(3);
  });

  test('498 (flex tier at capacity) is retried, then succeeds', async () => {
    const stream = await client.chat.completions.create({ model, messages, stream: true, service_tier: 'flex' }, scenario('capacity', { 'x-mock-fail-times': '1' }));
    expect((await stream.finalChatCompletion()).choices[0]?.finish_reason).toBe('stop');
    expect(mock.stats().requests).toBe(2);
  });

  test('gives up after maxRetries with the last error', async () => {
    const error = await rejectionOf(client.chat.completions.create({ model, messages }, { ...scenario('server-error'), maxRetries: 1 }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(mock.stats().requests).toBe(2);
  });

  test('by default (maxRetries 2, as the README says) a request that fails every time is sent 3 times', async () => {
    const error = await rejectionOf(client.chat.completions.create({ model, messages }, scenario('server-error')));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(mock.stats().requests).toBe(3);
    expect((error as Error).message).toMatch(/It was tried 3 times \(maxRetries: 2\)\.$/);
  });

  test('a rate limit without retries surfaces retry-after', async () => {
    const error = await rejectionOf(client.chat.completions.create({ model, messages }, { ...scenario('rate-limit'), maxRetries: 0 }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
    const seconds = Number((error as RateLimitError).headers?.get('retry-after'));
    expect(seconds).toBeGreaterThan(0);
    expect((error as RateLimitError).retryAfterMs).toBe(seconds * 1000);
  });

  test.each([false, true])('a 429 for a limit per day (a wait of minutes) is not retried: one request, and the error at once with the wait (stream: %s)', async (stream) => {
    const started = Date.now();
    const error = await rejectionOf(client.chat.completions.create({ model, messages, stream }, { ...scenario('rate-limit-daily'), maxRetries: 2 }));
    // One try, not three spent before the server said the limit is back.
    expect(mock.stats().requests).toBe(1);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error).toBeInstanceOf(RateLimitError);
    const limited = error as RateLimitError;
    expect(limited.retryAfterMs).toBe(365_000);
    expect(limited.message).toMatch(/^429 Rate limit reached for model .* on tokens per day \(TPD\): .* Please try again in 6m4\.95s\./);
    expect(limited.message).toMatch(/ Not retried: the server asked to wait 365 s \(retry-after\), longer than the 60 s the client waits before a retry\.$/);
    // Groq's x-ratelimit-* describe other limits: left to the caller, in the headers.
    expect(limited.headers.get('x-ratelimit-reset-tokens')).toMatch(/^\d/);
  });

  test('connection errors are retried, then reported', async () => {
    let attempts = 0;
    const counting = new Groq({
      apiKey,
      baseURL: await closedPortURL(),
      maxRetries: 2,
      fetch: (url, init) => {
        attempts++;
        return fetch(url, init);
      },
    });
    const error = await rejectionOf(counting.chat.completions.create({ model, messages }));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toMatch(/got no response.*ECONNREFUSED/);
    expect(attempts).toBe(3);
  });

  test('a stream that has delivered a chunk is never retried', async () => {
    const stream = await client.chat.completions.create({ model, messages, stream: true }, scenario('drop'));
    await rejectionOf(stream.finalChatCompletion());
    expect(mock.stats().requests).toBe(1);
  });
});

describe('timeouts', () => {
  test('timeout bounds the wait for response headers, and the connection is let go', () =>
    withOwnMock(async (own) => {
      // The 150 ms timer starts before the request is sent: after a stall of a loaded machine it could fire
      // before this process had written the request, so that the mock never saw one to count as aborted. The
      // transport's signal (node:http's, as by default) follows the client's abort only once the mock has the
      // request; the client gives up at 150 ms all the same, and only its abort can end the mock's stream.
      const transport = createNodeHttpFetch();
      const held = new Groq({
        apiKey,
        baseURL: own.url,
        fetch: (input, init) => {
          const forwarded = new AbortController();
          const follow = (): void => forwarded.abort(init.signal?.reason);
          void eventually(() => own.stats().streamsStarted === 1).then(() => (init.signal?.aborted ? follow() : init.signal?.addEventListener('abort', follow, { once: true })));
          return transport(input, { ...init, signal: forwarded.signal });
        },
      });
      // The headers are an hour away: a client that waited for them instead would fail by the test's timeout.
      const error = await rejectionOf(
        held.chat.completions.create({ model, messages, stream: true }, { ...scenario('slow-headers', { 'x-mock-ttft-ms': '3600000' }), timeout: 150, maxRetries: 0 }),
      );
      expect(error).toBeInstanceOf(APIConnectionTimeoutError);
      expect((error as Error).message).toMatch(/timed out after 150 ms/);
      await eventually(() => own.stats().streamsAborted === 1);
    }));

  test('streamIdleTimeout fails a stalled stream and aborts the connection', async () => {
    const stream = await client.chat.completions.create({ model, messages, stream: true }, { ...scenario('stall'), streamIdleTimeout: 200 });
    const chunks: unknown[] = [];
    const error = await rejectionOf((async () => {
      for await (const chunk of stream) chunks.push(chunk);
    })());
    expect(chunks.length).toBeGreaterThan(0);
    expect(error).toBeInstanceOf(StreamIdleTimeoutError);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    await eventually(() => mock.stats().streamsAborted === 1);
  });

  test('streamIdleTimeout fails a stalled stream though the wall clock is set back while it waits', async () => {
    // As when NTP steps the clock back an hour, 50 ms into the silence after the last chunk: the limit is 200 ms
    // of waiting, not until Date.now() comes round again (an hour: the test's timeout).
    let setBackAt = Infinity;
    const spy = vi.spyOn(Date, 'now').mockImplementation(() => realNow() - (realNow() >= setBackAt ? 3_600_000 : 0));
    try {
      const stream = await client.chat.completions.create({ model, messages, stream: true }, { ...scenario('stall'), streamIdleTimeout: 200 });
      const error = await rejectionOf((async () => {
        for await (const _ of stream) if (setBackAt === Infinity) setBackAt = realNow() + 50;
      })());
      expect(error).toBeInstanceOf(StreamIdleTimeoutError);
      await eventually(() => mock.stats().streamsAborted === 1);
    } finally {
      spy.mockRestore();
    }
  });

  test('a wall clock set forward while a steady stream waits for its next token does not fail it', async () => {
    // Events 2 s apart (two tokens, then the last chunk) against a 3 s limit: the idle timer, armed at the first
    // read, comes due 3 s in, in the silence between the events of 2 s and 4 s, and the clock jumps an hour
    // forward at 2.5 s, in that silence. No silence lasts 3 s: the answer must come whole.
    let forwardAt = Infinity;
    const spy = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + (realNow() >= forwardAt ? 3_600_000 : 0));
    try {
      const stream = await client.chat.completions.create(
        { model, messages, stream: true },
        { headers: { 'x-mock-tokens-per-second': '0.5', 'x-mock-tokens': '2' }, streamIdleTimeout: 3000 },
      );
      let text = '';
      for await (const chunk of stream) {
        if (forwardAt === Infinity) forwardAt = realNow() + 2500;
        text += chunk.choices[0]?.delta.content ?? '';
      }
      expect(text).not.toBe('');
    } finally {
      spy.mockRestore();
    }
  });

  test('a slow but steady stream is not idle', async () => {
    // Tokens 50 ms apart for 2 s against a 1 s limit: the whole answer outlasts the limit, each gap is far
    // below it. With 300 ms, one stall of this process's event loop near 300 ms (seen on a loaded 2-CPU
    // machine) fired the idle timer before the socket was read, though the next token had come.
    const stream = await client.chat.completions.create(
      { model, messages, stream: true },
      { headers: { 'x-mock-tokens-per-second': '20', 'x-mock-tokens': '40' }, streamIdleTimeout: 1000 },
    );
    expect((await stream.finalChatCompletion()).choices[0]?.finish_reason).toBeDefined();
  });
});

describe('cancelling', () => {
  test('abort before the headers', () =>
    withOwnMock(async (_own, ownClient) => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      // The headers are an hour away: a client that waited for them would fail by the test's timeout.
      const error = await rejectionOf(
        ownClient.chat.completions.create({ model, messages, stream: true }, { ...scenario('slow-headers', { 'x-mock-ttft-ms': '3600000' }), signal: controller.signal }),
      );
      expect(error).toBeInstanceOf(APIUserAbortError);
    }));

  test('abort while waiting for the response headers releases the upstream connection', () =>
    withOwnMock(async (own, ownClient) => {
      // Headers an hour away: a connection let go only when its headers came would fail.
      const controller = new AbortController();
      const pending = ownClient.chat.completions.create({ model, messages, stream: true }, { ...scenario('slow-headers', { 'x-mock-ttft-ms': '3600000' }), signal: controller.signal });
      await eventually(() => own.stats().streamsStarted === 1);
      controller.abort();
      expect(await rejectionOf(pending)).toBeInstanceOf(APIUserAbortError);
      await eventually(() => own.stats().streamsAborted === 1);
    }));

  test('abort while waiting for the first token (headers received) releases the upstream connection', async () => {
    // The first token an hour away: a connection let go only when it came would fail.
    const controller = new AbortController();
    const stream = await client.chat.completions.create({ model, messages, stream: true }, { headers: { 'x-mock-ttft-ms': '3600000' }, signal: controller.signal });
    const first = stream[Symbol.asyncIterator]().next();
    controller.abort();
    expect(await rejectionOf(first)).toBeInstanceOf(APIUserAbortError);
    await eventually(() => mock.stats().streamsAborted === 1);
  });

  test('abort as the headers arrive, through a fetch that leaves the signal out (a wrapper that builds its own request), releases the upstream connection', () =>
    withOwnMock(async (own) => {
      const controller = new AbortController();
      // Kept, as a wrapper that logs its responses keeps them: undici closes the connection of a response that is
      // garbage, which would release the upstream too, whenever the collector gets to it.
      const responses: Response[] = [];
      const deaf = new Groq({
        apiKey,
        baseURL: own.url,
        fetch: async (url, init) => {
          const { signal: _left, ...rest } = init;
          const response = await fetch(url, rest);
          responses.push(response);
          // After the fetch, before create() has made the stream that would have let go of the response.
          controller.abort();
          return response;
        },
      });
      // A stall: the mock holds the stream open until the client goes away, so only the release can end it.
      const error = await rejectionOf(deaf.chat.completions.create({ model, messages, stream: true }, { ...scenario('stall'), signal: controller.signal }));
      expect(error).toBeInstanceOf(APIUserAbortError);
      await eventually(() => own.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);
      expect(own.stats()).toMatchObject({ requests: 1, streamsStarted: 1, streamsCompleted: 0 });
      expect(responses).toHaveLength(1);
    }));

  test('abort during the retry backoff stops at once', async () => {
    // The mock asks for 1 s; 60 s, the longest wait the client honours (and three times the test's timeout),
    // means a client that waited the backoff out could only fail by the test's timeout, however fast the machine.
    const controller = new AbortController();
    const patient = new Groq({
      apiKey,
      baseURL: mock.url,
      fetch: async (url, init) => {
        const response = await fetch(url, init);
        const headers = new Headers(response.headers);
        headers.set('retry-after', '60');
        return new Response(response.body, { status: response.status, headers });
      },
      // The client logs the retry just before it starts to wait: the abort comes in the next turn, during the
      // wait (aborted earlier, the request would stop before the backoff, which this test is not about).
      logLevel: 'info',
      logger: { error() {}, warn() {}, debug() {}, info: (message: string) => void (/Retrying in 60\.0 s/.test(message) && setTimeout(() => controller.abort(), 0)) },
    });
    const error = await rejectionOf(patient.chat.completions.create({ model, messages }, { ...scenario('rate-limit'), signal: controller.signal }));
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).message).toMatch(/^Request was aborted while waiting 60\.0 s to retry after status 429\./);
    expect(mock.stats().requests).toBe(1);
  });

  test('abort mid-stream through the request signal releases the upstream', async () => {
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model, messages, stream: true },
      // A stall after three tokens, no idle timeout: only the abort can end it, waited for up to the test's timeout.
      { ...scenario('stall'), streamIdleTimeout: 0, signal: controller.signal },
    );
    let count = 0;
    const error = await rejectionOf((async () => {
      for await (const _ of stream) if (++count === 3) controller.abort();
    })());
    expect(error).toBeInstanceOf(APIUserAbortError);
    await eventually(() => mock.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);
    expect(mock.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 0, streamsFailed: 0 });
  });

  test('stream.controller.abort() releases the upstream', async () => {
    // A stall with no idle timeout: the stream cannot end before the abort, whenever a loaded machine runs it (a
    // 4 s answer could, after a stall of this process that the mock, in it too, then caught up on in one write).
    const stream = await client.chat.completions.create({ model, messages, stream: true }, { ...scenario('stall'), streamIdleTimeout: 0 });
    setTimeout(() => stream.controller.abort(), 100);
    expect(await rejectionOf(stream.finalChatCompletion())).toBeInstanceOf(APIUserAbortError);
    await eventually(() => mock.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);
    expect(mock.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 0, streamsFailed: 0 });
  });

  test('a stream dropped without ever being iterated releases the upstream once it is garbage', async () => {
    // A stall: the mock holds the stream open until the client goes away, so only the release can end it.
    let stream: Stream<ChatCompletionChunk> | undefined = await client.chat.completions.create({ model, messages, stream: true }, scenario('stall'));
    const dropped = new WeakRef(stream);
    stream = undefined;
    expect(await isCollected(dropped)).toBe(true);
    await eventually(() => mock.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);
    expect(mock.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 0, streamsFailed: 0 });
  });

  test.each([
    ['still streaming', { 'x-mock-tokens-per-second': '20', 'x-mock-tokens': '200' }],
    ['all of it arrived', { 'x-mock-tokens': '5' }],
  ])('a stream dropped without ever being iterated (%s) lets its response body be collected too', async (_, headers) => {
    // Made in a function of its own, so that this test's frame holds only the WeakRefs. The body, its socket
    // reader and the pieces that reader had buffered stayed in memory for good, about 14 KB a stream.
    const { stream, body } = await (async () => {
      const created = await client.chat.completions.create({ model, messages, stream: true }, { headers });
      return { stream: new WeakRef(created), body: new WeakRef(created.response!.body!) };
    })();
    expect(await isCollected(stream)).toBe(true);
    expect(await isCollected(body)).toBe(true);
  });

  test('asResponse() of a streamed call hands the body over: collecting the unused Stream does not abort it', async () => {
    // A mock of its own: the collections below also collect streams that earlier tests left unread, and their
    // aborts reach the shared mock whenever this process gets to them, which a fixed wait can only guess.
    const own = await createMockGroqServer();
    try {
      const ownClient = new Groq({ apiKey, baseURL: own.url });
      const raw = await ownClient.chat.completions
        .create({ model, messages, stream: true }, { headers: { 'x-mock-tokens-per-second': '100', 'x-mock-tokens': '30' } })
        .asResponse();
      // Full collections, as many as it takes to collect a dropped object; the Stream made inside is garbage too.
      expect(await isCollected(new WeakRef({}))).toBe(true);
      const text = await raw.text();
      expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
      expect(own.stats().streamsAborted).toBe(0);
    } finally {
      await own.close();
    }
  });

  // The signal's listeners are counted: Node warns (MaxListenersExceededWarning) past ten on an AbortSignal in
  // Node 20 only, so a watch for the warning passed in 22 and 24 whatever the streams left on it.
  test('streams sharing one signal keep one listener on it, and one abort stops them all', async () => {
    const shared = new AbortController();
    const streams = await Promise.all(
      Array.from({ length: 20 }, () =>
        // Stalls, no idle timeout: only the abort can end them.
        client.chat.completions.create({ model, messages, stream: true }, { ...scenario('stall'), streamIdleTimeout: 0, signal: shared.signal }),
      ),
    );
    const iterators = streams.map((stream) => stream[Symbol.asyncIterator]());
    await Promise.all(iterators.map((iterator) => iterator.next()));
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(1);
    shared.abort();
    const errors = await Promise.all(iterators.map((iterator) => rejectionOf(iterator.next())));
    expect(errors.every((error) => error instanceof APIUserAbortError)).toBe(true);
    await eventually(() => mock.stats().streamsAborted === 20, Number.POSITIVE_INFINITY);
    expect(mock.stats()).toMatchObject({ streamsStarted: 20, streamsCompleted: 0, streamsFailed: 0 });
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
  });

  test("asResponse() of streamed calls sharing one signal lets go of it once each body is read or cancelled", async () => {
    const shared = new AbortController();
    for (let call = 0; call < 5; call++) {
      const raw = await client.chat.completions.create({ model, messages, stream: true }, { signal: shared.signal, headers: { 'x-mock-tokens': '5' } }).asResponse();
      if (call % 2 === 0) expect(await raw.text()).toMatch(/data: \[DONE\]/);
      else await raw.body?.cancel();
    }
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
  });

  test('asResponse() of a streamed call, dropped unread, releases the upstream and the signal once it is garbage', async () => {
    const shared = new AbortController();
    let raw: Response | undefined = await client.chat.completions
      .create({ model, messages, stream: true }, { ...scenario('stall'), signal: shared.signal })
      .asResponse();
    const dropped = new WeakRef(raw);
    raw = undefined;
    expect(raw).toBeUndefined();
    expect(await isCollected(dropped)).toBe(true);
    // A stall: held open until the client goes away, so only the release can end it.
    await eventually(() => mock.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);
    expect(mock.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 0, streamsFailed: 0 });
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
  });

  test('asResponse() of a streamed call through a fetch that leaves the signal out: an abort mid-body fails the read with its reason and releases the upstream', () =>
    withOwnMock(async (own) => {
      const controller = new AbortController();
      const deaf = new Groq({
        apiKey,
        baseURL: own.url,
        fetch: (url, init) => {
          const { signal: _left, ...rest } = init;
          return fetch(url, rest);
        },
      });
      // A stall: the mock holds the stream open until the client goes away, so only the release can end it.
      const raw = await deaf.chat.completions.create({ model, messages, stream: true }, { ...scenario('stall'), signal: controller.signal }).asResponse();
      const reader = raw.body!.getReader();
      expect((await reader.read()).done).toBe(false);
      const reason = new Error('user pressed stop');
      const rest = (async () => {
        while (!(await reader.read()).done);
      })();
      controller.abort(reason);
      // Before, the read waited for as long as the upstream held the connection: for ever, for this stall.
      expect(await rejectionOf(rest)).toBe(reason);
      await eventually(() => own.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);
      expect(own.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 0 });
    }));

  test.each([
    ['toSSEReadableStream()', (stream: Stream<ChatCompletionChunk>) => stream.toSSEReadableStream()],
    ['toReadableStream()', (stream: Stream<ChatCompletionChunk>) => stream.toReadableStream()],
    ['tee()', (stream: Stream<ChatCompletionChunk>) => stream.tee()],
  ])('what %s builds, dropped unread, releases the upstream once it is garbage', async (_, build) => {
    // A stall: held open until the client goes away, so only the release can end it.
    let stream: Stream<ChatCompletionChunk> | undefined = await client.chat.completions.create({ model, messages, stream: true }, scenario('stall'));
    let built: unknown = build(stream);
    const dropped = new WeakRef(stream);
    stream = undefined;
    built = undefined;
    expect(built).toBeUndefined();
    expect(await isCollected(dropped)).toBe(true);
    await eventually(() => mock.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);
    expect(mock.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 0, streamsFailed: 0 });
  });

  test('tee() branches each left with break: the first to leave does not stop the other, which reads on; the second releases the upstream', async () => {
    // A stall: the role chunk and three tokens, then held open until the client goes away, so only the release can end it.
    const stream = await client.chat.completions.create({ model, messages, stream: true }, { ...scenario('stall'), streamIdleTimeout: 0 });
    const [left, right] = stream.tee();
    for await (const _ of left) break;
    let read = 0;
    // A source let go at the first break would end this branch after what it had buffered (the role chunk).
    for await (const _ of right) if (++read === 4) break;
    expect(read).toBe(4);
    await eventually(() => mock.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);
    expect(mock.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 0, streamsFailed: 0 });
  });

  test('a tee() branch dropped unread lets go of the upstream once the other branch has left', async () => {
    // A stall after three tokens: held open until the client goes away, so only the release can end it.
    const stream = await client.chat.completions.create({ model, messages, stream: true }, scenario('stall'));
    let [left, right]: (Stream<ChatCompletionChunk> | undefined)[] = stream.tee();
    let read = 0;
    for await (const _ of left!) if (++read === 2) break;
    const dropped = new WeakRef(right!);
    left = right = undefined;
    expect(right).toBeUndefined();
    expect(await isCollected(dropped)).toBe(true);
    await eventually(() => mock.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);
    expect(mock.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 0, streamsFailed: 0 });
  });

  test('tee() branches read once and dropped without return() release the upstream once they are garbage', async () => {
    const stream = await client.chat.completions.create({ model, messages, stream: true }, scenario('stall'));
    // In a scope of its own, so that nothing here keeps the iterators.
    const dropped = await (async () => {
      const iterators = stream.tee().map((branch) => branch[Symbol.asyncIterator]());
      for (const iterator of iterators) await iterator.next();
      return iterators.map((iterator) => new WeakRef(iterator));
    })();
    for (const iterator of dropped) expect(await isCollected(iterator)).toBe(true);
    // Without the release the connection stays open until the mock ends the answer: never, for this stall.
    await eventually(() => mock.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);
    expect(mock.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 0, streamsFailed: 0 });
  });

  test('a tee() branch dropped unread does not stop the other', async () => {
    const stream = await client.chat.completions.create({ model, messages, stream: true }, { headers: { 'x-mock-tokens-per-second': '200', 'x-mock-tokens': '40' } });
    let dropped: WeakRef<object> | undefined;
    // The other branch made in a scope of its own, so that nothing here keeps it.
    const left = ((): Stream<ChatCompletionChunk> => {
      const [kept, unused] = stream.tee();
      dropped = new WeakRef(unused);
      return kept;
    })();
    let chunks = 0;
    const reading = (async () => {
      for await (const _ of left) chunks++;
    })();
    expect(await isCollected(dropped!)).toBe(true);
    await reading;
    expect(chunks).toBe(42);
    expect(mock.stats()).toMatchObject({ streamsCompleted: 1, streamsAborted: 0 });
  });

  test('an iterator left mid-stream without return() is not kept in memory by its idle timer once the connection is gone', async () => {
    // The idle timer's own timers (core's idle-timer), watched instead of given 150 ms to fire in.
    const timers = trackTimers(/\/packages\/core\/(src|dist)\/idle-timer\.(js|ts):/);
    try {
      let reader: AsyncIterator<ChatCompletionChunk> | undefined = (
        await client.chat.completions.create({ model, messages, stream: true }, { ...scenario('drop'), streamIdleTimeout: 50 })
      )[Symbol.asyncIterator]();
      await reader.next();
      const left = new WeakRef(reader);
      reader = undefined;
      expect(reader).toBeUndefined();
      // The mock cuts the connection after three chunks; the idle timer, armed by the first read, fires and is
      // not armed again while the consumer is away: a timer armed again and again would never leave this wait.
      await eventually(() => mock.stats().streamsFailed === 1);
      await eventually(() => timers.pending().length === 0, Number.POSITIVE_INFINITY);
      expect(await isCollected(left)).toBe(true);
    } finally {
      timers.stop();
    }
  });

  test('an iterator started and dropped without return() releases the upstream and the caller signal once it is garbage', async () => {
    const shared = new AbortController();
    const dropped = await (async () => {
      const stream = await client.chat.completions.create(
        { model, messages, stream: true },
        // A stall, no idle timeout: only the release can end it.
        { ...scenario('stall'), signal: shared.signal, streamIdleTimeout: 0 },
      );
      const iterator = stream[Symbol.asyncIterator]();
      await iterator.next();
      return new WeakRef(iterator);
    })();
    expect(await isCollected(dropped)).toBe(true);
    await eventually(() => mock.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);
    expect(mock.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 0, streamsFailed: 0 });
    await eventually(() => getEventListeners(shared.signal, 'abort').length === 0);
    expect(shared.signal.aborted).toBe(false);
  });

  test('toSSEReadableStream() read in part and then dropped is not kept in memory by its heartbeat', async () => {
    const stream = await client.chat.completions.create({ model, messages, stream: true }, { headers: { 'x-mock-tokens-per-second': '50', 'x-mock-tokens': '200' } });
    const dropped = await (async () => {
      const body = stream.toSSEReadableStream({ heartbeatMs: 20 });
      const reader = body.getReader();
      await reader.read();
      await reader.read();
      return new WeakRef(body);
    })();
    expect(await isCollected(dropped)).toBe(true);
    stream.controller.abort();
  });

  test('a stream that is kept but not read does not keep the process alive', async () => {
    const script = `
      import { Groq } from ${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)};
      const client = new Groq({ apiKey: 'gsk_test', baseURL: process.argv[1], maxRetries: 0 });
      globalThis.kept = await client.chat.completions.create(
        { model: 'llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'Hi' }], stream: true },
        { headers: { 'x-mock-tokens-per-second': '5', 'x-mock-tokens': '200' } },
      );
      console.log('created');
    `;
    // The answer takes 40 s; before, the process waited for all of it.
    expect(await runModule(script)).toEqual({ code: 0, output: 'created\n' });
  }, 20_000);

  test('client.request() leaves no timer that keeps the process alive once its body is read', async () => {
    const script = `
      import { Groq } from ${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)};
      const client = new Groq({ apiKey: 'gsk_test', baseURL: process.argv[1], maxRetries: 0, timeout: 60_000 });
      const sent = await client.request('GET', '/openai/v1/models');
      console.log((await sent.response.json()).object);
    `;
    // Before, the request timer held the process for the whole `timeout` (60 s).
    expect(await runModule(script)).toEqual({ code: 0, output: 'list\n' });
  }, 20_000);

  test('break after the last token, while the last chunk and [DONE] are still to come, releases the upstream', async () => {
    // A stall after the one token: the last chunk and [DONE] never come, the mock holds the stream open until the
    // client goes away. No idle timeout, so the break is the only way it can end, however slow the machine: waited
    // for up to the test's timeout (it was a 20 s answer against eventually's 5 s).
    const stream = await client.chat.completions.create({ model, messages, stream: true }, { ...scenario('stall', { 'x-mock-tokens': '1' }), streamIdleTimeout: 0 });
    for await (const chunk of stream) if (chunk.choices[0]?.delta.content) break;
    await eventually(() => mock.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);
    expect(mock.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 0, streamsFailed: 0 });
    // Used after the wait, so that it is not garbage meanwhile: a dropped stream releases the upstream too.
    expect(stream.controller.signal.aborted).toBe(true);
  });

  test('abort() of a stream left unread while the upstream is held back releases it', () =>
    withOwnMock(async (own, ownClient) => {
      const watched = watchResponses(own.port);
      try {
        // An answer larger than the sockets on the way can buffer (36 MB): the mock waits for 'drain' as no one reads.
        const stream = await ownClient.chat.completions.create(
          { model: 'llama-3.1-8b-instant', messages, max_completion_tokens: 131_072, stream: true },
          { headers: { 'x-mock-tokens': '1000000' } },
        );
        const iterator = stream[Symbol.asyncIterator]();
        await iterator.next();
        // Held back: the mock's write returned false and it waits for 'drain', as it does for good once the buffers
        // are full. Waited for, where a 300 ms sleep only hoped for it; completed had the answer fit in the buffers.
        expect(watched.responses).toHaveLength(1);
        await eventually(() => watched.responses[0]!.writableNeedDrain || own.stats().streamsCompleted > 0, Number.POSITIVE_INFINITY);
        expect(own.stats().streamsCompleted).toBe(0);
        stream.controller.abort();
        await eventually(() => own.stats().streamsAborted + own.stats().streamsCompleted > 0, Number.POSITIVE_INFINITY);
        expect(own.stats()).toMatchObject({ streamsAborted: 1, streamsCompleted: 0 });
      } finally {
        watched.stop();
      }
    }));

  test('break releases the upstream', async () => {
    // A stall: three tokens, then the mock holds the stream open until the client goes away. No idle timeout,
    // so the break is the only way it can end, however slow the machine: waited for up to the test's timeout.
    const stream = await client.chat.completions.create({ model, messages, stream: true }, { ...scenario('stall'), streamIdleTimeout: 0 });
    for await (const _ of stream) break;
    await eventually(() => mock.stats().streamsAborted === 1, Number.POSITIVE_INFINITY);
    expect(mock.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 0, streamsFailed: 0 });
    // Used after the wait, so that it is not garbage meanwhile: a dropped stream releases the upstream too.
    expect(stream.controller.signal.aborted).toBe(true);
  });
});

describe('faithful to groq-sdk', () => {
  test('groq-sdk and this client stream the same chunks from the mock', async () => {
    const official = new GroqSDK({ apiKey, baseURL: mock.url, maxRetries: 0 });
    const theirs: ChatCompletionChunk[] = [];
    for await (const chunk of await official.chat.completions.create({ model, messages, stream: true })) theirs.push(chunk as unknown as ChatCompletionChunk);
    const ours: ChatCompletionChunk[] = [];
    for await (const chunk of await client.chat.completions.create({ model, messages, stream: true })) ours.push(chunk);
    // Ids and timings differ per request; everything else is the same.
    const normalize = (chunk: ChatCompletionChunk) => ({ choices: chunk.choices, model: chunk.model, object: chunk.object, tokens: chunk.usage?.completion_tokens });
    expect(ours.map(normalize)).toEqual(theirs.map(normalize));
  });
});

/** A one-off HTTP server on 127.0.0.1. */
async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The URL of a port on 127.0.0.1 that nothing listens on. */
async function closedPortURL(): Promise<string> {
  const server = await listen(() => undefined);
  await server.close();
  return server.url;
}
