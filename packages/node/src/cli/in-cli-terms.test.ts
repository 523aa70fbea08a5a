import { APIConnectionError, AuthenticationError, Groq, InternalServerError, StreamIdleTimeoutError, StreamInvalidDataError, createAPIError } from '@groq-stream/core';
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

  test("a request that failed for good: the client's account of its retries, with the flag's name", async () => {
    const refused = () => Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') }));
    const failure = async (maxRetries: number) =>
      (await new Groq({ apiKey: 'gsk_cli_terms', fetch: refused, maxRetries }).chat.completions.create({ model: 'm', messages: [] }).catch((caught: unknown) => caught)) as Error;
    expect(inCliTerms((await failure(0)).message, 0)).toMatch(/and GROQ_BASE_URL\. Retries were off \(--max-retries 0\)\.$/);
    expect(inCliTerms((await failure(1)).message, 1)).toMatch(/and GROQ_BASE_URL\. It was tried 2 times \(--max-retries 1\)\.$/);
  });

  test('a rejected key points at GROQ_API_KEY alone, which is where the command reads it', () => {
    const rejected = createAPIError(401, { error: { message: 'Invalid API Key', code: 'invalid_api_key' } }, undefined);
    expect(rejected).toBeInstanceOf(AuthenticationError);
    const message = inCliTerms(rejected.message, 2);
    expect(message).toContain('Check the API key: check GROQ_API_KEY, and make sure the key is active.');
    expect(message).not.toContain('apiKey');
  });

  test('baseURL is GROQ_BASE_URL here; other messages pass unchanged', () => {
    const notChunk = new StreamInvalidDataError('The server sent data that is not valid JSON: x', {
      hint: 'The server or a proxy sent something that is not a chat-completion chunk; check baseURL and any proxy in between.',
    });
    expect(inCliTerms(notChunk.message, 2)).toMatch(/check GROQ_BASE_URL and any proxy in between\.$/);
    expect(inCliTerms('429 Rate limit reached.', 0)).toBe('429 Rate limit reached.');
  });
});
