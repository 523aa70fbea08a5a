import {
  APIConnectionError,
  APIUserAbortError,
  createAPIError,
  StreamIdleTimeoutError,
  StreamInvalidDataError,
  StreamServerError,
  StreamTruncatedError,
} from '@groq-stream/web';
import { describe, expect, test } from 'vitest';
import { describeChatError } from './describe-chat-error';

const relayError = (status: number, error: Record<string, unknown>, headers: Record<string, string> = {}) =>
  createAPIError(status, { error }, new Headers(headers), { method: 'POST', path: '/api/chat' });

describe('describeChatError', () => {
  test('Stop is not an error', () => {
    expect(describeChatError(new APIUserAbortError())).toBeUndefined();
    expect(describeChatError(new DOMException('The operation was aborted.', 'AbortError'))).toBeUndefined();
  });

  test('a rate limit says to wait, for how long when known', () => {
    expect(describeChatError(relayError(429, { type: 'rate_limit', message: 'busy', retryAfter: 7 }))).toBe(
      'Too many requests: the AI service is busy right now. Please wait 7 seconds and try again.',
    );
    expect(describeChatError(relayError(429, { type: 'rate_limit', message: 'busy' }, { 'retry-after': '1' }))).toMatch(/wait 1 second and/);
    expect(describeChatError(relayError(429, { type: 'rate_limit', message: 'busy' }))).toMatch(/wait a moment and try again/);
  });

  test("the relay's own messages are shown, with what to do", () => {
    expect(describeChatError(relayError(400, { message: '"messages" has 101 entries; at most 100 are accepted.' }))).toBe(
      'The message could not be sent: "messages" has 101 entries; at most 100 are accepted.',
    );
    expect(describeChatError(relayError(413, { message: 'The request body is larger than 65536 bytes. Send a shorter conversation.' }))).toMatch(
      /^Your conversation is too long to send\. The request body/,
    );
    expect(describeChatError(relayError(502, { message: 'The server is not authorized to use the AI service.' }))).toBe(
      'The server is not authorized to use the AI service.',
    );
    expect(describeChatError(createAPIError(503, '<html>Bad gateway</html>', new Headers()))).toBe('The server had a problem (HTTP 503). Please try again.');
  });

  test("Groq refusing the server's key or at capacity is no failure to send: the message reached the server", () => {
    for (const status of [401, 403]) {
      expect(describeChatError(relayError(status, { type: 'authentication', message: 'The server is not authorized to use the AI service.', status }))).toBe(
        'The server is not authorized to use the AI service.',
      );
    }
    const capacity = { type: 'capacity', message: 'The AI service is at capacity right now. Please try again in a moment.', status: 498 };
    expect(describeChatError(relayError(498, capacity))).toBe('The AI service is at capacity right now. Please wait a moment and try again.');
    expect(describeChatError(relayError(498, { ...capacity, retryAfter: 3 }))).toBe('The AI service is at capacity right now. Please wait 3 seconds and try again.');
    // The app's own refusal of the person's request (a client factory that throws ChatRequestError 401) was not sent on.
    expect(describeChatError(relayError(401, { type: 'invalid_request_error', code: 'sign_in_required', message: 'Sign in to chat.' }))).toBe(
      'The message could not be sent: Sign in to chat.',
    );
  });

  test('a broken stream says the answer is incomplete', () => {
    expect(describeChatError(new StreamServerError('The AI service stopped with an error: overloaded'))).toBe(
      'The answer stopped early. The AI service stopped with an error: overloaded',
    );
    expect(describeChatError(new StreamTruncatedError('cut'))).toMatch(/connection was lost before the answer was complete/);
    expect(describeChatError(new StreamIdleTimeoutError(1000))).toMatch(/stalled/);
  });

  test('an unreachable server is a network problem', () => {
    expect(describeChatError(new TypeError('Failed to fetch'))).toBe('Could not reach the server. Check your connection and try again.');
    expect(describeChatError(new APIConnectionError('x'))).toBe('Could not reach the server. Check your connection and try again.');
  });

  test('a refusal without the relay words (a proxy page in front of it) still says what happened', () => {
    const page = (status: number) => createAPIError(status, '<html>refused</html>', new Headers(), { method: 'POST', path: '/api/chat' });
    expect(describeChatError(page(413))).toBe('Your conversation is too long to send.');
    expect(describeChatError(page(403))).toBe('The message could not be sent: the server answered 403.');
  });

  test('an answer the page cannot read, or any other failure, asks to try again', () => {
    expect(describeChatError(new StreamInvalidDataError('The stream sent data that is not JSON.'))).toBe('Something went wrong. Please try again.');
    expect(describeChatError(new Error('unexpected'))).toBe('Something went wrong. Please try again.');
  });
});
