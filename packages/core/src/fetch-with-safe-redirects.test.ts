import { describe, expect, test } from 'vitest';
import { APIConnectionError } from './errors/api-connection-error.js';
import { APIError } from './errors/api-error.js';
import { fetchWithSafeRedirects, isRedirectFailure } from './fetch-with-safe-redirects.js';
import { isNotHTTPAnswer } from './not-http-answer.js';
import { rememberRequestSecret } from './redact-secrets.js';
import { Groq } from './groq.js';
import { createChunkTranscript } from './test/create-chunk-transcript.js';
import { encodeSSETranscript } from './test/encode-sse-transcript.js';
import { rejectionOf } from './test/rejection-of.js';

interface Call {
  url: string;
  method: string;
  headers: Headers;
  body: unknown;
  redirect: RequestRedirect | undefined;
}

/** A fetch that answers each URL by a rule, recording every request it gets. */
function server(answer: (url: URL, call: Call) => Response): typeof fetch & { calls: Call[] } {
  const calls: Call[] = [];
  const fetch = async (input: string, init: RequestInit = {}) => {
    const call = { url: input, method: init.method ?? 'GET', headers: new Headers(init.headers), body: init.body, redirect: init.redirect };
    calls.push(call);
    return answer(new URL(input), call);
  };
  return Object.assign(fetch, { calls }) as typeof fetch & { calls: Call[] };
}

const redirect = (status: number, location: string, body = 'moved') => new Response(body, { status, headers: { location } });
const secretHeaders = { authorization: 'Bearer gsk_secret', 'x-api-key': 'gateway-secret', 'helicone-auth': 'Bearer hk', 'content-type': 'application/json', accept: 'text/event-stream', 'user-agent': 'app/1' };
const post = (headers: HeadersInit = secretHeaders): RequestInit => ({ method: 'POST', headers, body: '{"model":"m"}' });

describe('fetchWithSafeRedirects', () => {
  test('a redirect within the origin keeps every header, the method and the body', async () => {
    const fetch = server((url) => (url.pathname === '/old' ? redirect(307, '/new') : new Response('ok')));
    const response = await fetchWithSafeRedirects(fetch, 'https://api.example.test/old', post());
    expect(await response.text()).toBe('ok');
    const [first, second] = fetch.calls;
    expect(first?.redirect).toBe('manual');
    expect(second?.url).toBe('https://api.example.test/new');
    expect([second?.method, second?.body]).toEqual(['POST', '{"model":"m"}']);
    expect(Object.fromEntries(second!.headers)).toEqual(secretHeaders);
  });

  test('the answer says redirected after a hop, as when fetch follows itself, and not without one', async () => {
    const fetch = server((url) => (url.pathname === '/old' ? redirect(307, '/new') : new Response('ok')));
    expect((await fetchWithSafeRedirects(fetch, 'https://api.example.test/old', post())).redirected).toBe(true);
    expect((await fetchWithSafeRedirects(fetch, 'https://api.example.test/new', post())).redirected).toBe(false);
  });

  test('a redirect to another origin sends no credential there: only the headers that describe the request', async () => {
    const fetch = server((url) => (url.host === 'api.example.test' ? redirect(308, 'https://elsewhere.test/v1?sig=secret') : new Response('ok')));
    await fetchWithSafeRedirects(fetch, 'https://api.example.test/v1', post());
    const hop = fetch.calls[1]!;
    expect(hop.url).toBe('https://elsewhere.test/v1?sig=secret');
    expect(Object.fromEntries(hop.headers)).toEqual({ accept: 'text/event-stream', 'content-type': 'application/json', 'user-agent': 'app/1' });
    expect([hop.method, hop.body]).toEqual(['POST', '{"model":"m"}']);
  });

  test('another port or scheme is another origin; and a later hop back does not get the credentials again', async () => {
    for (const location of ['https://api.example.test:8443/v1', 'http://api.example.test/v1']) {
      const fetch = server((url) => (url.href === 'https://api.example.test/v1' && fetch.calls.length === 1 ? redirect(307, location) : new Response('ok')));
      await fetchWithSafeRedirects(fetch, 'https://api.example.test/v1', post());
      expect(fetch.calls[1]?.headers.get('x-api-key')).toBeNull();
    }
    const fetch = server((url) =>
      url.host === 'api.example.test' && fetch.calls.length === 1 ? redirect(307, 'https://elsewhere.test/') : url.host === 'elsewhere.test' ? redirect(307, 'https://api.example.test/v2') : new Response('ok'),
    );
    await fetchWithSafeRedirects(fetch, 'https://api.example.test/v1', post());
    expect(fetch.calls.map((call) => call.headers.get('authorization'))).toEqual(['Bearer gsk_secret', null, null]);
  });

  test('as fetch does: 303, and 301 or 302 after a POST, become a GET without a body; 307 and 308 keep both', async () => {
    for (const [status, method] of [
      [303, 'GET'],
      [301, 'GET'],
      [302, 'GET'],
      [307, 'POST'],
      [308, 'POST'],
    ] as const) {
      const fetch = server((url) => (url.pathname === '/a' ? redirect(status, '/b') : new Response('ok')));
      await fetchWithSafeRedirects(fetch, 'https://api.example.test/a', post());
      const hop = fetch.calls[1]!;
      expect([status, hop.method]).toEqual([status, method]);
      expect(hop.body === null).toBe(method === 'GET');
      expect(hop.headers.has('content-type')).toBe(method === 'POST');
      expect(hop.headers.get('authorization')).toBe('Bearer gsk_secret');
    }
  });

  test("the redirect's own body is released, not left holding its connection", async () => {
    let cancelled = false;
    const body = new ReadableStream({ pull: () => undefined, cancel: () => void (cancelled = true) });
    const fetch = server((url) => (url.pathname === '/a' ? new Response(body, { status: 307, headers: { location: '/b' } }) : new Response('ok')));
    await fetchWithSafeRedirects(fetch, 'https://api.example.test/a', post());
    expect(cancelled).toBe(true);
  });

  test('more than 20 redirects, or a location that is empty or not an http(s) URL, fail as fetch fails, quoting no query, known as redirect failures', async () => {
    const loop = server((url) => redirect(302, `/again?n=${url.searchParams.get('n') ?? 0}1&key=secret`));
    const error = await rejectionOf(fetchWithSafeRedirects(loop, 'https://api.example.test/a', { method: 'GET' }));
    expect(loop.calls).toHaveLength(21);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('fetch failed');
    expect(((error as Error).cause as Error).message).toBe(
      'The server redirected the request more than 20 times, the last time (302) from https://api.example.test/again to https://api.example.test/again, which it had been sent to before: a redirect loop.',
    );
    expect(isRedirectFailure(error)).toBe(true);
    for (const [location, reason] of [
      ['file:///etc/passwd', 'The server answered https://api.example.test/a with a redirect (307) to a file: URL, which is not HTTP.'],
      ['javascript:x', 'The server answered https://api.example.test/a with a redirect (307) to a javascript: URL, which is not HTTP.'],
      ['http://[bad', 'The server answered https://api.example.test/a with a redirect (307) to a location that is not a URL.'],
      // fetch would take an empty location for the same URL, and go round 20 times.
      ['', 'The server answered https://api.example.test/a with a redirect (307) whose location header is empty.'],
      [' ', 'The server answered https://api.example.test/a with a redirect (307) whose location header is empty.'],
      ['https://user:hunter2@elsewhere.test/v1?key=secret', 'The server answered https://api.example.test/a with a redirect (307) to a URL with a user name or password in it (https://elsewhere.test/v1).'],
    ]) {
      const fetch = server(() => redirect(307, location!));
      const failure = await rejectionOf(fetchWithSafeRedirects(fetch, 'https://api.example.test/a?key=secret', post()));
      expect(((failure as Error).cause as Error).message).toBe(reason);
      expect(isRedirectFailure(failure)).toBe(true);
      expect(fetch.calls).toHaveLength(1);
    }
  });

  test('a chain of more than 20 redirects that never comes back is not called a loop', async () => {
    const chain = server((url) => redirect(307, `/hop${Number(url.pathname.slice(4) || 0) + 1}`));
    const error = await rejectionOf(fetchWithSafeRedirects(chain, 'https://api.example.test/hop0', post()));
    expect(((error as Error).cause as Error).message).toBe('The server redirected the request more than 20 times, the last time (307) from https://api.example.test/hop20 to https://api.example.test/hop21.');
  });

  test("a failure of fetch's own is no redirect failure", async () => {
    const failing = server(() => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    });
    expect(isRedirectFailure(await rejectionOf(fetchWithSafeRedirects(failing, 'https://api.example.test/a', post())))).toBe(false);
    for (const value of [undefined, null, 'fetch failed', new TypeError('fetch failed')]) expect(isRedirectFailure(value)).toBe(false);
  });

  test("a status outside HTTP's 100–599 fails as an answer that is not valid HTTP, on every path, its body released", async () => {
    for (const mode of [undefined, 'manual', 'error'] as const) {
      let cancelled = false;
      const body = new ReadableStream({ pull: () => undefined, cancel: () => void (cancelled = true) });
      const fetch = server(() => Object.defineProperty(new Response(body), 'status', { value: 600 }));
      const error = await rejectionOf(fetchWithSafeRedirects(fetch, 'https://api.example.test/a', { ...post(), redirect: mode }));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).cause).toMatchObject({ message: "The server answered with status 600, outside HTTP's 100–599.", code: 'HPE_INVALID_STATUS' });
      expect(isNotHTTPAnswer(error)).toBe(true);
      expect(isRedirectFailure(error)).toBe(false);
      expect(cancelled).toBe(true);
    }
    // After a redirect too.
    const fetch = server((url) => (url.pathname === '/a' ? redirect(307, '/b') : Object.defineProperty(new Response('x'), 'status', { value: 99 })));
    expect(isNotHTTPAnswer(await rejectionOf(fetchWithSafeRedirects(fetch, 'https://api.example.test/a', post())))).toBe(true);
  });

  test('a 3xx without a location, or one that is not a redirect, is the answer', async () => {
    const answers = [() => new Response('no location', { status: 307 }), () => new Response(null, { status: 304 }), () => redirect(300, '/b')];
    for (const answer of answers) {
      const fetch = server(answer);
      const response = await fetchWithSafeRedirects(fetch, 'https://api.example.test/a', post());
      expect(response.status).toBe(answer().status);
      expect(fetch.calls).toHaveLength(1);
    }
  });

  test("redirect: 'manual' from the caller goes to fetch unchanged; 'follow' is followed here", async () => {
    const manual = server(() => redirect(307, 'https://elsewhere.test/'));
    const response = await fetchWithSafeRedirects(manual, 'https://api.example.test/a', { ...post(), redirect: 'manual' });
    expect([response.status, manual.calls.length, manual.calls[0]?.redirect]).toEqual([307, 1, 'manual']);
    const fetch = server((url) => (url.host === 'api.example.test' ? redirect(307, 'https://elsewhere.test/') : new Response('ok')));
    await fetchWithSafeRedirects(fetch, 'https://api.example.test/a', { ...post(), redirect: 'follow' });
    expect(fetch.calls.map((call) => [call.redirect, call.headers.has('x-api-key')])).toEqual([
      ['manual', true],
      ['manual', false],
    ]);
  });

  test("redirect: 'error' refuses a redirect here, as one that cannot be followed, saying where it led: fetch's own refusal reads as a network failure", async () => {
    let cancelled = false;
    const body = new ReadableStream({ pull: () => undefined, cancel: () => void (cancelled = true) });
    const fetch = server(() => new Response(body, { status: 302, headers: { location: 'https://elsewhere.test/v2?token=secret' } }));
    const error = await rejectionOf(fetchWithSafeRedirects(fetch, 'https://api.example.test/a?key=secret', { ...post(), redirect: 'error' }));
    expect(error).toBeInstanceOf(TypeError);
    expect(isRedirectFailure(error)).toBe(true);
    expect(((error as Error).cause as Error).message).toBe(
      "The server answered https://api.example.test/a with a redirect (302) to https://elsewhere.test/v2, which redirect: 'error' (in fetchOptions) refuses.",
    );
    // Asked once, with 'manual', so that the redirect comes back; nothing went to its target, and its body was let go.
    expect(fetch.calls.map((call) => [call.url, call.redirect])).toEqual([['https://api.example.test/a?key=secret', 'manual']]);
    expect(cancelled).toBe(true);
    // A browser's opaque answer to 'manual' says only that it was a redirect.
    const opaque = Object.defineProperties(Object.create(Response.prototype) as Response, {
      type: { value: 'opaqueredirect' },
      status: { value: 0 },
      headers: { value: new Headers() },
      body: { value: null },
    });
    const browser = await rejectionOf(fetchWithSafeRedirects(server(() => opaque), 'https://api.example.test/a', { ...post(), redirect: 'error' }));
    expect(isRedirectFailure(browser)).toBe(true);
    expect(((browser as Error).cause as Error).message).toBe("The server answered https://api.example.test/a with a redirect, which redirect: 'error' (in fetchOptions) refuses.");
    // Any other answer, a 3xx without a location included, is the answer, as fetch gives it.
    for (const answer of [() => new Response('ok'), () => new Response('no location', { status: 307 })]) {
      const response = await fetchWithSafeRedirects(server(answer), 'https://api.example.test/a', { ...post(), redirect: 'error' });
      expect(response.status).toBe(answer().status);
    }
  });

  test("a client with redirect: 'error' fails on a redirect at once, as a redirect refused, not retried as a request that got no response", async () => {
    const fetch = server(() => redirect(301, 'https://elsewhere.test/openai/v1/models'));
    const client = new Groq({ apiKey: 'gsk_test', baseURL: 'https://api.example.test', fetch, fetchOptions: { redirect: 'error' }, maxRetries: 2 });
    const error = await rejectionOf(client.models.list());
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toBe(
      "The server answered https://api.example.test/openai/v1/models with a redirect (301) to https://elsewhere.test/openai/v1/models, which redirect: 'error' (in fetchOptions) refuses. " +
        '[GET /openai/v1/models]. Check baseURL (it should be the address that answers, not one that redirects) and the configuration of any proxy or gateway in between. ' +
        'Not retried: the server would redirect the same way again.',
    );
    expect(fetch.calls).toHaveLength(1);
  });

  test("a location's host and path are quoted cut at 200 characters, redacted before the cut, as the request note cuts a path", async () => {
    const long = `https://elsewhere.test/${'p'.repeat(10_000)}`;
    const refused = await rejectionOf(fetchWithSafeRedirects(server(() => redirect(302, long)), 'https://api.example.test/a', { ...post(), redirect: 'error' }));
    expect(((refused as Error).cause as Error).message).toBe(
      `The server answered https://api.example.test/a with a redirect (302) to ${long.slice(0, 200)}… (10023 characters in all), which redirect: 'error' (in fetchOptions) refuses.`,
    );
    // A chain that grows the path at each hop: both ends of the last hop are the server's.
    const growing = server((url) => redirect(307, `${url.pathname}${'q'.repeat(1000)}`));
    const chain = await rejectionOf(fetchWithSafeRedirects(growing, 'https://api.example.test/a', post()));
    expect(((chain as Error).cause as Error).message).toMatch(/^The server redirected the request more than 20 times, the last time \(307\) from https:\/\/api\.example\.test\/aq+… \(20026 characters in all\) to https:\/\/api\.example\.test\/aq+… \(21026 characters in all\)\.$/);
    expect(((chain as Error).cause as Error).message.length).toBeLessThan(600);
    const tenantKey = 'tenant-1a2b3c4d5e6f7a8b';
    rememberRequestSecret(tenantKey);
    const secret = await rejectionOf(fetchWithSafeRedirects(server(() => redirect(302, `https://elsewhere.test/${'p'.repeat(170)}${tenantKey}${'q'.repeat(20)}`)), 'https://api.example.test/a', { ...post(), redirect: 'error' }));
    expect(((secret as Error).cause as Error).message).not.toContain('tenant');
  });

  test("where fetch hides redirects (a browser's opaque answer), the request is sent again for the runtime to follow", async () => {
    const opaque = Object.assign(Object.create(Response.prototype) as Response, {});
    Object.defineProperties(opaque, { type: { value: 'opaqueredirect' }, status: { value: 0 }, headers: { value: new Headers() }, body: { value: null } });
    const fetch = server((_, call) => (call.redirect === 'manual' ? opaque : new Response('followed')));
    const response = await fetchWithSafeRedirects(fetch, 'https://api.example.test/a', post());
    expect(await response.text()).toBe('followed');
    expect(fetch.calls.map((call) => call.redirect)).toEqual(['manual', 'follow']);
    // The runtime is known to hide redirects now: the next request is sent once, for it to follow.
    expect(await (await fetchWithSafeRedirects(fetch, 'https://api.example.test/a', post())).text()).toBe('followed');
    expect(fetch.calls.map((call) => call.redirect)).toEqual(['manual', 'follow', 'follow']);
    // Another fetch function is still asked with 'manual' first.
    const other = server(() => new Response('direct'));
    await fetchWithSafeRedirects(other, 'https://api.example.test/a', post());
    expect(other.calls.map((call) => call.redirect)).toEqual(['manual']);
  });

  test('the log says where a redirect led, without its query, and when credentials stayed behind', async () => {
    const lines: string[] = [];
    const fetch = server((url) => (url.pathname === '/a' ? redirect(307, '/b?token=secret') : url.pathname === '/b' ? redirect(307, 'https://elsewhere.test/c?token=secret') : new Response('ok')));
    await fetchWithSafeRedirects(fetch, 'https://api.example.test/a', post(), (level, message) => lines.push(`${level} ${message}`));
    expect(lines).toEqual([
      'debug redirected (307) to https://api.example.test/b',
      'debug redirected (307) to https://elsewhere.test/c, another origin: sending no credentials there',
    ]);
  });
});

describe('the client and redirects', () => {
  test('a 401 after a redirect to another origin that the browser followed says the key was not sent there, not to check the key', async () => {
    // A browser follows the redirect itself and drops authorization on the way to another origin; the answer
    // says only that it was redirected, and from where it came.
    const opaque = Object.assign(Object.create(Response.prototype) as Response, {});
    Object.defineProperties(opaque, { type: { value: 'opaqueredirect' }, status: { value: 0 }, headers: { value: new Headers() }, body: { value: null } });
    const followed = (url: string, status = 401) => {
      const response = Response.json({ error: { message: 'Invalid API Key', code: 'invalid_api_key' } }, { status });
      return Object.defineProperties(response, { redirected: { value: true }, url: { value: url } });
    };
    const elsewhere = server((_, call) => (call.redirect === 'manual' ? opaque : followed('https://elsewhere.test/openai/v1/chat/completions')));
    const error = await rejectionOf(new Groq({ apiKey: 'gsk_secret', baseURL: 'https://gateway.example.test', fetch: elsewhere, maxRetries: 0 }).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true }));
    expect(elsewhere.calls.map((call) => call.redirect)).toEqual(['manual', 'follow']);
    expect((error as Error).message).toMatch(/redirected to https:\/\/elsewhere\.test, another origin, where the client sends no credentials: set baseURL to https:\/\/elsewhere\.test/);
    expect((error as Error).message).not.toMatch(/Check the API key/);
    // Within the origin the key went along, and a 401 is about the key.
    const within = server((_, call) => (call.redirect === 'manual' ? opaque : followed('https://gateway.example.test/v2/chat/completions')));
    const refused = await rejectionOf(new Groq({ apiKey: 'gsk_secret', baseURL: 'https://gateway.example.test', fetch: within, maxRetries: 0 }).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true }));
    expect((refused as Error).message).toMatch(/Check the API key/);
  });

  test('an error after a redirect the browser followed says where it was redirected from, with no method where the browser chose it', async () => {
    const opaque = Object.assign(Object.create(Response.prototype) as Response, {});
    Object.defineProperties(opaque, { type: { value: 'opaqueredirect' }, status: { value: 0 }, headers: { value: new Headers() }, body: { value: null } });
    const messageAfter = async (url: string): Promise<string> => {
      const fetch = server((_, call) => {
        if (call.redirect === 'manual') return opaque;
        const response = Response.json({ error: { message: 'Unknown request URL' } }, { status: 404 });
        return Object.defineProperties(response, { redirected: { value: true }, url: { value: url } });
      });
      const error = await rejectionOf(new Groq({ apiKey: 'gsk_secret', baseURL: 'http://api.example.test', fetch, maxRetries: 0 }).models.list());
      return (error as Error).message;
    };
    // The same path on another origin (http sent on to https by a proxy), as sendRequest words it where it follows.
    expect(await messageAfter('https://api.example.test/openai/v1/models?token=secret')).toMatch(
      /^404 Unknown request URL\. \[\/openai\/v1\/models, redirected from GET http:\/\/api\.example\.test\/openai\/v1\/models\]\./,
    );
    expect(await messageAfter('http://api.example.test/v2/models?token=secret')).toMatch(/^404 Unknown request URL\. \[\/v2\/models, redirected from GET \/openai\/v1\/models\]\./);
    // The same URL but its query: nothing that the path would not show.
    expect(await messageAfter('http://api.example.test/openai/v1/models?page=2')).toMatch(/^404 Unknown request URL\. \[GET \/openai\/v1\/models\]\./);
    for (const url of ['https://api.example.test/openai/v1/models?token=secret', 'http://api.example.test/v2/models?token=secret']) {
      expect(await messageAfter(url)).not.toMatch(/secret/);
    }
  });

  const sse = () => new Response(encodeSSETranscript(createChunkTranscript({ chunks: 3 })) as BodyInit, { headers: { 'content-type': 'text/event-stream' } });

  test('a stream behind a redirect to another origin arrives, and neither the key nor a gateway header goes there', async () => {
    const fetch = server((url) => (url.host === 'gateway.example.test' ? redirect(307, 'https://elsewhere.test/openai/v1/chat/completions') : sse()));
    const client = new Groq({ apiKey: 'gsk_secret', baseURL: 'https://gateway.example.test', fetch, defaultHeaders: { 'x-api-key': 'gateway-secret' } });
    const stream = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const completion = await stream.finalChatCompletion();
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    const hop = fetch.calls[1]!;
    expect([hop.headers.get('authorization'), hop.headers.get('x-api-key')]).toEqual([null, null]);
    expect(JSON.parse(String(hop.body))).toMatchObject({ model: 'm', stream: true });
  });

  test('a redirect loop, or a redirect with a location that cannot be followed, says what the server did and is not retried', async () => {
    const cases: [string, (url: URL) => Response, RegExp][] = [
      [
        'a loop',
        () => redirect(307, '/openai/v1/chat/completions?key=secret'),
        /^The server redirected the request more than 20 times, the last time \(307\) from https:\/\/api\.example\.test\/openai\/v1\/chat\/completions to https:\/\/api\.example\.test\/openai\/v1\/chat\/completions, which it had been sent to before: a redirect loop\. \[POST \/openai\/v1\/chat\/completions\]\. Check baseURL/,
      ],
      [
        'a ping-pong between two paths',
        (url) => redirect(302, url.pathname === '/b' ? '/openai/v1/chat/completions' : '/b'),
        /^The server redirected the request more than 20 times, the last time \(302\) from https:\/\/api\.example\.test\/openai\/v1\/chat\/completions to https:\/\/api\.example\.test\/b, which it had been sent to before: a redirect loop\. \[GET \/openai\/v1\/chat\/completions, redirected from POST \/openai\/v1\/chat\/completions\]\. Check baseURL/,
      ],
      ['an empty location', () => redirect(308, ''), /^The server answered https:\/\/api\.example\.test\/openai\/v1\/chat\/completions with a redirect \(308\) whose location header is empty\. \[POST/],
      ['a location that is not a URL', () => redirect(301, 'http://[::1'), /with a redirect \(301\) to a location that is not a URL\. \[POST/],
      ['an ftp: location', () => redirect(307, 'ftp://x'), /with a redirect \(307\) to a ftp: URL, which is not HTTP\. \[POST/],
    ];
    for (const [, answer, message] of cases) {
      const fetch = server(answer);
      const client = new Groq({ apiKey: 'gsk_secret', baseURL: 'https://api.example.test', fetch, maxRetries: 2 });
      const error = await rejectionOf(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }));
      expect(error).toBeInstanceOf(APIConnectionError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toContain('the configuration of any proxy or gateway in between. Not retried: the server would redirect the same way again.');
      expect((error as Error).message).not.toMatch(/got no response|Check the network|secret/);
      // One try: 21 requests for a loop, one for a bad location.
      expect(fetch.calls).toHaveLength(message.source.includes('loop') ? 21 : 1);
    }
  });

  test('a redirect status without a location is the answer, an APIError whose advice says it led nowhere', async () => {
    const fetch = server(() => new Response('', { status: 307 }));
    const client = new Groq({ apiKey: 'gsk_secret', baseURL: 'https://api.example.test', fetch, maxRetries: 2 });
    const error = await rejectionOf(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }));
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(307);
    expect((error as Error).message).toMatch(/\[POST \/openai\/v1\/chat\/completions\]\. The server answered with a redirect \(307\) but no location header to follow\. Check baseURL/);
    expect(fetch.calls).toHaveLength(1);
  });

  test("a status outside 100–599 is an answer that is not valid HTTP, retried like one", async () => {
    const fetch = server(() => Object.defineProperty(Response.json({}), 'status', { value: 600 }));
    const client = new Groq({ apiKey: 'gsk_secret', baseURL: 'https://api.example.test', fetch, maxRetries: 1 });
    const error = await rejectionOf(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toMatch(/^The server's answer was not valid HTTP: fetch failed: The server answered with status 600, outside HTTP's 100–599\. \[POST \/openai\/v1\/chat\/completions\]\. Check that baseURL/);
    expect(fetch.calls).toHaveLength(2);
  });
});
