import { describe, expect, test } from 'vitest';
import { StreamServerError } from './errors/stream-server-error.js';
import { relayErrorResponse } from './relay-error-response.js';

describe('relayErrorResponse', () => {
  test('an error event before the first chunk answers 502 when it has no status, or one that is no error status', () => {
    const bare = relayErrorResponse(new StreamServerError('overloaded'));
    expect([bare.status, bare.body.error.type, bare.body.error.message]).toEqual([502, 'upstream_error', 'The AI service stopped with an error: overloaded']);
    // A relay's payload read back, claiming a success status: still a failure to the browser.
    const relayed = relayErrorResponse(new StreamServerError('busy', { error: { type: 'capacity', message: 'busy', status: 200 } }));
    expect([relayed.status, relayed.body.error.type]).toEqual([502, 'capacity']);
  });

  test('the body says the status the browser got, not a status outside 400 to 599 that a relayed payload claimed', () => {
    for (const claimed of [200, 302, 99, 600, 1000]) {
      const answer = relayErrorResponse(new StreamServerError('busy', { error: { type: 'capacity', message: 'busy', status: claimed } }));
      expect(answer).toMatchObject({ status: 502, body: { error: { status: 502 } } });
    }
    const bare = relayErrorResponse(new StreamServerError('overloaded'));
    expect(bare).toMatchObject({ status: 502, body: { error: { status: 502 } } });
    const slow = relayErrorResponse(new StreamServerError('slow down', { error: { type: 'rate_limit', message: 'slow down', status: 429 } }));
    expect(slow).toMatchObject({ status: 429, body: { error: { status: 429 } } });
  });
});
