import { describeKind } from '../describe-kind.js';
import { redactSecrets } from '../redact-secrets.js';
import { brandErrorClass, GroqError } from './groq-error.js';

/** Why a relay refused a request from the browser; becomes the HTTP answer. */
export interface ChatRequestErrorOptions {
  /** HTTP status: 400 (bad input), 405, 413 (too large), 415 (not JSON), 429, ... */
  status: number;
  /** Machine-readable code, e.g. `invalid_messages`, `body_too_large`, `model_not_allowed`. */
  code: string;
  /** The field at fault, e.g. `messages[2].role`. */
  param?: string | undefined;
}

/**
 * A relay refused the browser's request: the body was not JSON, too large, or not a valid conversation.
 * Its message says what was wrong and what is accepted; it is safe to send to the browser.
 */
export class ChatRequestError extends GroqError {
  static {
    brandErrorClass(this, 'ChatRequestError');
  }

  /** HTTP status of the answer, e.g. 400 or 413. */
  readonly status: number;
  /** Machine-readable code, e.g. `invalid_messages`; the browser receives it as `error.code`. */
  readonly code: string;
  /** The field at fault, e.g. `messages[2].role`, when there is one. */
  readonly param: string | undefined;

  /**
   * Creates the error without request context: it concerns the browser's request to the relay, not a
   * request to Groq.
   *
   * @param message - What was wrong and what is accepted; it is sent to the browser as is.
   * @param options - The HTTP status, the machine-readable code and the field at fault.
   * @throws {@link GroqError} when `status` is not a whole number from 400 to 599 or `code` is not a non-empty
   *   string: the relay answers with that status, and no HTTP answer can carry another (a 200 would also pass
   *   the refusal off as a success).
   */
  constructor(message: string, options: ChatRequestErrorOptions) {
    const status: unknown = options?.status;
    if (!isRefusalStatus(status)) {
      throw new GroqError(`A ChatRequestError's status must be a whole number from 400 to 599, got ${typeof status === 'number' ? status : describeKind(status)}.`, { hint: 'Use 400 for bad input, 413 for too large, 429 for too many requests.' });
    }
    if (typeof options.code !== 'string' || options.code === '') {
      throw new GroqError(`A ChatRequestError's code must be a non-empty string, got ${options.code === '' ? 'an empty string' : describeKind(options.code)}.`, { hint: "Name the problem for programs, such as 'invalid_messages'." });
    }
    super(message);
    this.status = options.status;
    this.code = options.code;
    // It names what the browser sent (a field's name), which may be a key, and goes to the browser as the message
    // does: redacted as GroqError redacts the message.
    this.param = options.param === undefined ? undefined : redactSecrets(options.param);
  }

  /** The JSON body of the HTTP answer, in Groq's error shape. */
  toJSON(): {
    /** The error, as Groq's API reports one. */
    error: {
      /** This error's message. */
      message: string;
      /** Always `invalid_request_error`. */
      type: string;
      /** This error's {@link ChatRequestError.code}. */
      code: string;
      /** This error's {@link ChatRequestError.param}, when it has one. */
      param?: string;
    };
  } {
    return {
      error: { message: this.message, type: 'invalid_request_error', code: this.code, ...(this.param === undefined ? {} : { param: this.param }) },
    };
  }
}

/** An HTTP status a refusal can be answered with: a client or server error status. */
export function isRefusalStatus(status: unknown): status is number {
  return typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599;
}
