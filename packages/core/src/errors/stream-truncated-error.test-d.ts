import { describe, expectTypeOf, test } from 'vitest';
import { StreamTruncatedError, type StreamTruncatedErrorOptions } from './stream-truncated-error.js';

describe('StreamTruncatedError', () => {
  test('is made as before for a stream read directly, and from the payload as the relay sent it for a relayed cut-off', () => {
    expectTypeOf(new StreamTruncatedError()).toEqualTypeOf<StreamTruncatedError>();
    expectTypeOf(new StreamTruncatedError('The body broke off.', { path: '/chat', requestId: 'req_1', cause: new Error('reset') })).toEqualTypeOf<StreamTruncatedError>();
    // A payload read from the wire is untrusted: anything goes in, the fields are read with care.
    const payload: unknown = JSON.parse('{"error":{}}');
    expectTypeOf(new StreamTruncatedError(undefined, { error: payload })).toEqualTypeOf<StreamTruncatedError>();
    expectTypeOf<StreamTruncatedErrorOptions['error']>().toEqualTypeOf<unknown>();
  });

  test("keeps the relay's payload in the fields a StreamServerError has, each undefined for a direct cut-off", () => {
    const error = new StreamTruncatedError();
    expectTypeOf(error.error).toEqualTypeOf<unknown>();
    expectTypeOf(error.serverMessage).toEqualTypeOf<string | undefined>();
    expectTypeOf(error.code).toEqualTypeOf<string | undefined>();
    expectTypeOf(error.type).toEqualTypeOf<string | undefined>();
    expectTypeOf(error.status).toEqualTypeOf<number | undefined>();
    expectTypeOf(error.retryAfter).toEqualTypeOf<number | undefined>();
  });
});
