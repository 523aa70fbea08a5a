import { describe, expect, test } from 'vitest';
import { Stream } from './stream.js';
import { createTestResponse } from './test/create-test-response.js';
import { readAll } from './test/read-all.js';

const chunk = (content: string, finish: string | null = null) => ({ id: 'c', choices: [{ index: 0, delta: { content }, finish_reason: finish }] });
const event = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;

describe('ChunkReader: [DONE]', () => {
  test.each(['data: [DONE] \n\n', 'data:  [DONE]\n\n', 'data: [DONE]\t\n\n'])('%j ends the stream, as it does in groq-sdk', async (done) => {
    const { response } = createTestResponse([event(chunk('a')), done, event(chunk('late'))]);
    expect(await readAll(Stream.fromSSEResponse(response))).toEqual({ items: [chunk('a')], error: undefined });
  });
});
