import { APIError } from './errors/api-error.js';
import type { ErrorRequestContext } from './errors/groq-error.js';
import { excerpt } from './excerpt.js';

/** Largest error or unexpected body we read, so a huge HTML page cannot exhaust memory. */
const maxBodyBytes = 64 * 1024;

/** Reads at most 64 KiB of a response body as text, then cancels the rest. */
export async function readBoundedText(response: Response): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      bytes += value.length;
      text += decoder.decode(value, { stream: true });
      if (bytes >= maxBodyBytes) {
        await reader.cancel();
        break;
      }
    }
  } catch {
    // A body that breaks while we read an error is still an error: report what arrived.
  }
  return text + decoder.decode();
}

/** Parses `text` as JSON, or returns undefined. */
export function tryParseJSON(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Whether a content type is JSON (`application/json`, `application/problem+json`, ...). */
export function isJSONContentType(contentType: string | null): boolean {
  return contentType !== null && /^application\/([\w.+-]*\+)?json\b/i.test(contentType.trim());
}

/** `the text/html response "<html>…"` for messages about bodies we did not expect. */
export function describeBody(contentType: string | null, text: string): string {
  return `${contentType ?? 'no content type'}, body ${text === '' ? '(empty)' : excerpt(text.trim(), 160)}`;
}

/**
 * The error for a successful response whose body is not what the client asked for (a proxy's HTML page, a
 * server that is not Groq): `Expected <expected> but got <what came>.`, with the status and headers.
 */
export function unexpectedBodyError(expected: string, response: Response, text: string, context: ErrorRequestContext): APIError {
  return new APIError(`Expected ${expected} but got ${describeBody(response.headers.get('content-type'), text)}.`, {
    ...context,
    status: response.status,
    headers: response.headers,
    hint: 'Check that baseURL points at Groq or a Groq-compatible server, and that no proxy rewrites the response.',
  });
}
