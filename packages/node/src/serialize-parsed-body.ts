import { ChatRequestError } from '@groq-stream/core';

/**
 * A body a parser such as `express.json()` already read, as JSON text again for the shared checks. A browser's
 * body nested deeper than the stack allows is its bad request (400, `invalid_json`); anything else that cannot
 * be written is the app's failure (a `TypeError` that says so): its own middleware put the value in
 * `request.body`, since a body parsed from JSON is plain data, which JSON can always write again.
 */
export function serializeParsedBody(parsed: unknown): string {
  try {
    return JSON.stringify(parsed);
  } catch (error) {
    // Nested deeper than the stack allows: a body parser accepts that, and the browser sent it. Only a stack
    // overflow over plain data: JSON.stringify's other RangeErrors (an invalid Date's toJSON(), 'Invalid time
    // value'; a string longer than the runtime allows) and the app's own (from a getter), and an overflow from
    // a toJSON() that calls itself, are the app's, and a 400 sent the developer looking at the browser.
    if (isStackOverflow(error) && isPlainData(parsed)) {
      throw new ChatRequestError('The request body is not valid JSON: it is nested too deeply. Send the conversation as JSON, { "messages": [{ "role": "user", "content": "Hello" }] }.', {
        status: 400,
        code: 'invalid_json',
      });
    }
    const words = error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : 'it threw';
    throw new TypeError(
      `request.body cannot be written as JSON again (${words}): an earlier middleware set it, since a body parsed from JSON is plain data: no cycle, no BigInt, nothing whose toJSON() or getter throws or calls itself without end. Have that middleware leave request.body as the parser made it, or keep what it adds elsewhere (on response.locals).`,
      { cause: error },
    );
  }
}

/**
 * Whether `error` is the runtime running out of stack: a RangeError whose words V8 (Node, Deno) and
 * JavaScriptCore (Bun, which adds a period) share. Other RangeErrors name other faults.
 */
function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && error.message.startsWith('Maximum call stack size exceeded');
}

/**
 * Whether `value` is what a JSON parser makes: arrays and plain objects of data properties (no getter, no
 * function such as a toJSON(), each object reached once), down to strings, numbers, booleans and null. Walked
 * with a list, not recursion, since it is asked about a value too deep for the stack; getters are not called.
 */
function isPlainData(value: unknown): boolean {
  const seen = new Set<object>();
  const pending: unknown[] = [value];
  try {
    while (pending.length > 0) {
      const item = pending.pop();
      if (typeof item === 'function') return false;
      if (typeof item !== 'object' || item === null) continue;
      if (seen.has(item)) return false;
      seen.add(item);
      const prototype: unknown = Object.getPrototypeOf(item);
      if (Array.isArray(item) ? prototype !== Array.prototype : prototype !== Object.prototype && prototype !== null) return false;
      for (const key of Reflect.ownKeys(item)) {
        const descriptor = Reflect.getOwnPropertyDescriptor(item, key);
        if (descriptor === undefined || !('value' in descriptor)) return false;
        pending.push(descriptor.value);
      }
    }
    return true;
  } catch {
    // A Proxy whose traps throw: not what a parser makes.
    return false;
  }
}
