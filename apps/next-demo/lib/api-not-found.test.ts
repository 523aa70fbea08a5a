import { describe, expect, test } from 'vitest';
import { apiNotFound } from './api-not-found';

// The Host a server's request carries (a Request made here has none, which the guard refuses).
const host = { host: '127.0.0.1' };

describe('apiNotFound', () => {
  test("answers a JSON 404 in the relay's shape, with the Express demo's words, and not stored", async () => {
    const response = apiNotFound(new Request('http://127.0.0.1/api/chats', { method: 'POST', body: '{}', headers: host }));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      error: { message: 'There is no such API endpoint. The chat relay is POST /api/chat.', type: 'invalid_request_error', code: 'unknown_url' },
    });
  });

  test('answers HEAD without a body', async () => {
    const response = apiNotFound(new Request('http://127.0.0.1/api/nope', { method: 'HEAD', headers: host }));
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('');
  });
});
