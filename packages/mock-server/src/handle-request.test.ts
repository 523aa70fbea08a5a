import { request as httpRequest, ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMockGroqServer, type MockGroqServer } from './create-mock-groq-server.js';
import { chatBody, expectGroqError, expectGroqHeaders, postChat } from './test/mock-test-helpers.js';
import { parseRawResponse as readRawResponse, rawExchange } from './test/raw-http-response.js';

let server: MockGroqServer;
beforeAll(async () => {
  server = await createMockGroqServer();
});
afterAll(() => server.close());
beforeEach(() => server.resetStats());

/** A request with a target that `fetch` would not send as it is: absolute-form, `*`, or one no URL parser accepts. */
function requestTarget(target: string, method = 'GET'): Promise<{ status: number; headers: Headers; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port: server.port, path: target, method, headers: { authorization: 'Bearer k' } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      const headers = new Headers();
      for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers.set(name, String(value));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers, body }));
    });
    request.once('error', reject);
    request.end();
  });
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

  it('with apiKeys, answers a wrong key with 401, as Groq does, and a listed one normally', async () => {
    const strict = await createMockGroqServer({ apiKeys: ['gsk_right_0123456789', 'second-key'] });
    try {
      const post = (authorization: string) =>
        fetch(`${strict.url}/openai/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          body: JSON.stringify(chatBody('hi', { stream: false })),
        });
      for (const authorization of ['Bearer gsk_wrong_0123456789', 'Bearer gsk_right_0123456789 extra', 'Bearer gsk_right']) {
        expect(await expectGroqError(await post(authorization), 401, 'invalid_request_error', 'invalid_api_key'), authorization).toBe('Invalid API Key');
      }
      expect((await post('Bearer gsk_right_0123456789')).status).toBe(200);
      expect((await post('bearer second-key')).status).toBe(200);
      const models = await fetch(`${strict.url}/openai/v1/models`, { headers: { authorization: 'Bearer nope' } });
      await expectGroqError(models, 401, 'invalid_request_error', 'invalid_api_key');
    } finally {
      await strict.close();
    }
  });

  it('refuses an apiKeys option that accepts nothing', async () => {
    for (const apiKeys of [[], [''], ['has space']]) {
      await expect(createMockGroqServer({ apiKeys }), JSON.stringify(apiKeys)).rejects.toThrow(/apiKeys must be a non-empty list of keys without spaces/);
    }
  });
});

describe('routing', () => {
  it('answers 404 unknown_url for an unknown path, and 405 for a wrong method', async () => {
    const message = await expectGroqError(await fetch(`${server.url}/openai/v1/embeddings`, { method: 'POST' }), 404, 'invalid_request_error', 'unknown_url');
    expect(message).toContain('POST /openai/v1/embeddings');
    const wrongMethod = await fetch(`${server.url}/openai/v1/chat/completions`, { headers: { authorization: 'Bearer k' } });
    await expectGroqError(wrongMethod, 405, 'invalid_request_error', 'method_not_allowed');
    expect(wrongMethod.headers.get('allow')).toBe('POST, OPTIONS');
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

  // As the README says: curl --compressed, browsers and Python's clients ask for gzip or br, and identity is always
  // acceptable (RFC 9110). Read without fetch, which would decompress and hide a content-encoding.
  it('answers uncompressed whatever Accept-Encoding asks, streamed or not', async () => {
    for (const stream of [true, false]) {
      const body = JSON.stringify(chatBody('compress me', { stream }));
      const { status, headers, text } = await new Promise<{ status: number; headers: Record<string, unknown>; text: string }>((resolve, reject) => {
        const request = httpRequest(
          { host: '127.0.0.1', port: server.port, path: '/openai/v1/chat/completions', method: 'POST', headers: { authorization: 'Bearer k', 'content-type': 'application/json', 'accept-encoding': 'gzip, br, deflate' } },
          (response) => {
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => (text += chunk));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
          },
        );
        request.once('error', reject);
        request.end(body);
      });
      expect(status).toBe(200);
      expect(headers['content-encoding']).toBeUndefined();
      expect(text.startsWith(stream ? 'data: {' : '{')).toBe(true);
    }
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
    expect(response.headers.get('access-control-expose-headers')).toContain('x-groq-region');
  });

  // RFC 9110 section 9.3.7: a successful OPTIONS answer should say what the target allows. Python's
  // `requests.options()` or `curl -X OPTIONS`, which send no CORS headers, found no `allow` at all.
  it('says in allow which methods each path takes, for an OPTIONS request with or without CORS headers', async () => {
    const cases = [
      ['/openai/v1/chat/completions', 'POST, OPTIONS'],
      ['/openai/v1/models', 'GET, HEAD, OPTIONS'],
      ['/openai/v1/models/openai%2Fgpt-oss-20b', 'GET, HEAD, OPTIONS'],
      ['/__mock/stats', 'GET, HEAD, OPTIONS'],
      ['/__mock/reset', 'POST, OPTIONS'],
    ];
    for (const [path, allow] of cases) {
      const corsHeaders: Record<string, string>[] = [{}, { origin: 'http://localhost:3000', 'access-control-request-method': 'GET' }];
      for (const headers of corsHeaders) {
        const response = await fetch(`${server.url}${path}`, { method: 'OPTIONS', headers });
        expect(response.status, path).toBe(204);
        expect(response.headers.get('allow'), path).toBe(allow);
      }
    }
    expect((await requestTarget('*', 'OPTIONS')).headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
    // An unknown path takes no method but OPTIONS itself: it says nothing more.
    expect((await fetch(`${server.url}/openai/v1/embeddings`, { method: 'OPTIONS' })).headers.get('allow')).toBeNull();
    expect(server.stats().requests).toBe(0);
  });

  // RFC 9110 section 15.5.6: a 405's `allow` lists the methods the target supports, and every path answers
  // OPTIONS; it left OPTIONS out, so a client that retried with a listed method could not learn of it.
  it('lists in a 405 allow the same methods as the OPTIONS answer for that path', async () => {
    const cases = [
      ['/openai/v1/chat/completions', 'GET'],
      ['/openai/v1/chat/completions', 'HEAD'],
      ['/openai/v1/models', 'DELETE'],
      ['/openai/v1/models/openai%2Fgpt-oss-20b', 'POST'],
      ['/__mock/stats', 'POST'],
      ['/__mock/reset', 'GET'],
    ];
    for (const [path, method] of cases) {
      const options = await fetch(`${server.url}${path}`, { method: 'OPTIONS' });
      const refused = await fetch(`${server.url}${path}`, { method, headers: { authorization: 'Bearer k' } });
      expect(refused.status, `${method} ${path}`).toBe(405);
      expect(refused.headers.get('allow'), `${method} ${path}`).toBe(options.headers.get('allow'));
      expect(refused.headers.get('allow'), `${method} ${path}`).toMatch(/, OPTIONS$/);
    }
  });

  it("quotes a 405's path cut short: a model route takes any id, and a 10 KB one made a 10 KB message", async () => {
    const refused = await fetch(`${server.url}/openai/v1/models/${'m'.repeat(10_000)}`, { method: 'POST', headers: { authorization: 'Bearer k' } });
    const message = await expectGroqError(refused, 405, 'invalid_request_error', 'method_not_allowed');
    expect(message).toMatch(/^Method POST is not allowed on \/openai\/v1\/models\/m+… \(10018 characters in all\); use GET\.$/);
    expect(message.length).toBeLessThan(300);
    const short = await fetch(`${server.url}/openai/v1/models`, { method: 'POST', headers: { authorization: 'Bearer k' } });
    expect(await expectGroqError(short, 405, 'invalid_request_error', 'method_not_allowed')).toBe('Method POST is not allowed on /openai/v1/models; use GET.');
  });

  it("quotes a 404's path and model id cut short, as the 405 does: a 10 KB one made a 10 KB message", async () => {
    const headers = { authorization: 'Bearer k' };
    const unknown = await fetch(`${server.url}/openai/v1/${'u'.repeat(10_000)}`, { method: 'POST', headers });
    const unknownMessage = await expectGroqError(unknown, 404, 'invalid_request_error', 'unknown_url');
    expect(unknownMessage).toMatch(/^Unknown request URL: POST \/openai\/v1\/u+… \(10011 characters in all\)\. Please check the URL for typos, or see the docs at https:\/\/console\.groq\.com\/docs\/$/);
    expect(unknownMessage.length).toBeLessThan(400);
    const model = await fetch(`${server.url}/openai/v1/models/${'m'.repeat(10_000)}`, { headers });
    const modelMessage = await expectGroqError(model, 404, 'invalid_request_error', 'model_not_found');
    expect(modelMessage).toMatch(/^The model `m+… \(10000 characters in all\)` does not exist or you do not have access to it\.$/);
    expect(modelMessage.length).toBeLessThan(300);
    // Groq's words, whole, for the paths and ids clients send.
    const short = await fetch(`${server.url}/openai/v1/embeddings`, { method: 'POST', headers });
    expect(await expectGroqError(short, 404, 'invalid_request_error', 'unknown_url')).toBe(
      'Unknown request URL: POST /openai/v1/embeddings. Please check the URL for typos, or see the docs at https://console.groq.com/docs/',
    );
    const shortModel = await fetch(`${server.url}/openai/v1/models/no-such-model`, { headers });
    expect(await expectGroqError(shortModel, 404, 'invalid_request_error', 'model_not_found')).toBe('The model `no-such-model` does not exist or you do not have access to it.');
  });

  it('puts x-request-id and the rate-limit headers on preflights too, without counting them', async () => {
    const preflight = await fetch(`${server.url}/openai/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expectGroqHeaders(preflight.headers);
    expect(preflight.headers.get('x-ratelimit-remaining-requests')).toBe('14400');
    expect(server.stats().requests).toBe(0);
    expect(server.requests()).toEqual([]);
  });

  it('refills the request budget as time passes, and resetStats refills it at once', async () => {
    const preflight = () => fetch(`${server.url}/openai/v1/models`, { method: 'OPTIONS' });
    const budgetHeaders = (response: Response) => [response.headers.get('x-ratelimit-remaining-requests'), response.headers.get('x-ratelimit-reset-requests')];
    // The budget's clock is performance.now: held still from the first request on and moved ahead here rather
    // than waited for. A clock that ran on between the requests (real time plus the step) made the reset after
    // 1.5 s read 4.26 s instead of 4.5 on a busy machine.
    const start = performance.now();
    let ahead = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => start + ahead);
    try {
      const answer = await fetch(`${server.url}/openai/v1/models`, { headers: { authorization: 'Bearer k' } });
      expect(budgetHeaders(answer)).toEqual(['14399', '6s']);
      ahead = 1_500;
      // A part of the request comes back, which the reset shows and the remaining requests do not yet.
      const [remaining, reset] = budgetHeaders(await preflight());
      expect(remaining).toBe('14399');
      expect(Number(/^(\d+(?:\.\d+)?)s$/.exec(reset ?? '')?.[1])).toBeCloseTo(4.5, 1);
      ahead = 6_000;
      expect(budgetHeaders(await preflight())).toEqual(['14400', '0s']);
      expect(budgetHeaders(await fetch(`${server.url}/openai/v1/models`, { headers: { authorization: 'Bearer k' } }))).toEqual(['14399', '6s']);
      server.resetStats();
      expect(budgetHeaders(await preflight())).toEqual(['14400', '0s']);
    } finally {
      clock.mockRestore();
      server.resetStats();
    }
  });

  it('answers HEAD wherever it answers GET, with the headers of the GET and no body', async () => {
    const headers = { authorization: 'Bearer k' };
    for (const path of ['/openai/v1/models', '/openai/v1/models/llama-3.1-8b-instant', '/openai/v1/models/no-such-model', '/__mock/stats']) {
      const get = await fetch(`${server.url}${path}`, { headers });
      const getBody = await get.text();
      const head = await fetch(`${server.url}${path}`, { method: 'HEAD', headers });
      expect(head.status, path).toBe(get.status);
      expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
      expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(getBody)));
      expect(await head.text()).toBe('');
    }
    const unauthorized = await fetch(`${server.url}/openai/v1/models`, { method: 'HEAD' });
    expect(unauthorized.status).toBe(401);
    expectGroqHeaders(unauthorized.headers);
    const onPostRoute = await fetch(`${server.url}/openai/v1/chat/completions`, { method: 'HEAD', headers });
    expect(onPostRoute.status).toBe(405);
    expect(onPostRoute.headers.get('allow')).toBe('POST, OPTIONS');
    const deleteModels = await fetch(`${server.url}/openai/v1/models`, { method: 'DELETE', headers });
    expect(deleteModels.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });

  it('takes the path of the request target literally, and answers 404 unknown_url with every header for targets it cannot route', async () => {
    const headers = { authorization: 'Bearer k' };
    for (const [method, path] of [['GET', '//'], ['POST', '//openai/v1/chat/completions'], ['GET', '//openai/v1/models']] as const) {
      const response = await fetch(`${server.url}${path}`, { method, headers, body: method === 'POST' ? JSON.stringify(chatBody('x')) : undefined });
      expect(await expectGroqError(response, 404, 'invalid_request_error', 'unknown_url')).toContain(`${method} ${path}.`);
      expectGroqHeaders(response.headers);
    }
    for (const target of ['*', 'http://[']) {
      const response = await requestTarget(target);
      expect(response.status, target).toBe(404);
      expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'unknown_url' } });
      expectGroqHeaders(response.headers);
    }
    // An absolute target, as sent to a proxy, is routed by its path.
    expect((await requestTarget(`http://127.0.0.1:${server.port}/openai/v1/models?limit=1`)).status).toBe(200);
  });

  it('answers 413 for a body over 16 MiB', async () => {
    const body = JSON.stringify(chatBody('x'.repeat(16 * 1024 * 1024 + 1)));
    const response = await fetch(`${server.url}/openai/v1/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer k' }, body });
    await expectGroqError(response, 413, 'invalid_request_error', 'request_too_large');
    expect(server.requests().at(-1)?.body).toBeUndefined();
  });
});


/** Splits a raw HTTP/1.1 response into status, headers and body. */
function parseRawResponse(text: string): { status: number; headers: Headers; body: string } {
  const [head = '', body = ''] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = new Headers();
  for (const line of lines) headers.append(line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim());
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

describe('requests that are not valid HTTP', () => {
  it.each([
    ['headers over the limit', `GET /openai/v1/models HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`, 431],
    // RFC 9112 section 3: a request target longer than the server parses is a 414; it got the headers' 431.
    ['a request target over the limit', `GET /openai/v1/models/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 414],
    ['a request line that is not HTTP', 'HELLO\r\n\r\n', 400],
    ['a Content-Length that is not a number', 'POST /openai/v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n', 400],
    // Its response exists already (the head was read), but the bytes that fail are its own: answered.
    ['a chunked body whose chunk size is not a number', 'POST /openai/v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 400],
    // Node answered it with its own bare 400: no Groq headers, an empty body.
    ['an HTTP/1.1 request without Host', 'GET /openai/v1/models HTTP/1.1\r\nAuthorization: Bearer k\r\n\r\n', 400],
    // Host is checked first, as Node does: this got the 417, and the connection stayed open.
    ['an HTTP/1.1 request without Host and with an Expect other than 100-continue', 'POST /openai/v1/chat/completions HTTP/1.1\r\nExpect: something\r\nContent-Length: 2\r\n\r\n{}', 400],
    // RFC 9112 section 3.2 asks a 400 for these too, of HTTP/1.0 requests as well; they were answered as usual.
    ['a request with two Host headers', 'GET /openai/v1/models HTTP/1.1\r\nHost: x\r\nHost: y\r\nAuthorization: Bearer k\r\n\r\n', 400],
    ['an HTTP/1.0 request with two Host headers', 'GET /openai/v1/models HTTP/1.0\r\nHost: x\r\nhost: x\r\nAuthorization: Bearer k\r\n\r\n', 400],
    ['a Host header that is not a host with an optional port', 'GET /openai/v1/models HTTP/1.1\r\nHost: a b\r\nAuthorization: Bearer k\r\n\r\n', 400],
    ['a Host header with a path', 'GET /openai/v1/models HTTP/1.1\r\nHost: example.com/evil\r\nAuthorization: Bearer k\r\n\r\n', 400],
  ])('are answered like any error, with Groq headers and body, for %s', async (_, bytes, status) => {
    const response = parseRawResponse(await rawExchange(server.port, bytes));
    expect(response.status).toBe(status);
    expectGroqHeaders(response.headers);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('connection')).toBe('close');
    // RFC 9110 section 6.6.1: an origin server with a clock sends Date on every 2xx, 3xx and 4xx answer, as
    // Node does on the others; these are written by the mock itself, and had none.
    expect(response.headers.get('date')).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(response.body)));
    expect(JSON.parse(response.body)).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error' } });
    expect((await fetch(`${server.url}/openai/v1/models`, { headers: { authorization: 'Bearer k' } })).status).toBe(200);
    // Only the models request: what is not valid HTTP is neither counted nor recorded.
    expect(server.stats().requests).toBe(1);
    expect(server.requests().map((request) => request.path)).toEqual(['/openai/v1/models']);
  });

  it.each([['127.0.0.1:8080'], ['[::1]:8080'], ['api.groq.com'], ['my_host.local:'], ['xn--caf-dma.example'], ['']])(
    'takes a Host header of %j (a host with an optional port, or empty)',
    async (host) => {
      const response = parseRawResponse(await rawExchange(server.port, `GET /openai/v1/models HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer k\r\nConnection: close\r\n\r\n`));
      expect(response.status).toBe(200);
    },
  );

  it('answers the requests before bytes that are not valid HTTP first, whole and in order, and refuses those bytes only then', async () => {
    const body = JSON.stringify(chatBody('x'));
    // Read in full, and handled once the stream is out (it is pipelined): its response exists, but has sent nothing yet.
    const pipelined =
      `POST /openai/v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${body.length}\r\n\r\n${body}`;
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1');
      let received = '';
      socket.setEncoding('utf8');
      socket.once('data', () => socket.write(pipelined, () => setTimeout(() => socket.write('HELLO\r\n\r\n'), 50)));
      socket.on('data', (chunk: string) => (received += chunk));
      socket.once('error', reject);
      socket.once('close', () => resolve(received));
      socket.write(
        `POST /openai/v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\nContent-Type: application/json\r\nX-Mock-Tokens-Per-Second: 5\r\n` +
          `X-Mock-Tokens: 10\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      );
    });
    // The 400 was never written into the stream under way or ahead of the answer owed; but the connection was
    // closed at once, cutting the stream and losing the pipelined request's answer.
    const stream = readRawResponse(text);
    expect(stream.status).toBe(200);
    expect(stream.body.endsWith('data: [DONE]\n\n')).toBe(true);
    const owed = readRawResponse(stream.rest);
    expect(owed.status).toBe(200);
    expect(owed.body.endsWith('data: [DONE]\n\n')).toBe(true);
    const refusal = readRawResponse(owed.rest);
    expect(refusal).toMatchObject({ status: 400, headers: { connection: 'close' }, rest: '' });
    expect(refusal.body).toContain('not valid HTTP/1.1');
    expect(stream.body + owed.body).not.toContain('"error"');
  });
});

// RFC 9110 section 9.1: a method the server does not recognise is a 501. Node's parser refuses any method it does not
// know itself, before the mock sees the request; the mock answered those with a 400 that said the request was not
// valid HTTP/1.1, though it was.
describe('a method the server does not know', () => {
  it.each([
    ['BREW', 'BREW /openai/v1/models HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\n\r\n'],
    // Methods are case-sensitive: `get` is not GET.
    ['get', 'get /openai/v1/models HTTP/1.1\r\nHost: x\r\n\r\n'],
    // Node's parser reads "GET", then fails on the S.
    ['GETS', 'GETS /openai/v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}'],
  ])('is answered 501 (%s), with Groq headers and body, neither counted nor recorded, and the connection closed', async (method, bytes) => {
    const response = readRawResponse(await rawExchange(server.port, bytes));
    expect(response).toMatchObject({ status: 501, headers: { allow: 'GET, HEAD, POST, OPTIONS', connection: 'close' }, rest: '' });
    expectGroqHeaders(new Headers(response.headers));
    expect(JSON.parse(response.body)).toEqual({
      error: {
        message: `Not Implemented: this server does not know the method ${method} (methods are case-sensitive). It takes GET, HEAD, POST and OPTIONS.`,
        type: 'invalid_request_error',
      },
    });
    expect(server.stats().requests).toBe(0);
    expect(server.requests()).toEqual([]);
  });

  it('is answered 501 after the answer owed to a request pipelined before it', async () => {
    const text = await rawExchange(server.port, 'GET /openai/v1/models HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\n\r\nBREW /openai/v1/models HTTP/1.1\r\nHost: x\r\n\r\n');
    const models = readRawResponse(text);
    expect(models.status).toBe(200);
    expect(readRawResponse(models.rest)).toMatchObject({ status: 501, rest: '' });
  });

  it.each([
    ['a request line without a version', 'BREW /openai/v1/models\r\n\r\n'],
    ['a version other than HTTP/1.x', 'BREW /openai/v1/models HTTP/2.0\r\n\r\n'],
    ['a method that is not a token', 'BR{W /openai/v1/models HTTP/1.1\r\n\r\n'],
  ])('is still a 400 in %s: not a request line', async (_, bytes) => {
    expect(readRawResponse(await rawExchange(server.port, bytes)).status).toBe(400);
  });

  it('leaves the methods Node knows to the routes: PATCH is a 405 that says what the route allows', async () => {
    const response = readRawResponse(await rawExchange(server.port, 'PATCH /openai/v1/models HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\nConnection: close\r\n\r\n'));
    expect(response).toMatchObject({ status: 405, headers: { allow: 'GET, HEAD, OPTIONS' } });
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'method_not_allowed' } });
  });
});

describe('an Expect header other than 100-continue', () => {
  it('is answered 417 with Groq headers and body, neither counted nor recorded, and the connection goes on', async () => {
    // Node answered it with its own bare 417: no Groq headers, an empty body.
    const body = JSON.stringify(chatBody('x', { stream: false }));
    const text = await rawExchange(server.port, 
      `POST /openai/v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\nExpect: something\r\nContent-Length: ${body.length}\r\n\r\n${body}` +
        'GET /openai/v1/models HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\nConnection: close\r\n\r\n',
    );
    const [refused = '', next = ''] = text.split(/(?=HTTP\/1\.1 )/);
    const response = parseRawResponse(refused);
    expect(response.status).toBe(417);
    expectGroqHeaders(response.headers);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(JSON.parse(response.body)).toEqual({
      error: { message: 'Expectation Failed: the only expectation this server meets is "Expect: 100-continue"; send the request without the Expect header.', type: 'invalid_request_error' },
    });
    expect(parseRawResponse(next).status).toBe(200);
    expect(server.stats().requests).toBe(1);
    expect(server.requests().map((request) => request.path)).toEqual(['/openai/v1/models']);
  });
});

describe('an HTTP/1.0 client that asks to keep the connection', () => {
  // Node keeps an HTTP/1.0 connection only after an answer of announced length, and a 204 has none: it
  // closed the connection after these answers, and the request behind them was never read.
  it.each([
    ['a CORS preflight', 'OPTIONS /openai/v1/chat/completions HTTP/1.0\r\nOrigin: http://localhost:3000\r\nAccess-Control-Request-Method: POST\r\n'],
    ['an OPTIONS request', 'OPTIONS /openai/v1/models HTTP/1.0\r\n'],
    ['POST /__mock/reset', 'POST /__mock/reset HTTP/1.0\r\nContent-Length: 0\r\n'],
  ])('keeps it after the 204 of %s, and answers the next request on it', async (_, head) => {
    const text = await rawExchange(server.port, 
      `${head}Connection: keep-alive\r\n\r\n` + 'GET /openai/v1/models HTTP/1.0\r\nAuthorization: Bearer k\r\n\r\n',
    );
    const [noContent = '', next = ''] = text.split(/(?=HTTP\/1\.1 )/);
    const response = parseRawResponse(noContent);
    expect(response.status).toBe(204);
    expect(response.headers.get('connection')).toBe('keep-alive');
    expect(response.headers.get('keep-alive')).toBe('timeout=5');
    expect(response.headers.get('content-length')).toBeNull();
    expect(response.body).toBe('');
    expect(parseRawResponse(next).status).toBe(200);
  });

  it('still has the connection closed after a 204 when it does not ask to keep it', async () => {
    const text = await rawExchange(server.port, 'OPTIONS /openai/v1/models HTTP/1.0\r\n\r\n');
    expect(text.match(/HTTP\/1\.1 \d+/g)).toEqual(['HTTP/1.1 204']);
    expect(parseRawResponse(text).headers.get('connection')).toBe('close');
  });
});

describe('Expect: 100-continue', () => {
  /** Sends `head`, and `body` once the server says `100 Continue`; reads until the server closes, or for 3 s. */
  function continueExchange(head: string, body: string, port = server.port): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      const timer = setTimeout(() => socket.destroy(), 3000);
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        text += chunk;
        if (text === 'HTTP/1.1 100 Continue\r\n\r\n') socket.write(body);
      });
      socket.once('error', reject);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve(text);
      });
      socket.write(head);
    });
  }

  it('sends 100 Continue, then answers as usual, when the announced body fits', async () => {
    const body = JSON.stringify(chatBody('x', { stream: false }));
    const text = await continueExchange(
      `POST /openai/v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\nConnection: close\r\nExpect: 100-continue\r\nContent-Length: ${body.length}\r\n\r\n`,
      body,
    );
    expect(text.match(/HTTP\/1\.1 \d+/g)).toEqual(['HTTP/1.1 100', 'HTTP/1.1 200']);
    expect(server.requests().at(-1)?.body).toEqual(chatBody('x', { stream: false }));
  });

  // Node sent 100 Continue to every such client, which then uploaded the whole body only to get the 413.
  it.each([
    ['413 request_too_large', 'Authorization: Bearer k\r\n', 413, 'request_too_large'],
    ['the 401 that comes first without a key', '', 401, 'invalid_api_key'],
  ])('answers a body announced over 16 MiB with %s before it is sent, without 100 Continue, and closes', async (_, auth, status, code) => {
    const text = await continueExchange(
      `POST /openai/v1/chat/completions HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: ${16 * 1024 * 1024 + 1}\r\n\r\n`,
      'x'.repeat(16 * 1024 * 1024 + 1),
    );
    expect(text).not.toContain('100 Continue');
    const response = parseRawResponse(text);
    expect(response.status).toBe(status);
    expectGroqHeaders(response.headers);
    expect(response.headers.get('connection')).toBe('close');
    expect(JSON.parse(response.body)).toMatchObject({ error: { type: 'invalid_request_error', code } });
    expect(server.stats().requests).toBe(1);
    expect(server.requests().at(-1)?.body).toBeUndefined();
  });

  // The mock sent 100 Continue before any check, so the client uploaded a body that was then refused.
  it.each([
    ['401 invalid_api_key without a key', 'POST /openai/v1/chat/completions', '', 401, 'invalid_api_key'],
    ['401 invalid_api_key for a key not in apiKeys', 'POST /openai/v1/chat/completions', 'Authorization: Bearer other\r\n', 401, 'invalid_api_key'],
    ['404 unknown_url for an unknown path', 'POST /openai/v1/chat/completion', 'Authorization: Bearer k\r\n', 404, 'unknown_url'],
    ['405 method_not_allowed for the wrong method', 'PUT /openai/v1/chat/completions', 'Authorization: Bearer k\r\n', 405, 'method_not_allowed'],
    ['404 unknown_url for an unknown control path', 'POST /__mock/resets', '', 404, 'unknown_url'],
  ])('answers %s before the body is sent, without 100 Continue, and closes', async (_, requestLine, auth, status, code) => {
    const keyed = await createMockGroqServer({ apiKeys: ['k'] });
    try {
      const body = JSON.stringify(chatBody('x', { stream: false }));
      const text = await continueExchange(
        `${requestLine} HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: ${body.length}\r\n\r\n`,
        body,
        keyed.port,
      );
      expect(text).not.toContain('100 Continue');
      const response = parseRawResponse(text);
      expect(response.status).toBe(status);
      // The body was never read: Node closes the connection rather than read it as the next request.
      expect(response.headers.get('connection')).toBe('close');
      expect(JSON.parse(response.body)).toMatchObject({ error: { type: 'invalid_request_error', code } });
      if (!requestLine.includes('/__mock/')) expect(keyed.requests().at(-1)?.body).toBeUndefined();
    } finally {
      await keyed.close();
    }
  });

  it('sends 100 Continue to a control endpoint it answers', async () => {
    const text = await continueExchange('POST /__mock/reset HTTP/1.1\r\nHost: x\r\nConnection: close\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n', '{}');
    expect(text.match(/HTTP\/1\.1 \d+/g)).toEqual(['HTTP/1.1 100', 'HTTP/1.1 204']);
  });
});

// A client that leaves during its upload: handle-request.left-during-upload.test.ts.

describe('recording and control endpoints', () => {
  it('records what the mock saw, with the key redacted, and serves it on /__mock/requests', async () => {
    await postChat(server.url, chatBody('remember me', { stream: false }), { 'x-trace': 'abc', 'x-api-key': 'pk-live-7f3a9b2c1d', cookie: 'session=1', 'x-bearer': 'gsk_live_0123', 'x-credential': 'Bearer abc', 'x-db-password': 'hunter2222', 'x-db-passwd': 'hunter3333', 'x-ssh-passphrase': 'correct horse', 'x-auth-token': 't-7f3a9b2c', 'x-hub-signature-256': 'sha256=ab12', 'idempotency-key': 'order-17', 'x-idempotency-key': 'order-18', 'x-author': 'alice', 'x-design-id': 'd-9', 'x-session-id': 'sess-7f3a', 'x-amz-mfa': 'serial 482139', 'x-otp': '482139', 'x-card-pin': '1234', 'x-client-credentials': 'relay:pw', 'x-passcode': '482139', 'x-session-affinity': 'eu-1', 'x-mfa-required': 'true', 'x-pin-model': 'llama', 'x-sid': 'q7Wm2xLp', 'x-sidebar': 'left', 'x-hotkey': 'ctrl-k', 'x-monkey': 'banana', 'x-signature-version': '2', 'x-api-key-algorithm': 'hmac-sha256', 'x-signing-key': 'sk-7f3a' });
    await fetch(`${server.url}/openai/v1/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer k' }, body: 'not json' });
    const [first, second] = server.requests();
    expect(first).toMatchObject({ method: 'POST', path: '/openai/v1/chat/completions', body: chatBody('remember me', { stream: false }) });
    expect(first?.headers['authorization']).toBe('[redacted]');
    expect(first?.headers['x-trace']).toBe('abc');
    // Named by a word that only holds a credential's letters: recorded as sent, for a test to check.
    expect(['idempotency-key', 'x-idempotency-key', 'x-author', 'x-design-id'].map((name) => first?.headers[name])).toEqual(['order-17', 'order-18', 'alice', 'd-9']);
    // As core reads them: `key` only after what makes it a credential's, and a name that says how a credential is made.
    expect(['x-hotkey', 'x-monkey', 'x-signature-version', 'x-api-key-algorithm'].map((name) => first?.headers[name])).toEqual(['ctrl-k', 'banana', '2', 'hmac-sha256']);
    // Or by a word that names a credential only at the name's end or before its value's (see isCredentialHeader).
    expect(['x-session-affinity', 'x-mfa-required', 'x-pin-model', 'x-sidebar'].map((name) => first?.headers[name])).toEqual(['eu-1', 'true', 'llama', 'left']);
    const credentials = ['x-api-key', 'cookie', 'x-bearer', 'x-credential', 'x-db-password', 'x-db-passwd', 'x-ssh-passphrase', 'x-auth-token', 'x-hub-signature-256', 'x-session-id', 'x-amz-mfa', 'x-otp', 'x-card-pin', 'x-client-credentials', 'x-passcode', 'x-sid', 'x-signing-key'];
    expect(credentials.map((name) => first?.headers[name])).toEqual(credentials.map(() => '[redacted]'));
    expect(second?.body).toBe('not json');
    expect(JSON.stringify(server.requests())).not.toContain('test-key');
    const answer = await fetch(`${server.url}/__mock/requests`, { headers: { origin: 'https://any-site.example' } });
    // No CORS here: a page the developer visits must not read the recorded conversations.
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect((await answer.json()) as unknown[]).toEqual(JSON.parse(JSON.stringify(server.requests())));
  });

  it('records JSON nested too deeply to write back as its text, so that /__mock/requests still answers', async () => {
    const deep = `{"model":"m","messages":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    await fetch(`${server.url}/openai/v1/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer k', 'content-type': 'application/json' }, body: deep });
    await postChat(server.url, chatBody('after it', { stream: false }));
    const answer = await fetch(`${server.url}/__mock/requests`);
    expect(answer.status).toBe(200);
    const [first, second] = (await answer.json()) as { body: unknown }[];
    expect(first?.body).toBe(deep);
    expect(second?.body).toEqual(chatBody('after it', { stream: false }));
  });

  // The recorded body is JSON.parse's value, as the README and RecordedRequest say: a bigint there would make
  // /__mock/requests fail (JSON.stringify cannot write one) and change body.seed's type for its readers.
  it('records a seed past 2^53 as JSON.parse reads it, while x_groq.seed echoes the digits sent', async () => {
    const body = JSON.stringify(chatBody('seeded', { stream: false, seed: 0 })).replace('"seed":0', '"seed":9007199254740993');
    const response = await fetch(`${server.url}/openai/v1/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer k' }, body });
    expect((await response.text()).match(/"seed":[^,}]+/g)).toEqual(['"seed":9007199254740993']);
    expect((server.requests().at(-1)?.body as { seed: unknown }).seed).toBe(9007199254740992);
    const recorded = (await (await fetch(`${server.url}/__mock/requests`)).json()) as { body: { seed: unknown } }[];
    expect(recorded.at(-1)?.body.seed).toBe(9007199254740992);
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

  it('keeps the newest 100 by default, as the README and TSDoc say', async () => {
    const fresh = await createMockGroqServer();
    try {
      for (let index = 0; index < 101; index++) {
        const response = await fetch(`${fresh.url}/openai/v1/models/m${index}`, { headers: { authorization: 'Bearer k' } });
        await response.arrayBuffer();
      }
      const paths = fresh.requests().map((request) => request.path);
      expect(paths).toHaveLength(100);
      expect([paths[0], paths.at(-1)]).toEqual(['/openai/v1/models/m1', '/openai/v1/models/m100']);
    } finally {
      await fresh.close();
    }
  });

  it('counts requests but not /__mock calls, and resets over HTTP', async () => {
    await fetch(`${server.url}/nowhere`);
    await fetch(`${server.url}/__mock/stats`);
    expect(server.stats().requests).toBe(1);
    expect((await fetch(`${server.url}/__mock/reset`, { method: 'POST' })).status).toBe(204);
    expect(server.stats()).toEqual({ requests: 0, streamsStarted: 0, streamsCompleted: 0, streamsAborted: 0, streamsFailed: 0, streamsOpen: 0, streamsReleased: 0 });
    expect(server.requests()).toEqual([]);
  });
});
