import type { AnswerPlan } from './create-answer-plan.js';
import type { CompletionMeta } from './completion-meta.js';
import type { GroqUsage } from './create-usage.js';

/** The non-streamed answer: Groq's `ChatCompletion`, the same content as the streamed chunks joined. */
export function createChatCompletion(meta: CompletionMeta, plan: AnswerPlan, usage: GroqUsage): Record<string, unknown> {
  const call = plan.toolCall;
  const message: Record<string, unknown> = { role: 'assistant', content: call ? null : plan.content.join('') };
  if (plan.reasoning.length > 0) message.reasoning = plan.reasoning.join('');
  if (call) {
    message.tool_calls = [{ id: call.id, type: 'function', function: { name: call.name, arguments: call.argumentPieces.join('') } }];
  }
  return {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: plan.finishReason }],
    usage,
    // Compound's usage per model; Groq sends null for a single model.
    usage_breakdown: null,
    system_fingerprint: meta.systemFingerprint,
    x_groq: { id: meta.requestId, seed: meta.seed },
    service_tier: meta.serviceTier,
  };
}
