import { APIConnectionTimeoutError } from './api-connection-timeout-error.js';
import { brandErrorClass, type GroqErrorOptions } from './groq-error.js';

/**
 * A stream received no event for `streamIdleTimeout` milliseconds (heartbeat comments do not count), so it
 * was aborted. It is an {@link APIConnectionTimeoutError}, so one `instanceof` check covers both timeouts.
 */
export class StreamIdleTimeoutError extends APIConnectionTimeoutError {
  static {
    brandErrorClass(this, 'StreamIdleTimeoutError');
  }

  /** The idle limit that was exceeded, in milliseconds. */
  readonly idleTimeout: number;

  /**
   * Says in the message how long the stream was idle, with advice to retry or raise `streamIdleTimeout`
   * unless `options.hint` is given.
   *
   * @param idleTimeout - The idle limit that was exceeded, in milliseconds.
   * @param options - The request the stream belongs to.
   */
  constructor(idleTimeout: number, options: GroqErrorOptions = {}) {
    super(`The stream received no event for ${idleTimeout} ms and was aborted.`, {
      ...options,
      hint: options.hint ?? 'The server stalled; retry, or raise the `streamIdleTimeout` option.',
    });
    this.idleTimeout = idleTimeout;
  }
}
