import type { ClientOptions } from './client-options.js';
import { describeKind } from './describe-kind.js';
import { GroqError } from './errors/groq-error.js';
import { optionReadError } from './read-option-fields.js';

/**
 * The options given to `withOptions()`, each read once, as a spread would read them (one set to `undefined`
 * still replaces this client's); one that throws when read is a `GroqError` naming it, not its raw error.
 */
export function changedOptions(options: unknown): Partial<ClientOptions> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new GroqError(`withOptions() takes an object of options, got ${describeKind(options)}.`, { hint: 'Pass an object, e.g. client.withOptions({ maxRetries: 5 }).' });
  }
  const changed: Record<string, unknown> = {};
  let name = 'The options given to withOptions()';
  try {
    for (name of Object.keys(options)) changed[name] = (options as Record<string, unknown>)[name];
  } catch (cause) {
    throw optionReadError(name, 'it threw when read', cause);
  }
  return changed;
}
