import { isRecord } from './is-object.js';
import { tryParseJSON } from './read-response-body.js';
import { SSEDecoder, type ServerSentEvent } from './sse-decoder.js';

/**
 * The error a failed response sent as an event stream carries: the JSON of its first event whose data is an
 * object with an `error` (Groq's `{ "error": { "message", "type", "code" } }`) or a `message`, whatever the
 * event's type (`message` or `error`); undefined when no event has one. Such a body is read as a JSON error
 * body is, rather than quoted raw, lines and `data:` prefixes and all.
 */
export function errorEventBody(text: string): object | undefined {
  const events: ServerSentEvent[] = [];
  const decoder = new SSEDecoder((event) => events.push(event));
  try {
    decoder.push(new TextEncoder().encode(text));
    decoder.end();
  } catch {
    // An event over the size limit: the events before it still count.
  }
  for (const { data } of events) {
    const body = tryParseJSON(data);
    if (!isRecord(body)) continue;
    const { error, message } = body as { error?: unknown; message?: unknown };
    if (isRecord(error) || (typeof error === 'string' && error !== '') || typeof message === 'string') return body;
  }
  return undefined;
}
