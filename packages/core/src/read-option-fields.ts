import { describeCause } from './describe-cause.js';
import { GroqError, type ErrorRequestContext } from './errors/groq-error.js';

/**
 * The fields `names` of `options` as a plain object, each read once, leaving out those that are `undefined`.
 * Whoever reads the copy then uses the values that were checked: a getter runs once, not once per place
 * that reads it (where it could give something else than what was checked). A field that throws when read
 * (a getter, a Proxy) is a {@link GroqError} naming it, `prefix` first (`requestOptions.`), before anything is
 * sent, rather than the raw error from somewhere inside the request.
 */
export function readOptionFields<Name extends string>(options: object, names: readonly Name[], prefix = '', context: ErrorRequestContext = {}): { [Field in Name]?: unknown } {
  const read: { [Field in Name]?: unknown } = {};
  for (const name of names) {
    let value: unknown;
    try {
      value = (options as Record<string, unknown>)[name];
    } catch (cause) {
      throw optionReadError(`${prefix}${name}`, 'it threw when read', cause, context);
    }
    if (value !== undefined) read[name] = value;
  }
  return read;
}

/**
 * The error for an option that could not be read: `option could not be read: what (cause).`, in the words of
 * `readFetchOptions`, with the cause kept and advice to read it before the call. Nothing was sent.
 */
export function optionReadError(option: string, what: string, cause: unknown, context: ErrorRequestContext = {}): GroqError {
  return new GroqError(`${option} could not be read: ${what} (${describeCause(cause)}).`, {
    ...context,
    cause,
    hint: 'Nothing was sent. Read the value before the call and handle its failure there, then pass the value itself.',
  });
}
