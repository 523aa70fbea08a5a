/** The mark {@link markDescribedBody} puts on an error, for the relays' check (safe-error-payload-of.ts). */
export const describedKey = Symbol.for('groq-stream.error.described-body');

/**
 * Marks an error answer whose body was not the server's JSON (a proxy's HTML page, text, a body that could not
 * be decoded): its `error.message` is then the client's description of that body, `Bad Request (not a JSON
 * error body: text/html, body "<html>…")`, not the server's words about the request. Passed on to a browser
 * as those words, it showed the page of whatever stands in front of the AI service (a proxy's name and
 * version, an internal note) to someone who can do nothing about it.
 */
export function markDescribedBody<T extends object>(error: T): T {
  return Object.defineProperty(error, describedKey, { value: true });
}
