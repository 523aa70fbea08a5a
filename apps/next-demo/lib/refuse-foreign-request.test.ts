import { afterEach, describe, expect, test, vi } from 'vitest';
import { refuseForeignRequest } from './refuse-foreign-request';

// The routes' and the proxy's guard, on requests made here (e2e/host-guard.test.ts sends them to `next start`).
// Request takes any Host it is given, unlike fetch, which sends its URL's own.

afterEach(() => vi.unstubAllEnvs());

/** A request to the demo on port 3001 with `headers`, Host among them. */
const request = (method: string, headers: Record<string, string>): Request => new Request('http://127.0.0.1:3001/api/chat', { method, headers });

async function refusedWith(response: Response | undefined): Promise<unknown> {
  expect(response?.status).toBe(403);
  expect(response?.headers.get('cache-control')).toBe('no-store');
  expect(response?.headers.get('content-type')).toMatch(/^application\/json/);
  return ((await response?.json()) as { error: { code: unknown } }).error.code;
}

describe('refuseForeignRequest', () => {
  test.each(['evil.example', 'evil.example:3001', '127.0.0.1.evil.example:3001', 'evil.example@127.0.0.1:3001', 'localhost.:3001', ''])('refuses a request to Host %j', async (host) => {
    vi.stubEnv('ALLOWED_HOSTS', undefined);
    expect(await refusedWith(refuseForeignRequest(request('POST', { host })))).toBe('host_not_allowed');
    expect(await refusedWith(refuseForeignRequest(request('GET', { host })))).toBe('host_not_allowed');
  });

  test('refuses a request without Host (no browser sends one; a Request made in a test has none)', async () => {
    expect(await refusedWith(refuseForeignRequest(new Request('http://127.0.0.1:3001/api/chat', { method: 'POST' })))).toBe('host_not_allowed');
  });

  test.each(['127.0.0.1:3001', 'localhost:3001', 'LOCALHOST:3001', '[::1]:3001', 'localhost'])('lets a request to Host %s through', (host) => {
    expect(refuseForeignRequest(request('POST', { host }))).toBeUndefined();
  });

  test('lets through the hosts ALLOWED_HOSTS lists (a port, when given, must match) and HOST', async () => {
    vi.stubEnv('ALLOWED_HOSTS', 'demo.example, laptop.lan:3001 http://bad.example');
    vi.stubEnv('HOST', '127.0.0.2');
    expect(refuseForeignRequest(request('POST', { host: 'demo.example:8080' }))).toBeUndefined();
    expect(refuseForeignRequest(request('POST', { host: 'laptop.lan:3001' }))).toBeUndefined();
    expect(refuseForeignRequest(request('POST', { host: '127.0.0.2:3001' }))).toBeUndefined();
    expect(await refusedWith(refuseForeignRequest(request('POST', { host: 'laptop.lan:3002' })))).toBe('host_not_allowed');
    // An entry that is no host name matches nothing.
    expect(await refusedWith(refuseForeignRequest(request('POST', { host: 'bad.example' })))).toBe('host_not_allowed');
  });

  test('reads HOST as scripts/start.mjs reads it to listen on: trimmed, and blank is unset', async () => {
    vi.stubEnv('HOST', ' laptop.lan\n');
    expect(refuseForeignRequest(request('POST', { host: 'laptop.lan:3001' }))).toBeUndefined();
    vi.stubEnv('HOST', ' \t ');
    expect(refuseForeignRequest(request('POST', { host: '127.0.0.1:3001' }))).toBeUndefined();
    expect(await refusedWith(refuseForeignRequest(request('POST', { host: 'laptop.lan:3001' })))).toBe('host_not_allowed');
  });

  test('a HEAD refusal has no body', async () => {
    const response = refuseForeignRequest(request('HEAD', { host: 'evil.example' }));
    expect(response?.status).toBe(403);
    expect(await response?.text()).toBe('');
  });

  test.each(['http://evil.example', 'http://localhost:1', 'http://127.0.0.1', 'null'])('refuses a POST from Origin %s', async (origin) => {
    expect(await refusedWith(refuseForeignRequest(request('POST', { host: '127.0.0.1:3001', origin })))).toBe('cross_origin_request');
  });

  test("lets through a POST from the demo's own origin (the default port written or not), or with no Origin, and any GET", () => {
    expect(refuseForeignRequest(request('POST', { host: 'localhost:3001', origin: 'http://localhost:3001' }))).toBeUndefined();
    expect(refuseForeignRequest(request('POST', { host: 'localhost:80', origin: 'http://localhost' }))).toBeUndefined();
    expect(refuseForeignRequest(request('POST', { host: 'localhost:3001' }))).toBeUndefined();
    expect(refuseForeignRequest(request('GET', { host: 'localhost:3001', origin: 'http://evil.example' }))).toBeUndefined();
  });
});
