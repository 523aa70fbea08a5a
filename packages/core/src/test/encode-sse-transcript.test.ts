import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { describe, expect, test } from 'vitest';
import { createChunkTranscript } from './create-chunk-transcript.js';
import { encodeSSETranscript } from './encode-sse-transcript.js';

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

  test('uses the line ending asked for, and can leave out [DONE]', () => {
    const text = new TextDecoder().decode(encodeSSETranscript([1, 2], { done: false, lineEnding: '\r\n' }));
    expect(text).toBe('data: 1\r\n\r\ndata: 2\r\n\r\n');
  });
});
