import type { ChoiceFieldProblem } from './choice-field-problem.js';
import { isNumberOrNothing } from './is-number-or-nothing.js';
import { isTextOrNothing } from './is-text-or-nothing.js';

/**
 * The first field of a model (`models.retrieve()`'s answer, or one of `models.list()`'s) whose value the caller
 * would take as another type than `Model` gives it, or `undefined` when there is none: `id`, `object` and
 * `owned_by` text, `created`, `context_window` and `max_completion_tokens` numbers, `active` true or false. As
 * for a chunk's fields (`chunkFieldProblem`), each may be `null` or absent, only the JSON type is checked (an
 * `object` other than `model`, a limit of `-1` pass), and `public_apps` (of no documented shape) and fields of
 * the server's own are not looked at.
 */
export function modelFieldProblem(model: object): ChoiceFieldProblem | undefined {
  const {
    id,
    object,
    created,
    owned_by: ownedBy,
    active,
    context_window: contextWindow,
    max_completion_tokens: maxCompletionTokens,
  } = model as Record<string, unknown>;
  if (!isTextOrNothing(id)) return { field: 'id', expected: 'text', value: id };
  if (!isTextOrNothing(object)) return { field: 'object', expected: 'text', value: object };
  if (!isNumberOrNothing(created)) return { field: 'created', expected: 'a number', value: created };
  if (!isTextOrNothing(ownedBy)) return { field: 'owned_by', expected: 'text', value: ownedBy };
  if (typeof active !== 'boolean' && active !== undefined && active !== null) return { field: 'active', expected: 'true or false', value: active };
  if (!isNumberOrNothing(contextWindow)) return { field: 'context_window', expected: 'a number', value: contextWindow };
  if (!isNumberOrNothing(maxCompletionTokens)) return { field: 'max_completion_tokens', expected: 'a number', value: maxCompletionTokens };
  return undefined;
}

/**
 * The same for `models.list()`'s answer, a `ModelList` whose `data` `readJSONResult` has found to be a list of
 * objects: its `object` text (or `null` or absent), then each model's fields, named from the list
 * (`data[3].created`).
 */
export function modelListFieldProblem(list: Record<string, unknown>): ChoiceFieldProblem | undefined {
  const { object } = list;
  if (!isTextOrNothing(object)) return { field: 'object', expected: 'text', value: object };
  const models = list.data as object[];
  for (let position = 0; position < models.length; position++) {
    const problem = modelFieldProblem(models[position]!);
    if (problem !== undefined) return { ...problem, field: `data[${position}].${problem.field}` };
  }
  return undefined;
}
