import { describe, expect, test } from 'vitest';
import { errorEventBody } from './error-event-body.js';

describe('errorEventBody', () => {
  const error = { message: 'Service unavailable', type: 'internal_server_error', code: 'service_unavailable' };

  test('is the JSON of the first event that carries an error, past comments, chunks and data that is not JSON', () => {
    const text = `: ping\n\ndata: not json\n\ndata: {"choices":[]}\n\nevent: error\ndata: ${JSON.stringify({ error })}\n\ndata: {"error":{"message":"second"}}\n\n`;
    expect(errorEventBody(text)).toEqual({ error });
  });

  test('takes data split over several lines, as the event-stream rules join them', () => {
    expect(errorEventBody('data: {"error":\ndata: {"message":"split"}}\n\n')).toEqual({ error: { message: 'split' } });
  });

  test('takes a bare message or a string error, as a JSON error body is read', () => {
    expect(errorEventBody('data: {"message":"bare"}\n\n')).toEqual({ message: 'bare' });
    expect(errorEventBody('data: {"error":"text"}\n\n')).toEqual({ error: 'text' });
  });

  test.each([
    ['no events', ''],
    ['only [DONE]', 'data: [DONE]\n\n'],
    ['a list', 'data: [{"error":{}}]\n\n'],
    ['an empty error string', 'data: {"error":""}\n\n'],
    ['an event cut off in its data line', 'data: {"error":{"message":"cut'],
  ])('is undefined for %s', (_, text) => {
    expect(errorEventBody(text)).toBeUndefined();
  });
});
