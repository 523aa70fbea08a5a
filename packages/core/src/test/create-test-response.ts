import { createTestBody, type TestBodyOptions, type TestBodyStats } from './create-test-body.js';

/** `ResponseInit` plus the options of the body. */
export interface TestResponseInit extends ResponseInit, TestBodyOptions {}

/** A test response and the live stats of its body. */
export interface TestResponse {
  /** The response, with the test body. */
  response: Response;
  /** What the reader has done with the body so far; updated live. */
  stats: TestBodyStats;
}

/**
 * Wraps {@link createTestBody} in a `Response` with `content-type: text/event-stream` (unless
 * `init.headers` sets another), status 200 unless `init.status` says otherwise.
 *
 * @example
 * const { response, stats } = createTestResponse(splitBytes(encodeSSETranscript(chunks), 280));
 * for await (const chunk of Stream.fromSSEResponse(response)) { ... }
 */
export function createTestResponse(pieces: readonly (Uint8Array | string)[], init: TestResponseInit = {}): TestResponse {
  const { holdOpen, delayMs, breakWith, ...responseInit } = init;
  const { body, stats } = createTestBody(pieces, { holdOpen, delayMs, breakWith });
  const headers = new Headers(responseInit.headers);
  if (!headers.has('content-type')) headers.set('content-type', 'text/event-stream');
  return { response: new Response(body, { ...responseInit, headers }), stats };
}
