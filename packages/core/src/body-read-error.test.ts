import { describe, expect, test } from 'vitest';
import { bodyReadError } from './body-read-error.js';
import { StreamTruncatedError } from './errors/stream-truncated-error.js';

const cutAdvice = 'The answer is incomplete; retry the request, and check proxies that may cut long responses.';

/** A body read's failure as a fetch gives it: `terminated`, its cause the runtime's error with `code`. */
function terminated(message: string, code: string): TypeError {
  return new TypeError('terminated', { cause: Object.assign(new Error(message), { code }) });
}

describe('bodyReadError', () => {
  test.each([
    ['zlib, data that is not what the coding says (a gzip header on a plain body)', terminated('incorrect header check', 'Z_DATA_ERROR')],
    ['zlib, a dictionary it was not given', terminated('Missing dictionary', 'Z_NEED_DICT')],
    ['brotli, the rule the bytes broke', terminated('Decompression failed', 'ERR__ERROR_FORMAT_PADDING_1')],
    ['a coding the client cannot read (createNodeHttpFetch)', terminated('The server sent the body with content-encoding "zzz": "zzz" is a coding this client did not ask for and cannot decode.', 'ERR_UNSUPPORTED_CONTENT_ENCODING')],
    ['the code on the error itself, not its cause', Object.assign(new Error('incorrect header check'), { code: 'Z_DATA_ERROR' })],
  ])('a body that could not be decoded (%s) says to check the compression, not proxies that cut long answers', (_case, error) => {
    const failure = bodyReadError(error, false, {});
    expect(failure).toBeInstanceOf(StreamTruncatedError);
    // Not "broke off", which sends the reader looking for a connection cut short.
    expect(failure.message).toMatch(/^The response body could not be decoded as its content-encoding said, in the middle of the stream \(/);
    expect(bodyReadError(error, false, {}, true).message).toMatch(/^The response body could not be decoded as its content-encoding said, before its first chunk \(/);
    expect(failure.message).not.toContain('broke off');
    expect(failure.message).not.toContain(cutAdvice);
    expect(failure.message).toContain('compression settings of the server or a proxy in between');
    expect(failure.message).toContain('`accept-encoding: identity` in the defaultHeaders option');
  });

  test.each([
    ['a connection that closed', new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) })],
    ["zlib's unexpected end of file: compressed data cut short", terminated('unexpected end of file', 'Z_BUF_ERROR')],
    ['no cause', new TypeError('terminated')],
    ['a cause that is no object', new TypeError('terminated', { cause: 'Z_DATA_ERROR' })],
  ])('a body cut short (%s) keeps the advice for a cut', (_case, error) => {
    expect(bodyReadError(error, false, {}).message).toMatch(/^The response body broke off in the middle of the stream \(/);
    expect(bodyReadError(error, false, {}).message).toContain(cutAdvice);
  });

  test('a cause whose code getter throws, or a chain of causes that loops, is read as a cut, without a throw', () => {
    const throwing = new TypeError('terminated', {
      cause: Object.defineProperty(new Error('x'), 'code', {
        get() {
          throw new Error('no');
        },
      }),
    });
    expect(bodyReadError(throwing, false, {}).message).toContain(cutAdvice);
    const looped = new TypeError('terminated');
    (looped as { cause?: unknown }).cause = looped;
    expect(bodyReadError(looped, false, {}).message).toContain(cutAdvice);
  });
});
