import { APIConnectionError, InternalServerError, StreamIdleTimeoutError, StreamInvalidDataError, createAPIError } from '@groq-stream/core';
import { describe, expect, test } from 'vitest';
import { inCliTerms } from './in-cli-terms.js';

// The SDK's own errors, so that a change of the SDK's wording that this no longer matches fails here.
describe('inCliTerms', () => {
  test('a stall or a timeout points at --timeout', () => {
    expect(inCliTerms(new StreamIdleTimeoutError(2000).message, 2)).toMatch(/The server stalled; retry, or raise --timeout\.$/);
    const timedOut = new APIConnectionError('Request timed out.', { hint: 'Raise the `timeout` option, or retry.' });
    expect(inCliTerms(timedOut.message, 2)).toBe('Request timed out. Raise --timeout, or retry.');
  });

  test('retries are described as they were: off with --max-retries 0', () => {
    const refused = new APIConnectionError('The request got no response: connect ECONNREFUSED.');
    expect(inCliTerms(refused.message, 0)).toMatch(/proxy settings \(HTTPS_PROXY\) and GROQ_BASE_URL; retries were off: --max-retries 0\.$/);
    expect(inCliTerms(refused.message, 2)).toMatch(/GROQ_BASE_URL; it was retried before this\.$/);
    const serverError = createAPIError(500, { error: { message: 'boom' } }, undefined);
    expect(serverError).toBeInstanceOf(InternalServerError);
    expect(inCliTerms(serverError.message, 0)).toMatch(/retry later \(retries were off: --max-retries 0\)\.?$/);
  });

  test('baseURL is GROQ_BASE_URL here; other messages pass unchanged', () => {
    const notChunk = new StreamInvalidDataError('The server sent data that is not valid JSON: x', {
      hint: 'The server or a proxy sent something that is not a chat-completion chunk; check baseURL and any proxy in between.',
    });
    expect(inCliTerms(notChunk.message, 2)).toMatch(/check GROQ_BASE_URL and any proxy in between\.$/);
    expect(inCliTerms('429 Rate limit reached.', 0)).toBe('429 Rate limit reached.');
  });
});
