import { canonicalJson } from './canonical-json.js';
import { numberExamples } from './create-scalar-examples.js';
import { takeDependentSchemas, withDependentKeys } from './dependent-keys.js';
import { MAX_CHECKS, MAX_DEPTH, MAX_EXAMPLE_SIZE, MAX_VARIANTS, matches, spend, type ExampleContext } from './example-context.js';
import { isRecord } from './is-record.js';
import { resolveReference, schemaMismatch } from './matches-schema.js';
import { mergeAllOf } from './merge-all-of.js';
import { createPatternBudget, testPattern } from './schema-pattern-matching.js';
import { isNullSchema, schemaType } from './schema-type.js';
import { SchemaUnsatisfiableError } from './schema-unsatisfiable-error.js';
import { stringExample, stringVariants } from './string-example.js';

const ALL_TYPES = ['string', 'integer', 'number', 'boolean', 'object', 'array', 'null'];

/**
 * A value that satisfies a JSON Schema, as a model constrained by it would produce: what the mock puts
 * in the arguments of a tool call. Clients such as the AI SDK validate those arguments against the
 * schema they declared, so a plausible-looking value that breaks the schema would fail in the client,
 * never on Groq.
 *
 * Covers what tool schemas use (the output of zod, valibot and hand-written schemas): `const`, `enum`,
 * `type` (also as a list, e.g. `["string", "null"]`), `properties`, `patternProperties`, `min`/`maxProperties`,
 * `items` and `prefixItems`, `uniqueItems`, `contains`, `anyOf`/`oneOf`/`allOf`, `not`, `if`/`then`/`else`,
 * local `$ref`s, boolean schemas, numeric bounds, string lengths, `pattern`s and common `format`s. Every
 * declared property is filled. Strings are `text` (cut or padded to the allowed length), numbers 42
 * (moved into the allowed range), booleans true; a schema that says nothing gives null. Where a keyword can
 * only be met by trying (`not`, `oneOf`, `if`, `uniqueItems`, `contains`), a few values are built and checked
 * against the whole schema. The value returned is checked against the whole schema too: when it breaks it (the
 * schema contradicts itself, or asks for what the builder does not fill, such as a backreference in a `pattern`),
 * {@link SchemaUnsatisfiableError} says which keyword, rather than a value that breaks it being returned.
 */
export function createSchemaExample(schema: unknown, text: string): unknown {
  const budget = { size: MAX_EXAMPLE_SIZE, remaining: MAX_EXAMPLE_SIZE, checks: MAX_CHECKS, ...createPatternBudget() };
  const value = example(schema, { root: schema, text, depth: 0, budget, least: false });
  // The builder meets most keywords by construction, and some it does not fill (a backreference in a pattern,
  // bounds that exclude each other): the whole value is checked, so that none that breaks the schema is sent.
  // With its own allowance of checks, so that a large value that the building used up most of it for is not refused.
  budget.checks = MAX_CHECKS;
  const mismatch = schemaMismatch(value, schema, schema, (pattern, text) => testPattern(pattern, text, budget), () => {
    if (--budget.checks < 0) throw new SchemaUnsatisfiableError();
  });
  if (mismatch !== undefined) throw new SchemaUnsatisfiableError(`the value it built breaks ${mismatch}`);
  return value;
}

function example(schema: unknown, context: ExampleContext): unknown {
  // Counted before anything else: a null cut off below MAX_DEPTH is a value of the example too.
  spend(context, 1);
  if (schema === false) throw new SchemaUnsatisfiableError('a value is needed where its schema is false');
  if (!isRecord(schema) || context.depth > 2 * MAX_DEPTH) return null;
  const inner = { ...context, depth: context.depth + 1, least: context.depth >= MAX_DEPTH };
  if (typeof schema.$ref === 'string') return example(resolveReference(schema.$ref, context.root), inner);
  if (!('not' in schema || 'if' in schema || Array.isArray(schema.oneOf))) return plainExample(schema, context, inner);
  for (const candidate of candidates(schema, inner)) if (matches(candidate, schema, context)) return candidate;
  throw new SchemaUnsatisfiableError();
}

// A schema without `not`, `if` or `oneOf`: built from its keywords, without trying.
function plainExample(schema: Record<string, unknown>, context: ExampleContext, inner: ExampleContext): unknown {
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  // A non-null alternative, when there is one, says more to the app under test than null does.
  if (Array.isArray(schema.anyOf) && schema.anyOf.length > 0) return example(schema.anyOf.find((option) => !isNullSchema(option)) ?? schema.anyOf[0], inner);
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) return example(mergeAllOf(schema, schema.allOf, context), inner);
  switch (schemaType(schema)) {
    case 'string':
      return stringExample(schema, context);
    case 'integer':
    case 'number': {
      const found = numberExamples(schema, schemaType(schema) === 'integer').next();
      if (found.done) throw new SchemaUnsatisfiableError(`it finds no ${schemaType(schema)} within its bounds and multipleOf`);
      return found.value;
    }
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
 * Values to check against a schema with `not`, `if` or `oneOf`: for each alternative of `oneOf` (or `anyOf`),
 * non-null first, and each outcome of `if` (its `then`, its `else`), the values of the other keywords merged
 * with it. A branch that cannot be built is passed over.
 */
function* candidates(schema: Record<string, unknown>, context: ExampleContext): Generator<unknown> {
  const { oneOf, not: _not, if: condition, then, else: otherwise, ...rest } = schema;
  const alternatives: unknown[] = Array.isArray(oneOf) ? oneOf : Array.isArray(rest.anyOf) ? rest.anyOf : [true];
  if (!Array.isArray(oneOf)) delete rest.anyOf;
  const conditions = 'if' in schema ? [[condition, then], [otherwise], [then], []] : [[]];
  for (const alternative of [...alternatives.filter((option) => !isNullSchema(option)), ...alternatives.filter(isNullSchema)]) {
    for (const parts of conditions) {
      try {
        yield* variants(mergeAllOf(rest, [alternative, ...parts], context), context);
      } catch (error) {
        if (!(error instanceof SchemaUnsatisfiableError)) throw error;
      }
    }
  }
}

/** The example of `schema`, then up to `limit` other values it may allow (not checked against it). */
function* variants(schema: unknown, context: ExampleContext, limit = MAX_VARIANTS): Generator<unknown> {
  yield example(schema, context);
  const record = isRecord(schema) ? schema : schema === false ? undefined : {};
  if (record === undefined || 'const' in record) return;
  let count = 1;
  for (const value of otherValues(record, context)) {
    if (count++ >= limit) return;
    yield value;
  }
}

// Values of each type the schema allows, taken in turn, so that a long run of strings leaves room for a number.
function* otherValues(schema: Record<string, unknown>, context: ExampleContext): Generator<unknown> {
  if (Array.isArray(schema.enum)) return yield* schema.enum.slice(1);
  const implied = schemaType(schema);
  const types: unknown[] = Array.isArray(schema.type) ? schema.type : implied === undefined ? ALL_TYPES : [implied];
  const sources = types.map((type) => typedValues({ ...schema, type }, context));
  while (sources.length > 0) {
    for (const [index, source] of sources.entries()) {
      const next = source.next();
      if (next.done) sources.splice(index, 1);
      else yield next.value;
    }
  }
}

function* typedValues(schema: Record<string, unknown>, context: ExampleContext): Generator<unknown> {
  const { type } = schema;
  if (type === 'string') yield* stringVariants(schema, context);
  else if (type === 'integer' || type === 'number') yield* numberExamples(schema, type === 'integer');
  else if (type === 'boolean') yield* [true, false];
  else if (type === 'null') yield null;
  else if (type === 'object') yield* objectVariants(schema, context);
  else if (type === 'array') yield* arrayVariants(schema, context);
}

// The example, with its required properties only, then with other values of its first property.
function* objectVariants(schema: Record<string, unknown>, context: ExampleContext): Generator<unknown> {
  const base = objectExample(schema, context);
  yield base;
  yield objectExample(schema, { ...context, least: true });
  const [key] = Object.keys(base);
  if (key === undefined) return;
  // As many as the caller takes: it bounds them.
  const values = variants(propertySchema(schema, key, context), context, Infinity);
  values.next();
  for (const value of values) yield { ...base, [key]: value };
}

// The example, then with other values of its first item.
function* arrayVariants(schema: Record<string, unknown>, context: ExampleContext): Generator<unknown> {
  const base = arrayExample(schema, context);
  yield base;
  if (base.length === 0) return;
  const values = variants(itemSchema(schema, 0), context, Infinity);
  values.next();
  for (const value of values) yield [value, ...base.slice(1)];
}

// The schema of the item at `index`: of the tuple (`prefixItems`, or a draft-4 `items` list), else the rest.
function itemSchema(schema: Record<string, unknown>, index: number): unknown {
  const tuple = Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? schema.items : [];
  if (index < tuple.length) return tuple[index];
  return Array.isArray(schema.items) ? schema.additionalItems : schema.items;
}

function arrayExample(schema: Record<string, unknown>, context: ExampleContext): unknown[] {
  const tuple = Array.isArray(schema.prefixItems) ? schema.prefixItems : Array.isArray(schema.items) ? schema.items : undefined;
  const minItems = typeof schema.minItems === 'number' ? schema.minItems : 0;
  const maxItems = typeof schema.maxItems === 'number' ? schema.maxItems : Infinity;
  const minContains = schema.contains === undefined ? 0 : typeof schema.minContains === 'number' ? schema.minContains : 1;
  const constrained = schema.uniqueItems === true || schema.contains !== undefined;
  if (tuple !== undefined && !constrained) return tuple.map((item: unknown) => example(item, context));
  const least = Math.max(minItems, minContains);
  // One item shows the app under test what an element looks like, unless the schema asks for more or none;
  // `items: false` allows none past the tuple.
  const count = tuple !== undefined ? Math.max(tuple.length, least) : itemSchema(schema, 0) === false ? least : Math.min(context.least ? least : Math.max(least, 1), maxItems);
  spend(context, Math.max(count, 0));
  if (!constrained) return Array.from({ length: count }, () => example(schema.items, context));
  return constrainedItems(schema, count, minContains, context);
}

// Items one by one, each the first value of its schema that keeps the list within `uniqueItems` and `contains`.
// The values of one item schema are drawn from one sequence, so that a long unique list is built in one pass.
function constrainedItems(schema: Record<string, unknown>, count: number, minContains: number, context: ExampleContext): unknown[] {
  const { contains } = schema;
  const maxContains = typeof schema.maxContains === 'number' ? schema.maxContains : Infinity;
  const items: unknown[] = [];
  const seen = new Set<string>();
  // Per item schema: its values, and those that also satisfy `contains`.
  const sources = [new Map<unknown, Iterator<unknown>>(), new Map<unknown, Iterator<unknown>>()] as const;
  const valuesOf = (own: unknown, wanted: boolean): Iterator<unknown> => {
    const cache = sources[wanted ? 1 : 0];
    // Without `uniqueItems` each item starts again from the first value: a `const` may come more than once.
    let values = schema.uniqueItems === true ? cache.get(own) : undefined;
    if (values === undefined) {
      values = variants(wanted ? { allOf: [own === undefined ? true : own, contains] } : own, context, count + MAX_VARIANTS);
      cache.set(own, values);
    }
    return values;
  };
  let contained = 0;
  for (let index = 0; index < count; index++) {
    const own = itemSchema(schema, index);
    const wanted = contains !== undefined && contained < minContains;
    const values = valuesOf(own, wanted);
    let found = false;
    try {
      for (let next = values.next(); !next.done; next = values.next()) {
        const value = next.value;
        const key = canonicalJson(value);
        if (schema.uniqueItems === true && seen.has(key)) continue;
        const inContains = contains !== undefined && matches(value, contains, context);
        if (wanted ? !inContains : inContains && contained >= maxContains) continue;
        if (!matches(value, own, context)) continue;
        items.push(value);
        seen.add(key);
        if (inContains) contained += 1;
        found = true;
        break;
      }
    } catch (error) {
      if (!(error instanceof SchemaUnsatisfiableError)) throw error;
    }
    if (!found) throw new SchemaUnsatisfiableError();
  }
  if (!matches(items, schema, context)) throw new SchemaUnsatisfiableError();
  return items;
}

// What a property's value must satisfy: its `properties` schema and that of every `patternProperties`
// pattern its name matches, or, with neither, `additionalProperties`.
function propertySchema(schema: Record<string, unknown>, key: string, context: ExampleContext): unknown {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const parts = Object.hasOwn(properties, key) ? [properties[key]] : [];
  if (isRecord(schema.patternProperties)) {
    for (const [pattern, part] of Object.entries(schema.patternProperties)) if (testPattern(pattern, key, context.budget)) parts.push(part);
  }
  if (parts.length === 0) return schema.additionalProperties;
  return parts.length === 1 ? parts[0] : { allOf: parts };
}

// Every declared property (only the required ones past MAX_DEPTH, none that is `false` unless required), and
// the required keys that only `additionalProperties` or `patternProperties` describe (an exhaustive `z.record`
// over an enum); then cut to `maxProperties`, keeping the required ones, or filled up to `minProperties`.
function objectExample(schema: Record<string, unknown>, context: ExampleContext): Record<string, unknown> {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required.filter((key): key is string => typeof key === 'string') : [];
  const declared = Object.keys(properties).filter((key) => properties[key] !== false);
  let keys = context.least ? required : [...new Set([...required, ...declared])];
  if (typeof schema.maxProperties === 'number') keys = keys.slice(0, Math.max(schema.maxProperties, new Set(required).size));
  if (!context.least) keys = declared.filter((key) => keys.includes(key)).concat(keys.filter((key) => !declared.includes(key)));
  keys = withDependentKeys(schema, keys, required, (key) => propertySchema(schema, key, context) !== false);
  // A present key's `dependentSchemas` narrow the object: it is built from both.
  const { rest, schemas } = takeDependentSchemas(schema, keys);
  if (schemas.length > 0) return objectExample(mergeAllOf(rest, schemas, context), context);
  const value = Object.fromEntries(keys.map((key) => [key, example(propertySchema(schema, key, context), context)]));
  const minProperties = typeof schema.minProperties === 'number' ? schema.minProperties : 0;
  for (let index = 0; Object.keys(value).length < minProperties; index++) {
    const key = extraKey(schema, value, index, context);
    if (key === undefined) throw new SchemaUnsatisfiableError();
    spend(context, key.length);
    value[key] = example(propertySchema(schema, key, context), context);
  }
  return value;
}

// A name for one more property, towards `minProperties`: a declared one left out, one built from a
// `patternProperties` pattern, or (when `additionalProperties` allows) one of `propertyNames` or `property<n>`.
function extraKey(schema: Record<string, unknown>, value: Record<string, unknown>, index: number, context: ExampleContext): string | undefined {
  const fits = (name: unknown): name is string =>
    typeof name === 'string' && !Object.hasOwn(value, name) && propertySchema(schema, name, context) !== false && matches(name, schema.propertyNames, context);
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const declared = Object.keys(properties).find(fits);
  if (declared !== undefined) return declared;
  const named = { ...context, text: `property${index}` };
  const patterns = isRecord(schema.patternProperties) ? Object.keys(schema.patternProperties) : [];
  const sources: Record<string, unknown>[] = patterns.map((pattern) => ({ type: 'string', pattern }));
  if (schema.additionalProperties !== false) sources.push({ ...(isRecord(schema.propertyNames) ? schema.propertyNames : {}), type: 'string' });
  for (const source of sources) {
    let tried = 0;
    for (const name of variants(source, named)) {
      if (fits(name)) return name;
      if (++tried >= MAX_VARIANTS) break;
    }
  }
  return undefined;
}
