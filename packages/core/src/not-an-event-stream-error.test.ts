import { describe, expect, test } from 'vitest';
import { StreamIdleTimeoutError } from './errors/stream-idle-timeout-error.js';
import { StreamInvalidDataError } from './errors/stream-invalid-data-error.js';
import { StreamServerError } from './errors/stream-server-error.js';
import { StreamTruncatedError } from './errors/stream-truncated-error.js';
import { rememberSecret } from './redact-secrets.js';
import { Stream } from './stream.js';
import { createTestResponse } from './test/create-test-response.js';
import { readAll } from './test/read-all.js';

const page = '<!DOCTYPE html>\n<html lang="en">\n<head><title>Sign in</title></head>\n<body>Please sign in at https://proxy.example/login</body>\n</html>\n';
const chunk = { id: 'c', choices: [{ index: 0, delta: { content: 'a' }, finish_reason: null }] };

/** A response whose body gives `pieces`, then breaks as a reset connection does (fetch's `terminated`). */
const breakingAfter = (...pieces: string[]): Response => createTestResponse(pieces, { breakWith: new TypeError('terminated') }).response;

describe('a body labelled text/event-stream that holds no event', () => {
  test('an HTML page fails as invalid data that quotes it, not as a cut-off stream to retry', async () => {
    const { items, error } = await readAll(Stream.fromSSEResponse(createTestResponse([page.slice(0, 30), page.slice(30)]).response));
    expect(items).toEqual([]);
    expect(error).toBeInstanceOf(StreamInvalidDataError);
    expect(error).not.toBeInstanceOf(StreamTruncatedError);
    expect((error as Error).message).toMatch(/^The body was labelled an event stream \(text\/event-stream\) but held no event, only "<!DOCTYPE html>\\n<html lang=\\"en\\">/);
    expect((error as StreamInvalidDataError).data).toBe(page.trimEnd());
  });

  test('the page is quoted whole however its bytes are split', async () => {
    const small = '<html>\r\n<b>Blocked</b>\r\n</html>';
    for (let split = 1; split < small.length; split++) {
      const { error } = await readAll(Stream.fromSSEResponse(createTestResponse([small.slice(0, split), small.slice(split)]).response));
      expect((error as StreamInvalidDataError).data).toBe(small);
    }
  });

  test('a JSON error body is the server error it holds', async () => {
    const body = JSON.stringify({ error: { message: 'Invalid API Key', type: 'invalid_request_error', code: 'invalid_api_key' } }, null, 2);
    const { error } = await readAll(Stream.fromSSEResponse(createTestResponse([body]).response));
    expect(error).toBeInstanceOf(StreamServerError);
    expect((error as Error).message).toMatch(/^The server reported an error before the first chunk: Invalid API Key\./);
    // The body is all the server said: no stream was cut, and a retry with the same key gets the same.
    expect((error as Error).message).not.toMatch(/incomplete|retry/);
    expect((error as StreamServerError).code).toBe('invalid_api_key');
  });

  test('JSON that is not an error body is quoted as invalid data', async () => {
    const { error } = await readAll(Stream.fromSSEResponse(createTestResponse(['{"status":"ok"}\n']).response));
    expect(error).toBeInstanceOf(StreamInvalidDataError);
    expect((error as Error).message).toContain('only "{\\"status\\":\\"ok\\"}"');
  });

  test('a page whose connection breaks, or that stalls, is quoted too', async () => {
    const broken = await readAll(Stream.fromSSEResponse(breakingAfter(page)));
    expect(broken.error).toBeInstanceOf(StreamInvalidDataError);
    expect((broken.error as Error).message).toContain('<!DOCTYPE html>');
    const stalled = await readAll(Stream.fromSSEResponse(createTestResponse([page], { holdOpen: true }).response, undefined, { idleTimeout: 20 }));
    expect(stalled.error).toBeInstanceOf(StreamInvalidDataError);
    expect(stalled.error).not.toBeInstanceOf(StreamIdleTimeoutError);
  });

  test('a credential on the page is redacted in the message and the data', async () => {
    const key = 'gsk_probe_SECRET0123456789';
    const { error } = await readAll(Stream.fromSSEResponse(createTestResponse([`<html>Your key ${key} is not valid here</html>\n`]).response));
    expect(error).toBeInstanceOf(StreamInvalidDataError);
    expect((error as Error).message).not.toContain('SECRET');
    expect((error as StreamInvalidDataError).data).not.toContain('SECRET');
  });

  test('only the first 4 Ki characters of a long page are kept', async () => {
    const { error } = await readAll(Stream.fromSSEResponse(createTestResponse([`<p>${'x'.repeat(10_000)}</p>\n`.repeat(3)]).response));
    expect(error).toBeInstanceOf(StreamInvalidDataError);
    expect((error as StreamInvalidDataError).data?.length).toBeLessThanOrEqual(4096);
    expect((error as Error).message.length).toBeLessThan(1000);
  });

  test('an event stream with stray lines is still judged by its events when it is cut off', async () => {
    for (const body of [`foo: bar\ndata: ${JSON.stringify(chunk)}\n\n`, `data: ${JSON.stringify(chunk)}\n\nfoo: bar\n`]) {
      const { items, error } = await readAll(Stream.fromSSEResponse(createTestResponse([body]).response));
      expect(items).toEqual([chunk]);
      expect(error).toBeInstanceOf(StreamTruncatedError);
    }
  });

  test('the word the 4 Ki cut splits is left out: a remembered key cut there would no longer be found', async () => {
    const key = 'proxykey_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdef';
    rememberSecret(key);
    const words = 'word '.repeat(900);
    for (const cut of [1, 10, 30, key.length - 1]) {
      const { error } = await readAll(Stream.fromSSEResponse(createTestResponse([`${words.slice(0, 4096 - cut)}${key} and more\n`]).response));
      const data = (error as StreamInvalidDataError).data!;
      expect(data).not.toContain(key.slice(0, cut));
      // The words before it are kept.
      expect(words.startsWith(data)).toBe(true);
      expect(data.length).toBeGreaterThan(4096 - cut - 'word '.length);
    }
    // Nor is half of a character of two UTF-16 units kept.
    const { error } = await readAll(Stream.fromSSEResponse(createTestResponse([`${words.slice(0, 4095)}😀😀</p>\n`]).response));
    expect((error as StreamInvalidDataError).data).toBe(words.slice(0, 4095));
  });

  test('an event stream that opens with over 4 Ki characters of unknown fields is cut off, not invalid data, when its first event is', async () => {
    const prologue = 'x-padding: yes\n'.repeat(400);
    const first = `data: ${JSON.stringify(chunk)}`;
    // The field name split between pieces too, at any place.
    for (const split of [0, 2, 5]) {
      const { items, error } = await readAll(Stream.fromSSEResponse(createTestResponse([prologue + first.slice(0, split), first.slice(split, 20)]).response));
      expect(items).toEqual([]);
      expect(error).toBeInstanceOf(StreamTruncatedError);
    }
    const broken = await readAll(Stream.fromSSEResponse(breakingAfter(prologue, `${first}\n`)));
    expect(broken.error).not.toBeInstanceOf(StreamInvalidDataError);
    const stalled = await readAll(Stream.fromSSEResponse(createTestResponse([prologue, `${first}\n`], { holdOpen: true }).response, undefined, { idleTimeout: 20 }));
    expect(stalled.error).toBeInstanceOf(StreamIdleTimeoutError);
  });

  test('a body cut off in the name of its first field is cut off, with the advice to retry, not invalid data', async () => {
    for (const body of ['d', 'da', 'dat', 'e', 'even', 'i', 'r', 'retr', ':', ': pi', ': ping\nda', '\ufeffd']) {
      const ended = await readAll(Stream.fromSSEResponse(createTestResponse([body]).response));
      expect(ended.error, JSON.stringify(body)).toBeInstanceOf(StreamTruncatedError);
      expect((ended.error as Error).message, JSON.stringify(body)).toMatch(/retry the request/);
      // The same when the connection breaks there, or it stalls.
      expect((await readAll(Stream.fromSSEResponse(breakingAfter(body)))).error, JSON.stringify(body)).not.toBeInstanceOf(StreamInvalidDataError);
      const stalled = await readAll(Stream.fromSSEResponse(createTestResponse([body], { holdOpen: true }).response, undefined, { idleTimeout: 20 }));
      expect(stalled.error, JSON.stringify(body)).toBeInstanceOf(StreamIdleTimeoutError);
    }
    // Whatever the split, as for a cut in a later field.
    const { error } = await readAll(Stream.fromSSEResponse(createTestResponse(['d', 'a', 't']).response));
    expect(error).toBeInstanceOf(StreamTruncatedError);
  });

  test('a body whose first line is no field name stays invalid data, also when it is short', async () => {
    for (const body of ['x', 'D', 'dx', 'data-', 'd\n', 'Data', 'ok']) {
      const { error } = await readAll(Stream.fromSSEResponse(createTestResponse([body]).response));
      expect(error, JSON.stringify(body)).toBeInstanceOf(StreamInvalidDataError);
    }
  });

  test('a page cut off in a later line that starts like a field name stays invalid data', async () => {
    for (const body of ['<html>\n<body>\ne', '<html>\nd', 'Bad Gateway\r\nretr', 'x\n\nda']) {
      const { error } = await readAll(Stream.fromSSEResponse(createTestResponse([body]).response));
      expect(error, JSON.stringify(body)).toBeInstanceOf(StreamInvalidDataError);
    }
  });

  test('an empty body and a body of comments are cut off, not invalid data', async () => {
    for (const body of ['', ': ping\n\n']) {
      const { error } = await readAll(Stream.fromSSEResponse(createTestResponse([body]).response));
      expect(error).toBeInstanceOf(StreamTruncatedError);
    }
  });
});
