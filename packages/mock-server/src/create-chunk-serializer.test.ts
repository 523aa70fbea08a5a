import { describe, expect, it } from 'vitest';
import type { CompletionMeta } from './completion-meta.js';
import { createChunkSerializer, type TextDeltaKind } from './create-chunk-serializer.js';
import { generateAnswerTokens, generateReasoningTokens } from './generate-answer.js';
import { createSeededRandom } from './seeded-random.js';
import { SseBatch } from './sse-batch.js';

const meta: CompletionMeta = {
  id: 'chatcmpl-5f0c6a1e-2b7d-4c1a-9a57-0d1e2f3a4b5c',
  created: 1795598116,
  model: 'llama-3.3-70b-versatile',
  systemFingerprint: 'fp_7a5b6d9ff4',
  requestId: 'req_01abcdefghjkmnpqrstvwxyz01',
  seed: 2022141289,
  serviceTier: 'on_demand',
};
// The model is echoed from the request, so it may hold anything, even the text that frames are cut at.
const oddMeta: CompletionMeta = { ...meta, model: 'my "model" \\ \u0000 naïve 🚀 \u2028', systemFingerprint: 'fp_"odd"' };

// What Groq sends, by the definition: JSON.stringify of the whole chunk, keys in Groq's order.
function expectedEvent(chunkMeta: CompletionMeta, delta: unknown, finishReason: string | null = null, extras: Record<string, unknown> = {}): string {
  const chunk = {
    id: chunkMeta.id,
    object: 'chat.completion.chunk',
    created: chunkMeta.created,
    model: chunkMeta.model,
    system_fingerprint: chunkMeta.systemFingerprint,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...extras,
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

const edgeCases = [
  '', ' ', 'a', '"', '""', '\\', '\\"', '"\\', '\n', '\r\n', '\t', '\b\f', '\u0000', '\u001f', '\u007f', '\u0080', 'é', 'naïve',
  '“fast”', '€', '\u2028\u2029', '\ufeff', '🚀', ' 🎉', '👩‍💻', '🇫🇷', '\ud83d', '\ude80', 'a\ud83db', '\ude80\ud83d', '</script>',
  'data: [DONE]\n\n', '{"content":"x"}', '},"logprobs":null', 'x'.repeat(70_000), '€'.repeat(30_000), '🚀'.repeat(20_000),
];

// Strings drawn from characters that JSON escapes, that take 1 to 4 bytes in UTF-8, and lone surrogates.
function randomTokens(count: number): string[] {
  const random = createSeededRandom(20261125);
  const pool = ['a', 'Z', ' ', '"', '\\', '/', '\n', '\r', '\t', '\u0000', '\u0007', '\u001b', '\u007f', 'é', 'ß', '€', '“', '\u2028', '🚀', '🙂', '\ud800', '\udfff'];
  return Array.from({ length: count }, () => {
    let token = '';
    const length = Math.floor(random() * 12);
    for (let index = 0; index < length; index++) token += pool[Math.floor(random() * pool.length)];
    return token;
  });
}

const tokens = [
  ...edgeCases,
  ...generateAnswerTokens('Explain quantum computing to a loopback benchmark', 3000),
  ...generateAnswerTokens('“Quotes”, \\backslashes\\ and\nnewlines — café 🚀', 500),
  ...generateReasoningTokens('naïve "prompt"'),
  ...randomTokens(5000),
];

describe.each([
  ['a usual model name', meta],
  ['a model name with quotes, escapes, NUL and emoji', oddMeta],
])('createChunkSerializer with %s', (_, chunkMeta) => {
  const serializer = createChunkSerializer(chunkMeta);

  it.each<TextDeltaKind>(['content', 'reasoning'])('frames %s deltas into exactly the bytes of JSON.stringify of the whole chunk', (kind) => {
    const frame = serializer.textFrame(kind);
    const batch = new SseBatch(64 * 1024);
    for (const token of tokens) {
      const expected = expectedEvent(chunkMeta, { [kind]: token });
      batch.appendJsonString(frame, token);
      const bytes = batch.take();
      if (!bytes.equals(Buffer.from(expected))) expect(bytes.toString('utf8')).toBe(expected);
      expect(serializer.event({ [kind]: token } as { content: string })).toBe(expected);
    }
  });

  it('gives the same bytes when thousands of text chunks share one batch', () => {
    const frame = serializer.textFrame('content');
    const batch = new SseBatch(64 * 1024);
    let expected = '';
    const taken: Buffer[] = [];
    for (const token of tokens) {
      batch.appendJsonString(frame, token);
      expected += expectedEvent(chunkMeta, { content: token });
      if (batch.byteLength >= 64 * 1024) taken.push(batch.take());
    }
    taken.push(batch.take());
    expect(taken.length).toBeGreaterThan(10);
    expect(Buffer.concat(taken).equals(Buffer.from(expected))).toBe(true);
  });

  it('serializes the role chunk, tool-call deltas and the last chunk like JSON.stringify of the whole chunk', () => {
    const first = { x_groq: { id: chunkMeta.requestId, seed: chunkMeta.seed } };
    expect(serializer.event({ role: 'assistant', content: '' }, null, first)).toBe(expectedEvent(chunkMeta, { role: 'assistant', content: '' }, null, first));
    const call = { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] } as const;
    expect(serializer.event(structuredClone(call) as never)).toBe(expectedEvent(chunkMeta, call));
    const usage = { queue_time: 0.021342, prompt_tokens: 14, prompt_time: 0.0007, completion_tokens: 5, completion_time: 0.005, total_tokens: 19, total_time: 0.0057 };
    const last = { x_groq: { id: chunkMeta.requestId, usage }, usage };
    for (const finishReason of ['stop', 'length', 'tool_calls']) {
      expect(serializer.event({}, finishReason, last)).toBe(expectedEvent(chunkMeta, {}, finishReason, last));
    }
  });

  it('serializes the usage chunk of include_usage: no choices, then the usage and the service tier', () => {
    const usage = { queue_time: 0.021342, prompt_tokens: 14, prompt_time: 0.0007, completion_tokens: 5, completion_time: 0.005, total_tokens: 19, total_time: 0.0057 };
    for (const chunkMeta of [meta, oddMeta]) {
      const { id, created, model, systemFingerprint, serviceTier } = chunkMeta;
      const chunk = { id, object: 'chat.completion.chunk', created, model, system_fingerprint: systemFingerprint, choices: [], usage, service_tier: serviceTier };
      expect(createChunkSerializer(chunkMeta).usageEvent(usage)).toBe(`data: ${JSON.stringify(chunk)}\n\n`);
    }
  });

  it('names the tier the answer was served on, and takes only such a tier', () => {
    expect(createChunkSerializer({ ...meta, serviceTier: 'flex' }).usageEvent({})).toContain('"service_tier":"flex"}');
    // The body's service_tier as sent is no served tier: auto is served on on_demand (requestedServiceTier), and a
    // misspelt tier would be named as sent; callers pass ChatRequest.serviceTier, which the type now requires.
    // @ts-expect-error -- auto is served on on_demand, not named
    const auto: CompletionMeta = { ...meta, serviceTier: 'auto' };
    expect(createChunkSerializer(auto).usageEvent({})).toContain('"service_tier":"auto"}');
  });
});

describe.each(['openai/gpt-oss-20b', 'openai/gpt-oss-120b'])('createChunkSerializer for %s', (model) => {
  const serializer = createChunkSerializer({ ...meta, model });

  // As Groq streams gpt-oss: `channel` after `reasoning` on each reasoning delta, none on content.
  it.each<[TextDeltaKind, (token: string) => object]>([
    ['reasoning', (token) => ({ reasoning: token, channel: 'analysis' })],
    ['content', (token) => ({ content: token })],
  ])('frames %s deltas into exactly the bytes of JSON.stringify of the whole chunk', (kind, deltaOf) => {
    const frame = serializer.textFrame(kind);
    const batch = new SseBatch(64 * 1024);
    for (const token of [...edgeCases, ...generateReasoningTokens('naïve "prompt"')]) {
      const expected = expectedEvent({ ...meta, model }, deltaOf(token));
      batch.appendJsonString(frame, token);
      const bytes = batch.take();
      if (!bytes.equals(Buffer.from(expected))) expect(bytes.toString('utf8')).toBe(expected);
    }
  });
});
