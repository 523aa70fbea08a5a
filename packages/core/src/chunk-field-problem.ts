import type { ChoiceFieldProblem } from './choice-field-problem.js';
import { isTextOrNothing } from './is-text-or-nothing.js';

/**
 * The first top-level field of a chat completion chunk whose value a reader would take as another type than
 * `ChatCompletionChunk` gives it, or `undefined` when there is none: `id` and `model` text, `usage` and
 * `x_groq` objects, `x_groq.id` text and `x_groq.usage` an object (what the reader of the last chunk reads its
 * token counts from). Each may be `null` or absent; the choices are `choiceFieldProblem`'s, and other fields
 * are not looked at and pass on as they came. It runs for every chunk: a few `typeof`s, nothing allocated
 * unless a field is wrong.
 */
export function chunkFieldProblem(chunk: object): ChoiceFieldProblem | undefined {
  const { id, model, usage, x_groq: xGroq } = chunk as Record<string, unknown>;
  if (!isTextOrNothing(id)) return { field: 'id', expected: 'text', value: id };
  if (!isTextOrNothing(model)) return { field: 'model', expected: 'text', value: model };
  if (!isObjectOrNothing(usage)) return { field: 'usage', expected: 'an object', value: usage };
  if (xGroq === undefined || xGroq === null) return undefined;
  if (!isObjectOrNothing(xGroq)) return { field: 'x_groq', expected: 'an object', value: xGroq };
  const { id: requestId, usage: xGroqUsage } = xGroq as Record<string, unknown>;
  if (!isTextOrNothing(requestId)) return { field: 'x_groq.id', expected: 'text', value: requestId };
  if (!isObjectOrNothing(xGroqUsage)) return { field: 'x_groq.usage', expected: 'an object', value: xGroqUsage };
  return undefined;
}

function isObjectOrNothing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'object' && !Array.isArray(value));
}
