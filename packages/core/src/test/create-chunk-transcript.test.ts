import { describe, expect, test } from 'vitest';
import { createChunkTranscript, type TranscriptChunk } from './create-chunk-transcript.js';

const contentOf = (chunks: TranscriptChunk[]): string => chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');

describe('createChunkTranscript', () => {
  test('gives exactly the number of chunks asked, first with role and x_groq, last with finish and usage', () => {
    const chunks = createChunkTranscript({ chunks: 10, seed: 3 });
    expect(chunks).toHaveLength(10);

    const first = chunks[0]!;
    expect(first.choices[0]).toEqual({ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null });
    expect(first.x_groq?.id).toMatch(/^req_01[0-9a-z]{24}$/);
    expect(Number.isInteger(first.x_groq?.seed)).toBe(true);

    for (const chunk of chunks.slice(1, -1)) {
      expect(Object.keys(chunk)).toEqual(['id', 'object', 'created', 'model', 'system_fingerprint', 'choices']);
      expect(chunk.choices[0]?.finish_reason).toBeNull();
      expect(typeof chunk.choices[0]?.delta.content).toBe('string');
    }

    const last = chunks[9]!;
    expect(last.choices[0]).toEqual({ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' });
    expect(last.x_groq?.id).toBe(first.x_groq?.id);
    expect(last.usage).toEqual(last.x_groq?.usage);
    const usage = last.usage!;
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    expect(Object.keys(usage)).toEqual([
      'queue_time', 'prompt_tokens', 'prompt_time', 'completion_tokens', 'completion_time', 'total_tokens', 'total_time',
    ]);

    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(first.id).toMatch(/^chatcmpl-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first.system_fingerprint).toMatch(/^fp_[0-9a-f]{10}$/);
    expect(first.model).toBe('llama-3.3-70b-versatile');
  });

  test('is deterministic for a seed, and differs between seeds', () => {
    expect(createChunkTranscript({ chunks: 200, seed: 42 })).toEqual(createChunkTranscript({ chunks: 200, seed: 42 }));
    expect(contentOf(createChunkTranscript({ chunks: 200, seed: 42 }))).not.toBe(contentOf(createChunkTranscript({ chunks: 200, seed: 43 })));
  });

  test('content chunks hold 1 to 6 words, with non-ASCII text and characters JSON must escape', () => {
    const chunks = createChunkTranscript({ chunks: 2000, seed: 1 });
    const text = contentOf(chunks);
    expect(text).toMatch(/[é-ü]/); // accents
    expect(text).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/); // CJK
    expect(text).toMatch(/\p{Extended_Pictographic}/u); // emoji
    expect(text).toMatch(/[“”]/);
    for (const special of ['\n', '"', '\\', '\t']) expect(text).toContain(special);
    expect(JSON.stringify(chunks)).toContain('\\n');
  });

  test('model, finish reason and usage are options', () => {
    const chunks = createChunkTranscript({ chunks: 5, model: 'openai/gpt-oss-20b', finishReason: 'length', withUsage: false });
    const last = chunks[4]!;
    expect(chunks.every((chunk) => chunk.model === 'openai/gpt-oss-20b')).toBe(true);
    expect(last.choices[0]?.finish_reason).toBe('length');
    expect(last.usage).toBeUndefined();
    expect(last.x_groq).toEqual({ id: chunks[0]!.x_groq!.id });
  });

  test('with tool_calls, streams one call whose joined arguments are JSON', () => {
    const chunks = createChunkTranscript({ chunks: 30, seed: 9, finishReason: 'tool_calls' });
    const calls = chunks.slice(1, -1).map((chunk) => chunk.choices[0]!.delta.tool_calls![0]!);
    expect(calls[0]).toMatchObject({ index: 0, type: 'function', function: { name: 'search' } });
    expect(calls[0]!.id).toMatch(/^call_/);
    expect(calls.slice(1).every((call) => call.id === undefined && call.function.name === undefined)).toBe(true);
    const args = JSON.parse(calls.map((call) => call.function.arguments).join('')) as { query: string };
    expect(typeof args.query).toBe('string');
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('tool_calls');
  });

  test('the smallest transcript is the first and the last chunk', () => {
    expect(createChunkTranscript({ chunks: 2 })).toHaveLength(2);
    expect(() => createChunkTranscript({ chunks: 1 })).toThrow(RangeError);
    expect(() => createChunkTranscript({ chunks: 2.5 })).toThrow(RangeError);
  });
});
