import { describe, expect, test } from 'vitest';
import { isRequestId, requestIdFrom } from './request-id.js';

describe('request ids', () => {
  test("Groq's ids, UUIDs and base64 ids are ids", () => {
    for (const id of ['req_01jxyzabc123', '6f1c2a4e-1b2d-4c3e-9f00-123456789abc', 'AbC+dEf/GhI=']) expect(isRequestId(id)).toBe(true);
  });

  test('an echoed header, or a key (which has the shape of an id), is not', () => {
    for (const value of ['req_1 (Authorization: Bearer x)', 'gsk_TestKeyAbc123Def456', '', 'x'.repeat(201)]) expect(isRequestId(value)).toBe(false);
    expect(requestIdFrom(new Headers({ 'x-request-id': 'gsk_TestKeyAbc123Def456' }))).toBeUndefined();
    expect(requestIdFrom(new Headers({ 'x-request-id': 'req_9' }))).toBe('req_9');
  });

  test("a relay's x-groq-request-id is Groq's id, before an x-request-id that may be the app's own", () => {
    expect(requestIdFrom(new Headers({ 'x-request-id': 'app-request-7', 'x-groq-request-id': 'req_01groq' }))).toBe('req_01groq');
    expect(requestIdFrom(new Headers({ 'x-request-id': 'req_9', 'x-groq-request-id': 'gsk_TestKeyAbc123Def456' }))).toBe('req_9');
  });
});
