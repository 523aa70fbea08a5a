import type * as http from 'node:http';

// Not a field on the request: the request is Node's, and a WeakMap lets its error go with it.
const lateErrors = new WeakMap<http.ClientRequest, Error>();

/**
 * The request's error listener once it has an answer, one function shared by every request (`this` is the
 * request). Node reports what breaks a body mid-way (a chunk size that is not hex, a reset) on the request,
 * and fails the response only with its own `aborted`, which reads as if the caller had cancelled: the first
 * such error is kept for the body's reader to name instead.
 */
export function noteLateRequestError(this: http.ClientRequest, error: Error & { rawPacket?: unknown }): void {
  // A parse error keeps the bytes it choked on, which may echo the request's key.
  delete error.rawPacket;
  if (!lateErrors.has(this)) lateErrors.set(this, error);
}

/** What broke the body of `request`'s answer, as {@link noteLateRequestError} kept it, if anything did. */
export function lateRequestError(request: http.ClientRequest): Error | undefined {
  return lateErrors.get(request);
}
