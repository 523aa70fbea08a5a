import { APIError, StreamIdleTimeoutError, StreamServerError, StreamTruncatedError } from '@groq-stream/web';
import { ShownError } from './shown-error.js';
import { stoppedEarly } from './stopped-early.js';

/**
 * What the page says when an answer fails, in the Next.js page's words (apps/next-demo/lib/describe-chat-error.ts):
 * a refusal (`ShownError`, worded already), the relay's error event mid-answer, a cut connection, a stall.
 */
export function describeChatError(error: unknown): string {
  if (error instanceof ShownError) return error.message;
  // The relay's `event: error` mid-answer: its message is safe and meant for people.
  if (StreamServerError.isInstance(error)) return stoppedEarly(error.serverMessage);
  // Cut off: the relay's own event says its upstream was (with its words for people), else the page's own
  // connection to the relay was lost.
  if (StreamTruncatedError.isInstance(error)) {
    return error.serverMessage === undefined ? 'The connection was lost before the answer was complete. Please try again.' : stoppedEarly(error.serverMessage);
  }
  if (StreamIdleTimeoutError.isInstance(error)) return 'The answer stalled, so the page stopped waiting for it. Please try again.';
  // A success that is no event stream (Stream.fromSSEResponse's APIError with its status): a captive portal's or a
  // proxy's page in the relay's place.
  if (APIError.isInstance(error) && error.status !== undefined && error.status >= 200 && error.status < 300) return 'The server sent something other than an answer. Please try again.';
  // fetch rejects with a TypeError when the server cannot be reached at all.
  if (error instanceof TypeError) return 'Could not reach the server. Check your network connection and try again.';
  return 'Something went wrong. Please try again.';
}
