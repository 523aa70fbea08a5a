import { describeServerValue } from './describe-server-value.js';
import { StreamInvalidDataError } from './errors/stream-invalid-data-error.js';
import { invalidChunkField, jsonOf } from './invalid-chunk-field.js';
import { isRecord } from './is-object.js';
import type { ChatCompletionChunk, ChatCompletionChunkChoice } from './types/chat-completion-chunk.js';

// The checks of what the readers of chunks read, shared by `ChatCompletionAccumulator.add()` and
// `Stream.textDeltas()`. They join `at` and `field` into the field's name (`choices[0].delta.content`) only
// when they fail: they run for every choice of every chunk.

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

/** The objects of a list the server sent, or none when it sent `null` or nothing; anything else is bad data. */
export function listOf<T>(value: readonly T[] | null | undefined, at: string, field: string, requestId: string | undefined): readonly T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidChunkField(at + field, 'a list', value, { requestId });
  for (let position = 0; position < value.length; position++) {
    if (!isRecord(value[position])) throw invalidChunkField(`${at}${field}[${position}]`, 'an object', value[position], { requestId });
  }
  return value;
}

/** An object the server sent, or `undefined` for `null` or nothing; anything else (a list too) is bad data. */
export function objectOf<T extends object>(value: T | null | undefined, at: string, field: string, requestId: string | undefined): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw invalidChunkField(at + field, 'an object', value, { requestId });
  return value;
}

/** Text the server sent, or `undefined` for `null` or nothing; anything else is bad data. */
export function stringOf<T extends string>(value: T | null | undefined, at: string, field: string, requestId: string | undefined): T | undefined {
  if (typeof value === 'string' || value === undefined || value === null) return value ?? undefined;
  throw invalidChunkField(at + field, 'text', value, { requestId });
}

/**
 * A position the server gave (`choices[].index`, `tool_calls[].index`): a whole number from 0. Anything else
 * (`"__proto__"`, `4294967294`, `-1`) is the server's bad data, refused rather than used as a key.
 */
export function indexOf(value: unknown, at: string, field: string, requestId: string | undefined): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw invalidChunkField(at + field, 'a whole number from 0', value, { requestId });
}
