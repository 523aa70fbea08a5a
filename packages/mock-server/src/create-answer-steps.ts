import { toolCallDeltas } from './answer-deltas.js';
import type { CompletionMeta } from './completion-meta.js';
import type { AnswerPlan } from './create-answer-plan.js';
import { createChunkSerializer } from './create-chunk-serializer.js';
import type { GroqUsage } from './create-usage.js';
import type { SseSteps } from './write-sse-stream.js';

/** Content deltas sent before `stall`, `drop`, `mid-stream-error` and `stopped-early` strike. */
export const FAULT_AFTER_DELTAS = 3;

/** What {@link createAnswerSteps} needs. */
export interface AnswerStepsOptions {
  meta: CompletionMeta;
  plan: AnswerPlan;
  usage: GroqUsage;
  /** The stream is cut after {@link FAULT_AFTER_DELTAS} deltas: no last chunk, no `data: [DONE]`. */
  faulty: boolean;
  /**
   * Groq stopped the answer early: the last chunk carries this string as `x_groq.error`, then `data: [DONE]`
   * comes as usual. The plan is already cut to what is sent (`cutAnswerPlan`), so that usage counts it.
   */
  stoppedEarly?: string | undefined;
  /** `stream_options.include_usage`: one more chunk, with no choices, carries the usage and the service tier. */
  includeUsage?: boolean;
}

/**
 * The events of a streamed answer as paced steps, one a token: the role chunk with the first delta, each
 * further delta, then the last chunk (with usage) and `data: [DONE]` (with the role chunk when there is
 * no delta). Nothing is built before it is written: a step encodes its chunk straight into the batch,
 * and a reasoning or content chunk costs one `JSON.stringify` of its text.
 */
export function createAnswerSteps({ meta, plan, usage, faulty, stoppedEarly, includeUsage = false }: AnswerStepsOptions): SseSteps {
  const serializer = createChunkSerializer(meta);
  const { reasoning, content } = plan;
  const reasoningFrame = serializer.textFrame('reasoning');
  const contentFrame = serializer.textFrame('content');
  const toolDeltas = plan.toolCall === undefined ? [] : toolCallDeltas(plan.toolCall);
  const deltaCount = reasoning.length + content.length + toolDeltas.length;
  const sentDeltas = faulty ? Math.min(deltaCount, FAULT_AFTER_DELTAS) : deltaCount;
  const xGroq = stoppedEarly === undefined ? { id: meta.requestId, usage } : { id: meta.requestId, usage, error: stoppedEarly };
  const roleChunk = serializer.event({ role: 'assistant', content: '' }, null, { x_groq: { id: meta.requestId, seed: meta.seed } });
  // As on Groq, the service tier is named only by the usage chunk that include_usage asks for.
  const usageChunk = includeUsage ? serializer.usageEvent(usage) : '';
  const ending = faulty ? '' : `${serializer.event({}, plan.finishReason, { x_groq: xGroq, usage })}${usageChunk}data: [DONE]\n\n`;
  return {
    // A faulty stream with no delta still sends its role chunk.
    count: faulty ? Math.max(sentDeltas, 1) : sentDeltas + 1,
    append(batch, step) {
      if (step === 0) batch.appendText(roleChunk);
      if (step >= sentDeltas) {
        if (ending !== '') batch.appendText(ending);
      } else if (step < reasoning.length) {
        batch.appendJsonString(reasoningFrame, reasoning[step]!);
      } else if (step < reasoning.length + content.length) {
        batch.appendJsonString(contentFrame, content[step - reasoning.length]!);
      } else {
        batch.appendText(serializer.event(toolDeltas[step - reasoning.length - content.length]!));
      }
    },
  };
}
