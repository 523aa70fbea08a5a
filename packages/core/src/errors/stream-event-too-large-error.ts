import { brandErrorClass, type GroqErrorOptions } from './groq-error.js';
import { StreamError } from './stream-error.js';

/** One server-sent event grew past `maxEventSize` characters before it ended. */
export class StreamEventTooLargeError extends StreamError {
  static {
    brandErrorClass(this, 'StreamEventTooLargeError');
  }

  /** The limit that was exceeded, in characters. */
  readonly maxEventSize: number;

  constructor(maxEventSize: number, options: GroqErrorOptions = {}) {
    super(`A server-sent event exceeded the maximum size of ${maxEventSize} characters; the stream was stopped.`, {
      ...options,
      hint: options.hint ?? 'If the server legitimately sends events this large, raise the `maxEventSize` option.',
    });
    this.maxEventSize = maxEventSize;
  }
}
