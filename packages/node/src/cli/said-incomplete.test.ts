import { StreamIdleTimeoutError, StreamTruncatedError } from '@groq-stream/core';
import { describe, expect, test } from 'vitest';
import { saidIncomplete } from './said-incomplete.js';

describe('saidIncomplete', () => {
  test('after the request note, with or without a request id; at the end without a note', () => {
    const path = { method: 'POST', path: '/openai/v1/chat/completions' };
    const withId = new StreamIdleTimeoutError(500, { ...path, requestId: 'req_01abc' });
    expect(saidIncomplete(withId.message, withId.requestId)).toBe(
      'The stream received no event for 500 ms and was aborted. [POST /openai/v1/chat/completions, request req_01abc]. The answer is incomplete. The server stalled; retry, or raise the `streamIdleTimeout` option.',
    );
    const withoutId = new StreamIdleTimeoutError(500, path);
    expect(saidIncomplete(withoutId.message, undefined)).toMatch(/completions\]\. The answer is incomplete\. The server stalled/);
    expect(saidIncomplete('Something broke', undefined)).toBe('Something broke. The answer is incomplete.');
    expect(saidIncomplete('Something broke.', undefined)).toBe('Something broke. The answer is incomplete.');
  });

  test('a message that says it already is left as it is', () => {
    const cut = new StreamTruncatedError(undefined, { requestId: 'req_01abc' });
    expect(saidIncomplete(cut.message, cut.requestId)).toBe(cut.message);
  });
});
