import { describe, expect, test } from 'vitest';
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
