import { describeServerValue } from './describe-server-value.js';
import { stringField } from './errors/api-error.js';
import type { ErrorRequestContext } from './errors/groq-error.js';
import { StreamServerError } from './errors/stream-server-error.js';
import { shorten } from './excerpt.js';
import { jsonOf } from './invalid-chunk-field.js';
import { redactSecrets } from './redact-secrets.js';

/** How {@link serverError} words the error: where it was found, and what came before it. */
export interface ServerErrorOptions {
  /** No chunk came before it, which the message says instead of "mid-stream". */
  beforeFirstChunk: boolean;
  /** Replaces the error's own advice (to retry). */
  hint?: string | undefined;
  /** The error is a data object's `error` or a chunk's `x_groq.error` rather than an `error` event's data, which the message names when it is empty. */
  member?: 'error' | 'x_groq.error' | undefined;
}

/**
 * The {@link StreamServerError} for an error the server sent in the stream: an `error` event or a chunk's `error`.
 * `streamRequestId`, the first chunk's `x_groq.id`, names the request when neither `context` nor the error does.
 */
export function serverError(error: unknown, context: ErrorRequestContext, { beforeFirstChunk, hint, member }: ServerErrorOptions, streamRequestId?: string): StreamServerError {
  // `{ message }`, or Groq's body shape `{ error: { message } }`, or a bare string.
  const nested = (error as { error?: unknown } | null | undefined)?.error;
  const message =
    typeof error === 'string'
      ? error
      : (stringField(error, 'message') ?? (typeof nested === 'string' ? nested : stringField(nested, 'message')) ?? '');
  // A reason of only white space reads as none: quoted, it would leave a gap where the reason should be.
  const text =
    message.trim() !== ''
      ? message
      : typeof error === 'string'
        ? emptyErrorText(member, error)
        : `an error with no message: ${shorten(redactSecrets(jsonOf(error) ?? describeServerValue(error)))}`;
  // A relay's error event carries Groq's request id in its payload (`{ error: { requestId } }`); Groq's own carries none.
  const requestId = context.requestId ?? stringField(nested, 'requestId') ?? stringField(error, 'requestId') ?? streamRequestId;
  return new StreamServerError(text, { ...context, requestId, error: typeof nested === 'object' ? nested : error, beforeFirstChunk, hint });
}

// An `error` event with no data had nothing to say; a member set to `""` was sent, but gave no reason.
function emptyErrorText(member: 'error' | 'x_groq.error' | undefined, error: string): string {
  if (member === undefined) return error === '' ? 'an error event with no data' : 'an error event whose data was only white space';
  const given = error === '' ? 'an empty string' : 'only white space';
  return `${member === 'error' ? "a data object's error member" : "a chunk's x_groq.error"} that gave no reason (${given}) stopped the stream`;
}
