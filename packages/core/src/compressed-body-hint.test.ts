import { describe, expect, test } from 'vitest';
import { APIConnectionTimeoutError } from './errors/api-connection-timeout-error.js';
import { StreamIdleTimeoutError } from './errors/stream-idle-timeout-error.js';
import { compressedBodyHint, undecodedBodyNote } from './compressed-body-hint.js';
import { Groq } from './groq.js';
import { createTestBody } from './test/create-test-body.js';

// Node's built-in fetch (undici 6, in Node 20 and 22) does not fail a gzip or deflate body it cannot decode
// when the connection closes with it: the read waits until the client's timeout. "The server stalled; raise
// the timeout" is then wrong advice, so a timeout on a compressed body says it may be either. Here the body
// just stalls, as such a fetch presents it.

const model = 'llama-3.1-8b-instant';
const messages = [{ role: 'user' as const, content: 'hi' }];

function clientAnswering(contentType: string, contentEncoding: string | undefined): Groq {
  const fetch = (): Promise<Response> => {
    const headers = new Headers({ 'content-type': contentType, 'x-request-id': 'req_gz' });
    if (contentEncoding !== undefined) headers.set('content-encoding', contentEncoding);
    return Promise.resolve(new Response(createTestBody([], { holdOpen: true }).body, { headers }));
  };
  return new Groq({ apiKey: 'k', fetch, timeout: 50, streamIdleTimeout: 50, maxRetries: 0 });
}

describe('a timeout on a compressed body', () => {
  test.each(['gzip', 'br', 'Deflate '])('of a stream (content-encoding %j) says the data may not have been decodable', async (coding) => {
    const stream = await clientAnswering('text/event-stream', coding).chat.completions.create({ model, messages, stream: true });
    const error = await stream.finalChatCompletion().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StreamIdleTimeoutError);
    expect((error as Error).message).toMatch(/^The stream received no event for 50 ms and was aborted\. \[POST \/openai\/v1\/chat\/completions, request req_gz\]\. /);
    expect((error as Error).message).toContain(`The body came compressed (content-encoding "${coding.trim().toLowerCase()}"): the server stalled, or sent data that could not be decoded`);
    expect((error as Error).message).toMatch(/raise the `streamIdleTimeout` option\.$/);
  });

  test('of a whole answer says the same, naming `timeout`', async () => {
    const error = await clientAnswering('application/json', 'gzip').chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).message).toMatch(/^Request timed out after 50 ms while reading the response body\. \[POST \/openai\/v1\/chat\/completions, request req_gz\]\. The body came compressed \(content-encoding "gzip"\)/);
    expect((error as Error).message).toMatch(/raise the `timeout` option\.$/);
  });

  test.each([undefined, 'identity', ''])('keeps the plain advice for a body sent as it is (content-encoding %j)', async (coding) => {
    const stream = await clientAnswering('text/event-stream', coding).chat.completions.create({ model, messages, stream: true });
    const streamError = await stream.finalChatCompletion().catch((caught: unknown) => caught);
    expect((streamError as Error).message).toMatch(/The server stalled; retry, or raise the `streamIdleTimeout` option\.$/);
    const wholeError = await clientAnswering('application/json', coding).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect((wholeError as Error).message).toMatch(/Raise the `timeout` option, or retry\.$/);
  });
});

describe("the server's content-encoding quoted", () => {
  // The header is the server's, and may be long (a few KB fit in its headers): a 15 KB one made a 15 KB message.
  const long = `gzip, x-${'a'.repeat(15_000)}`;
  const cut = /content-encoding "gzip, x-a+… \(15008 characters in all\)"/;

  test('is cut at 100 characters, saying how long it was, as a content type is', async () => {
    const headers = new Headers({ 'content-encoding': long });
    expect(compressedBodyHint(headers, 'timeout')).toMatch(cut);
    expect(compressedBodyHint(headers, 'timeout')!.length).toBeLessThan(500);
    for (const note of [undecodedBodyNote(headers, new Error('incorrect header check'), false), undecodedBodyNote(headers, undefined, true)]) {
      expect(note).toMatch(cut);
      expect(note!.length).toBeLessThan(500);
    }
    const error = await clientAnswering('application/json', long).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect((error as Error).message).toMatch(cut);
    expect((error as Error).message.length).toBeLessThan(800);
  });

  test('has keys redacted, as a content type has', () => {
    // Lower-cased as the coding is read.
    const key = `gsk_${'a1b2'.repeat(13)}`;
    const hint = compressedBodyHint(new Headers({ 'content-encoding': `gzip, ${key}` }), 'timeout');
    expect(hint).toContain('content-encoding "gzip, gsk_[redacted]"');
    expect(hint).not.toContain(key.slice(4));
  });
});
