import type { AnswerPlan } from './create-answer-plan.js';

/** One `choices[0].delta` of a streamed answer. */
export type AnswerDelta =
  | { reasoning: string }
  | { content: string }
  | {
      tool_calls: [
        { index: number; id?: string; type?: 'function'; function: { name?: string; arguments: string } },
      ];
    };

/**
 * The deltas that follow the role chunk: reasoning pieces, then content tokens, or a tool call whose first
 * delta names it (`id`, `type`, `function.name`) and whose later deltas carry the arguments in pieces.
 * A generator, so a 100,000-token answer never exists as 100,000 objects at once.
 */
export function* answerDeltas(plan: AnswerPlan): Generator<AnswerDelta> {
  for (const reasoning of plan.reasoning) yield { reasoning };
  for (const content of plan.content) yield { content };
  const call = plan.toolCall;
  if (call === undefined) return;
  yield { tool_calls: [{ index: 0, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] };
  for (const piece of call.argumentPieces) yield { tool_calls: [{ index: 0, function: { arguments: piece } }] };
}
