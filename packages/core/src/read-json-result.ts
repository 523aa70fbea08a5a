import { asSentence } from './as-sentence.js';
import type { ChoiceFieldProblem } from './choice-field-problem.js';
import { APIConnectionTimeoutError } from './errors/api-connection-timeout-error.js';
import { APIConnectionError } from './errors/api-connection-error.js';
import { APIError } from './errors/api-error.js';
import { createAPIError } from './errors/create-api-error.js';
import type { ErrorRequestContext } from './errors/groq-error.js';
import { browserBodyAdvice, isBrowserFetchFailure } from './browser-fetch-failure.js';
import { compressedBodyHint, contentCodingOf, quotedCoding } from './compressed-body-hint.js';
import { describeCause } from './describe-cause.js';
import { endsInsideJSON } from './ends-inside-json.js';
import { isDecodingFailure, undecodedAdvice, undecodedBody } from './is-decoding-failure.js';
import { isRecord } from './is-object.js';
import { isJSONContentType, readBody, tryParseJSON, unexpectedBodyError, withBody } from './read-response-body.js';
import { requestAbortedError } from './request-aborted-error.js';
import type { SentRequest } from './send-request.js';
import { wrongFieldMessage } from './wrong-field-message.js';

/**
 * Most bytes of a whole (non-streamed) answer: far more than any completion or model list, and a bound on
 * what a broken or hostile server (a small gzip that inflates to gigabytes) can make the client hold.
 */
export const maxResultBytes = 32 * 1024 * 1024;

/** What a result must look like: said in errors (`a chat completion (…)`), and tested on the parsed object. */
export interface ResultShape {
  expected: string;
  matches: (data: Record<string, unknown>) => boolean;
  /**
   * Once `matches` passed: the first field whose JSON type is not the one the result's type gives it, as a
   * stream's chunks are checked (see `chunkFieldProblem`), and what the result is called in the error for it
   * (`a chat completion`).
   */
  fields?: { name: string; problem: (data: Record<string, unknown>) => ChoiceFieldProblem | undefined } | undefined;
}

const wrongServerHint = 'Check that baseURL points at Groq or a Groq-compatible server, and that no proxy rewrites the response.';

/**
 * Reads a successful JSON response within the request's timeout, or explains what came instead: a body that
 * is not a JSON object of the expected `shape` is an {@link APIError} here, not a `TypeError` in the caller's
 * code later. The response it returns still has its body to read, as groq-sdk's `.asResponse()` gives it
 * (`await (await create(...).asResponse()).json()`): made from the same bytes.
 */
export async function readJSONResult<T>(sent: SentRequest, shape: ResultShape, signal?: AbortSignal | null): Promise<{ data: T; response: Response }> {
  const { response, controller, context, timeout } = sent;
  const pieces: Uint8Array[] = [];
  let complete: boolean;
  try {
    complete = await readBody(response, controller.signal, maxResultBytes + 1, (bytes) => void pieces.push(bytes));
  } catch (cause) {
    if (signal?.aborted) throw requestAbortedError(signal, context);
    if (controller.signal.aborted) {
      // Said as the headers' timeout says it; the class gives its advice (raise `timeout`) unless the body came compressed.
      throw new APIConnectionTimeoutError(`Request timed out after ${timeout} ms while reading the response body.`, { ...context, cause, hint: compressedBodyHint(response.headers, 'timeout') });
    }
    // A body that could not be decoded is said as a stream's is (see bodyReadError): a retry gets the same bytes.
    if (isDecodingFailure(cause)) throw new APIConnectionError(asSentence(`${undecodedBody}: ${describeCause(cause)}`), { ...context, cause, hint: undecodedAdvice });
    // The connection broke, or (a browser's `network error`, which names no reason) the body could not be decoded.
    throw new APIConnectionError(asSentence(`The response body could not be read: ${describeCause(cause)}`), {
      ...context,
      cause,
      hint: isBrowserFetchFailure(cause) ? `Try again. ${browserBodyAdvice}.` : 'Try again; if it keeps failing, check for a proxy that cuts or re-encodes responses.',
    });
  } finally {
    sent.clearTimeout();
    sent.detachSignal();
  }
  if (!complete) {
    throw new APIError(`The response body is larger than ${maxResultBytes / 1024 / 1024} MiB, more than any chat completion or model list.`, {
      ...context,
      status: response.status,
      headers: response.headers,
      hint: wrongServerHint,
    });
  }
  const bytes = joined(pieces);
  const text = new TextDecoder().decode(bytes);
  const isJSON = isJSONContentType(response.headers.get('content-type'));
  const data = isJSON ? tryParseJSON(text) : undefined;
  // JSON that stops before its end is a body cut short, however the transport let it end: not a server of the
  // wrong kind, which the error below would blame on baseURL.
  if (isJSON && data === undefined && endsInsideJSON(text)) throw cutShortError(response, bytes.byteLength, context);
  if (!isRecord(data)) throw unexpectedBodyError(shape.expected, response, text, context);
  // Groq's error shape under a success status (a proxy that always answers 200): an error, not a result. Also
  // beside `choices` or a model list's `data`, and whatever its JSON type but null, as a stream raises a data
  // object's `error` (see `ChunkParser`): the server said the answer failed, so what came with it is not taken
  // for one. Not retried: the request was answered, and the answer paid for (or its tools run) once already;
  // the server asked for no retry (no 5xx, 429 or retry-after); and a stream's error is not retried either.
  const { error } = data as { error?: unknown };
  if (error !== undefined && error !== null) throw createAPIError(response.status, data, response.headers, context);
  if (!shape.matches(data as Record<string, unknown>)) throw unexpectedBodyError(shape.expected, response, text, context);
  const problem = shape.fields?.problem(data as Record<string, unknown>);
  if (problem !== undefined) {
    // Worded as a chunk's (see wrongFieldMessage), the value in a few words, redacted: the body may be 32 MiB.
    throw new APIError(wrongFieldMessage(shape.fields!.name, problem.field, problem.expected, problem.value), {
      ...context,
      status: response.status,
      headers: response.headers,
      hint: wrongServerHint,
    });
  }
  return { data: data as T, response: withBody(response, bytes as Uint8Array<ArrayBuffer>) };
}

/** The error for a JSON body that ended before its JSON did, `size` bytes in (after decoding). */
function cutShortError(response: Response, size: number, context: ErrorRequestContext): APIConnectionError {
  const coding = contentCodingOf(response.headers);
  const compressed = coding === undefined ? '' : ` (decoded from content-encoding ${quotedCoding(coding)}, whose end Node's fetch and browsers do not check)`;
  return new APIConnectionError(`The response body ended in the middle of its JSON, after ${size} bytes${compressed}: the connection closed early, or a proxy cut the body short.`, {
    ...context,
    hint: 'The answer is incomplete; try again, and if it keeps failing, check for a proxy that cuts or re-encodes responses.',
  });
}

function joined(pieces: Uint8Array[]): Uint8Array {
  if (pieces.length === 1) return pieces[0]!;
  const all = new Uint8Array(pieces.reduce((size, piece) => size + piece.byteLength, 0));
  let at = 0;
  for (const piece of pieces) {
    all.set(piece, at);
    at += piece.byteLength;
  }
  return all;
}
