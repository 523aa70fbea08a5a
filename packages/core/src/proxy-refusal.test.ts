import { describe, expect, test } from 'vitest';
import { Groq } from './groq.js';
import { proxyRefusalStatus } from './proxy-refusal.js';

/** undici's failure when a proxy answers CONNECT with `status`, as Node's fetch and undici's give it. */
function refusal(status: number): TypeError {
  const tunnel = Object.assign(new Error(`Proxy response (${status}) !== 200 when HTTP Tunneling`), { name: 'AbortError', code: 'UND_ERR_ABORTED' });
  return new TypeError('fetch failed', { cause: Object.assign(new DOMException('Request was cancelled.'), { cause: tunnel }) });
}

describe('proxyRefusalStatus', () => {
  test('finds the status of a proxy that refused the tunnel, however deep undici put it', () => {
    expect(proxyRefusalStatus(refusal(407))).toBe(407);
    expect(proxyRefusalStatus(refusal(502).cause)).toBe(502);
  });

  test.each([
    ['a refused connection', new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) })],
    ['an abort by the caller', new DOMException('This operation was aborted', 'AbortError')],
    ['a cause that cycles', (() => { const error = new Error('loop') as Error & { cause?: unknown }; error.cause = error; return error; })()],
    ['a cause whose getter throws', Object.defineProperty(new Error('x'), 'cause', { get: () => { throw new Error('no'); } })],
    ['no error at all', undefined],
  ])('is undefined for %s', (_, cause) => {
    expect(proxyRefusalStatus(cause)).toBeUndefined();
  });
});

test("a refused tunnel's message names the host cut at 200 characters: after a redirect it is the server's, and the URL parser takes a host of any length", async () => {
  const host = `${'a'.repeat(5000)}.test`;
  const client = new Groq({ apiKey: 'k', baseURL: `https://${host}`, fetch: () => Promise.reject(refusal(407)), maxRetries: 0 });
  const error = await client.models.list().catch((caught: unknown) => caught);
  expect((error as Error).message).toMatch(/^The proxy refused to open a tunnel to a{200}… \(5005 characters in all\): it answered CONNECT with 407\. \[GET \/openai\/v1\/models\]\. /);
});

test("a 407's advice shows the shape of a proxy URL with credentials whole: the redaction of a URL's user and password left '//[redacted]@proxy:port' of it", async () => {
  const client = new Groq({ apiKey: 'k', baseURL: 'https://api.groq.test', fetch: () => Promise.reject(refusal(407)), maxRetries: 0 });
  const error = await client.models.list().catch((caught: unknown) => caught);
  expect((error as Error).message).toContain('user:password@');
  expect((error as Error).message).not.toContain('[redacted]');
});
