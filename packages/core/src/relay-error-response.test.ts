import { describe, expect, test } from 'vitest';
import { ChatRequestError, type ChatRequestErrorOptions } from './errors/chat-request-error.js';
import { createAPIError } from './errors/create-api-error.js';
import { GroqError } from './errors/groq-error.js';
import { StreamServerError } from './errors/stream-server-error.js';
import { relayErrorResponse } from './relay-error-response.js';

describe('relayErrorResponse', () => {
  test("Groq's request id is in a header of its own, x-groq-request-id, and in x-request-id", () => {
    const limited = relayErrorResponse(createAPIError(429, { error: { message: 'Slow down', code: 'rate_limit_exceeded' } }, new Headers({ 'x-request-id': 'req_01abc' })));
    expect(limited.headers).toMatchObject({ 'x-groq-request-id': 'req_01abc', 'x-request-id': 'req_01abc' });
    expect(relayErrorResponse(createAPIError(429, { error: { message: 'Slow down' } }, new Headers())).headers).not.toHaveProperty('x-groq-request-id');
  });

  test('an error event before the first chunk answers 502 when it has no status, or one that is no error status', () => {
    const bare = relayErrorResponse(new StreamServerError('overloaded'));
    expect([bare.status, bare.body.error.type, bare.body.error.message]).toEqual([502, 'upstream_error', 'The AI service stopped with an error: overloaded']);
    // A relay's payload read back, claiming a success status: still a failure to the browser.
    const relayed = relayErrorResponse(new StreamServerError('busy', { error: { type: 'capacity', message: 'busy', status: 200 } }));
    expect([relayed.status, relayed.body.error.type]).toEqual([502, 'capacity']);
  });

  test('the body says the status the browser got, not a claimed status that is no whole number from 400 to 599', () => {
    for (const claimed of [200, 302, 99, 600, 1000, 400.5, 499.9, 503.25, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '429', null]) {
      // Claimed in a relay's payload read back, in an upstream's own error payload, and as the error's status.
      const relayed = relayErrorResponse(new StreamServerError('busy', { error: { type: 'capacity', message: 'busy', status: claimed } }));
      const upstream = relayErrorResponse(new StreamServerError('busy', { error: { message: 'busy', status: claimed } }));
      const given = relayErrorResponse(new StreamServerError('busy', { status: claimed as number }));
      for (const answer of [relayed, upstream, given]) expect(answer, String(claimed)).toMatchObject({ status: 502, body: { error: { status: 502 } } });
    }
    const bare = relayErrorResponse(new StreamServerError('overloaded'));
    expect(bare).toMatchObject({ status: 502, body: { error: { status: 502 } } });
    const slow = relayErrorResponse(new StreamServerError('slow down', { error: { type: 'rate_limit', message: 'slow down', status: 429 } }));
    expect(slow).toMatchObject({ status: 429, body: { error: { status: 429 } } });
  });

  // Runtimes know no phrase for Groq's own 498: Node writes `498 unknown`, and a web Response has none.
  test("a 498 (flex tier at capacity) carries the reason phrase Groq gives it; other statuses leave it to the runtime", () => {
    const full = relayErrorResponse(createAPIError(498, { error: { message: 'Flex tier at capacity', type: 'capacity_exceeded', code: 'capacity_exceeded' } }, new Headers()));
    expect([full.status, full.statusText, full.body.error.type]).toEqual([498, 'Flex Tier Capacity Exceeded', 'capacity']);
    const stopped = relayErrorResponse(new StreamServerError('busy', { status: 498, error: { message: 'busy', code: 'capacity_exceeded' } }));
    expect([stopped.status, stopped.statusText]).toEqual([498, 'Flex Tier Capacity Exceeded']);
    expect(relayErrorResponse(createAPIError(429, { error: { message: 'Slow down' } }, new Headers())).statusText).toBeUndefined();
    expect(relayErrorResponse(new ChatRequestError('No messages', { status: 400, code: 'invalid_messages' })).statusText).toBeUndefined();
  });
});

describe('a ChatRequestError made with a key in it', () => {
  test('its param is redacted, as its message is: both go to the browser', () => {
    const key = `gsk_${'A1b2C3d4'.repeat(6)}wxyz`;
    const error = new ChatRequestError(`No field ${key} here.`, { status: 400, code: 'unknown_field', param: `messages[0].${key}` });
    expect(error.message).toBe('No field gsk_[redacted] here.');
    expect(error.param).toBe('messages[0].gsk_[redacted]');
    expect(JSON.stringify(relayErrorResponse(error).body)).not.toContain(key.slice(4, 20));
  });
});

describe('a ChatRequestError whose status no answer can carry', () => {
  test.each([99, 200, 302, 600, 400.5, Number.NaN, '400', undefined])('new ChatRequestError with status %o throws a GroqError naming the status', (status) => {
    const make = (): ChatRequestError => new ChatRequestError('no', { status, code: 'x' } as unknown as ChatRequestErrorOptions);
    expect(make).toThrow(GroqError);
    expect(make).toThrow(/^A ChatRequestError's status must be a whole number from 400 to 599, got /);
  });

  test('an empty or missing code throws a GroqError too; 400 to 599 with a code is accepted', () => {
    expect(() => new ChatRequestError('no', { status: 400, code: '' })).toThrow(/^A ChatRequestError's code must be a non-empty string, got an empty string\./);
    expect(() => new ChatRequestError('no', { status: 400 } as unknown as ChatRequestErrorOptions)).toThrow(/code must be a non-empty string, got undefined/);
    expect(new ChatRequestError('no', { status: 599, code: 'x' }).status).toBe(599);
    expect(relayErrorResponse(new ChatRequestError('slow down', { status: 429, code: 'busy' }))).toMatchObject({ status: 429, expected: true, body: { error: { code: 'busy' } } });
  });

  test('one that carries such a status anyway (made by another copy, or changed) is answered as the app failing: 500, nothing of it shown', () => {
    const changed = new ChatRequestError('secret detail', { status: 400, code: 'x' });
    Object.defineProperty(changed, 'status', { value: 200 });
    const answer = relayErrorResponse(changed);
    expect(answer).toMatchObject({ status: 500, expected: false, serverFault: false, body: { error: { type: 'server_error', status: 500 } } });
    expect(JSON.stringify(answer.body)).not.toContain('secret detail');
  });
});
