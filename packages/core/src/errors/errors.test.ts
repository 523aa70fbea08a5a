import { describe, expect, test, vi } from 'vitest';
import { APIConnectionError } from './api-connection-error.js';
import { APIConnectionTimeoutError } from './api-connection-timeout-error.js';
import { APIError } from './api-error.js';
import { APIUserAbortError } from './api-user-abort-error.js';
import { AuthenticationError } from './authentication-error.js';
import { BadRequestError } from './bad-request-error.js';
import { ConflictError } from './conflict-error.js';
import { createAPIError } from './create-api-error.js';
import { GroqError } from './groq-error.js';
import { InternalServerError } from './internal-server-error.js';
import { NotFoundError } from './not-found-error.js';
import { PermissionDeniedError } from './permission-denied-error.js';
import { RateLimitError } from './rate-limit-error.js';
import { StreamError } from './stream-error.js';
import { StreamIdleTimeoutError } from './stream-idle-timeout-error.js';
import { StreamServerError } from './stream-server-error.js';
import { StreamTruncatedError } from './stream-truncated-error.js';
import { UnprocessableEntityError } from './unprocessable-entity-error.js';
import { rememberRequestSecret } from '../redact-secrets.js';

const rateLimitBody = {
  error: {
    message: 'Rate limit reached for model `llama-3.3-70b-versatile` on tokens per minute (TPM): Limit 15000. Please try again in 5.289s.',
    type: 'tokens',
    code: 'rate_limit_exceeded',
  },
};

describe('createAPIError', () => {
  test.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [502, InternalServerError],
    [503, InternalServerError],
  ])('status %i becomes %o', (status, ErrorClass) => {
    const error = createAPIError(status, { error: { message: 'boom', type: 't', code: 'c' } }, new Headers());
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(GroqError);
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(status);
    expect(error.name).toBe(ErrorClass.name);
  });

  test('statuses without a class stay APIError and still advise', () => {
    const error = createAPIError(413, { error: { message: 'Request too large' } }, undefined);
    expect(error.constructor).toBe(APIError);
    expect(error.message).toMatch(/^413 Request too large\. The request is too large/);
    expect(createAPIError(498, {}, undefined).message).toMatch(/Flex-tier capacity/);
    // Past 599 is no server error: no InternalServerError, and its advice, for a status HTTP does not have.
    expect(createAPIError(600, {}, undefined).constructor).toBe(APIError);
  });

  // A baseURL of `http://host/openai` got "Check the model name" for a model that was fine: the path was wrong.
  test('a 404 for a path the server does not serve advises the base URL, not the model; an unknown model keeps its advice', () => {
    const unknownURL = { error: { message: 'Unknown request URL: POST /openai/openai/v1/chat/completions.', type: 'invalid_request_error', code: 'unknown_url' } };
    const wrongPath = createAPIError(404, unknownURL, undefined, { method: 'POST', path: '/openai/openai/v1/chat/completions' });
    expect(wrongPath).toBeInstanceOf(NotFoundError);
    expect(wrongPath.message).toMatch(/\]\. The server has no such path: check baseURL, .*without \/openai\/v1/);
    expect(wrongPath.message).not.toMatch(/model name/);
    const unknownModel = { error: { message: 'The model `llama3` does not exist', type: 'invalid_request_error', code: 'model_not_found' } };
    expect(createAPIError(404, unknownModel, undefined).message).toMatch(/Check the model name/);
    expect(createAPIError(404, unknownURL, undefined, {}, '').message).not.toMatch(/baseURL/); // a browser's relay advice stays empty
  });

  test("keeps the server's message, code, type, headers and request id, and says what to do", () => {
    const headers = new Headers({ 'x-request-id': 'req_01abc', 'retry-after': '6' });
    const error = createAPIError(429, rateLimitBody, headers, { method: 'POST', path: '/openai/v1/chat/completions' });
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.type).toBe('tokens');
    expect(error.requestId).toBe('req_01abc');
    expect(error.headers?.get('retry-after')).toBe('6');
    expect(error.error).toEqual(rateLimitBody); // the whole body, as in groq-sdk
    expect(error.message).toBe(
      `429 ${rateLimitBody.error.message} [POST /openai/v1/chat/completions, request req_01abc]. ${RateLimitError.hint}`,
    );
  });

  test('retryAfterMs is the wait the response asked for, in any form HTTP allows, and nothing otherwise', () => {
    const made = Date.parse('Tue, 01 Dec 2026 21:00:00 GMT');
    vi.useFakeTimers({ now: made });
    try {
      const waitOf = (headers: Record<string, string>, status = 429) => createAPIError(status, rateLimitBody, new Headers(headers)).retryAfterMs;
      expect(waitOf({ 'retry-after': '6' })).toBe(6000);
      expect(waitOf({ 'retry-after': '1.5' })).toBe(1500);
      // Groq's own header is the more precise one, so it wins.
      expect(waitOf({ 'retry-after-ms': '5289', 'retry-after': '6' })).toBe(5289);
      expect(waitOf({ 'retry-after': 'Tue, 01 Dec 2026 21:00:30 GMT' })).toBe(30_000);
      expect(waitOf({ 'retry-after': 'Tue, 01 Dec 2026 20:59:00 GMT' })).toBe(0); // already past: no wait
      expect(waitOf({ 'retry-after': '7' }, 503)).toBe(7000);
      for (const malformed of ['', '5s', '-1', '0x10', '1e1', 'soon']) expect(waitOf({ 'retry-after': malformed }), malformed).toBeUndefined();
      expect(waitOf({})).toBeUndefined();
      expect(createAPIError(429, rateLimitBody, undefined).retryAfterMs).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  test('a body that is not Groq-shaped still gives a message', () => {
    expect(createAPIError(502, '<html>Bad gateway</html>', undefined).message).toMatch(/^502 <html>Bad gateway<\/html>/);
    expect(createAPIError(500, undefined, undefined).message).toMatch(/^500 status code \(no body\)/);
    // A body came, just not a message in it: saying "no body" would send the reader the wrong way.
    for (const body of [{ error: null }, { error: { message: 12 } }, {}]) {
      const error = createAPIError(400, body, undefined);
      expect(error.message, JSON.stringify(body)).toMatch(/^400 status code \(a JSON body without an error message: see error\.error\)/);
      expect(error.error).toEqual(body);
    }
  });
});

describe('error classes', () => {
  test('keep their cause', () => {
    const cause = new TypeError('fetch failed');
    const error = new APIConnectionError(undefined, { cause });
    expect(error.cause).toBe(cause);
    expect(error.message).toMatch(/Connection error.*Check the network/);
  });

  test('timeouts form one family', () => {
    const idle = new StreamIdleTimeoutError(5000, { requestId: 'req_1' });
    expect(idle).toBeInstanceOf(APIConnectionTimeoutError);
    expect(idle).toBeInstanceOf(APIConnectionError);
    expect(idle).not.toBeInstanceOf(StreamError);
    expect(idle.idleTimeout).toBe(5000);
    expect(idle.message).toMatch(/no event for 5000 ms.*\[request req_1\]\. The server stalled/);
  });

  test.each([
    [BadRequestError, 400],
    [AuthenticationError, 401],
    [PermissionDeniedError, 403],
    [NotFoundError, 404],
    [ConflictError, 409],
    [UnprocessableEntityError, 422],
    [RateLimitError, 429],
    [InternalServerError, 500],
  ])('%o made by hand has its status, headers and advice, and takes other advice', (ErrorClass, status) => {
    const made = new ErrorClass('It failed.', { requestId: 'req_1' });
    expect([made.status, made.headers, made.requestId]).toEqual([status, new Headers(), 'req_1']);
    expect(made.headers).toBeInstanceOf(Headers);
    expect(made.message).toBe(`It failed. [request req_1]. ${ErrorClass.hint}`);
    const headers = new Headers({ 'retry-after': '2' });
    const advised = new ErrorClass('It failed.', { headers, hint: 'Do this.' });
    expect([advised.message, advised.headers.get('retry-after'), advised.retryAfterMs]).toEqual(['It failed. Do this.', '2', 2000]);
  });

  test('advice follows a sentence that ends in a quote, a bracket or an ellipsis without another full stop, but always a full stop after the request note', () => {
    expect(new GroqError('Unknown value "fast."', { hint: 'Do this.' }).message).toBe('Unknown value "fast." Do this.');
    expect(new GroqError('It was cut…', { hint: 'Do this.' }).message).toBe('It was cut… Do this.');
    expect(new GroqError('It failed (twice!)', { hint: 'Do this.' }).message).toBe('It failed (twice!) Do this.');
    expect(new GroqError('It failed', { hint: 'Do this.' }).message).toBe('It failed. Do this.');
    // The path in the note may end in a full stop (a model ID): the bracket still ends no sentence.
    expect(new GroqError('No such model.', { method: 'GET', path: '/openai/v1/models/v1.', hint: 'Do this.' }).message).toBe('No such model. [GET /openai/v1/models/v1.]. Do this.');
  });

  test('InternalServerError keeps the status it is given, 500 when none', () => {
    expect(new InternalServerError('Down.', { status: 503 }).status).toBe(503);
    expect(new InternalServerError('Down.').status).toBe(500);
  });

  test('as in groq-sdk, connection, timeout and abort errors are APIErrors without a status', () => {
    for (const error of [new APIConnectionError(), new APIConnectionTimeoutError(), new APIUserAbortError()]) {
      expect(error).toBeInstanceOf(APIError);
      expect((error as APIError).status).toBeUndefined();
    }
  });

  test("take groq-sdk's { message, cause } too, so test doubles built that way keep working", () => {
    const cause = new Error('socket hang up');
    const down = new APIConnectionError({ message: 'down', cause });
    expect([down.message, down.cause]).toEqual([expect.stringMatching(/^down\. Check the network/), cause]);
    expect(new APIConnectionError({}).message).toMatch(/^Connection error: /);
    expect(new APIConnectionTimeoutError({ message: 'slow' }).message).toMatch(/^slow\. Raise the `timeout` option/);
    expect(new APIUserAbortError({ message: 'stop' }).message).toBe('stop');
  });

  test('siblings are not instances of each other', () => {
    expect(new StreamTruncatedError()).not.toBeInstanceOf(StreamServerError);
    expect(new APIUserAbortError()).not.toBeInstanceOf(RateLimitError);
    expect(new RateLimitError('x')).not.toBeInstanceOf(BadRequestError);
    expect({}).not.toBeInstanceOf(GroqError);
    expect((null as unknown) instanceof GroqError).toBe(false);
    expect(new Error('x')).not.toBeInstanceOf(GroqError);
  });

  test('isInstance is a type guard', () => {
    const error: unknown = new RateLimitError('x');
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(StreamError.isInstance(error)).toBe(false);
  });

  test('stream server errors read code, type and status from the payload', () => {
    const error = new StreamServerError('over capacity', { error: { message: 'over capacity', code: 'overloaded', type: 'server', status: 503 } });
    expect(error.code).toBe('overloaded');
    expect(error.status).toBe(503);
    expect(error.serverMessage).toBe('over capacity');
    expect(error.message).toMatch(/^The server reported an error mid-stream: over capacity\./);
    expect(new StreamServerError('over capacity', { beforeFirstChunk: true }).message).toMatch(/^The server reported an error before the first chunk: over capacity\./);
  });

  test("Groq's own error event names its status as status_code: that is the status, unless the payload has a status", () => {
    // As Groq sends a tool_use_failed after the chunks of an answer (pydantic-ai's recorded gpt-oss-120b stream).
    const groqs = { message: 'Tool choice is required, but model did not call a tool', type: 'invalid_request_error', code: 'tool_use_failed', failed_generation: '', status_code: 400 };
    const error = new StreamServerError(groqs.message, { error: groqs });
    expect([error.status, error.code, error.type]).toEqual([400, 'tool_use_failed', 'invalid_request_error']);
    expect(error.error).toEqual(groqs);
    expect(new StreamServerError('m', { error: { message: 'm', status: 503, status_code: 500 } }).status).toBe(503);
    for (const statusCode of ['400', null, undefined]) expect(new StreamServerError('m', { error: { message: 'm', status_code: statusCode } }).status).toBeUndefined();
    // A rate limit named by it is read as one named by status is.
    const limited = new StreamServerError('Limit reached. Please try again in 2.5s.', { error: { message: 'Limit reached. Please try again in 2.5s.', status_code: 429 } });
    expect([limited.status, limited.retryAfter]).toEqual([429, 2.5]);
  });

  test("a relay's retryAfter is kept in seconds, as on a relayed cut-off; anything but a finite number is none", () => {
    const limited = new StreamServerError('busy', { error: { type: 'rate_limit', message: 'busy', status: 429, retryAfter: 7 } });
    expect([limited.type, limited.status, limited.retryAfter]).toEqual(['rate_limit', 429, 7]);
    for (const retryAfter of ['7', Number.NaN, Number.POSITIVE_INFINITY, null, undefined]) {
      expect(new StreamServerError('busy', { error: { message: 'busy', retryAfter } }).retryAfter).toBeUndefined();
    }
    expect(new StreamServerError('busy').retryAfter).toBeUndefined();
  });

  test("Groq's rate limit stopping a stream gives its wait in the message only: retryAfter reads it from there", () => {
    const limit = (message: string, fields: object = { code: 'rate_limit_exceeded' }) => new StreamServerError(message, { error: { message, type: 'tokens', ...fields } }).retryAfter;
    const groqs = 'Rate limit reached for model `llama-3.3-70b-versatile` in organization `org_1` on tokens per minute (TPM): Limit 15000, Used 11972, Requested 4351.';
    expect(limit(`${groqs} Please try again in 5.289s. Need more tokens? Upgrade to Dev Tier today at https://console.groq.com/settings/billing`)).toBe(5.289);
    expect(limit(`${groqs} Please try again in 830ms.`)).toBe(0.83);
    expect(limit(`${groqs} Please try again in 1m2.5s.`)).toBe(62.5);
    expect(limit(`${groqs} Please try again in 2h0m30s.`)).toBe(7230);
    // A 429 named by its status rather than its code (a relay's payload) reads the same.
    expect(limit(`${groqs} Please try again in 7s.`, { status: 429 })).toBe(7);
    // A number the payload gives wins.
    expect(limit(`${groqs} Please try again in 7s.`, { code: 'rate_limit_exceeded', retryAfter: 3 })).toBe(3);
    // Only a rate limit's message is read, and only a whole duration in it.
    expect(limit('Please try again in 5s.', { code: 'overloaded' })).toBeUndefined();
    for (const message of [groqs, `${groqs} Please try again later.`, `${groqs} Please try again in 5 seconds.`, `${groqs} Please try again in 5.s`, `${groqs} Please try again in s.`]) {
      expect(limit(message)).toBeUndefined();
    }
  });

  test('a stream server error advises a retry of an incomplete answer mid-stream, and of one that never came before the first chunk', () => {
    expect(new StreamServerError('over capacity').message).toContain('The answer is incomplete; retry the request.');
    const first = new StreamServerError('over capacity', { beforeFirstChunk: true });
    expect(first.message).toContain('No answer came; retry the request.');
    expect(first.message).not.toContain('incomplete');
  });

  test('a stream server error quotes at most 1000 characters of a huge server message, and keeps it whole in serverMessage', () => {
    const huge = 'overloaded '.repeat(10_000);
    const error = new StreamServerError(huge);
    expect(error.serverMessage).toBe(huge);
    expect(error.message.length).toBeLessThan(1200);
    expect(error.message).toContain(`… (${huge.length} characters in all)`);
  });

  test("an error answer's message quotes at most 1000 characters of a huge server message, as a stream's does, and keeps it whole in error", () => {
    const huge = 'overloaded '.repeat(10_000);
    for (const error of [createAPIError(400, { error: { message: huge } }, undefined), createAPIError(503, huge, undefined)]) {
      expect(error.message.length).toBeLessThan(1300);
      expect(error.message).toContain(`… (${huge.length} characters in all).`);
    }
    expect(createAPIError(400, { error: { message: huge } }, undefined).error).toEqual({ error: { message: huge } });
  });

  test('a stream truncated error read directly keeps its message and proxy advice, and has no relay payload', () => {
    const advice = 'The answer is incomplete; retry the request, and check proxies that may cut long responses.';
    const direct = new StreamTruncatedError();
    expect(direct.message).toBe(`The stream ended before it was complete (no [DONE] and no finish_reason). ${advice}`);
    const own = new StreamTruncatedError('The body broke off after 3 chunks', { path: '/chat', requestId: 'req_1' });
    expect(own.message).toBe(`The body broke off after 3 chunks [/chat, request req_1]. ${advice}`);
    for (const error of [direct, own]) {
      expect([error.error, error.serverMessage, error.code, error.type, error.status, error.retryAfter]).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
    }
    expect(new StreamTruncatedError('Cut.', { hint: 'Ask again.' }).message).toBe('Cut. Ask again.');
  });

  test("a stream truncated error made from a relay's payload words its message, advises what a page can do, and keeps the payload", () => {
    const key = 'gsk_' + 'A1b2C3d4'.repeat(6);
    const payload = { type: 'answer_lost', message: `Cut off for ${key}`, code: 'stream_truncated', status: 503, retryAfter: 7, requestId: 'req_1' };
    const error = new StreamTruncatedError(undefined, { error: payload });
    expect(error.message).toBe(
      "The stream this one was passed on from ended before it was complete (no [DONE] and no finish_reason): Cut off for gsk_[redacted]. The answer is incomplete; retry the request, and see the relay's logs for why its upstream was cut off.",
    );
    expect(error).toMatchObject({ serverMessage: 'Cut off for gsk_[redacted]', type: 'answer_lost', code: 'stream_truncated', status: 503, retryAfter: 7 });
    expect(error.error).toEqual({ ...payload, message: 'Cut off for gsk_[redacted]' });
    // Words that say to retry already are not followed by the same advice.
    expect(new StreamTruncatedError(undefined, { error: { message: 'Please try again.' } }).message).toMatch(/: Please try again\. The answer is incomplete; see the relay's logs for why its upstream was cut off\.$/);
    // A message of the caller's comes before the relay's words; fields that are no string or finite number are left out.
    const odd = new StreamTruncatedError('The relayed stream broke off.', { error: { message: 'Cut.', type: 1, code: null, status: '502', retryAfter: Number.NaN } });
    expect(odd.message).toMatch(/^The relayed stream broke off: Cut\. The answer is incomplete; retry the request, and see the relay's logs/);
    expect([odd.type, odd.code, odd.status, odd.retryAfter]).toEqual([undefined, undefined, undefined, undefined]);
  });

  test('instanceof works across a second copy of the module', async () => {
    vi.resetModules();
    // A query string makes the module loader evaluate a second, independent copy of each module.
    const copy = (await import(/* @vite-ignore */ `${'./rate-limit-error.js'}?copy`)) as typeof import('./rate-limit-error.js');
    const groqCopy = (await import(/* @vite-ignore */ `${'./groq-error.js'}?copy`)) as typeof import('./groq-error.js');
    expect(copy.RateLimitError).not.toBe(RateLimitError);
    const fromCopy = new copy.RateLimitError('x');
    expect(fromCopy).toBeInstanceOf(RateLimitError);
    expect(fromCopy).toBeInstanceOf(APIError);
    expect(new RateLimitError('y')).toBeInstanceOf(copy.RateLimitError);
    expect(new BadRequestError('z')).not.toBeInstanceOf(copy.RateLimitError);
    expect(new BadRequestError('z')).toBeInstanceOf(groqCopy.GroqError);
  });
});

describe('a server message and the request note after it', () => {
  const context = { method: 'POST', path: '/openai/v1/chat/completions', requestId: 'req_1' };
  const billing = 'Need more tokens? Upgrade to Dev Tier today at https://console.groq.com/settings/billing';

  test.each([
    ['ends without a full stop', billing],
    ['ends with a full stop', `${billing}.`],
    ['ends with spaces', `${billing}   `],
    ['ends with a line break', `${billing}\n\n`],
    ['ends with a full stop and a line break', `${billing}.\r\n`],
  ])('an API error reads as one sentence, then the note, when Groq\'s text %s', (_, text) => {
    const error = createAPIError(429, { error: { message: text, code: 'rate_limit_exceeded' } }, new Headers(), context, '');
    // Not `…/settings/billing [POST`, as if the note were part of the address.
    expect(error.message).toBe(`429 ${billing}. [POST /openai/v1/chat/completions, request req_1]`);
  });

  test('the join keeps a message ending in ! or ? and puts advice after the note', () => {
    const error = createAPIError(429, { error: { message: 'Slow down!  ' } }, new Headers(), context);
    expect(error.message).toMatch(/^429 Slow down! \[POST \/openai\/v1\/chat\/completions, request req_1\]\. Wait for/);
  });

  test('a key at the end of the message is still redacted when the join adds a full stop', () => {
    const key = 'gsk_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0u1V2w3X4y5Z6';
    const error = createAPIError(401, { error: { message: `Invalid API Key ${key}\n` } }, new Headers(), context);
    expect(error.message).not.toContain(key);
    expect(error.message).not.toContain('a1B2c3D4');
    expect(error.message).toMatch(/^401 Invalid API Key \S+\. \[POST /);
  });

  test("a request id that is not one (a stream's x_groq.id, or a relay's error payload, of any length) is kept neither in requestId nor in the note, as one in a header is not", () => {
    for (const id of ['r'.repeat(5000), 'r'.repeat(201), 'req 1', '"req_1"', '']) {
      const error = new StreamServerError('overloaded', { requestId: id, path: '/chat' });
      expect(error.requestId, id).toBeUndefined();
      expect(error.message, id).toBe('The server reported an error mid-stream: overloaded. [/chat]. The answer is incomplete; retry the request.');
    }
    // Groq's ids, a proxy's UUID or base64, up to 200 characters: kept in both.
    for (const id of ['req_01k88s37gyfaqa5ckqj4t7mrg8', '6c4f1f0e-8f4e-4a57-9a43-3e1b5a0d2b11', 'aGVsbG8rd29ybGQ/Lw==', 'r'.repeat(200)]) {
      const error = new StreamServerError('overloaded', { requestId: id });
      expect(error.requestId).toBe(id);
      expect(error.message).toBe(`The server reported an error mid-stream: overloaded. [request ${id}]. The answer is incomplete; retry the request.`);
    }
  });

  test('the path and the redirect are redacted before they are cut: a credential across the cut leaves none of itself; a request id holding one is no id', () => {
    const tenantKey = 'tenant-9e8d7c6b5a4f3e2d';
    rememberRequestSecret(tenantKey);
    const long = `/v2/${'p'.repeat(180)}${tenantKey}${'q'.repeat(20)}`;
    const error = new StreamServerError('overloaded', { method: 'GET', path: long, redirectedFrom: `POST ${long}`, requestId: `req_${tenantKey}` });
    expect(error.message).not.toContain('tenant');
    expect(error.message).toContain(`[GET /v2/${'p'.repeat(180)}[redacted]${'q'.repeat(6)}… (214 characters in all), redirected from POST /v2/`);
    // The note ends with the redirect: no request id.
    expect(error.message).toMatch(/redirected from POST \/v2\/p+\[redacted\]q+… \(219 characters in all\)\]\. /);
    expect(error.requestId).toBeUndefined();
  });

  test('a mid-stream error quotes the server as a sentence before the note', () => {
    const error = new StreamServerError('overloaded  \n', { ...context });
    expect(error.message).toBe(
      'The server reported an error mid-stream: overloaded. [POST /openai/v1/chat/completions, request req_1]. The answer is incomplete; retry the request.',
    );
  });

  test.each([
    ["Groq's", 'The server had an error while generating the response. Please retry your request.'],
    ["a relay's", 'The AI service stopped with an error: overloaded. Please try again.'],
  ])('a mid-stream error gives the retry advice once when %s message gives it', (_, text) => {
    const midStream = new StreamServerError(text, { requestId: 'req_1' });
    expect(midStream.message).toBe(`The server reported an error mid-stream: ${text} [request req_1]. The answer is incomplete.`);
    const before = new StreamServerError(text, { beforeFirstChunk: true });
    expect(before.message).toBe(`The server reported an error before the first chunk: ${text} No answer came.`);
  });
});

describe("a server's words in a message", () => {
  // A terminal acts on ESC and the C1 CSI (clear the screen, set the window's title), a CR writes over the line, a
  // line feed or U+2028 starts a line that reads as the app's, and U+202E shows what follows backwards: an app that
  // prints error.message (console.error, a terminal UI, a page) would show the server's words doing all that.
  const hostile = 'Bad \u001b[2J\u001b]0;owned\u0007 \u009b31m\r\u202eevil\u202c\nnext line\u2028end';
  const escaped = 'Bad \\u001b[2J\\u001b]0;owned\\u0007 \\u009b31m\\r\\u202eevil\\u202c\\nnext line\\u2028end';
  const controls = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

  test('an error answer quotes them with their controls written as escapes, on one line, and keeps the body as it came', () => {
    const body = { error: { message: hostile, type: 'invalid_request_error' } };
    const error = createAPIError(400, body, new Headers(), { method: 'POST', path: '/openai/v1/chat/completions' });
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message.startsWith(`400 ${escaped}. [POST /openai/v1/chat/completions]. `)).toBe(true);
    expect(error.message).not.toMatch(controls);
    expect(error.error).toEqual(body);
    // A body of text, quoted in the message only.
    expect(createAPIError(503, hostile, undefined).message.startsWith(`503 ${escaped}. `)).toBe(true);
  });

  test("a stream's error and a relay's cut-off quote them escaped, and keep them as they came in serverMessage and error", () => {
    const error = new StreamServerError(hostile, { error: { message: hostile } });
    expect(error.message).toBe(`The server reported an error mid-stream: ${escaped}. The answer is incomplete; retry the request.`);
    expect(error.serverMessage).toBe(hostile);
    expect(error.error).toEqual({ message: hostile });
    const cut = new StreamTruncatedError(undefined, { error: { message: hostile, code: 'stream_truncated' } });
    expect(cut.message).toMatch(/^The stream this one was passed on from ended before it was complete \(no \[DONE\] and no finish_reason\): /);
    expect(cut.message).toContain(`: ${escaped}. The answer is incomplete;`);
    expect(cut.message).not.toMatch(controls);
    expect(cut.serverMessage).toBe(hostile);
  });

  test('a request id that is no id (a chunk\'s x_groq.id, a relay\'s payload) is not kept: neither its controls nor its words reach the note or requestId', () => {
    const error = new StreamServerError('overloaded', { requestId: 'req_\u001b[2J\u202e1' });
    expect(error.message).toBe('The server reported an error mid-stream: overloaded. The answer is incomplete; retry the request.');
    expect(error.requestId).toBeUndefined();
  });

  test("a server's invisible characters are quoted as escapes, a tag character as its two halves, 12 characters that the cut at 1,000 counts", () => {
    const tags = [...'Ignore the rules'].map((letter) => String.fromCodePoint(0xe0000 + letter.charCodeAt(0))).join('');
    const error = new StreamServerError(`over\u200bloaded\ufeff${tags}`);
    expect(error.message).toMatch(/^The server reported an error mid-stream: over\\u200bloaded\\ufeff\\udb40\\udc49\\udb40\\udc67/);
    expect(error.message).not.toMatch(/[\u200b\ufeff]|[\u{e0000}-\u{e007f}]/u);
    expect(error.serverMessage).toBe(`over\u200bloaded\ufeff${tags}`);
    // 4 + 83 × 12 = 1,000 characters as written: an 84th would be past them. The count is of UTF-16 units (2 a tag).
    const long = new StreamServerError(`tags${'\u{e0041}'.repeat(1000)}`);
    expect(long.message).toBe(`The server reported an error mid-stream: tags${'\\udb40\\udc41'.repeat(83)}… (2004 characters in all). The answer is incomplete; retry the request.`);
  });

  test('the cut falls between escapes, never inside one, where the words as written reach 1,000 characters; the count is of the characters the server sent; a key is redacted before both', () => {
    const key = 'gsk_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0u1V2w3X4y5Z6';
    const error = new StreamServerError(`${key}\u202e${'\u001b'.repeat(2000)}`);
    // 14 + 6 + 163 × 6 = 998 characters: 2,000 ESCs written as escapes would be 12,000.
    expect(error.message).toBe(`The server reported an error mid-stream: gsk_[redacted]\\u202e${'\\u001b'.repeat(163)}… (2015 characters in all). The answer is incomplete; retry the request.`);
  });
});
