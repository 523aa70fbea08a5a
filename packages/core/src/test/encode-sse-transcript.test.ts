import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { describe, expect, test } from 'vitest';
import { createChunkTranscript } from './create-chunk-transcript.js';
import { encodeSSETranscript } from './encode-sse-transcript.js';
import { SSEDecoder } from '../sse-decoder.js';
import { interpretEventStream } from './interpret-event-stream.js';
import { splitEverywhere } from './split-bytes.js';

function parseEvents(bytes: Uint8Array): EventSourceMessage[] {
  const events: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => events.push(event) });
  parser.feed(new TextDecoder().decode(bytes));
  return events;
}

describe('encodeSSETranscript', () => {
  test('writes one data event per chunk, then [DONE]', () => {
    const text = new TextDecoder().decode(encodeSSETranscript([{ a: 1 }, { b: 'x"y\nz' }]));
    expect(text).toBe('data: {"a":1}\n\ndata: {"b":"x\\"y\\nz"}\n\ndata: [DONE]\n\n');
  });

  test('a transcript round-trips through an SSE parser, with every line ending', () => {
    const chunks = createChunkTranscript({ chunks: 300, seed: 5 });
    for (const lineEnding of ['\n', '\r\n', '\r'] as const) {
      const events = parseEvents(encodeSSETranscript(chunks, { lineEnding }));
      expect(events.at(-1)?.data).toBe('[DONE]');
      expect(events.slice(0, -1).map((event) => JSON.parse(event.data))).toEqual(chunks);
    }
  });

  test('encodes UTF-8 and escapes line breaks inside the JSON, so each event is one line', () => {
    const bytes = encodeSSETranscript([{ content: 'café 東京 🚀\n' }], { done: false });
    const text = new TextDecoder().decode(bytes);
    expect(text).toBe('data: {"content":"café 東京 🚀\\n"}\n\n');
    expect(bytes.length).toBeGreaterThan(text.length); // multi-byte characters
  });

  test("strings with line breaks, NUL, U+2028, U+2029, a BOM or lone surrogates read back under the standard's rules unchanged, however the bytes are split", () => {
    const chunks = [{ content: 'a\rb\nc\r\n\n\0\u2028\u2029\u0085\uFEFF\uDFFF\uD800😀', 'key\r\n': ['\ndata: [DONE]\n\n', 'event: error'] }, { content: '' }];
    for (const lineEnding of ['\n', '\r\n', '\r'] as const) {
      const bytes = encodeSSETranscript(chunks, { lineEnding });
      const expected = [...chunks.map((chunk) => ['message', chunk]), ['message', '[DONE]']];
      const parsed = (data: string): unknown => (data === '[DONE]' ? data : JSON.parse(data));
      expect(interpretEventStream(bytes).events.map(({ event, data }) => [event, parsed(data)]), JSON.stringify(lineEnding)).toEqual(expected);
      // The streaming parser, with the bytes in two pieces split anywhere.
      for (const pieces of splitEverywhere(bytes)) {
        const events: unknown[] = [];
        const decoder = new SSEDecoder(({ event, data }) => events.push([event, parsed(data)]));
        for (const piece of pieces) decoder.push(piece);
        decoder.end();
        expect(events).toEqual(expected);
      }
    }
  });

  test('uses the line ending asked for, and can leave out [DONE]', () => {
    const text = new TextDecoder().decode(encodeSSETranscript([1, 2], { done: false, lineEnding: '\r\n' }));
    expect(text).toBe('data: 1\r\n\r\ndata: 2\r\n\r\n');
  });
});
