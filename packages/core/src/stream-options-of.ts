import { isRecord } from './is-object.js';

/**
 * The options given as the third argument of `Stream.fromSSEResponse()` or `Stream.fromReadableStream()`, or
 * `{}` when it is a client. groq-sdk's form passes its client there (`Stream.fromSSEResponse(response,
 * controller, client)`), which groq-sdk uses for its logger only; read as options, a client's own fields
 * (its `maxEventSize`) would change how the stream reads, unasked. So a client (this package's or
 * groq-sdk's: anything with `chat.completions.create`) is left out on purpose, and code written for groq-sdk
 * runs with only its import line changed. Anything else goes on to be checked as options.
 */
export function streamOptionsOf(third: unknown): unknown {
  return isClient(third) ? {} : third;
}

/** A Groq client of this package or of groq-sdk: what no `StreamOptions` object looks like. */
function isClient(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const chat = (value as { chat?: unknown }).chat;
  return isRecord(chat) && typeof (chat as { completions?: { create?: unknown } }).completions?.create === 'function';
}

