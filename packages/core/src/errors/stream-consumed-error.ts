import { brandErrorClass, GroqError, type GroqErrorOptions } from './groq-error.js';

/** A `Stream` was iterated a second time; a stream can be read once. */
export class StreamConsumedError extends GroqError {
  static {
    brandErrorClass(this, 'StreamConsumedError');
  }

  /**
   * The message is fixed; the advice (use `stream.tee()`) is appended unless `options.hint` is given.
   *
   * @param options - The request the stream belongs to.
   */
  constructor(options: GroqErrorOptions = {}) {
    super('This stream has already been read; a stream can be iterated only once.', {
      ...options,
      hint: options.hint ?? 'Call stream.tee() before reading to get two independent streams.',
    });
  }
}
