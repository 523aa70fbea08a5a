import { afterEach, expect, test, vi } from 'vitest';
import { APIUserAbortError } from './errors/api-user-abort-error.js';
import { createAPIError } from './errors/create-api-error.js';
import { StreamIdleTimeoutError } from './errors/stream-idle-timeout-error.js';
import { StreamServerError } from './errors/stream-server-error.js';
import { StreamTruncatedError } from './errors/stream-truncated-error.js';
import { guardErrorPayload } from './guard-error-payload.js';
import { toSafeErrorPayload, type SafeErrorPayload } from './safe-error-payload.js';

const key = `gsk_${'Q7w9'.repeat(13)}`;
afterEach(() => vi.restoreAllMocks());

test('without a mapping it is toSafeErrorPayload', () => {
  for (const error of [new Error('upstream'), createAPIError(429, { error: { message: 'slow down', code: 'rate_limit_exceeded' } }, new Headers()), 'text']) {
    expect(guardErrorPayload(undefined)(error)).toEqual(toSafeErrorPayload(error));
  }
});

test("a cut-off stream's payload gets the stream_truncated code, unless the app's mapping set a code of its own", () => {
  const cut = new StreamTruncatedError(undefined, { requestId: 'req_01cutoff' });
  expect(guardErrorPayload(undefined)(cut)).toEqual({ ...toSafeErrorPayload(cut), code: 'stream_truncated' });
  expect(guardErrorPayload(undefined, 'req_01upstream')(cut)).toMatchObject({ code: 'stream_truncated', requestId: 'req_01cutoff' });
  // The app's own words, without a code: the kind is added, as the browser needs it to tell a cut-off.
  expect(guardErrorPayload(() => ({ type: 'upstream_error', message: 'Cut off. Try again.' }))(cut)).toEqual({ type: 'upstream_error', message: 'Cut off. Try again.', code: 'stream_truncated' });
  const own: SafeErrorPayload = { type: 'upstream_error', message: 'Cut off.', code: 'our_cut' };
  expect(guardErrorPayload(() => own)(cut)).toStrictEqual(own);
  // Only a cut-off: an abort, a server error and any other failure keep the payload they had.
  const abort = new APIUserAbortError();
  expect(guardErrorPayload(undefined)(abort)).toEqual(toSafeErrorPayload(abort));
  expect(guardErrorPayload(undefined)(abort).code).toBeUndefined();
  expect(guardErrorPayload(undefined)(new StreamServerError('overloaded', { error: { code: 'service_unavailable' } })).code).toBe('service_unavailable');
  expect(guardErrorPayload(undefined)(new StreamIdleTimeoutError(50)).code).toBeUndefined();
});

test('a mapping that works is used as it is (as JSON writes it: a copy)', () => {
  const payload: SafeErrorPayload = { message: 'Try again later.', type: 'capacity', status: 503 };
  expect(guardErrorPayload(() => payload)(new Error('upstream'))).toStrictEqual(payload);
});

test('a mapping that throws gives the default payload, and its error is logged with keys redacted', () => {
  const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const error = new Error('upstream');
  const payload = guardErrorPayload(() => {
    throw new Error(`cannot map, the key was ${key}`);
  })(error);
  expect(payload).toEqual(toSafeErrorPayload(error));
  expect(log).toHaveBeenCalledTimes(1);
  const logged = JSON.stringify(log.mock.calls[0], (_name, value: unknown) => (value instanceof Error ? value.message : value));
  // Prefixed as every other line of the SDK's is, so that a filter on `[groq-stream]` finds it.
  expect(String(log.mock.calls[0]?.[0])).toBe('[groq-stream] the errorPayload option threw; the browser got the default error event.');
  expect(logged).not.toContain(key);
  expect(logged).toContain('[redacted]');
});

test('a payload that JSON cannot hold (a BigInt, a cycle) gives the default payload too', () => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const error = new Error('upstream');
  const cycle: Record<string, unknown> = { message: 'm', type: 't' };
  cycle.self = cycle;
  expect(guardErrorPayload(() => ({ message: 'm', type: 't', status: 1n as unknown as number }))(error)).toEqual(toSafeErrorPayload(error));
  expect(guardErrorPayload(() => cycle as unknown as SafeErrorPayload)(error)).toEqual(toSafeErrorPayload(error));
});

test('given the upstream request id, the default payload carries it when the error did not; an id of its own and the app mapping are kept', () => {
  const guard = guardErrorPayload(undefined, 'req_01upstream');
  // An abort whose reason is not the SDK's (AbortSignal.timeout(), a plain Error) knows no request id.
  expect(guard(new DOMException('The operation timed out.', 'TimeoutError'))).toEqual({ ...toSafeErrorPayload(new Error('x')), requestId: 'req_01upstream' });
  expect(guard(new Error('shutting down')).requestId).toBe('req_01upstream');
  expect(guard(new StreamTruncatedError(undefined, { requestId: 'req_own' })).requestId).toBe('req_own');
  const custom: SafeErrorPayload = { message: 'Try again later.', type: 'capacity' };
  expect(guardErrorPayload(() => custom, 'req_01upstream')(new Error('x'))).toStrictEqual(custom);
  // What is no request id (it could be an echoed key) is not passed on.
  expect(guardErrorPayload(undefined, `Bearer ${key}`)(new Error('x')).requestId).toBeUndefined();
  expect(guardErrorPayload(undefined, undefined)(new Error('x'))).toEqual(toSafeErrorPayload(new Error('x')));
});

test('a mapping that returns undefined leaves the error to the default payload, with the request id, and logs nothing', () => {
  const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const error = new Error('upstream');
  expect(guardErrorPayload(() => undefined)(error)).toEqual(toSafeErrorPayload(error));
  expect(guardErrorPayload(() => undefined, 'req_01upstream')(error)).toEqual({ ...toSafeErrorPayload(error), requestId: 'req_01upstream' });
  expect(log).not.toHaveBeenCalled();
});

test('a mapping that returns what JSON does not write as an object gives the default payload, and is logged once per call with keys redacted', () => {
  const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const error = new Error('upstream');
  const returned = [null, `cannot map, the key was ${key}`, 503, [`the key was ${key}`], false, () => 'x', new Date(0)];
  for (const value of returned) {
    expect(guardErrorPayload(() => value as unknown as SafeErrorPayload, 'req_01upstream')(error)).toEqual({ ...toSafeErrorPayload(error), requestId: 'req_01upstream' });
  }
  expect(log).toHaveBeenCalledTimes(returned.length);
  const logged = log.mock.calls.map((call) => JSON.stringify(call));
  expect(String(log.mock.calls[0]?.[0])).toBe('[groq-stream] the errorPayload option returned null, not an object; the browser got the default error event.');
  expect(logged[1]).toContain('returned a string, not an object');
  expect(logged[2]).toContain('returned a number, not an object');
  expect(logged[3]).toContain('returned an array, not an object');
  expect(logged[4]).toContain('returned a boolean, not an object');
  for (const line of logged) expect(line).not.toContain(key);
  expect(logged[1]).toContain('[redacted]');
  expect(logged[3]).toContain('[redacted]');
});

// A payload is serialised once, by the guard: what it returns is what that gave, so that the frame's own
// serialisation cannot meet a getter or a toJSON that throws only then (after the check) and break the stream.
test("a payload whose toJSON or getter throws on its second call is used as its first serialisation gave it", () => {
  const error = new Error('upstream');
  let calls = 0;
  const withToJSON = {
    toJSON: () => {
      if (++calls > 1) throw new Error('second call');
      return { type: 'custom', message: 'Sorry!' };
    },
  } as unknown as SafeErrorPayload;
  const guarded = guardErrorPayload(() => withToJSON)(error);
  expect(JSON.parse(JSON.stringify(guarded))).toEqual({ type: 'custom', message: 'Sorry!' });
  expect(calls).toBe(1);
  let reads = 0;
  const withGetter = {
    type: 'custom',
    get message(): string {
      if (++reads > 1) throw new Error('second read');
      return 'Sorry!';
    },
  } as SafeErrorPayload;
  // A cut-off too: its code is added to the payload as the check serialised it, not by reading it again.
  const cut = guardErrorPayload(() => withGetter)(new StreamTruncatedError());
  expect(JSON.parse(JSON.stringify(cut))).toEqual({ type: 'custom', message: 'Sorry!', code: 'stream_truncated' });
  expect(reads).toBe(1);
});
