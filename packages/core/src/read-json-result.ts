import { APIConnectionTimeoutError } from './errors/api-connection-timeout-error.js';
import { APIError } from './errors/api-error.js';
import { APIUserAbortError } from './errors/api-user-abort-error.js';
import { describeBody, isJSONContentType, tryParseJSON } from './read-response-body.js';
import type { SentRequest } from './send-request.js';

/** Reads a successful JSON response within the request's timeout, or explains what came instead. */
export async function readJSONResult<T>(sent: SentRequest, signal?: AbortSignal | null): Promise<T> {
  const { response, controller, context } = sent;
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
  const contentType = response.headers.get('content-type');
  const data = isJSONContentType(contentType) ? tryParseJSON(text) : undefined;
  if (data === undefined || data === null || typeof data !== 'object') {
    throw new APIError(`Expected a JSON body but got ${describeBody(contentType, text)}.`, {
      ...context,
      status: response.status,
      headers: response.headers,
      hint: 'Check that baseURL points at Groq or a Groq-compatible server, and that no proxy rewrites the response.',
    });
  }
  return data as T;
}

