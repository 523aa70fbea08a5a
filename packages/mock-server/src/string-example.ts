import { formattedString, lengthenFormattedString } from './create-scalar-examples.js';
import { spend, type ExampleContext } from './example-context.js';
import { patternExample } from './schema-pattern-matching.js';
import { SchemaUnsatisfiableError } from './schema-unsatisfiable-error.js';

export function stringExample(schema: Record<string, unknown>, context: ExampleContext): string {
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  if (minLength > maxLength) throw new SchemaUnsatisfiableError(`its minLength, ${minLength}, is over its maxLength, ${maxLength}`);
  const format = typeof schema.format === 'string' ? schema.format : undefined;
  const fixed = format === undefined ? undefined : formattedString(format, 0);
  const formatted = fixed === undefined || format === undefined ? undefined : (lengthenFormattedString(format, fixed, minLength) ?? fixed);
  const value = formatted ?? textExample(schema, context);
  if (typeof schema.pattern !== 'string') return value;
  // The value when it matches; else one built from the regex (zod writes `regex`, `startsWith`, `cuid`, … so).
  const matching = patternExample(schema.pattern, value, minLength, maxLength, context.budget);
  if (matching === undefined) return value;
  spend(context, matching.length);
  return matching;
}

// The text, cut or padded to the length bounds.
function textExample(schema: Record<string, unknown>, context: ExampleContext): string {
  // Code points, as JSON Schema counts them: a cut must never split a surrogate pair.
  let codePoints = Array.from(context.text);
  if (typeof schema.maxLength === 'number') codePoints = codePoints.slice(0, Math.max(0, schema.maxLength));
  spend(context, Math.max(codePoints.length, typeof schema.minLength === 'number' ? schema.minLength : 0));
  if (typeof schema.minLength === 'number') while (codePoints.length < schema.minLength) codePoints.push('x');
  return codePoints.join('');
}

// Strings of the schema's format, or its example with a number in place of its end or after it.
export function* stringVariants(schema: Record<string, unknown>, context: ExampleContext): Generator<string> {
  if (typeof schema.format === 'string' && formattedString(schema.format, 0) !== undefined) {
    for (let index = 0; ; index++) {
      const value = formattedString(schema.format, index);
      if (value === undefined) return;
      yield value;
    }
    return;
  }
  const base = Array.from(stringExample(schema, context));
  yield base.join('');
  yield '';
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  // Ends once the suffixes, which only grow, fit neither in the example nor after it.
  for (let index = 1, fitted = true; fitted; index++) {
    fitted = false;
    // A number, or letters (`b`, `c`, …, `ba`), for patterns that allow only those.
    for (const suffix of [String(index), letters(index)]) {
      spend(context, base.length + suffix.length);
      if (base.length >= suffix.length) {
        fitted = true;
        yield base.slice(0, base.length - suffix.length).join('') + suffix;
      }
      if (base.length + suffix.length <= maxLength) {
        fitted = true;
        yield base.join('') + suffix;
      }
    }
  }
}

// `index` in the letters a to z as digits: 1 is `b`, 26 is `ba`.
function letters(index: number): string {
  let text = '';
  for (let rest = index; text === '' || rest > 0; rest = Math.floor(rest / 26)) text = String.fromCharCode(97 + (rest % 26)) + text;
  return text;
}
