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
