import { describe, expect, test } from 'vitest';
import { StreamInvalidDataError } from './errors/stream-invalid-data-error.js';
import { NDJSONDecoder } from './ndjson-decoder.js';
import { Stream } from './stream.js';
import { createTestResponse } from './test/create-test-response.js';
import { readAll } from './test/read-all.js';

const utf8 = new TextEncoder();
const bom = [0xef, 0xbb, 0xbf];

/** The lines `NDJSONDecoder` delivers for `pieces`, the stream ended after the last. */
function lines(...pieces: Uint8Array[]): string[] {
  const found: string[] = [];
  const decoder = new NDJSONDecoder((line) => found.push(line));
  for (const piece of pieces) decoder.push(piece);
  decoder.end();
  return found;
}

/** NDJSON text after `boms` byte order marks. */
function withBOMs(boms: number, text: string): Uint8Array {
  return new Uint8Array([...Array.from({ length: boms }, () => bom).flat(), ...utf8.encode(text)]);
}

describe('NDJSONDecoder', () => {
  test("removes the stream's one leading BOM however it arrives, whole or split at any byte", () => {
    const bytes = withBOMs(1, '{"a":1}\n{"b":2}\n');
    expect(lines(bytes)).toEqual(['{"a":1}', '{"b":2}']);
    for (let at = 1; at < bytes.length; at++) {
      expect(lines(bytes.subarray(0, at), bytes.subarray(at)), `cut at ${at}`).toEqual(['{"a":1}', '{"b":2}']);
    }
    // A first piece that decodes to nothing (the BOM's first byte alone) leaves the BOM to the next.
    expect(lines(bytes.subarray(0, 1), new Uint8Array(0), bytes.subarray(1))).toEqual(['{"a":1}', '{"b":2}']);
  });

  test('keeps a second U+FEFF in the first line, also after a first BOM split across pieces (EF | BB BF EF BB BF)', () => {
    const bytes = withBOMs(2, '{"a":1}\n');
    expect(lines(bytes)).toEqual(['\uFEFF{"a":1}']);
    // Node 24.22's streaming TextDecoder removed both U+FEFF when the stream was cut after the first byte.
    for (let at = 1; at < bytes.length; at++) {
      expect(lines(bytes.subarray(0, at), bytes.subarray(at)), `cut at ${at}`).toEqual(['\uFEFF{"a":1}']);
    }
  });

  test('a U+FEFF at the start of a later piece or line is kept', () => {
    expect(lines(utf8.encode('{"a":1}\n'), utf8.encode('\uFEFF{"b":2}\n'))).toEqual(['{"a":1}', '\uFEFF{"b":2}']);
    expect(lines(utf8.encode('{"a":"'), utf8.encode('\uFEFFb"}\n'))).toEqual(['{"a":"\uFEFFb"}']);
  });

  test('Stream.fromReadableStream reads NDJSON after one split BOM, and fails on a second as data that is not JSON', async () => {
    const chunk = { id: 'c1', choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: 'stop' }] };
    const text = `${JSON.stringify(chunk)}\n`;
    const one = withBOMs(1, text);
    const read = await readAll(Stream.fromReadableStream(createTestResponse([one.subarray(0, 1), one.subarray(1)]).response.body!));
    expect(read).toEqual({ items: [chunk], error: undefined });
    const two = withBOMs(2, text);
    const failed = await readAll(Stream.fromReadableStream(createTestResponse([two.subarray(0, 1), two.subarray(1)]).response.body!));
    expect(failed.items).toEqual([]);
    expect(failed.error).toBeInstanceOf(StreamInvalidDataError);
    expect((failed.error as Error).message).toMatch(/^The server sent data that is not valid JSON/);
  });
});

describe('NDJSONDecoder line limit', () => {
  /** The lines for `bytes` cut at `at` (none: whole), or the error's name after them. */
  function outcome(bytes: Uint8Array, at?: number): string[] {
    const found: string[] = [];
    const decoder = new NDJSONDecoder((line) => found.push(line), 10);
    try {
      for (const piece of at === undefined ? [bytes] : [bytes.subarray(0, at), bytes.subarray(at)]) decoder.push(piece);
      decoder.end();
    } catch (error) {
      return [...found, (error as Error).name];
    }
    return found;
  }

  test('counts a line without the CR of its CRLF, however the bytes are split', () => {
    // The CR was counted: a CRLF line of exactly the limit failed where the same line ended by LF passed.
    for (const [text, expected] of [
      ['{"a":"12"}\r\n{"b":1}\r\n', ['{"a":"12"}', '{"b":1}']],
      ['{"a":"12"}\n{"b":1}\n', ['{"a":"12"}', '{"b":1}']],
      ['{"a":"123"}\r\n', ['StreamEventTooLargeError']],
      ['{"a":"123"}\n', ['StreamEventTooLargeError']],
    ] as const) {
      const bytes = utf8.encode(text);
      expect(outcome(bytes), text).toEqual(expected);
      for (let at = 1; at < bytes.length; at++) expect(outcome(bytes, at), `${text} cut at ${at}`).toEqual(expected);
    }
  });
});
