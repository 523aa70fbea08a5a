import { StreamInvalidDataError } from './errors/stream-invalid-data-error.js';
import { describeServerValue, invalidChunkField, jsonOf } from './invalid-chunk-field.js';
import { isRecord } from './is-object.js';
import type { ChatCompletionChunk, ChatCompletionChunkChoice } from './types/chat-completion-chunk.js';

/**
 * The choices of a chunk, checked as {@link ChatCompletionAccumulator.add} and `Stream.textDeltas()` both read
 * them: the chunk must be an object, and its `choices` a list of objects or absent. A stream read from a
 * response refuses other chunks already; one built by hand may yield anything, which must fail as bad stream
 * data, not as a `TypeError` from reading `null.choices`.
 */
export function chunkChoices(chunk: unknown, requestId: string | undefined): readonly ChatCompletionChunkChoice[] {
  if (!isRecord(chunk)) {
    throw new StreamInvalidDataError(`The stream yielded ${describeServerValue(chunk)}, not a chat completion chunk (an object)`, { requestId, data: jsonOf(chunk) });
  }
  return listOf((chunk as ChatCompletionChunk).choices, 'choices', '', requestId);
}

/**
 * The objects of a list the server sent, or none when it sent `null` or nothing; anything else is bad data.
 * `at` and `field` are joined into the field's name only when the check fails: it runs for every choice of every chunk.
 */
export function listOf<T>(value: readonly T[] | null | undefined, at: string, field: string, requestId: string | undefined): readonly T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidChunkField(at + field, 'a list', value, { requestId });
  for (let position = 0; position < value.length; position++) {
    if (!isRecord(value[position])) throw invalidChunkField(`${at}${field}[${position}]`, 'an object', value[position], { requestId });
  }
  return value;
}
