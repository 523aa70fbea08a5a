import { describe, expect, test } from 'vitest';
import { describeBody, isEventStreamContentType, readBoundedText, tryParseJSON, unexpectedBodyError, withBody } from './read-response-body.js';
import { relayErrorOf } from './relay-error-of.js';
import { createTestResponse } from './test/create-test-response.js';

const utf8 = new TextEncoder();
const bom = [0xef, 0xbb, 0xbf];

/** `bytes` cut at `at` into two pieces, as a network may deliver them. */
function cut(bytes: Uint8Array, at: number): Uint8Array[] {
  return [bytes.subarray(0, at), bytes.subarray(at)];
}

/** A JSON body after `boms` byte order marks. */
function withBOMs(boms: number, json: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array([...Array.from({ length: boms }, () => bom).flat(), ...utf8.encode(json)]);
}

describe('readBoundedText', () => {
  test("removes the body's one leading BOM however it arrives, whole or split at any byte", async () => {
    const body = withBOMs(1, '{"a":1}');
    for (let at = 1; at < body.length; at++) {
      const text = await readBoundedText(createTestResponse(cut(body, at), { headers: { 'content-type': 'application/json' } }).response);
      expect(text, `cut at ${at}`).toBe('{"a":1}');
    }
    expect(await readBoundedText(new Response(body))).toBe('{"a":1}');
  });

  test('keeps a second U+FEFF, also after a first BOM split across pieces (EF | BB BF EF BB BF): the body is then no JSON', async () => {
    const body = withBOMs(2, '{"a":1}');
    // Node 24.22's streaming TextDecoder removed both U+FEFF when the body was cut after the first byte.
    for (let at = 1; at < body.length; at++) {
      const text = await readBoundedText(createTestResponse(cut(body, at)).response);
      expect(text, `cut at ${at}`).toBe('\uFEFF{"a":1}');
      expect(tryParseJSON(text)).toBeUndefined();
    }
    expect(await readBoundedText(new Response(body))).toBe('\uFEFF{"a":1}');
  });

  test('a U+FEFF later in the body is kept, as is one at the start of a later piece', async () => {
    const pieces = [utf8.encode('{"a":"'), utf8.encode('\uFEFFb"}')];
    expect(await readBoundedText(createTestResponse(pieces).response)).toBe('{"a":"\uFEFFb"}');
  });

  test("relayErrorOf reads a relay's JSON answer after one split BOM, and describes one after two as not the relay's", async () => {
    const json = JSON.stringify({ error: { message: 'Sign in to chat.', type: 'invalid_request_error', code: 'sign_in_required' } });
    const headers = { 'content-type': 'application/json' };
    const one = await relayErrorOf(createTestResponse(cut(withBOMs(1, json), 1), { status: 401, headers }).response);
    expect(one.message).toBe('401 Sign in to chat.');
    const two = await relayErrorOf(createTestResponse(cut(withBOMs(2, json), 1), { status: 401, headers }).response);
    expect(two.message).not.toBe('401 Sign in to chat.');
    expect(two.message).toContain("This is not the relay's answer");
  });
});

describe('withBody', () => {
  test('keeps what the Response constructor cannot set: the url, and that redirects led to it', async () => {
    const response = Object.defineProperties(new Response('old', { status: 201, statusText: 'Made', headers: { 'x-request-id': 'req_1' } }), {
      url: { value: 'https://api.example.test/v2/chat' },
      redirected: { value: true },
    });
    const copy = withBody(response, 'new');
    expect([copy.status, copy.statusText, copy.headers.get('x-request-id'), copy.url, copy.redirected]).toEqual([201, 'Made', 'req_1', 'https://api.example.test/v2/chat', true]);
    expect(await copy.text()).toBe('new');
    expect(withBody(new Response('old'), 'new').redirected).toBe(false);
  });

  test('a status that cannot have a body gets none', () => {
    expect(withBody(new Response(null, { status: 204 }), 'ignored').body).toBeNull();
  });
});

test.each([
  ['text/event-stream', true],
  ['Text/Event-Stream; charset=utf-8', true],
  ['text/event-streams', false],
  ['application/json', false],
  [null, false],
])('isEventStreamContentType(%j) is %s', (contentType, expected) => {
  expect(isEventStreamContentType(contentType)).toBe(expected);
});

describe('describeBody', () => {
  test("cuts a server's content type at 100 characters, as it cuts the body: a 15 KB header made a 15 KB message", () => {
    const contentType = `text/html; x=${'a'.repeat(15_000)}`;
    const described = describeBody(contentType, '<html>');
    expect(described).toMatch(/^text\/html; x=a+… \(15013 characters in all\), body "<html>"$/);
    expect(described.length).toBeLessThan(200);
    expect(describeBody('text/html', '<html>')).toBe('text/html, body "<html>"');
    const error = unexpectedBodyError('an event stream (text/event-stream)', new Response('<html>', { headers: { 'content-type': contentType } }), '<html>', {});
    expect(error.message).toMatch(/^Expected an event stream \(text\/event-stream\) but got text\/html; x=a+… \(15013 characters in all\), body "<html>"\./);
    expect(error.message.length).toBeLessThan(400);
  });
});
