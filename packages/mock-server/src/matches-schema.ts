import { isRecord } from './is-record.js';

// `$ref`s followed one after the other without going into the value: past it, a schema such as
// `{ "$ref": "#" }` at its own root would loop for ever; it is taken as not matched.
const MAX_REFERENCE_CHAIN = 64;

/**
 * Whether `value` satisfies `schema`, a JSON Schema (draft 4 to 2020-12) whose local `$ref`s point into
 * `root`: what the example builder checks a value against where a keyword can only be met by trying (`not`,
 * `oneOf`, `if`/`then`/`else`, `contains`, `uniqueItems`). `format` is an annotation, as in the 2020-12
 * default, and `unevaluated*` and remote `$ref`s are not followed. Patterns are tested by `testPattern`,
 * which bounds the time of a pattern that backtracks; `check` is called for every schema a value is checked
 * against, and may throw to bound the work.
 */
export function matchesSchema(
  value: unknown,
  schema: unknown,
  root: unknown,
  testPattern: (pattern: string, text: string) => boolean,
  check: () => void = () => {},
): boolean {
  const matches = (value: unknown, schema: unknown, chain: number): boolean => {
    check();
    if (schema === true || schema === undefined) return true;
    if (schema === false) return false;
    if (!isRecord(schema)) return true;
    if (typeof schema.$ref === 'string') {
      if (chain >= MAX_REFERENCE_CHAIN) return false;
      if (!matches(value, resolveReference(schema.$ref, root), chain + 1)) return false;
    }
    const inside = (item: unknown, part: unknown): boolean => matches(item, part, 0);
    const here = (part: unknown): boolean => matches(value, part, chain);
    if ('const' in schema && !sameJson(value, schema.const)) return false;
    if (Array.isArray(schema.enum) && !schema.enum.some((option) => sameJson(value, option))) return false;
    if (schema.type !== undefined && !(Array.isArray(schema.type) ? schema.type : [schema.type]).some((type) => hasType(value, type))) return false;
    if (Array.isArray(schema.allOf) && !schema.allOf.every(here)) return false;
    if (Array.isArray(schema.anyOf) && !schema.anyOf.some(here)) return false;
    if (Array.isArray(schema.oneOf) && schema.oneOf.filter(here).length !== 1) return false;
    if ('not' in schema && here(schema.not)) return false;
    if ('if' in schema && !here(here(schema.if) ? schema.then : schema.else)) return false;
    if (typeof value === 'number') return numberMatches(value, schema);
    if (typeof value === 'string') {
      const length = Array.from(value).length;
      if (typeof schema.minLength === 'number' && length < schema.minLength) return false;
      if (typeof schema.maxLength === 'number' && length > schema.maxLength) return false;
      return typeof schema.pattern !== 'string' || testPattern(schema.pattern, value);
    }
    if (Array.isArray(value)) return arrayMatches(value, schema, inside);
    if (isRecord(value)) return objectMatches(value, schema, inside, testPattern);
    return true;
  };
  return matches(value, schema, 0);
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

function numberMatches(value: number, schema: Record<string, unknown>): boolean {
  const bound = (name: string): number | undefined => (typeof schema[name] === 'number' ? (schema[name] as number) : undefined);
  const minimum = bound('minimum');
  const maximum = bound('maximum');
  // Draft 4 writes an exclusive bound as `exclusiveMinimum: true` beside `minimum`.
  const exclusiveMinimum = schema.exclusiveMinimum === true ? minimum : bound('exclusiveMinimum');
  const exclusiveMaximum = schema.exclusiveMaximum === true ? maximum : bound('exclusiveMaximum');
  const multipleOf = bound('multipleOf');
  if (minimum !== undefined && value < minimum) return false;
  if (maximum !== undefined && value > maximum) return false;
  if (exclusiveMinimum !== undefined && value <= exclusiveMinimum) return false;
  if (exclusiveMaximum !== undefined && value >= exclusiveMaximum) return false;
  return multipleOf === undefined || multipleOf <= 0 || Math.abs(value / multipleOf - Math.round(value / multipleOf)) < 1e-9;
}

function arrayMatches(value: unknown[], schema: Record<string, unknown>, matches: (item: unknown, schema: unknown) => boolean): boolean {
  if (typeof schema.minItems === 'number' && value.length < schema.minItems) return false;
  if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) return false;
  // 2020-12 `prefixItems` then `items`; draft 4 to 2019-09 an `items` list then `additionalItems`.
  const tuple = Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? schema.items : [];
  const rest = Array.isArray(schema.items) ? schema.additionalItems : schema.items;
  if (!value.every((item, index) => matches(item, index < tuple.length ? tuple[index] : rest))) return false;
  if (schema.uniqueItems === true && value.some((item, index) => value.findIndex((other) => sameJson(item, other)) !== index)) return false;
  if (schema.contains === undefined) return true;
  const contained = value.filter((item) => matches(item, schema.contains)).length;
  const minContains = typeof schema.minContains === 'number' ? schema.minContains : 1;
  return contained >= minContains && (typeof schema.maxContains !== 'number' || contained <= schema.maxContains);
}

function objectMatches(
  value: Record<string, unknown>,
  schema: Record<string, unknown>,
  matches: (item: unknown, schema: unknown) => boolean,
  testPattern: (pattern: string, text: string) => boolean,
): boolean {
  const keys = Object.keys(value);
  if (typeof schema.minProperties === 'number' && keys.length < schema.minProperties) return false;
  if (typeof schema.maxProperties === 'number' && keys.length > schema.maxProperties) return false;
  if (Array.isArray(schema.required) && !schema.required.every((key) => typeof key !== 'string' || Object.hasOwn(value, key))) return false;
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const patterns = isRecord(schema.patternProperties) ? Object.entries(schema.patternProperties) : [];
  for (const key of keys) {
    if (schema.propertyNames !== undefined && !matches(key, schema.propertyNames)) return false;
    const matching = patterns.filter(([pattern]) => testPattern(pattern, key));
    if (Object.hasOwn(properties, key) && !matches(value[key], properties[key])) return false;
    if (!matching.every(([, part]) => matches(value[key], part))) return false;
    if (!Object.hasOwn(properties, key) && matching.length === 0 && !matches(value[key], schema.additionalProperties)) return false;
  }
  // `dependentRequired` and `dependentSchemas` (2019-09), both written `dependencies` before.
  for (const dependencies of [schema.dependencies, schema.dependentRequired, schema.dependentSchemas]) {
    if (!isRecord(dependencies)) continue;
    for (const [key, dependency] of Object.entries(dependencies)) {
      if (!Object.hasOwn(value, key)) continue;
      if (Array.isArray(dependency) ? !dependency.every((name) => Object.hasOwn(value, String(name))) : !matches(value, dependency)) return false;
    }
  }
  return true;
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
