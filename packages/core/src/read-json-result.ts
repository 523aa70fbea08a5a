import { APIConnectionTimeoutError } from './errors/api-connection-timeout-error.js';
import { APIConnectionError } from './errors/api-connection-error.js';
import { createAPIError } from './errors/create-api-error.js';
import { describeCause } from './describe-cause.js';
import { APIUserAbortError } from './errors/api-user-abort-error.js';
import { isJSONContentType, tryParseJSON, unexpectedBodyError } from './read-response-body.js';
import type { SentRequest } from './send-request.js';

/**
 * Reads a successful JSON response within the request's timeout, or explains what came instead. The
 * response it returns still has its body to read, as groq-sdk's `.asResponse()` gives it (`await (await
 * create(...).asResponse()).json()`): a copy taken before reading, its body the same bytes.
 */
export async function readJSONResult<T>(sent: SentRequest, signal?: AbortSignal | null): Promise<{ data: T; response: Response }> {
  const { response, controller, context } = sent;
  const unread = response.clone();
  let text: string;
  try {
    text = await response.text();
  } catch (cause) {
    if (signal?.aborted) throw new APIUserAbortError(undefined, { ...context, cause });
    if (controller.signal.aborted) throw new APIConnectionTimeoutError('Request timed out while reading the response body.', { ...context, cause });
    // The connection broke, or the body came in a coding the runtime cannot decode: its reason says which.
    throw new APIConnectionError(`The response body could not be read: ${describeCause(cause)}.`, {
      ...context,
      cause,
      hint: 'Try again; if it keeps failing, check for a proxy that cuts or re-encodes responses.',
    });
  } finally {
    sent.clearTimeout();
    sent.detachSignal();
  }
  const data = isJSONContentType(response.headers.get('content-type')) ? tryParseJSON(text) : undefined;
  if (data === undefined || data === null || typeof data !== 'object' || Array.isArray(data)) throw unexpectedBodyError('a JSON object', response, text, context);
  // Groq's error shape under a success status (a proxy that always answers 200): an error, not a result.
  const { error, choices, data: items } = data as { error?: unknown; choices?: unknown; data?: unknown };
  if (error !== undefined && error !== null && choices === undefined && items === undefined) throw createAPIError(response.status, data, response.headers, context);
  return { data: data as T, response: unread };
}

