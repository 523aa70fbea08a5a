import { describe, expect, test } from 'vitest';
import { APIConnectionTimeoutError } from './errors/api-connection-timeout-error.js';
import { StreamIdleTimeoutError } from './errors/stream-idle-timeout-error.js';
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
    expect((error as Error).message).toMatch(/^Request timed out while reading the response body\. \[POST \/openai\/v1\/chat\/completions, request req_gz\]\. The body came compressed \(content-encoding "gzip"\)/);
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
