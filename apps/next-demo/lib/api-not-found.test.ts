import { describe, expect, test } from 'vitest';
import { apiNotFound } from './api-not-found';

describe('apiNotFound', () => {
  test("answers a JSON 404 in the relay's shape, with the Express demo's words, and not stored", async () => {
    const response = apiNotFound(new Request('http://127.0.0.1/api/chats', { method: 'POST', body: '{}' }));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      error: { message: 'There is no such API endpoint. The chat relay is POST /api/chat.', type: 'invalid_request_error', code: 'unknown_url' },
    });
  });

  test('answers HEAD without a body', async () => {
    const response = apiNotFound(new Request('http://127.0.0.1/api/nope', { method: 'HEAD' }));
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('');
  });
});
