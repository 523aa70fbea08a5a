import { brandErrorClass, GroqError } from './groq-error.js';

/**
 * A stream failed after its response began. Subclasses: {@link StreamServerError} (the server sent an
 * error), `StreamTruncatedError` (it ended early), `StreamInvalidDataError` (unreadable data),
 * `StreamEventTooLargeError` (an event outgrew the limit). Chunks before the failure were delivered.
 */
export class StreamError extends GroqError {
  static {
    brandErrorClass(this, 'StreamError');
  }
}
