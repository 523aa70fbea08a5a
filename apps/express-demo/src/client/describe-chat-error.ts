import { APIError, StreamIdleTimeoutError, StreamServerError, StreamTruncatedError } from '@groq-stream/web';
import { answerStopped } from './answer-stopped.js';
import { describeServiceLimit } from './describe-service-limit.js';
import { ShownError } from './shown-error.js';

/**
 * What the page says when an answer fails, in the Next.js page's words (apps/next-demo/lib/describe-chat-error.ts):
 * a refusal (`ShownError`, worded already), the relay's error event, a cut connection, a stall. `answered` says
 * whether any of the answer's text had shown when it failed: only then did the answer stop early. An error event
 * before it (Groq's rate limit as its first event) is said as the relay's refusal is.
 */
export function describeChatError(error: unknown, answered = false): string {
  if (error instanceof ShownError) return error.message;
  // The relay's `event: error`, mid-answer or before it: its message is safe and meant for people. But Groq's rate
  // limit or capacity limit stopping the answer (the relay's type `rate_limit` or `capacity`, as before the answer)
  // is said in the words it has before the answer, with how long to wait: the relay's message quotes Groq's, which
  // is written for the server's owner (tokens per minute, "Upgrade to Dev Tier") and does not say when to come back.
  if (StreamServerError.isInstance(error)) {
    if (error.type === 'rate_limit' || error.type === 'capacity') return answerStopped(describeServiceLimit(error.type, error.retryAfter), answered);
    return answerStopped(error.serverMessage, answered);
  }
  // Cut off: the relay's own event says its upstream was (with its words for people), else the page's own
  // connection to the relay was lost.
  if (StreamTruncatedError.isInstance(error)) {
    if (error.serverMessage !== undefined) return answerStopped(error.serverMessage, answered);
    return `The connection was lost before the answer ${answered ? 'was complete' : 'came'}. Please try again.`;
  }
  if (StreamIdleTimeoutError.isInstance(error)) return 'The answer stalled, so the page stopped waiting for it. Please try again.';
  // A success that is no event stream (Stream.fromSSEResponse's APIError with its status): a captive portal's or a
  // proxy's page in the relay's place.
  if (APIError.isInstance(error) && error.status !== undefined && error.status >= 200 && error.status < 300) return 'The server sent something other than an answer. Please try again.';
  // fetch rejects with a TypeError when the server cannot be reached at all.
  if (error instanceof TypeError) return 'Could not reach the server. Check your network connection and try again.';
  return 'Something went wrong. Please try again.';
}
