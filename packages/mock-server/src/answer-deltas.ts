import type { AnswerPlan } from './create-answer-plan.js';

/** One `choices[0].delta` of a streamed answer. */
export type AnswerDelta =
  | { reasoning: string; channel?: 'analysis' }
  | { content: string }
  | {
      tool_calls: [
        { index: number; id?: string; type?: 'function'; function: { name?: string; arguments: string } },
      ];
    };

/**
 * The deltas of a tool call: the first names it (`id`, `type`, `function.name`), the later ones carry
 * the arguments in pieces. Reasoning and content deltas are not built as objects: see `createAnswerSteps`.
 */
export function toolCallDeltas(call: NonNullable<AnswerPlan['toolCall']>): AnswerDelta[] {
  return [
    { tool_calls: [{ index: 0, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] },
    ...call.argumentPieces.map((piece): AnswerDelta => ({ tool_calls: [{ index: 0, function: { arguments: piece } }] })),
  ];
}
