import { redactSecrets } from '../redact-secrets.js';
import { brandErrorClass, type GroqErrorOptions } from './groq-error.js';
import { StreamError } from './stream-error.js';

/** Options of a {@link StreamInvalidDataError}. */
export interface StreamInvalidDataErrorOptions extends GroqErrorOptions {
  /** The offending data, in full (the message holds only a bounded excerpt). */
  data?: string | undefined;
}

/** An event's data could not be read: not JSON, or JSON of the wrong shape. */
export class StreamInvalidDataError extends StreamError {
  static {
    brandErrorClass(this, 'StreamInvalidDataError');
  }

  /** The offending data, in full, with any credential it echoes replaced by `[redacted]`. */
  readonly data: string | undefined;

  /**
   * Appends advice (check `baseURL` and proxies) to the message unless `options.hint` is given.
   *
   * @param message - What was wrong with the data, with a bounded excerpt of it.
   * @param options - The offending `data` in full, and the request the stream belongs to.
   */
  constructor(message: string, options: StreamInvalidDataErrorOptions = {}) {
    super(message, {
      ...options,
      hint: options.hint ?? 'The server or a proxy sent something that is not a chat-completion chunk; check baseURL and any proxy in between.',
    });
    this.data = options.data === undefined ? undefined : redactSecrets(options.data);
  }
}
