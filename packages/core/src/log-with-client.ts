import { asSentence } from './as-sentence.js';
import { describeCause } from './describe-cause.js';
import { GroqError } from './errors/groq-error.js';
import { redactSecretsDeep } from './redact-secrets-deep.js';
import type { Groq } from './groq.js';
import { createLogLine, type LogLevel } from './logger.js';

/**
 * Writes one line as `client` writes its own: to its `logger`, when its `logLevel` lets `level` through
 * (`'off'` lets nothing through), starting with `[groq-stream]`, with any key in `message` redacted and
 * `details` (an error, say) written as redacted copies. Without a client (`undefined`), the line goes to
 * `console`, as a client's with the default options would. For code that works for a client, such as the
 * relays of `@groq-stream/node` and `@groq-stream/web`, whose lines then go wherever the app sends the
 * client's.
 *
 * Never throws: the line is about a failure already being handled, which a failing logger must not replace.
 * When the logger throws (or the client's `logLevel` or `logger` is not one), the line goes to `console`
 * instead, after an error line saying why.
 *
 * @param client - The client whose `logLevel` and `logger` to use, or `undefined` for `console`.
 * @param level - The line's level: `'error'` for a failure of the app, `'warn'` for one the operator should know of.
 * @param message - The line, without the `[groq-stream]` prefix.
 * @param details - Anything to write after the line, such as the error itself.
 *
 * @example
 * ```ts
 * logWithClient(client, 'warn', 'The chat request failed upstream.', error);
 * ```
 */
export function logWithClient(client: Pick<Groq, 'logLevel' | 'logger'> | undefined, level: Exclude<LogLevel, 'off'>, message: string, ...details: unknown[]): void {
  try {
    createLogLine(client?.logLevel, client?.logger)(level, message, ...details);
  } catch (failure) {
    const fallback = createLogLine();
    fallback('error', `${reasonOf(failure)} The line follows here instead.`);
    fallback(level, message, ...details);
  }
}

/** Why the client's logger wrote no line: the SDK's error says it (the logger threw, or a level that is none). */
function reasonOf(failure: unknown): string {
  try {
    if (GroqError.isInstance(failure)) return failure.message;
  } catch {
    // A thrown value that cannot be looked at (a Proxy whose traps throw): described below.
  }
  // Not the SDK's: a client option that throws when it is read.
  return asSentence(`Reading the client's logLevel or logger failed: ${describeCause(failure)}`);
}

/**
 * What went wrong, for a log line that says it in its own words (loggers such as pino drop what follows the
 * message): an error's message, or any other thrown value as text, with any key in it redacted. A value that
 * cannot be turned into text (an object without a prototype, a Proxy whose traps throw) is said to be one, so
 * that the line, and whatever answer follows it, still come.
 *
 * @example
 * ```ts
 * logWithClient(client, 'warn', `The answer failed mid-stream. ${errorWordsForLog(error)}`);
 * ```
 */
export function errorWordsForLog(error: unknown): string {
  const redacted: unknown = redactSecretsDeep(error);
  try {
    return redacted instanceof Error ? redacted.message : String(redacted);
  } catch {
    return 'a value that cannot be shown as text';
  }
}
