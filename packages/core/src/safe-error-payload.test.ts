import { describe, expect, test } from 'vitest';
import { GroqError } from './errors/groq-error.js';
import { StreamConsumedError } from './errors/stream-consumed-error.js';
import { createAPIError } from './errors/create-api-error.js';
import { StreamServerError } from './errors/stream-server-error.js';
import { StreamTruncatedError } from './errors/stream-truncated-error.js';
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

  test("a 4xx whose body is not the server's JSON (a proxy's HTML page) is not quoted to the browser: the client's description of it names the proxy", async () => {
    const page = '<html><head><title>400 Bad Request</title></head><body><center>nginx/1.18.0 (Ubuntu)</center></body></html>';
    for (const [body, type] of [[page, 'text/html'], ['upstream proxy-7 refused: header x-internal-token missing', 'text/plain']] as const) {
      const client = new Groq({ apiKey: 'gsk_test', maxRetries: 0, logLevel: 'off', fetch: async () => new Response(body, { status: 400, headers: { 'content-type': type } }) });
      const error = await client.chat.completions.create({ model: 'm', messages: [] }).catch((caught: unknown) => caught);
      expect(toSafeErrorPayload(error)).toMatchObject({ type: 'invalid_request', status: 400, message: 'The AI service rejected the request (HTTP 400).' });
    }
  });

  test("a 404 for a path the upstream does not serve (unknown_url) does not name the relay's upstream path, nor ask the browser to check a URL it did not choose", () => {
    const body = { error: { message: 'Unknown request URL: POST /internal/groq/openai/v1/chat/completions. Please check the URL for typos, or see the docs at https://console.groq.com/docs/', type: 'invalid_request_error', code: 'unknown_url' } };
    expect(toSafeErrorPayload(createAPIError(404, body, undefined))).toMatchObject({ type: 'invalid_request', code: 'unknown_url', status: 404, message: 'The AI service rejected the request (HTTP 404).' });
  });

  test("a server's words with controls reach the browser neither as they came nor as the escapes the error's message writes: its own words stand in", () => {
    // The message is free of controls now (`Bad model \u202e…`), which browserSafeText would pass: the payload reads the
    // server's words from the error's fields, as they came, and refuses them there.
    const words = 'Bad model \u202egnp.exe\u202c \u001b[2J';
    expect(toSafeErrorPayload(createAPIError(400, { error: { message: words } }, undefined)).message).toBe('The AI service rejected the request (HTTP 400).');
    expect(toSafeErrorPayload(new StreamServerError(words)).message).toBe('The AI service stopped with an error. Please try again.');
    const relayed = new StreamTruncatedError(undefined, { error: { type: 'upstream_error', message: words, code: 'stream_truncated' } });
    expect(toSafeErrorPayload(relayed).message).toBe('The answer was interrupted. Please try again.');
  });

  test('a stream read twice is no set-up problem: it ends as an interruption', () => {
    expect(toSafeErrorPayload(new StreamConsumedError())).toEqual({ type: 'upstream_error', message: 'The answer was interrupted. Please try again.', status: 502, requestId: undefined });
  });

  test('a server error without words gets the default words; a relayed payload without words keeps its type and status', () => {
    expect(toSafeErrorPayload(new StreamServerError(''))).toMatchObject({ type: 'upstream_error', message: 'The AI service stopped with an error. Please try again.' });
    const relayed = new StreamServerError('', { error: { type: 'rate_limit', message: '', status: 429, retryAfter: 7 } });
    expect(toSafeErrorPayload(relayed)).toMatchObject({ type: 'rate_limit', message: 'The AI service stopped with an error. Please try again.', status: 429, retryAfter: 7 });
  });

  test("codes, types, statuses and waits pass only in their own shape: what else a server put there is left out, never shown", () => {
    const internals = ['see http://10.0.0.7:8080/debug', 'at handler (/srv/app/index.js:12:3)', 'gpu-7.inference.internal', 'x'.repeat(65), 'two words', ''];
    for (const code of internals) {
      expect(toSafeErrorPayload(createAPIError(400, { error: { message: 'Bad request', code } }, new Headers())).code).toBeUndefined();
      expect(toSafeErrorPayload(createAPIError(503, { error: { message: 'Down', code } }, new Headers())).code).toBeUndefined();
      expect(toSafeErrorPayload(new StreamServerError('Overloaded', { error: { message: 'Overloaded', code } })).code).toBeUndefined();
      expect(toSafeErrorPayload(new StreamServerError('', { error: { type: 'rate_limit', message: '', code } })).code).toBeUndefined();
      const cutOff = toSafeErrorPayload(new StreamTruncatedError(undefined, { error: { type: code, message: 'Cut off', code } }));
      expect(cutOff).toMatchObject({ type: 'upstream_error', code: undefined });
    }
    // The codes Groq and the relays use pass as they are.
    expect(toSafeErrorPayload(createAPIError(400, { error: { message: 'Too long', code: 'context_length_exceeded' } }, new Headers())).code).toBe('context_length_exceeded');
    expect(toSafeErrorPayload(new StreamServerError('', { error: { type: 'rate_limit', message: '', code: 'rate_limit_exceeded' } })).code).toBe('rate_limit_exceeded');
    expect(toSafeErrorPayload(new StreamTruncatedError(undefined, { error: { type: 'quota-exceeded', message: 'Cut off', code: 'stream_truncated' } }))).toMatchObject({
      type: 'quota-exceeded',
      code: 'stream_truncated',
    });
    for (const [status, retryAfter] of [[99999, -1], [404.5, Number.MAX_VALUE], [42, -0.5]] as const) {
      expect(toSafeErrorPayload(new StreamServerError('', { error: { type: 'rate_limit', message: '', status, retryAfter } }))).toMatchObject({ status: undefined, retryAfter: undefined });
      expect(toSafeErrorPayload(new StreamTruncatedError(undefined, { error: { message: 'Cut off', status, retryAfter } }))).toMatchObject({ status: undefined, retryAfter: undefined });
    }
    // A wait in whole seconds, as `retry-after` takes it.
    expect(toSafeErrorPayload(new StreamServerError('', { error: { type: 'rate_limit', message: '', status: 429, retryAfter: 2.2 } }))).toMatchObject({ status: 429, retryAfter: 3 });
  });

  test('a wait longer than setTimeout can hold (24.8 days) is told as that, from a relayed payload or a header, so that a page waiting retryAfter * 1000 ms does not retry at once', () => {
    const longest = Math.floor((2 ** 31 - 1) / 1000);
    expect(toSafeErrorPayload(new StreamServerError('', { error: { type: 'rate_limit', message: '', status: 429, retryAfter: 1e12 } })).retryAfter).toBe(longest);
    const limited = (headers: Record<string, string>) => toSafeErrorPayload(createAPIError(429, { error: { message: 'Slow down' } }, new Headers(headers))).retryAfter;
    expect(limited({ 'retry-after': '99999999999' })).toBe(longest);
    expect(limited({ 'retry-after': 'Wed, 01 Jan 2099 00:00:00 GMT' })).toBe(longest);
    expect(limited({ 'retry-after-ms': '9999999999999' })).toBe(longest);
    // Up to it, as asked.
    expect(limited({ 'retry-after': String(longest) })).toBe(longest);
    expect(limited({ 'retry-after': '86400' })).toBe(86_400);
  });

  test('a rate limit or capacity limit that stops a stream has the type of one that refuses it, with the wait a relay gave', () => {
    const groqs = new StreamServerError('Rate limit reached', { error: { message: 'Rate limit reached', type: 'tokens', code: 'rate_limit_exceeded' } });
    expect(toSafeErrorPayload(groqs)).toMatchObject({ type: 'rate_limit', code: 'rate_limit_exceeded' });
    // Groq's event says how long only in its words, which the page does not get: the wait goes on as retryAfter.
    const worded = 'Rate limit reached for model `llama-3.1-8b-instant` on tokens per minute (TPM): Limit 6000, Used 5671, Requested 412. Please try again in 2.3s.';
    expect(toSafeErrorPayload(new StreamServerError(worded, { error: { message: worded, type: 'tokens', code: 'rate_limit_exceeded' } }))).toMatchObject({ type: 'rate_limit', retryAfter: 3 });
    expect(toSafeErrorPayload(new StreamServerError('Slow down', { error: { message: 'Slow down', status: 429, retryAfter: 4 } }))).toMatchObject({ type: 'rate_limit', status: 429, retryAfter: 4 });
    expect(toSafeErrorPayload(new StreamServerError('Over capacity', { error: { message: 'Over capacity', status: 498 } }))).toMatchObject({ type: 'capacity', status: 498 });
    expect(toSafeErrorPayload(new StreamServerError('Overloaded', { error: { message: 'Overloaded', status: 503, code: 'overloaded' } }))).toMatchObject({ type: 'upstream_error', status: 503 });
    // Groq's own error event names the status `status_code`.
    expect(toSafeErrorPayload(new StreamServerError('Over capacity', { error: { message: 'Over capacity', status_code: 498 } }))).toMatchObject({ type: 'capacity', status: 498 });
    expect(toSafeErrorPayload(new StreamServerError('Slow down', { error: { message: 'Slow down', status_code: 429 } }))).toMatchObject({ type: 'rate_limit', status: 429 });
  });
});
