import type { ErrorRequestContext, GroqError } from './errors/groq-error.js';
import { StreamInvalidDataError } from './errors/stream-invalid-data-error.js';
import { excerpt } from './excerpt.js';
import { isRecord } from './is-object.js';
import type { NDJSONDecoder } from './ndjson-decoder.js';
import { tryParseJSON } from './read-response-body.js';
import { serverError } from './server-error.js';
import { stillEncodedAdvice, stillEncodedNote } from './still-encoded-note.js';
import { SSEDecoder } from './sse-decoder.js';

// A whole error body, not an error in the middle of a stream: "the answer is incomplete; retry" would mislead.
const jsonErrorBodyHint = 'The body was this error alone, labelled an event stream (text/event-stream): no chunk came.';

/**
 * The error for a body labelled `text/event-stream` that holds no event at all, only other lines (see
 * `SSEDecoder.foreignText`), or `undefined` for an event stream: a JSON error body (`{ "error": { "message" } }`)
 * is the server's error, anything else (an HTML page from a proxy or a login wall) is quoted. No retry mends
 * either; "cut off", "broke off" or "timed out", with their advice to retry, would hide what the server said.
 * `headers` are the response's: its `content-encoding` is named when the fetch left the body in it.
 */
export function notAnEventStreamError(decoder: SSEDecoder | NDJSONDecoder, context: ErrorRequestContext, headers?: Headers): GroqError | undefined {
  const text = decoder instanceof SSEDecoder ? decoder.foreignText : undefined;
  if (text === undefined) return undefined;
  const json = tryParseJSON(text);
  const error = isRecord(json) ? (json as { error?: unknown }).error : undefined;
  if (error !== undefined && error !== null) return serverError(json, context, { beforeFirstChunk: true, hint: jsonErrorBodyHint });
  // Bytes the fetch left in a coding it does not decode: the coding is the cause, not the server or baseURL.
  const still = stillEncodedNote(headers, text);
  if (still !== undefined) {
    return new StreamInvalidDataError(`The body was labelled an event stream (text/event-stream) but came ${still}: ${excerpt(text)}`, {
      ...context,
      data: text,
      hint: stillEncodedAdvice,
    });
  }
  return new StreamInvalidDataError(`The body was labelled an event stream (text/event-stream) but held no event, only ${excerpt(text)}`, {
    ...context,
    data: text,
  });
}
