import type { APIErrorOptions } from './api-error.js';

/**
 * What an error for a status the server answered passes to {@link APIError}: `options` with `status`, the
 * response headers (an empty `Headers` when none were given: the server answered, so the field is always
 * there), and `hint`, the class's advice, unless `options.hint` gives other advice. One for every status
 * class, rather than a copy in each constructor.
 */
export function answeredErrorOptions(options: APIErrorOptions, hint: string, status: number): APIErrorOptions {
  return { ...options, headers: options.headers ?? new Headers(), hint: options.hint ?? hint, status };
}
