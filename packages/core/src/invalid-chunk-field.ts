import { StreamInvalidDataError, type StreamInvalidDataErrorOptions } from './errors/stream-invalid-data-error.js';
import { wrongFieldMessage } from './wrong-field-message.js';

/**
 * The error for a field of a chunk that has the wrong type: `The server sent a chunk whose
 * choices[0].delta.annotations is not a list: 5` (see wrongFieldMessage). The message describes the value in a few
 * words rather than serialising it, so data nested 100,000 levels deep cannot overflow the stack on the way to the
 * message, and a huge value cannot flood a log.
 *
 * @param field - Where the value sits in the chunk, e.g. `choices[0].delta.tool_calls[1].index`.
 * @param expected - What belongs there, e.g. `a list`, `text`, `a whole number from 0`.
 * @param options - The request, and the `data` to keep when it is more than `value` (the whole event); by
 * default `value` as JSON.
 */
export function invalidChunkField(field: string, expected: string, value: unknown, options: StreamInvalidDataErrorOptions = {}): StreamInvalidDataError {
  return new StreamInvalidDataError(wrongFieldMessage('a chunk', field, expected, value), {
    data: 'data' in options ? options.data : jsonOf(value),
    ...options,
  });
}

/**
 * The error for a stream that gave objects, but no chat completion chunk (none has a `choices` list): another
 * endpoint's or app's stream, where a retry (what a cut-off stream's error advises) cannot help. The class's
 * own advice says what to check.
 */
export function noChatChunksError(options: StreamInvalidDataErrorOptions): StreamInvalidDataError {
  return new StreamInvalidDataError('The stream held no chat completion chunk: none of the objects it gave has a choices list', options);
}

/**
 * `value` as JSON, or `undefined` when it cannot be written: JSON.parse reads nesting of any depth, but
 * JSON.stringify recurses and overflows the stack (a `RangeError`) on it. For an error's `data`, the
 * message already says what was wrong, so the error is still worth raising without it.
 */
export function jsonOf(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
