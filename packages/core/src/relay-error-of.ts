import type { APIError } from './errors/api-error.js';
import { readBodyText } from './read-response-body.js';
import { errorFromResponse } from './send-request.js';

/**
 * The error a relay's failed answer stands for, for the code that called the relay (a browser page):
 * `if (!response.ok) throw await relayErrorOf(response)`. It is the class for the status, as the client
 * makes it from Groq's answers (`RateLimitError` for 429, `BadRequestError` for 400, ...), with the relay's
 * message, which is written for the browser, and none of the advice meant for the server that holds the key.
 * A body that is not JSON (a framework's bare 405, a proxy's 502 page) is described, not parsed and failed
 * on, with advice for the page: it is not the relay's answer but that of something in front of it.
 *
 * @param response - The relay's answer, not `ok`; its body is read (up to 64 KiB).
 * @param signal - Stops reading the body; what came until then is used.
 */
export async function relayErrorOf(response: Response, signal?: AbortSignal): Promise<APIError> {
  const read = await readBodyText(response, signal);
  return errorFromResponse(response, read, {}, '', notTheRelayAdvice(response.status));
}

/** Advice for a failed answer that is not JSON, which a relay never sends (see `relayErrorResponse`). */
function notTheRelayAdvice(status: number): string {
  const what = "This is not the relay's answer (a relay answers with JSON) but one from in front of it: a proxy, a gateway, the framework or the hosting platform";
  return status >= 500
    ? `${what}, because the relay did not answer (down, crashed or too slow). Check that the relay runs and its server's logs; retry later.`
    : `${what}. Check the URL and method the page fetches, and that the relay's route answers there.`;
}
