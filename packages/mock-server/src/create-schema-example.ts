import { createPatternExample } from './create-pattern-example.js';
import { isRecord } from './is-record.js';
import { runWithTimeLimit } from './run-with-time-limit.js';

// A schema that refers to itself (a tree, a linked list) is followed this deep with every property filled;
// past it, with only what it requires (the least a model could end it with), and past twice it, cut off.
const MAX_DEPTH = 8;
// Values and string characters one example may have. A schema may ask for more (`minItems: 1e9`, or a
// self-reference with many properties, which grows exponentially down to MAX_DEPTH): building it would
// exhaust the process's memory, so it is refused instead, as no model could send it either.
const MAX_EXAMPLE_SIZE = 1_000_000;
const EXAMPLE_NUMBER = 42;
// Time for matching one pattern, and for all the patterns of one example. A pattern such as `(a+)+$`
// backtracks for hours on a few dozen characters it does not match, which would stop the whole server.
const PATTERN_TIME_LIMIT_MS = 50;
const PATTERNS_TIME_LIMIT_MS = 500;
// Attempts of one pattern that the clock stopped while the process was given under half the time to run.
const MAX_STARVED_ATTEMPTS = 5;
// Strings with a `format` get a fixed value of that format: the prompt would not validate.
const FORMATTED_STRINGS: Record<string, string> = {
  'date-time': '2025-01-01T12:00:00Z',
  date: '2025-01-01',
  time: '12:00:00Z',
  email: 'user@example.com',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  uuid: '00000000-0000-4000-8000-000000000000',
  ipv4: '127.0.0.1',
  ipv6: '::1',
  hostname: 'example.com',
  // {"alg":"HS256","typ":"JWT"}.{"sub":"mock"}.signature
  jwt: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJtb2NrIn0.c2lnbmF0dXJl',
};

/**
 * A value that satisfies a JSON Schema, as a model constrained by it would produce: what the mock puts
 * in the arguments of a tool call. Clients such as the AI SDK validate those arguments against the
 * schema they declared, so a plausible-looking value that breaks the schema would fail in the client,
 * never on Groq.
 *
 * Covers what tool schemas use (the output of zod, valibot and hand-written schemas): `const`, `enum`,
 * `type` (also as a list, e.g. `["string", "null"]`), `properties`, `items` and `prefixItems`,
 * `anyOf`/`oneOf`/`allOf`, local `$ref`s, numeric bounds, string lengths, `pattern`s and common `format`s. Every
 * declared property is filled. Strings are `text` (cut or padded to the allowed length), numbers 42
 * (moved into the allowed range), booleans true; a schema that says nothing gives null.
 */
export function createSchemaExample(schema: unknown, text: string): unknown {
  const budget = { remaining: MAX_EXAMPLE_SIZE, patternMs: PATTERNS_TIME_LIMIT_MS };
  return example(schema, { root: schema, text, depth: 0, budget, least: false });
}

/** A `pattern` of the schema took too long to test: it backtracks catastrophically, or there are too many. */
export class SchemaPatternTooSlowError extends RangeError {
  constructor(pattern: string) {
    super(
      `the pattern ${JSON.stringify(pattern)} takes too long to test (over ${PATTERN_TIME_LIMIT_MS} ms for one string, or ` +
        `${PATTERNS_TIME_LIMIT_MS} ms for all the patterns of the schema): write it so that a regex engine does not backtrack on it, ` +
        'without nested quantifiers such as (a+)+',
    );
    this.name = 'SchemaPatternTooSlowError';
  }
}

/** The smallest value that satisfies a schema is too large to build: over 1,000,000 values and characters. */
export class SchemaExampleTooLargeError extends RangeError {
  constructor() {
    super(`a value that satisfies it has over ${MAX_EXAMPLE_SIZE} values and characters, more than the mock builds`);
    this.name = 'SchemaExampleTooLargeError';
  }
}

interface ExampleContext {
  root: unknown;
  text: string;
  depth: number;
  /** Shared by the whole example, so that it bounds the total size and time whatever the shape. */
  budget: { remaining: number; patternMs: number };
  /** Past MAX_DEPTH: objects get their required properties only, lists their minItems. */
  least: boolean;
}

// Counts `size` values or characters against the example's budget, before they are built.
function spend(context: ExampleContext, size: number): void {
  context.budget.remaining -= size;
  if (context.budget.remaining < 0) throw new SchemaExampleTooLargeError();
}

function example(schema: unknown, context: ExampleContext): unknown {
  // Counted before anything else: a null cut off below MAX_DEPTH is a value of the example too.
  spend(context, 1);
  if (!isRecord(schema) || context.depth > 2 * MAX_DEPTH) return null;
  const inner = { ...context, depth: context.depth + 1, least: context.depth >= MAX_DEPTH };
  if (typeof schema.$ref === 'string') return example(resolveReference(schema.$ref, context.root), inner);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const alternatives = schema.anyOf ?? schema.oneOf;
  // A non-null alternative, when there is one, says more to the app under test than null does.
  if (Array.isArray(alternatives) && alternatives.length > 0) return example(alternatives.find((option) => !isNullSchema(option)) ?? alternatives[0], inner);
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) return example(mergeAllOf(schema, schema.allOf), inner);
  switch (schemaType(schema)) {
    case 'string':
      return stringExample(schema, context);
    case 'integer':
      return numberExample(schema, true);
    case 'number':
      return numberExample(schema, false);
    case 'boolean':
      return true;
    case 'object':
      return objectExample(schema, inner);
    case 'array':
      return arrayExample(schema, inner);
    default:
      return null;
  }
}

/**
 * One schema with the keywords of `schema` and of every part of its `allOf`: zod writes a string with two
 * pattern checks (`startsWith` and `endsWith`, `regex` and `includes`) as `{ type: "string", allOf: [{ pattern },
 * { pattern }] }`. Properties and required lists are joined, and the patterns become one that a string
 * matches when it matches each of them (lookaheads, which the pattern builder writes out one after the other).
 */
function mergeAllOf(schema: Record<string, unknown>, parts: unknown[]): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...schema, allOf: undefined };
  const patterns = typeof schema.pattern === 'string' ? [schema.pattern] : [];
  // Merged one by one: spread into one call, a list of 200,000 parts overflows the stack.
  for (const part of parts) {
    if (!isRecord(part)) continue;
    const { properties, required } = merged;
    Object.assign(merged, part);
    if (isRecord(properties) && isRecord(part.properties)) merged.properties = { ...properties, ...part.properties };
    if (Array.isArray(required) && Array.isArray(part.required)) merged.required = [...new Set([...required, ...part.required])];
    if (typeof part.pattern === 'string') patterns.push(part.pattern);
  }
  if (patterns.length > 1) merged.pattern = `^${patterns.map(lookahead).join('')}`;
  return merged;
}

// A lookahead, at the start of the string, for a match of `pattern` anywhere in it (a JSON Schema pattern is
// not anchored). One that is anchored at the start already (`^ab`, not `^a|b`) goes without the `[\s\S]*?`
// before it, which the pattern builder, asked for a minLength, would fill with characters.
function lookahead(pattern: string): string {
  return pattern.startsWith('^') && !pattern.includes('|') ? `(?=${pattern})` : `(?=[\\s\\S]*?(?:${pattern}))`;
}

// The declared type (the first non-null one of a list), or the one that the keywords imply.
function schemaType(schema: Record<string, unknown>): string | undefined {
  const { type } = schema;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((name) => name !== 'null') ?? type[0];
  if (isRecord(schema.properties)) return 'object';
  if (schema.items !== undefined || schema.prefixItems !== undefined) return 'array';
  return undefined;
}

function isNullSchema(schema: unknown): boolean {
  return isRecord(schema) && schema.type === 'null';
}

// `#`, `#/definitions/name`, `#/$defs/name`: JSON Pointers into the root schema. Remote ones give null.
function resolveReference(reference: string, root: unknown): unknown {
  if (!reference.startsWith('#')) return undefined;
  let target = root;
  for (const token of reference.slice(1).split('/').filter((part) => part !== '')) {
    const key = decodePointerToken(token).replaceAll('~1', '/').replaceAll('~0', '~');
    target = isRecord(target) ? target[key] : Array.isArray(target) ? target[Number(key)] : undefined;
  }
  return target;
}

// A `$ref` fragment is percent-encoded; one that is not validly so (`#/%`) is taken as it is, as no key.
function decodePointerToken(token: string): string {
  try {
    return decodeURIComponent(token);
  } catch {
    return token;
  }
}

function stringExample(schema: Record<string, unknown>, context: ExampleContext): string {
  const formatted = typeof schema.format === 'string' ? FORMATTED_STRINGS[schema.format] : undefined;
  const value = formatted ?? textExample(schema, context);
  if (typeof schema.pattern !== 'string') return value;
  // The value when it matches; else one built from the regex (zod writes `regex`, `startsWith`, `cuid`, … so).
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  const matching = patternExample(schema.pattern, value, minLength, maxLength, context);
  if (matching === undefined) return value;
  spend(context, matching.length);
  return matching;
}

// `createPatternExample` under a time limit: with the value as a candidate, then, if testing it took too
// long, with only the strings built from the regex (short, and matching at once, as a rule). The limit is
// wall-clock time (all a watchdog can stop), but what it guards against is a pattern that keeps the CPU
// busy: so the budget is charged with the CPU time spent, and an attempt stopped while the process barely
// ran (a busy machine, which a test run on two cores is) is tried again rather than blamed on the pattern.
function patternExample(pattern: string, value: string, minLength: number, maxLength: number, context: ExampleContext): string | undefined {
  for (const candidates of [[value], []]) {
    for (let attempt = 1; context.budget.patternMs > 0; attempt++) {
      const limitMs = Math.min(PATTERN_TIME_LIMIT_MS, context.budget.patternMs);
      const cpuBefore = process.cpuUsage();
      const result = runWithTimeLimit(() => createPatternExample(pattern, candidates, minLength, maxLength), limitMs);
      const cpu = process.cpuUsage(cpuBefore);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      context.budget.patternMs -= cpuMs;
      if (result.done) return result.value;
      if (cpuMs >= limitMs / 2 || attempt >= MAX_STARVED_ATTEMPTS) break;
    }
  }
  throw new SchemaPatternTooSlowError(pattern);
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

function numberExample(schema: Record<string, unknown>, integer: boolean): number {
  const minimum = numberOrUndefined(schema.minimum);
  const maximum = numberOrUndefined(schema.maximum);
  const exclusiveMinimum = numberOrUndefined(schema.exclusiveMinimum);
  const exclusiveMaximum = numberOrUndefined(schema.exclusiveMaximum);
  const multipleOf = numberOrUndefined(schema.multipleOf);
  const fits = (value: number): boolean =>
    Number.isFinite(value) &&
    (!integer || Number.isInteger(value)) &&
    (minimum === undefined || value >= minimum) &&
    (maximum === undefined || value <= maximum) &&
    (exclusiveMinimum === undefined || value > exclusiveMinimum) &&
    (exclusiveMaximum === undefined || value < exclusiveMaximum) &&
    (multipleOf === undefined || multipleOf <= 0 || Math.abs(value / multipleOf - Math.round(value / multipleOf)) < 1e-9);
  const low = Math.max(minimum ?? -Infinity, exclusiveMinimum ?? -Infinity);
  const high = Math.min(maximum ?? Infinity, exclusiveMaximum ?? Infinity);
  const step = multipleOf !== undefined && multipleOf > 0 ? multipleOf : 1;
  // A multiple written with the step's decimals, as a model writes it: 19 * 0.05 is 0.9500000000000001.
  const times = (count: number): number => Number((count * step).toFixed(decimalPlaces(step)));
  // 42 when allowed, else the allowed value nearest to it among a few at or next to the bounds.
  const candidates = [
    EXAMPLE_NUMBER,
    times(Math.round(EXAMPLE_NUMBER / step)),
    times(Math.ceil(low / step)),
    times(Math.floor(low / step) + 1),
    times(Math.floor(high / step)),
    times(Math.ceil(high / step) - 1),
    (low + high) / 2,
  ];
  const allowed = candidates.filter(fits).sort((a, b) => Math.abs(a - EXAMPLE_NUMBER) - Math.abs(b - EXAMPLE_NUMBER));
  return allowed[0] ?? EXAMPLE_NUMBER;
}

// Digits after the point in the shortest form of `value` (`0.05`: 2, `1e-7`: 7), at most 100, as toFixed takes.
function decimalPlaces(value: number): number {
  const [digits = '', exponent = '0'] = String(value).split('e');
  return Math.min(Math.max((digits.split('.')[1]?.length ?? 0) - Number(exponent), 0), 100);
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function arrayExample(schema: Record<string, unknown>, context: ExampleContext): unknown[] {
  const tuple = Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? schema.items : undefined;
  if (tuple !== undefined) return tuple.map((item: unknown) => example(item, context));
  const minItems = typeof schema.minItems === 'number' ? schema.minItems : 0;
  const maxItems = typeof schema.maxItems === 'number' ? schema.maxItems : Infinity;
  // One item shows the app under test what an element looks like, unless the schema asks for more or none.
  const count = Math.min(context.least ? minItems : Math.max(minItems, 1), maxItems);
  spend(context, Math.max(count, 0));
  return Array.from({ length: count }, () => example(schema.items, context));
}

// Every declared property (only the required ones past MAX_DEPTH), and the required keys that only
// `additionalProperties` describes (an exhaustive `z.record` over an enum).
function objectExample(schema: Record<string, unknown>, context: ExampleContext): Record<string, unknown> {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required.filter((key): key is string => typeof key === 'string') : [];
  const keys = context.least ? required : [...new Set([...Object.keys(properties), ...required])];
  const entries = keys.map((key) => [key, example(Object.hasOwn(properties, key) ? properties[key] : schema.additionalProperties, context)]);
  return Object.fromEntries(entries);
}
