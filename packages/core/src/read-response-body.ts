import { APIError } from './errors/api-error.js';
import type { ErrorRequestContext } from './errors/groq-error.js';
import { describeCause } from './describe-cause.js';
import { cutShort, excerpt } from './excerpt.js';
import { stillEncodedAdvice, stillEncodedNote } from './still-encoded-note.js';
import { UTF8StreamDecoder } from './utf8-stream-decoder.js';

/** Largest error or unexpected body we read, so a huge HTML page cannot exhaust memory. */
const maxBodyBytes = 64 * 1024;

/**
 * Largest error body read whole when it is of a type whose error is parsed (JSON, an event stream): Groq's
 * json_validate_failed and tool_use_failed carry what the model wrote in `failed_generation`, up to
 * max_completion_tokens (100 KB and more), and a body cut at 64 KiB is no JSON. Still a bound: a hostile server
 * can make an error hold this much, no more.
 */
export const maxParsedErrorBodyBytes = 4 * 1024 * 1024;

/** A body read as text by {@link readBodyText}, and why its read stopped before the end, if it did. */
export interface BodyText {
  text: string;
  /** The runtime's error (a body that could not be decoded, a connection lost), or the signal's reason. */
  failure?: unknown;
  /** Whether the read stopped because the signal aborted (the request timeout), rather than on an error of the body's. */
  stopped?: boolean;
  /** The bound of the read (`maxBytes`), when the body was larger: the rest was cancelled unread. */
  cutAt?: number;
}

/**
 * Reads at most `maxBytes` (64 KiB unless given) of a response body as text, then cancels the rest. Stops when
 * `signal` aborts (the request timeout) with what arrived: cancelling the reader settles a read that a runtime
 * may otherwise leave pending for ever (undici on a body it cannot decode).
 */
export async function readBoundedText(response: Response, signal?: AbortSignal, maxBytes?: number): Promise<string> {
  return (await readBodyText(response, signal, maxBytes)).text;
}

/**
 * {@link readBoundedText}, saying also why the read stopped short: a body that breaks (or times out) while an
 * error is read is still an error, reported with what arrived, but "body (empty)" would not say that a
 * compressed one could not be decoded; nor "not a JSON error body" that a JSON one was larger than
 * `maxBytes` (64 KiB unless given), the most read of it.
 */
export async function readBodyText(response: Response, signal?: AbortSignal, maxBytes = maxBodyBytes): Promise<BodyText> {
  const decoder = new UTF8StreamDecoder();
  let text = '';
  let complete: boolean;
  try {
    // One byte more than the bound: a body of exactly `maxBytes` is whole, not cut.
    complete = await readBody(response, signal, maxBytes + 1, (bytes) => (text += decoder.decode(bytes)));
  } catch (failure) {
    return { text: text + decoder.decode(), failure, stopped: signal?.aborted === true };
  }
  return complete ? { text: text + decoder.decode() } : { text: text + decoder.decode(), cutAt: maxBytes };
}

/**
 * Hands each piece of `response`'s body to `onBytes` until the end, or until `maxBytes` have come (then
 * cancels the rest and resolves `false`). Rejects with the runtime's error, or `signal`'s reason once it
 * aborts: the reader is cancelled then, which settles even a read the runtime would leave pending.
 */
export async function readBody(response: Response, signal: AbortSignal | undefined, maxBytes: number, onBytes: (bytes: Uint8Array) => void): Promise<boolean> {
  if (response.body === null) return true;
  const reader = response.body.getReader();
  const onAbort = (): void => void reader.cancel(signal?.reason).catch(ignore);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  let bytes = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (signal?.aborted) throw signal.reason ?? new Error('The request was aborted.');
      if (done) return true;
      bytes += value.byteLength;
      onBytes(value);
      if (bytes >= maxBytes) {
        await reader.cancel().catch(ignore);
        return false;
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

// Statuses whose response cannot have a body: the Response constructor throws when given one.
const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);

/** `response` with `body` in place of its own: the same status, headers, `url` and `redirected` (which the constructor cannot set). */
export function withBody(response: Response, body: BodyInit): Response {
  const copy = new Response(nullBodyStatuses.has(response.status) ? null : body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperties(copy, { url: { value: response.url }, redirected: { value: response.redirected } });
  return copy;
}

function ignore(): void {}

/** Parses `text` as JSON, or returns undefined. */
export function tryParseJSON(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Whether a content type is JSON (`application/json`, `application/problem+json`, ...), not merely one whose
 * name starts with it: `application/json-seq` and `application/jsonlines` are other formats.
 */
export function isJSONContentType(contentType: string | null): boolean {
  return contentType !== null && /^application\/([\w.+-]*\+)?json\s*(;|$)/i.test(contentType.trim());
}

/** Whether a content type is that of an event stream (`text/event-stream`, parameters allowed). */
export function isEventStreamContentType(contentType: string | null): boolean {
  return contentType !== null && /^text\/event-stream\s*(;|$)/i.test(contentType.trim());
}

/** `the text/html response "<html>…"` for messages about bodies we did not expect. */
export function describeBody(contentType: string | null, text: string): string {
  // An empty `content-type:` header says no more than none: not `got , body ...`. The header is the server's and
  // may be long (a few KB fit in its headers): cut short, as the body is, and as values quoted back always are,
  // its controls escaped (read as Latin-1, it may hold U+009B, which starts a terminal's escape sequence).
  const type = contentType === null || contentType.trim() === '' ? 'no content type' : cutShort(contentType, 100);
  return `${type}, body ${text === '' ? '(empty)' : excerpt(text.trim(), 160)}`;
}

/**
 * What became of an error body sent as it is (not compressed) whose read broke off (`failure`) or was stopped
 * by the timeout (`stopped`), then what came of it: "not a JSON error body" alone would send the reader
 * looking for a server that answered with bad JSON or nothing, where the connection broke or stalled.
 */
export function brokenBodyNote(contentType: string | null, text: string, failure: unknown, stopped: boolean): string {
  const why = stopped ? 'had not come whole when the timeout stopped its read: the server stalled' : `broke off: ${describeCause(failure)}`;
  return `the error body ${why}; what came: ${describeBody(contentType, text)}`;
}

/**
 * The error for a successful response whose body is not what the client asked for (a proxy's HTML page, a
 * server that is not Groq): `Expected <expected> but got <what came>.`, with the status and headers; naming the
 * body's content-encoding when the fetch left it undecoded (see {@link stillEncodedNote}).
 */
export function unexpectedBodyError(
  expected: string,
  response: Response,
  text: string,
  context: ErrorRequestContext,
  hint = 'Check that baseURL points at Groq or a Groq-compatible server, and that no proxy rewrites the response.',
): APIError {
  const came = describeBody(response.headers.get('content-type'), text);
  // Bytes a fetch left in a coding it does not decode: their coding is the cause, not the server or the URL.
  const still = stillEncodedNote(response.headers, text);
  return new APIError(still === undefined ? `Expected ${expected} but got ${came}.` : `Expected ${expected} but got a body ${still}: ${came}.`, {
    ...context,
    status: response.status,
    headers: response.headers,
    hint: still === undefined ? hint : stillEncodedAdvice,
  });
}
