import type { APIError } from './errors/api-error.js';
import { readBoundedText } from './read-response-body.js';
import { errorFromResponse } from './send-request.js';

/**
 * The error a relay's failed answer stands for, for the code that called the relay (a browser page):
 * `if (!response.ok) throw await relayErrorOf(response)`. It is the class for the status, as the client
 * makes it from Groq's answers (`RateLimitError` for 429, `BadRequestError` for 400, ...), with the relay's
 * message, which is written for the browser, and none of the advice meant for the server that holds the key.
 * A body that is not JSON (a framework's bare 405, a proxy's page) is described, not parsed and failed on.
 *
 * @param response - The relay's answer, not `ok`; its body is read (up to 64 KiB).
 * @param signal - Stops reading the body; what came until then is used.
 */
export async function relayErrorOf(response: Response, signal?: AbortSignal): Promise<APIError> {
  const text = await readBoundedText(response, signal);
  return errorFromResponse(response, text, {}, '');
}
