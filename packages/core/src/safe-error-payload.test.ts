import { describe, expect, test } from 'vitest';
import { GroqError } from './errors/groq-error.js';
import { StreamConsumedError } from './errors/stream-consumed-error.js';
import { StreamServerError } from './errors/stream-server-error.js';
import { Groq } from './groq.js';
import { toSafeErrorPayload } from './safe-error-payload.js';

describe('toSafeErrorPayload', () => {
  test('an error of a client set up wrong is for the server to fix: a 500 that says so and quotes nothing of it', () => {
    const secret = 'gsk_SetUpWrong0123456789';
    const caught = (() => {
      try {
        new Groq({ apiKey: secret, timeout: -1 });
      } catch (error) {
        return error;
      }
    })();
    expect(caught).toBeInstanceOf(GroqError);
    for (const error of [caught, new GroqError(`apiKey ${secret} is not valid`, { requestId: 'req_01setup' })]) {
      const payload = toSafeErrorPayload(error);
      expect(payload).toMatchObject({ type: 'server_error', message: 'The server is not set up to use the AI service.', status: 500 });
      expect(JSON.stringify(payload)).not.toContain(secret);
    }
    expect(toSafeErrorPayload(new GroqError('no key', { requestId: 'req_01setup' })).requestId).toBe('req_01setup');
  });

  test('a stream read twice is no set-up problem: it ends as an interruption', () => {
    expect(toSafeErrorPayload(new StreamConsumedError())).toEqual({ type: 'upstream_error', message: 'The answer was interrupted. Please try again.', status: 502, requestId: undefined });
  });

  test('a server error without words gets the default words; a relayed payload without words keeps its type and status', () => {
    expect(toSafeErrorPayload(new StreamServerError(''))).toMatchObject({ type: 'upstream_error', message: 'The AI service stopped with an error. Please try again.' });
    const relayed = new StreamServerError('', { error: { type: 'rate_limit', message: '', status: 429, retryAfter: 7 } });
    expect(toSafeErrorPayload(relayed)).toMatchObject({ type: 'rate_limit', message: 'The AI service stopped with an error. Please try again.', status: 429, retryAfter: 7 });
  });
});
