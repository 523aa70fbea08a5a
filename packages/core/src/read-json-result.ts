import { APIConnectionTimeoutError } from './errors/api-connection-timeout-error.js';
import { APIError } from './errors/api-error.js';
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
    throw new APIError('The connection broke while reading the response body.', { ...context, status: response.status, cause });
  } finally {
    sent.clearTimeout();
    sent.detachSignal();
  }
  const data = isJSONContentType(response.headers.get('content-type')) ? tryParseJSON(text) : undefined;
  if (data === undefined || data === null || typeof data !== 'object') throw unexpectedBodyError('a JSON body', response, text, context);
  return { data: data as T, response: unread };
}

