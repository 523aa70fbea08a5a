import { describe, expect, test } from 'vitest';
import { createTestResponse } from './create-test-response.js';

describe('createTestResponse', () => {
  test('is a 200 text/event-stream response whose body is the pieces', async () => {
    const { response, stats } = createTestResponse(['data: {"a":1}\n\n', 'data: [DONE]\n\n']);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(await response.text()).toBe('data: {"a":1}\n\ndata: [DONE]\n\n');
    expect(stats).toMatchObject({ piecesPulled: 2, closed: true, cancelCalls: 0 });
  });

  test('keeps status and headers from init; a content-type given wins', () => {
    const { response } = createTestResponse([], {
      status: 429,
      headers: { 'content-type': 'application/json', 'x-request-id': 'req_1' },
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-request-id')).toBe('req_1');
  });

  test('cancelling the response body reaches the stats, also with holdOpen', async () => {
    const { response, stats } = createTestResponse(['data: [DONE]\n\n'], { holdOpen: true });
    const reader = response.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel('done');
    expect(stats).toMatchObject({ cancelCalls: 1, cancelled: true, cancelReason: 'done', closed: false });
  });
});
