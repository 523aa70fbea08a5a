import { describe, expect, it } from 'vitest';
import type { CompletionMeta } from './completion-meta.js';
import type { AnswerPlan } from './create-answer-plan.js';
import { createAnswerSteps, FAULT_AFTER_DELTAS } from './create-answer-steps.js';
import { createUsage } from './create-usage.js';
import { generateAnswerTokens, generateReasoningTokens } from './generate-answer.js';
import { SseBatch } from './sse-batch.js';
import { stringifyGroqJson } from './stringify-groq-json.js';

const meta: CompletionMeta = {
  id: 'chatcmpl-5f0c6a1e-2b7d-4c1a-9a57-0d1e2f3a4b5c',
  created: 1795598116,
  model: 'llama-3.3-70b-versatile',
  systemFingerprint: 'fp_7a5b6d9ff4',
  requestId: 'req_01abcdefghjkmnpqrstvwxyz01',
  seed: 7,
  serviceTier: 'on_demand',
};

function plan(overrides: Partial<AnswerPlan>): AnswerPlan {
  const base: AnswerPlan = { reasoning: [], hiddenReasoningTokens: 0, content: [], toolCall: undefined, finishReason: 'stop', completionTokens: 0 };
  const merged = { ...base, ...overrides };
  return { ...merged, completionTokens: merged.reasoning.length + merged.content.length };
}

// What every chunk of the answer starts with, in Groq's order.
const head = () => ({ id: meta.id, object: 'chat.completion.chunk', created: meta.created, model: meta.model, system_fingerprint: meta.systemFingerprint });

// Serialized as the mock sends JSON, with whole usage times as floats (`"completion_time":0.0` with no delta).
const event = (delta: unknown, finishReason: string | null = null, extras: Record<string, unknown> = {}) =>
  `data: ${stringifyGroqJson({ ...head(), choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }], ...extras })}\n\n`;

// The chunk that `stream_options.include_usage` adds before [DONE]: no choices, the usage and the service tier.
const usageEvent = (usage: unknown) => `data: ${stringifyGroqJson({ ...head(), choices: [], usage, service_tier: meta.serviceTier })}\n\n`;

// The steps a stream must be made of, from chunk objects: the role chunk with the first delta, one delta a
// step, the last chunk and [DONE] in the last step (or in the first, with the role chunk, when there is no delta).
function expectedSteps(answer: AnswerPlan, faulty: boolean, includeUsage: boolean): string[] {
  const usage = createUsage(10, answer.completionTokens, 0);
  const call = answer.toolCall;
  const deltas: unknown[] = [
    ...answer.reasoning.map((reasoning) => ({ reasoning })),
    ...answer.content.map((content) => ({ content })),
    ...(call === undefined
      ? []
      : [
          { tool_calls: [{ index: 0, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] },
          ...call.argumentPieces.map((piece) => ({ tool_calls: [{ index: 0, function: { arguments: piece } }] })),
        ]),
  ];
  const steps = (faulty ? deltas.slice(0, FAULT_AFTER_DELTAS) : deltas).map((delta) => event(delta));
  const usageChunk = includeUsage ? usageEvent(usage) : '';
  const ending = faulty ? [] : [`${event({}, answer.finishReason, { x_groq: { id: meta.requestId, usage }, usage })}${usageChunk}data: [DONE]\n\n`];
  const all = [...steps, ...ending];
  if (all.length === 0) all.push('');
  all[0] = event({ role: 'assistant', content: '' }, null, { x_groq: { id: meta.requestId, seed: meta.seed } }) + all[0];
  return all;
}

const call = { id: 'call_abc', name: 'get_weather', argumentPieces: ['{"locati', 'on":"Par', 'is","uni', 't":"cels', 'ius"}'] };
const plans: [string, AnswerPlan][] = [
  ['content', plan({ content: generateAnswerTokens('“Hello” \\ world\n🚀', 200) })],
  ['reasoning, then content', plan({ reasoning: generateReasoningTokens('why'), content: generateAnswerTokens('why', 20) })],
  ['a tool call', { ...plan({}), toolCall: call, finishReason: 'tool_calls', completionTokens: 6 }],
  ['no delta', plan({})],
  ['one delta', plan({ content: ['only'] })],
  ['a length cut', { ...plan({ content: generateAnswerTokens('cut', 5) }), finishReason: 'length' }],
];

describe('createAnswerSteps', () => {
  const cases = plans.flatMap(([name, answer]) =>
    [false, true].flatMap((faulty) => [false, true].map((includeUsage) => [name, faulty, includeUsage, answer] as const)),
  );
  it.each(cases)(
    'writes %s (faulty: %s, include_usage: %s) as the chunk objects serialized, one step a token',
    (_, faulty, includeUsage, answer) => {
      const steps = createAnswerSteps({ meta, plan: answer, usage: createUsage(10, answer.completionTokens, 0), faulty, includeUsage });
      const batch = new SseBatch(64 * 1024);
      const written: string[] = [];
      for (let step = 0; step < steps.count; step++) {
        steps.append(batch, step);
        written.push(batch.take().toString('utf8'));
      }
      expect(written).toEqual(expectedSteps(answer, faulty, includeUsage));
    },
  );
});
