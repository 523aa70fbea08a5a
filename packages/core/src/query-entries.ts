import { describeKind } from './describe-kind.js';
import { GroqError, type ErrorRequestContext } from './errors/groq-error.js';
import { excerpt } from './excerpt.js';
import { optionReadError } from './read-option-fields.js';

/** One query parameter: its name and its values as text, in order; none when it was `null` or `undefined`. */
export type QueryEntry = readonly [name: string, values: readonly string[]];

/**
 * The query parameters of `query` as text, checked: a plain object whose values are text, numbers,
 * booleans, lists of them, or `null`/`undefined` (left out). Anything else would reach the URL as
 * `[object Object]`, a function's source or one parameter per character, so it is refused, naming `option`;
 * so is one whose entries throw when read, with `context`, the request's method and path. With `nameOption`,
 * a value that cannot be sent is also said to be of `option` (`requestOptions.query`).
 */
export function queryEntries(query: unknown, option: string, context?: ErrorRequestContext, nameOption = false): QueryEntry[] {
  if (query === undefined || query === null) return [];
  if (typeof query !== 'object' || Symbol.iterator in query) {
    throw new GroqError(`${option} must be an object of parameter names and values, got ${describeKind(query)}.`, {
      hint: `Pass { region: 'eu', tag: ['a', 'b'] }${query instanceof URLSearchParams || query instanceof Map ? ', e.g. Object.fromEntries(params)' : ''}.`,
    });
  }
  let entries: [string, unknown][];
  try {
    entries = Object.entries(query);
  } catch (cause) {
    // A getter that failed: named here, rather than thrown raw from inside the request.
    throw optionReadError(option, 'one of its entries threw when read', cause, context);
  }
  return entries.map(([name, value]): QueryEntry => {
    const items: unknown[] = Array.isArray(value) ? value : [value];
    return [name, items.filter((item) => item !== undefined && item !== null).map((item) => queryText(name, item, nameOption ? option : undefined))];
  });
}

function queryText(name: string, value: unknown, option: string | undefined): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  throw new GroqError(`The query parameter ${excerpt(name, 60)}${option === undefined ? '' : ` of ${option}`} cannot be sent: its value is ${describeKind(value)}.`, {
    hint: "Pass text, a number, a boolean, or a list of them; write nested values into the name yourself, e.g. { 'filter[model]': 'llama' }.",
  });
}
