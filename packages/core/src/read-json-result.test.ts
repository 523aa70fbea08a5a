import { describe, expect, test } from 'vitest';
import { APIConnectionError } from './errors/api-connection-error.js';
import { APIConnectionTimeoutError } from './errors/api-connection-timeout-error.js';
import { Groq } from './groq.js';
import { createTestBody } from './test/create-test-body.js';
import { splitBytes } from './test/split-bytes.js';

const messages = [{ role: 'user' as const, content: 'hi' }];
const model = 'llama-3.1-8b-instant';
const headers = { 'content-type': 'application/json', 'x-request-id': 'req_01whole' };

describe('readJSONResult (a whole answer)', () => {
  test('a body that stops coming fails after `timeout` with APIConnectionTimeoutError and is let go, also when fetch ignores the abort', async () => {
    // Held open for ever, deaf to the abort: only the client's timeout ends the read, and a client without one
    // would fail the test by its own timeout.
    const { body, stats } = createTestBody(['{"id":"c1","choices":['], { holdOpen: true });
    const fetch = () => Promise.resolve(new Response(body, { headers }));
    const error = await new Groq({ apiKey: 'k', fetch, timeout: 50, maxRetries: 0 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    // The time, as the headers' timeout says it, and what to do: the same advice.
    expect((error as Error).message).toBe(
      'Request timed out after 50 ms while reading the response body. [POST /openai/v1/chat/completions, request req_01whole]. Raise the `timeout` option, or retry.',
    );
    expect(stats.cancelled).toBe(true);
  });

  test('a body that comes in many pieces, a character split between two, is read whole, and asResponse() gives the same bytes', async () => {
    const text = JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1, model, choices: [{ index: 0, message: { role: 'assistant', content: 'Crème brûlée 🍮' }, finish_reason: 'stop' }] });
    const bytes = new TextEncoder().encode(text);
    const at = bytes.indexOf(0xc3) + 1; // between the two bytes of the first `è`
    const answer = () => new Response(createTestBody([bytes.subarray(0, at), ...splitBytes(bytes.subarray(at), 7)]).body, { headers });
    const client = new Groq({ apiKey: 'k', fetch: () => Promise.resolve(answer()), maxRetries: 0 });
    const completion = await client.chat.completions.create({ model, messages });
    expect(completion.choices[0]?.message.content).toBe('Crème brûlée 🍮');
    expect(await (await client.chat.completions.create({ model, messages }).asResponse()).text()).toBe(text);
  });

  test('a body whose read fails with a reason ending as a question says it once, with no full stop after the question mark', async () => {
    // Bun words a refused or reset connection as a question ("Is the computer able to access the url?").
    const body = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.error(new TypeError('ECONNRESET: The socket connection was closed unexpectedly. Is the computer able to access the url?')),
    });
    const fetch = () => Promise.resolve(new Response(body, { headers }));
    const error = await new Groq({ apiKey: 'k', fetch, maxRetries: 0 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toMatch(/access the url\? \[POST \/openai\/v1\/chat\/completions, request req_01whole\]/);
  });

  test.each([
    ['zlib, a gzip header on a plain body', 'incorrect header check', 'Z_DATA_ERROR'],
    ["createNodeHttpFetch, a coding it cannot read (its code, which core's errors know it by)", 'The server sent the body with content-encoding "zzz": "zzz" is a coding this client did not ask for and cannot decode.', 'ERR_UNSUPPORTED_CONTENT_ENCODING'],
  ])('a body that could not be decoded (%s) says so and to check the compression, as a stream does, not to try again', async (_case, reason, code) => {
    // As fetch fails such a body: `terminated`, the decoder's error with its code the cause.
    const failure = new TypeError('terminated', { cause: Object.assign(new Error(reason), { code }) });
    const body = new ReadableStream<Uint8Array>({ pull: (controller) => controller.error(failure) });
    const fetch = () => Promise.resolve(new Response(body, { headers: { ...headers, 'content-encoding': 'gzip' } }));
    const error = await new Groq({ apiKey: 'k', fetch, maxRetries: 0 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toBe(
      `The response body could not be decoded as its content-encoding said: terminated: ${reason.replace(/\.$/, '')}. [POST /openai/v1/chat/completions, request req_01whole]. ` +
        'A retry will likely fail the same way: check the compression settings of the server or a proxy in between, or send `accept-encoding: identity` in the defaultHeaders option.',
    );
  });

  test.each([
    ['an empty content-type header', ''],
    ['a blank one', ' '],
  ])('a whole answer with %s is described as having no content type, not as "got , body"', async (_, contentType) => {
    const fetch = () => Promise.resolve(new Response('{"id":"c1","choices":[]}', { headers: { 'content-type': contentType } }));
    const error = await new Groq({ apiKey: 'k', fetch, maxRetries: 0 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/ but got no content type, body "\{\\"id\\":\\"c1\\",\\"choices\\":\[\]\}"\./);
  });

  test("a whole answer of another kind is described with the server's content type and body quoted, their controls written as escapes", async () => {
    // A header read as Latin-1 may hold the C1 CSI (U+009B), which starts a terminal's escape sequence as ESC [ does;
    // JSON.stringify leaves it, and the right-to-left override, as they are in the body's excerpt.
    const fetch = () => Promise.resolve(new Response('<p>\u202eevil\u009b2J</p>', { headers: { 'content-type': 'text/html\u009b2J' } }));
    const error = await new Groq({ apiKey: 'k', fetch, maxRetries: 0 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect((error as Error).message).toContain(' but got text/html\\u009b2J, body "<p>\\u202eevil\\u009b2J</p>". ');
    expect((error as Error).message).not.toMatch(/[\u0080-\u009f\u202e]/);
  });
});

describe('readJSONResult (a whole answer cut short)', () => {
  const text = JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1, model, choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }] });

  test.each([
    ['sent as it is', {}, ''],
    ['decoded from gzip', { 'content-encoding': 'gzip' }, ` \\(decoded from content-encoding "gzip", whose end Node's fetch and browsers do not check\\)`],
  ])('a JSON body %s that ends before its JSON does is a connection error saying it was cut, not a server of the wrong kind', async (_, extra, compressed) => {
    // What a transport gives for a close-delimited body whose connection closed early, or a gzip body cut short:
    // the bytes that came, then a quiet end.
    const fetch = () => Promise.resolve(new Response(text.slice(0, 80), { headers: { ...headers, ...extra } }));
    const error = await new Groq({ apiKey: 'k', fetch, maxRetries: 0 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toMatch(
      new RegExp(`^The response body ended in the middle of its JSON, after 80 bytes${compressed}: the connection closed early, or a proxy cut the body short\\. \\[POST /openai/v1/chat/completions, request req_01whole\\]\\. The answer is incomplete; try again`),
    );
    expect((error as Error).message).not.toContain('baseURL');
  });

  test("quotes the server's content-encoding cut at 100 characters: a 15 KB header made a 15 KB message", async () => {
    const fetch = () => Promise.resolve(new Response(text.slice(0, 80), { headers: { ...headers, 'content-encoding': `gzip, x-${'a'.repeat(15_000)}` } }));
    const error = await new Groq({ apiKey: 'k', fetch, maxRetries: 0 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toMatch(/^The response body ended in the middle of its JSON, after 80 bytes \(decoded from content-encoding "gzip, x-a+… \(15008 characters in all\)", whose end /);
    expect((error as Error).message.length).toBeLessThan(600);
  });

  test('a whole JSON body of the wrong shape, or one that is not JSON, still says what came instead', async () => {
    for (const body of ['{"id":"c1","choices":"none"}', '{"id":"c1"} trailing', 'Bad gateway {']) {
      const fetch = () => Promise.resolve(new Response(body, { headers }));
      const error = await new Groq({ apiKey: 'k', fetch, maxRetries: 0 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
      expect(error).not.toBeInstanceOf(APIConnectionError);
      expect((error as Error).message).toMatch(/^Expected a chat completion .* but got application\/json, body /);
    }
  });
});
