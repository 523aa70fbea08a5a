import { describe, expect, test } from 'vitest';
import type { CompletionUsage } from '../index.js';
import { formatDuration, formatSummary, type StreamSummary } from './format-summary.js';

const usage: CompletionUsage = {
  queue_time: 0.021342,
  prompt_tokens: 14,
  prompt_time: 0.0007,
  completion_tokens: 120,
  completion_time: 0.141,
  total_tokens: 134,
  total_time: 0.1417,
};
const summary: StreamSummary = { timeToFirstTokenMs: 312.4, totalMs: 4312.4, contentChunks: 118, toolCallChunks: 0, usage, finishReason: 'stop' };

describe('formatSummary', () => {
  test('time to first token, generation rate, usage and Groq timings', () => {
    expect(formatSummary(summary)).toBe('first token 312 ms · 30.0 tokens/s · 14 prompt + 120 completion tokens · Groq queue 21 ms, compute 142 ms');
  });

  test('a fast rate is rounded to whole tokens per second', () => {
    expect(formatSummary({ ...summary, timeToFirstTokenMs: 200, totalMs: 450 })).toMatch(/· 480 tokens\/s ·/);
  });

  test('without usage the rate counts chunks', () => {
    expect(formatSummary({ ...summary, usage: undefined })).toBe('first token 312 ms · 29.5 chunks/s');
  });

  test('Groq timings are left out when the server sent none', () => {
    const bare = { prompt_tokens: 3, completion_tokens: 6, total_tokens: 9 };
    expect(formatSummary({ ...summary, usage: bare })).toBe('first token 312 ms · 1.5 tokens/s · 3 prompt + 6 completion tokens');
  });

  test('no rate for an answer read in a burst or of a few tokens: the total time instead', () => {
    expect(formatSummary({ ...summary, timeToFirstTokenMs: 300, totalMs: 302 })).toBe('first token 300 ms · done in 302 ms · 14 prompt + 120 completion tokens · Groq queue 21 ms, compute 142 ms');
    expect(formatSummary({ ...summary, timeToFirstTokenMs: 300, totalMs: 549 })).toMatch(/ · done in 549 ms · /);
    expect(formatSummary({ ...summary, usage: { prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 } })).toBe('first token 312 ms · done in 4.31 s · 3 prompt + 5 completion tokens');
  });

  test('ascii: the parts set apart with | for a terminal that does not draw ·', () => {
    expect(formatSummary(summary, { ascii: true })).toBe('first token 312 ms | 30.0 tokens/s | 14 prompt + 120 completion tokens | Groq queue 21 ms, compute 142 ms');
    expect(formatSummary({ timeToFirstTokenMs: undefined, totalMs: 95, contentChunks: 0, toolCallChunks: 0, usage: undefined, finishReason: 'stop' }, { ascii: true })).toBe('done in 95 ms | empty answer');
    expect(formatSummary(summary, { ascii: false })).toBe(formatSummary(summary));
  });

  test('says why an answer stopped early', () => {
    expect(formatSummary({ ...summary, finishReason: 'length' })).toMatch(/ · stopped at the token limit$/);
    expect(formatSummary({ ...summary, finishReason: 'tool_calls' })).toMatch(/ · finish reason tool_calls$/);
  });

  test('an answer without text shows the total time, and says it is empty (but for one cut at the token limit, which says that)', () => {
    expect(formatSummary({ timeToFirstTokenMs: undefined, totalMs: 95, contentChunks: 0, toolCallChunks: 0, usage: undefined, finishReason: 'stop' })).toBe('done in 95 ms · empty answer');
    expect(formatSummary({ timeToFirstTokenMs: 40, totalMs: 95, contentChunks: 0, toolCallChunks: 0, usage: undefined, finishReason: 'length' })).toBe('first token 40 ms · done in 95 ms · stopped at the token limit');
    // Tool calls are an answer: the finish reason says what it was.
    expect(formatSummary({ timeToFirstTokenMs: undefined, totalMs: 95, contentChunks: 0, toolCallChunks: 2, usage: undefined, finishReason: 'tool_calls' })).toBe('done in 95 ms · finish reason tool_calls');
  });
});

describe('formatDuration', () => {
  test.each([
    [0.4213, '0.42 ms'],
    [7.46, '7.5 ms'],
    [312.4, '312 ms'],
    [999.4, '999 ms'],
    [999.6, '1.00 s'],
    [3981, '3.98 s'],
    [65_000, '1 min 5 s'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
