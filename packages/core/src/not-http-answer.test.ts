import { describe, expect, test, vi } from 'vitest';
import { APIConnectionError } from './errors/api-connection-error.js';
import { Groq } from './groq.js';

// When the runtime's HTTP parser refuses what the server sent, the server did answer: "The request got no
// response" and "check the network" sent people looking in the wrong place. The codes are those of node:http
// and undici (Node's fetch), on the cause of fetch's `TypeError('fetch failed')`.

const model = 'llama-3.1-8b-instant';
const messages = [{ role: 'user' as const, content: 'hi' }];

function failingWith(code: string | undefined, message: string, name = 'Error'): () => Promise<Response> {
  return () => Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code, name }) }));
}

describe('an answer the HTTP parser refuses', () => {
  test.each([
    ['HPE_INVALID_CONSTANT', 'Parse Error: Expected HTTP/, RTSP/ or ICE/'],
    ['HPE_UNEXPECTED_CONTENT_LENGTH', 'Response does not match the HTTP/1.1 protocol (Duplicate Content-Length)'],
    ['HPE_HEADER_OVERFLOW', 'Parse Error: Header overflow'],
    ['UND_ERR_HEADERS_OVERFLOW', 'Headers Overflow Error'],
    // undici 7, given two different content-lengths, takes one and finds the body of another length.
    ['UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'Response body length does not match content-length header'],
  ])('(%s) is said to be no valid HTTP, with advice about baseURL and proxies, not the network', async (code, reason) => {
    const client = new Groq({ apiKey: 'k', fetch: failingWith(code, reason), maxRetries: 0 });
    const error = await client.chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toBe(
      `The server's answer was not valid HTTP: fetch failed: ${reason}. [POST /openai/v1/chat/completions]. ` +
        'Check that baseURL points at Groq or a Groq-compatible HTTP server (the right scheme and port), and that no proxy in between rewrites responses. Retries were off (maxRetries: 0).',
    );
  });

  test("a parser's reason that ends as a question is not followed by a second full stop", async () => {
    const client = new Groq({ apiKey: 'k', fetch: failingWith('HPE_INVALID_CONSTANT', 'Parse Error: is this HTTP?'), maxRetries: 0 });
    const error = await client.chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/^The server's answer was not valid HTTP: fetch failed: Parse Error: is this HTTP\? \[POST /);
  });

  test("(undici 7's HTTPParserError, whose code is undefined) is said to be no valid HTTP too", async () => {
    const reason = 'Response does not match the HTTP/1.1 protocol (Expected HTTP/, RTSP/ or ICE/)';
    const client = new Groq({ apiKey: 'k', fetch: failingWith(undefined, reason, 'HTTPParserError'), maxRetries: 0 });
    const error = await client.chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/^The server's answer was not valid HTTP: fetch failed: Response does not match the HTTP\/1\.1 protocol/);
  });

  test.each([
    // Node 20's and 22's fetch: the bundled undici's assert() says only this; the frame names the parser.
    ['Node\'s fetch', 'false == true', '    at Parser.onMessageComplete (node:internal/deps/undici/undici:6348:9)'],
    // undici 6 and 7 from npm: node:assert quotes the check.
    ['undici from npm', 'The expression evaluated to a falsy value:\n\n  assert(statusCode >= 100)\n', '    at Object.<anonymous> (x.js:1:1)'],
  ])("a status below 100, which fails undici's assert(statusCode >= 100) (%s), is said to be no valid HTTP, in words that say so", async (_, reason, frame) => {
    const assertion = Object.assign(new Error(reason), { name: 'AssertionError', code: 'ERR_ASSERTION' });
    assertion.stack = `AssertionError [ERR_ASSERTION]: ${reason}\n${frame}`;
    const info = vi.fn();
    const logger = { debug: () => undefined, info, warn: () => undefined, error: () => undefined };
    const fetch = () => Promise.reject(new TypeError('fetch failed', { cause: assertion }));
    const client = new Groq({ apiKey: 'k', fetch, maxRetries: 1, logger, logLevel: 'info' });
    const error = await client.chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toMatch(
      /^The server's answer was not valid HTTP: fetch failed: undici's HTTP parser failed its check that the status is at least 100 \(the server sent a status below 100\)\. \[POST \/openai\/v1\/chat\/completions\]\. Check that baseURL points at Groq/,
    );
    expect((error as Error).cause).toBeInstanceOf(TypeError);
    expect(String(info.mock.calls[0]?.[0])).toMatch(/: an answer that is not valid HTTP \(fetch failed: undici's HTTP parser failed its check that the status is at least 100 /);
  });

  test("the failed status check quotes the outer error's words as other causes are quoted: escaped, cut short", async () => {
    const assertion = Object.assign(new Error('false == true'), { name: 'AssertionError', code: 'ERR_ASSERTION' });
    assertion.stack = 'AssertionError [ERR_ASSERTION]: false == true\n    at Parser.onMessageComplete (node:internal/deps/undici/undici:6348:9)';
    const fetch = () => Promise.reject(new TypeError(`fetch failed \u001b[2J\r\n${'x'.repeat(5000)}`, { cause: assertion }));
    const error = await new Groq({ apiKey: 'k', fetch, maxRetries: 0 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(
      /^The server's answer was not valid HTTP: fetch failed \\u001b\[2J\\r\\nx+… \(5019 characters in all\): undici's HTTP parser failed its check/,
    );
    expect((error as Error).message.length).toBeLessThan(1000);
  });

  test('another assertion of undici, or one from elsewhere, is not taken for an answer', async () => {
    const elsewhere = Object.assign(new Error('false == true'), { name: 'AssertionError', code: 'ERR_ASSERTION' });
    elsewhere.stack = 'AssertionError [ERR_ASSERTION]: false == true\n    at Client.connect (node:internal/deps/undici/undici:7000:9)';
    const client = new Groq({ apiKey: 'k', fetch: () => Promise.reject(new TypeError('fetch failed', { cause: elsewhere })), maxRetries: 0 });
    const error = await client.chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/^The request got no response: fetch failed: false == true\./);
  });

  test("undici's refusal of a 101 nobody asked for (bad upgrade) is said to be no valid HTTP, and says what the server did", async () => {
    const client = new Groq({ apiKey: 'k', fetch: failingWith('UND_ERR_SOCKET', 'bad upgrade', 'SocketError'), maxRetries: 0 });
    const error = await client.chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(
      /^The server's answer was not valid HTTP: fetch failed: bad upgrade \(the server switched protocols, status 101, though the request asked for no upgrade\)\. \[POST /,
    );
  });

  test("undici's other socket errors still got no response", async () => {
    const client = new Groq({ apiKey: 'k', fetch: failingWith('UND_ERR_SOCKET', 'other side closed', 'SocketError'), maxRetries: 0 });
    const error = await client.chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/^The request got no response: fetch failed: other side closed\. /);
  });

  test('is retried as a connection failure, and the retry is logged as such', async () => {
    const info = vi.fn();
    const logger = { debug: () => undefined, info, warn: () => undefined, error: () => undefined };
    const client = new Groq({ apiKey: 'k', fetch: failingWith('HPE_INVALID_CONSTANT', 'Parse Error: Expected HTTP/'), maxRetries: 1, logger, logLevel: 'info' });
    const error = await client.chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/^The server's answer was not valid HTTP: fetch failed: Parse Error: Expected HTTP\/\. /);
    expect(info).toHaveBeenCalledTimes(1);
    expect(String(info.mock.calls[0]?.[0])).toMatch(/^\[groq-stream\] POST \/openai\/v1\/chat\/completions: an answer that is not valid HTTP \(fetch failed: Parse Error: Expected HTTP\/\)\. Retrying in /);
  });

  test('a connection that failed (no parser code) still got no response', async () => {
    const client = new Groq({ apiKey: 'k', fetch: failingWith('ECONNRESET', 'socket hang up'), maxRetries: 0 });
    const error = await client.chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/^The request got no response: fetch failed: socket hang up\. .*Check the network, proxy settings \(HTTPS_PROXY\) and baseURL\./);
  });
});
