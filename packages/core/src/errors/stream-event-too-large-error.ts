import { brandErrorClass, type GroqErrorOptions } from './groq-error.js';
import { StreamError } from './stream-error.js';

/** One server-sent event grew past `maxEventSize` characters before it ended. */
export class StreamEventTooLargeError extends StreamError {
  static {
    brandErrorClass(this, 'StreamEventTooLargeError');
  }

  /** The limit that was exceeded, in characters. */
  readonly maxEventSize: number;

  /**
   * Says in the message which limit was exceeded, with advice to raise `maxEventSize` unless
   * `options.hint` is given.
   *
   * @param maxEventSize - The limit that was exceeded, in characters.
   * @param options - The request the stream belongs to.
   */
  constructor(maxEventSize: number, options: GroqErrorOptions = {}) {
    super(`A server-sent event exceeded the maximum size of ${maxEventSize} characters; the stream was stopped.`, {
      ...options,
      hint: options.hint ?? 'If the server legitimately sends events this large, raise the `maxEventSize` option.',
    });
    this.maxEventSize = maxEventSize;
  }
}
