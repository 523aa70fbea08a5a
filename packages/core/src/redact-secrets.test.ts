import { describe, expect, test } from 'vitest';
import { APIConnectionError } from './errors/api-connection-error.js';
import { APIError } from './errors/api-error.js';
import { createAPIError } from './errors/create-api-error.js';
import { StreamServerError } from './errors/stream-server-error.js';
import { browserSafeText, redactSecrets } from './redact-secrets.js';
import { relayErrorResponse } from './relay-error-response.js';
import { toSafeErrorPayload } from './safe-error-payload.js';
import { sseFrames } from './sse-frames.js';

const key = 'gsk_probe_SECRET0123456789';

describe('redactSecrets', () => {
  test.each([
    [`Invalid API Key: Bearer ${key}`, 'Invalid API Key: Bearer [redacted]'],
    [`rejected ${key} for this project`, 'rejected gsk_[redacted] for this project'],
    [`request had authorization=Bearer ${key}`, 'request had authorization=[redacted] gsk_[redacted]'],
    ['{"api_key": "abc123"} is not allowed', '{"api_key": "[redacted]"} is not allowed'],
    ['password: hunter2, token=xyz', 'password: [redacted], token=[redacted]'],
    ['Please reduce the length of the messages or completion.', 'Please reduce the length of the messages or completion.'],
  ])('%s', (text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
    expect(redactSecrets(text)).not.toContain(key);
  });
});

describe('browserSafeText', () => {
  test.each([
    'The model `llama-9` does not exist or you do not have access to it.',
    'Please reduce the length of the messages or completion.',
    'See https://console.groq.com/docs/errors for details.',
  ])('keeps a message that describes the request: %s', (text) => {
    expect(browserSafeText(text)).toBe(text);
  });

  test.each([
    'Traceback (most recent call last): File "server.py", line 12',
    'upstream 10.20.30.40 refused the request',
    'connect ECONNREFUSED inference-7.internal:8443',
    'TypeError: x is undefined\n    at handler (/srv/app/index.js:10:3)',
    'NullPointerException in Scheduler',
    'failed at /srv/app/route.ts:41 while streaming',
    'backend http://inference.internal/v1 is down',
    '   ',
  ])('drops a message that gives away internals: %s', (text) => {
    expect(browserSafeText(text)).toBeUndefined();
  });

  test('redacts echoed credentials and bounds the length', () => {
    expect(browserSafeText(`Invalid key ${key}`)).toBe('Invalid key gsk_[redacted]');
    expect(browserSafeText('x'.repeat(1000))!.length).toBeLessThan(350);
  });
});

describe('what a browser sees of an upstream error', () => {
  test('a mid-stream error with internals says only that the service stopped', () => {
    const error = new StreamServerError(`Traceback: worker 10.20.30.40:8443 rejected ${key}`);
    const payload = toSafeErrorPayload(error);
    expect(payload.message).toBe('The AI service stopped with an error. Please try again.');
    expect(JSON.stringify(payload)).not.toMatch(/10\.20|gsk_|Traceback/);
  });

  test('a mid-stream error that describes the problem is passed on', () => {
    expect(toSafeErrorPayload(new StreamServerError('Model overloaded, please retry.')).message).toBe(
      'The AI service stopped with an error: Model overloaded, please retry.',
    );
  });

  test('a 400 that echoes the key or an address is answered without them', () => {
    const echoed = relayErrorResponse(createAPIError(400, { error: { message: `bad request: authorization=Bearer ${key} from 10.1.2.3` } }, undefined));
    expect(echoed.status).toBe(400);
    expect(echoed.body.error.message).toBe('The AI service rejected the request (HTTP 400).');
    const redacted = relayErrorResponse(createAPIError(400, { error: { message: `The key ${key} may not use this model.` } }, undefined));
    expect(redacted.body.error.message).toBe('The AI service rejected the request: The key gsk_[redacted] may not use this model.');
  });

  test('a 429 with only retry-after-ms still tells the browser when to retry, in whole seconds', () => {
    const response = relayErrorResponse(createAPIError(429, { error: { message: 'slow down' } }, new Headers({ 'retry-after-ms': '6500' })));
    expect(response.headers['retry-after']).toBe('7');
    expect(response.body.error).toMatchObject({ retryAfter: 7 });
  });

  test('a success status with the wrong body is reported as 502, in the payload too', () => {
    const payload = toSafeErrorPayload(new APIError('Expected an event stream', { status: 200 }));
    expect(payload).toMatchObject({ status: 502, type: 'upstream_error' });
  });

  test('a refused connection says the service could not be reached', () => {
    expect(toSafeErrorPayload(new APIConnectionError('The request got no response: fetch failed.'))).toMatchObject({
      status: 502,
      message: 'Could not reach the AI service. Please try again.',
    });
  });
});

describe('errors the SDK throws never quote the key a server echoed', () => {
  test('in an API error', () => {
    const error = createAPIError(401, { error: { message: `Invalid API Key: Bearer ${key}` } }, undefined);
    expect(error.message).not.toContain(key);
    expect(error.message).toContain('Invalid API Key: Bearer [redacted]');
  });

  test('in a mid-stream error', () => {
    const error = new StreamServerError(`rejected ${key}`, { error: { message: `rejected ${key}`, details: [{ header: `Bearer ${key}` }] } });
    expect(error.message).not.toContain(key);
    expect(error.serverMessage).toBe('rejected gsk_[redacted]');
    expect(JSON.stringify(error.error)).not.toContain(key);
  });

  test('in the server body an API error keeps, however it is logged', () => {
    const error = createAPIError(401, { error: { message: `Invalid API Key: Bearer ${key}`, echo: { authorization: `Bearer ${key}` } } }, undefined);
    expect(JSON.stringify(error.error)).not.toContain(key);
    expect(error.error).toMatchObject({ error: { message: 'Invalid API Key: Bearer [redacted]' } });
  });

  test('in a relayed chunk: x_groq.error is left out of the data frame', () => {
    const chunk = { id: 'c', choices: [], x_groq: { id: 'req_1', error: { message: `boom at 10.0.0.1 with ${key}` } } };
    const frame = sseFrames.data(chunk);
    expect(frame).toBe('data: {"id":"c","choices":[],"x_groq":{"id":"req_1"}}\n\n');
    expect(chunk.x_groq.error).toBeDefined(); // the chunk itself is left as it was
  });

  test('in a relayed chunk: x_groq.error null (no error) is kept, so the chunk reads back as sent', () => {
    const chunk = { id: 'c', choices: [], x_groq: { id: 'req_1', error: null } };
    expect(sseFrames.data(chunk)).toBe(`data: ${JSON.stringify(chunk)}\n\n`);
  });
});
