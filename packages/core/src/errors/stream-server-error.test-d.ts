import { describe, expectTypeOf, test } from 'vitest';
import { StreamServerError } from './stream-server-error.js';

describe('StreamServerError', () => {
  test("keeps the payload's fields, as a relayed StreamTruncatedError does", () => {
    const error = new StreamServerError('busy', { error: JSON.parse('{"retryAfter":7}') as unknown });
    expectTypeOf(error.error).toEqualTypeOf<unknown>();
    expectTypeOf(error.serverMessage).toEqualTypeOf<string>();
    expectTypeOf(error.code).toEqualTypeOf<string | undefined>();
    expectTypeOf(error.type).toEqualTypeOf<string | undefined>();
    expectTypeOf(error.status).toEqualTypeOf<number | undefined>();
    expectTypeOf(error.retryAfter).toEqualTypeOf<number | undefined>();
  });
});
