import { asSentence } from './as-sentence.js';
import { describeCause } from './describe-cause.js';
import { GroqError } from './errors/groq-error.js';

/** The request body as JSON, or a {@link GroqError} that says which value cannot be sent, not a bare TypeError. */
export function requestJSON(body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch (error) {
    // V8 names the circle's path over several lines; the first says what it is. It names keys, never values.
    // A toJSON() of the caller's may have thrown, in words of its own that may end as a question. Cut at the first
    // line break before describeCause writes it as `\n`: after, a backslash and an n of the words (`C:\new`) read
    // the same.
    const firstLine = error instanceof Error ? new Error(error.message.split('\n')[0], { cause: error.cause }) : error;
    const reason = describeCause(firstLine);
    throw new GroqError(asSentence(`The request cannot be sent as JSON: ${reason}`), {
      cause: error,
      hint: 'Pass plain data (strings, numbers, booleans, null, lists and objects): no BigInt, no object that contains itself, and no toJSON() that throws.',
    });
  }
}
