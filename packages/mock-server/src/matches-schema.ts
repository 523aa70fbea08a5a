import { isMultipleOf } from './is-multiple-of.js';
import { isRecord } from './is-record.js';

// `$ref`s followed one after the other without going into the value: past it, a schema such as
// `{ "$ref": "#" }` at its own root would loop for ever; it is taken as not matched.
const MAX_REFERENCE_CHAIN = 64;

/**
 * Whether `value` satisfies `schema`, a JSON Schema (draft 4 to 2020-12) whose local `$ref`s point into
 * `root`: what the example builder checks a value against where a keyword can only be met by trying (`not`,
 * `oneOf`, `if`/`then`/`else`, `contains`, `uniqueItems`), and every value it built against the whole schema.
 * `format` is an annotation, as in the 2020-12 default, and `unevaluated*` and remote `$ref`s are not followed.
 * Patterns are tested by `testPattern`, which bounds the time of a pattern that backtracks; `check` is called
 * for every schema a value is checked against, and may throw to bound the work.
 */
export function matchesSchema(
  value: unknown,
  schema: unknown,
  root: unknown,
  testPattern: (pattern: string, text: string) => boolean,
  check: () => void = () => {},
): boolean {
  return schemaMismatch(value, schema, root, testPattern, check) === undefined;
}

/**
 * Why `value` does not satisfy `schema` (as {@link matchesSchema} checks it), as the keyword that failed and
 * where in the value, e.g. `"maximum" at /count`; undefined when it does. The keyword is the innermost one that
 * failed on the way, except that a failing `anyOf`, `oneOf`, `not`, `if` or `contains` is named itself rather
 * than by the branch that failed last.
 */
export function schemaMismatch(
  value: unknown,
  schema: unknown,
  root: unknown,
  testPattern: (pattern: string, text: string) => boolean,
  check: () => void = () => {},
): string | undefined {
  let reason = '';
  const fail = (keyword: string, path: string): false => {
    reason = `${JSON.stringify(keyword)} at ${path === '' ? 'the root' : path}`;
    return false;
  };
  const matches = (value: unknown, schema: unknown, chain: number, path: string): boolean => {
    check();
    if (schema === true || schema === undefined) return true;
    if (schema === false) return fail('false', path);
    if (!isRecord(schema)) return true;
    if (typeof schema.$ref === 'string') {
      if (chain >= MAX_REFERENCE_CHAIN) return fail('$ref', path);
      if (!matches(value, resolveReference(schema.$ref, root), chain + 1, path)) return false;
    }
    const inside = (item: unknown, part: unknown, key: string | number): boolean => matches(item, part, 0, `${path}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`);
    const here = (part: unknown): boolean => matches(value, part, chain, path);
    // '' is a failure inside the value, already named.
    const failed = (keyword: string | undefined): boolean => keyword === undefined || (keyword !== '' && fail(keyword, path));
    if ('const' in schema && !sameJson(value, schema.const)) return fail('const', path);
    if (Array.isArray(schema.enum) && !schema.enum.some((option) => sameJson(value, option))) return fail('enum', path);
    if (schema.type !== undefined && !(Array.isArray(schema.type) ? schema.type : [schema.type]).some((type) => hasType(value, type))) return fail('type', path);
    if (Array.isArray(schema.allOf) && !schema.allOf.every(here)) return false;
    if (Array.isArray(schema.anyOf) && !schema.anyOf.some(here)) return fail('anyOf', path);
    if (Array.isArray(schema.oneOf) && schema.oneOf.filter(here).length !== 1) return fail('oneOf', path);
    if ('not' in schema && here(schema.not)) return fail('not', path);
    if ('if' in schema) {
      const taken = here(schema.if) ? 'then' : 'else';
      if (!here(schema[taken])) return fail(taken, path);
    }
    if (typeof value === 'number') return failed(numberMismatch(value, schema));
    if (typeof value === 'string') {
      const length = Array.from(value).length;
      if (typeof schema.minLength === 'number' && length < schema.minLength) return fail('minLength', path);
      if (typeof schema.maxLength === 'number' && length > schema.maxLength) return fail('maxLength', path);
      return typeof schema.pattern !== 'string' || testPattern(schema.pattern, value) || fail('pattern', path);
    }
    if (Array.isArray(value)) return failed(arrayMismatch(value, schema, inside));
    if (isRecord(value)) return failed(objectMismatch(value, schema, inside, here, testPattern));
    return true;
  };
  return matches(value, schema, 0, '') ? undefined : reason;
}

function hasType(value: unknown, type: unknown): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isRecord(value);
    default:
      return false;
  }
}

// The numeric keyword that `value` breaks, if any.
function numberMismatch(value: number, schema: Record<string, unknown>): string | undefined {
  const bound = (name: string): number | undefined => (typeof schema[name] === 'number' ? (schema[name] as number) : undefined);
  const minimum = bound('minimum');
  const maximum = bound('maximum');
  // Draft 4 writes an exclusive bound as `exclusiveMinimum: true` beside `minimum`.
  const exclusiveMinimum = schema.exclusiveMinimum === true ? minimum : bound('exclusiveMinimum');
  const exclusiveMaximum = schema.exclusiveMaximum === true ? maximum : bound('exclusiveMaximum');
  const multipleOf = bound('multipleOf');
  if (minimum !== undefined && value < minimum) return 'minimum';
  if (maximum !== undefined && value > maximum) return 'maximum';
  if (exclusiveMinimum !== undefined && value <= exclusiveMinimum) return 'exclusiveMinimum';
  if (exclusiveMaximum !== undefined && value >= exclusiveMaximum) return 'exclusiveMaximum';
  if (multipleOf === undefined || multipleOf <= 0 || isMultipleOf(value, multipleOf)) return undefined;
  return 'multipleOf';
}

// The array keyword that `value` breaks, if any; '' when an item broke its schema (which named the keyword).
function arrayMismatch(value: unknown[], schema: Record<string, unknown>, matches: (item: unknown, schema: unknown, index: number) => boolean): string | undefined {
  if (typeof schema.minItems === 'number' && value.length < schema.minItems) return 'minItems';
  if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) return 'maxItems';
  // 2020-12 `prefixItems` then `items`; draft 4 to 2019-09 an `items` list then `additionalItems`.
  const tuple = Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? schema.items : [];
  const rest = Array.isArray(schema.items) ? schema.additionalItems : schema.items;
  if (!value.every((item, index) => matches(item, index < tuple.length ? tuple[index] : rest, index))) return '';
  if (schema.uniqueItems === true && value.some((item, index) => value.findIndex((other) => sameJson(item, other)) !== index)) return 'uniqueItems';
  if (schema.contains === undefined) return undefined;
  const contained = value.filter((item, index) => matches(item, schema.contains, index)).length;
  const minContains = typeof schema.minContains === 'number' ? schema.minContains : 1;
  if (contained < minContains) return 'minContains' in schema ? 'minContains' : 'contains';
  return typeof schema.maxContains !== 'number' || contained <= schema.maxContains ? undefined : 'maxContains';
}

// The object keyword that `value` breaks, if any; '' when a property broke its schema (which named the keyword).
function objectMismatch(
  value: Record<string, unknown>,
  schema: Record<string, unknown>,
  matches: (item: unknown, schema: unknown, key: string) => boolean,
  here: (schema: unknown) => boolean,
  testPattern: (pattern: string, text: string) => boolean,
): string | undefined {
  const keys = Object.keys(value);
  if (typeof schema.minProperties === 'number' && keys.length < schema.minProperties) return 'minProperties';
  if (typeof schema.maxProperties === 'number' && keys.length > schema.maxProperties) return 'maxProperties';
  if (Array.isArray(schema.required) && !schema.required.every((key) => typeof key !== 'string' || Object.hasOwn(value, key))) return 'required';
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const patterns = isRecord(schema.patternProperties) ? Object.entries(schema.patternProperties) : [];
  for (const key of keys) {
    if (schema.propertyNames !== undefined && !matches(key, schema.propertyNames, key)) return 'propertyNames';
    const matching = patterns.filter(([pattern]) => testPattern(pattern, key));
    if (Object.hasOwn(properties, key) && !matches(value[key], properties[key], key)) return '';
    if (!matching.every(([, part]) => matches(value[key], part, key))) return '';
    if (!Object.hasOwn(properties, key) && matching.length === 0 && !matches(value[key], schema.additionalProperties, key)) return '';
  }
  // `dependentRequired` and `dependentSchemas` (2019-09), both written `dependencies` before.
  for (const name of ['dependencies', 'dependentRequired', 'dependentSchemas']) {
    const dependencies = schema[name];
    if (!isRecord(dependencies)) continue;
    for (const [key, dependency] of Object.entries(dependencies)) {
      if (!Object.hasOwn(value, key)) continue;
      if (Array.isArray(dependency) ? !dependency.every((other) => Object.hasOwn(value, String(other))) : !here(dependency)) return name;
    }
  }
  return undefined;
}

/** Whether two JSON values are equal as JSON Schema compares them (`const`, `enum`, `uniqueItems`): key order aside. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  if (!isRecord(a) || !isRecord(b) || Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameJson(a[key], b[key]));
}

/** `#`, `#/definitions/name`, `#/$defs/name`: JSON Pointers into the root schema. Remote ones give undefined. */
export function resolveReference(reference: string, root: unknown): unknown {
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
