import { Validator, type Schema } from '@cfworker/json-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockGroqServer, type MockGroqServer } from './create-mock-groq-server.js';
import { createSchemaExample } from './create-schema-example.js';
import { SchemaUnsatisfiableError } from './schema-unsatisfiable-error.js';
import { chatBody, postChat } from './test/mock-test-helpers.js';

const example = (schema: unknown) => createSchemaExample(schema, 'Weather in Zürich');

/** The errors of a JSON Schema 2020-12 validator (formats checked) for `value`: none when it is valid. */
function schemaErrors(schema: unknown, value: unknown): string[] {
  const result = new Validator(schema as Schema, '2020-12', false).validate(value);
  return result.errors.map((error) => `${error.instanceLocation}: ${error.error}`);
}

// Keywords the builder used to ignore, so that its value broke the schema that it was built for.
const satisfiable: Record<string, unknown> = {
  'uniqueItems of booleans': { type: 'array', items: { type: 'boolean' }, uniqueItems: true, minItems: 2 },
  'uniqueItems of integers': { type: 'array', items: { type: 'integer', minimum: 1, maximum: 5 }, uniqueItems: true, minItems: 5 },
  'uniqueItems of strings': { type: 'array', items: { type: 'string' }, uniqueItems: true, minItems: 3 },
  'uniqueItems of emails': { type: 'array', items: { type: 'string', format: 'email' }, uniqueItems: true, minItems: 3 },
  'uniqueItems of dates and uuids': {
    type: 'object',
    properties: {
      days: { type: 'array', items: { type: 'string', format: 'date' }, uniqueItems: true, minItems: 3 },
      ids: { type: 'array', items: { type: 'string', format: 'uuid' }, uniqueItems: true, minItems: 3 },
    },
  },
  'uniqueItems of patterned strings': { type: 'array', items: { type: 'string', pattern: '^[A-Z]{3}-\\d{2}$' }, uniqueItems: true, minItems: 3 },
  'uniqueItems of enum values': { type: 'array', items: { enum: ['a', 'b', 'c'] }, uniqueItems: true, minItems: 3 },
  'uniqueItems of objects': { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } }, required: ['id'] }, uniqueItems: true, minItems: 3 },
  minProperties: { type: 'object', minProperties: 2 },
  'minProperties past the declared ones': { type: 'object', properties: { a: { type: 'string' } }, minProperties: 3, additionalProperties: { type: 'integer' } },
  'minProperties with propertyNames': { type: 'object', propertyNames: { pattern: '^[a-z]+$' }, additionalProperties: { type: 'boolean' }, minProperties: 2 },
  maxProperties: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'integer' }, c: { type: 'boolean' } }, required: ['b'], maxProperties: 1 },
  'patternProperties on a declared property': { type: 'object', properties: { s_name: { type: 'string' } }, patternProperties: { '^s_': { type: 'string', maxLength: 3 } } },
  'patternProperties for a required key': { type: 'object', required: ['x-id'], patternProperties: { '^x-': { type: 'integer' } }, additionalProperties: false },
  'patternProperties with minProperties': { type: 'object', patternProperties: { '^x-[a-z]+$': { type: 'integer', minimum: 100 } }, additionalProperties: false, minProperties: 2 },
  contains: { type: 'array', items: { type: 'integer' }, contains: { minimum: 100 } },
  'minContains and maxContains': { type: 'array', items: { type: 'integer' }, contains: { const: 7 }, minContains: 2, maxContains: 2, minItems: 4 },
  'contains without items': { contains: { type: 'string', minLength: 30 } },
  'not const': { type: 'string', not: { const: 'Weather in Zürich' } },
  'not multipleOf': { type: 'integer', not: { multipleOf: 2 } },
  'not null': { not: { type: 'null' } },
  'not one of its types': { type: ['string', 'integer'], not: { type: 'string' } },
  'not a required property': { type: 'object', properties: { a: { type: 'string' } }, not: { required: ['a'] } },
  'not in a property': { type: 'object', properties: { unit: { enum: ['celsius', 'kelvin'], not: { const: 'celsius' } } }, required: ['unit'] },
  'if/then': {
    type: 'object',
    properties: { kind: { enum: ['short', 'long'] }, text: { type: 'string' } },
    required: ['kind', 'text'],
    if: { properties: { kind: { const: 'short' } } },
    then: { properties: { text: { maxLength: 5 } } },
  },
  'if/then/else on a number': { type: 'integer', if: { minimum: 10 }, then: { multipleOf: 5, maximum: 20 }, else: { maximum: 0 } },
  'if/else': { type: 'object', properties: { country: { type: 'string' }, zip: { type: 'string' } }, if: { properties: { country: { const: 'US' } }, required: ['country'] }, else: { not: { required: ['zip'] } } },
  'oneOf number or integer': { oneOf: [{ type: 'number' }, { type: 'integer' }] },
  'oneOf strings of two lengths': { oneOf: [{ type: 'string', minLength: 1 }, { type: 'string', maxLength: 30 }] },
  'oneOf with the object keywords beside it': {
    type: 'object',
    properties: { a: { type: 'string' }, b: { type: 'integer' } },
    oneOf: [{ required: ['a'] }, { required: ['b'] }],
  },
  'oneOf by a const': { oneOf: [{ type: 'object', properties: { kind: { const: 'a' } }, required: ['kind'] }, { type: 'object', properties: { kind: { const: 'b' } }, required: ['kind'] }] },
  'oneOf through $refs': { oneOf: [{ $ref: '#/$defs/any' }, { $ref: '#/$defs/count' }], $defs: { any: { type: 'number' }, count: { type: 'integer', minimum: 0 } } },
  'an empty schema': {},
  'a true schema': true,
  'true and false property schemas': { type: 'object', properties: { a: true, b: false, c: {} } },
  'items: false': { type: 'array', items: false },
  'prefixItems then items: false': { type: 'array', prefixItems: [{ type: 'integer' }, { type: 'string' }], items: false },
  'an array root of objects': {
    type: 'array',
    items: { type: 'object', properties: { name: { type: 'string' }, tags: { type: 'array', items: { type: 'string' }, uniqueItems: true, minItems: 2 } }, required: ['name'] },
    minItems: 2,
    uniqueItems: true,
  },
};

// Schemas that no value satisfies, or whose values the builder does not find: a 400, never a value that breaks them.
const unsatisfiable: Record<string, unknown> = {
  'a false schema': false,
  'not {}': { not: {} },
  'a required property that is false': { type: 'object', properties: { a: false }, required: ['a'] },
  'a required key that additionalProperties: false forbids': { type: 'object', required: ['a'], additionalProperties: false },
  'more unique booleans than there are': { type: 'array', items: { type: 'boolean' }, uniqueItems: true, minItems: 3 },
  'minProperties with no property allowed': { type: 'object', additionalProperties: false, minProperties: 1 },
  'oneOf of two equal branches': { oneOf: [{ type: 'integer' }, { type: 'integer' }] },
  'minContains over maxItems': { type: 'array', contains: { type: 'integer' }, minContains: 3, maxItems: 2 },
  'items: false with minItems': { type: 'array', items: false, minItems: 1 },
};

describe('createSchemaExample with the keywords that need trying', () => {
  it.each(Object.entries(satisfiable))('builds a value that a JSON Schema validator accepts: %s', (_, schema) => {
    const value = example(schema);
    expect(schemaErrors(schema, value), JSON.stringify(value)).toEqual([]);
  });

  it('keeps the values it built before, where the first one satisfies the schema', () => {
    expect(example({ type: 'array', items: { type: 'integer' }, uniqueItems: true, minItems: 3 })).toEqual([42, 43, 41]);
    expect(example({ type: 'string', not: { const: 'x' } })).toBe('Weather in Zürich');
    expect(example({ oneOf: [{ type: 'boolean' }, { type: 'string' }] })).toBe(true);
    expect(example({ type: 'object', properties: { a: true, b: false, c: {} } })).toEqual({ a: null, c: null });
  });

  it.each(Object.entries(unsatisfiable))('refuses, with SchemaUnsatisfiableError, %s', (_, schema) => {
    expect(() => example(schema)).toThrow(SchemaUnsatisfiableError);
  });

  it('builds long unique lists in one pass over the values of the item schema', () => {
    for (const items of [{ type: 'integer' }, { type: 'string' }, { type: 'string', format: 'email' }, { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] }]) {
      const schema = { type: 'array', items, uniqueItems: true, minItems: 500 };
      expect(schemaErrors(schema, example(schema))).toEqual([]);
    }
  });

  // The builder gives up after a count of checks (MAX_CHECKS): a second or so of CPU time, which the clock stretches
  // by every process waiting for a core (over 20 s in a CI run on 2 cores at load 19), so the limit here is generous:
  // it catches a hang, not a speed. What proves the budget is the error: without the count the search ran 35 s and
  // then refused the value as too large (SchemaExampleTooLargeError). Fewer levels are no cheaper (from 4 up the count
  // runs out) and prove less (without it, 4 find a value in 2 s).
  it('gives up on nested oneOfs whose overlapping branches would take it minutes to search, instead of stopping the server', () => {
    let schema: unknown = { type: 'number' };
    for (let level = 0; level < 6; level++) schema = { type: 'object', properties: { a: schema, b: schema }, oneOf: [{ required: ['a'] }, { required: ['b'] }, {}] };
    expect(() => example(schema)).toThrow(SchemaUnsatisfiableError);
  }, 120_000);
});

describe('a json_schema response_format with those keywords', () => {
  let server: MockGroqServer;
  beforeAll(async () => {
    server = await createMockGroqServer();
  });
  afterAll(() => server.close());

  const format = (schema: unknown) => ({ response_format: { type: 'json_schema', json_schema: { name: 'answer', schema } } });

  it.each(['uniqueItems of objects', 'if/then', 'oneOf with the object keywords beside it', 'an array root of objects'])('streams JSON that satisfies the schema: %s', async (name) => {
    const schema = satisfiable[name];
    const response = await postChat(server.url, chatBody('Weather in Zürich', { stream: false, ...format(schema) }));
    expect(response.status).toBe(200);
    const content = ((await response.json()) as { choices: [{ message: { content: string } }] }).choices[0].message.content;
    expect(schemaErrors(schema, JSON.parse(content))).toEqual([]);
  });

  it.each(['a false schema', 'more unique booleans than there are', 'oneOf of two equal branches'])('answers 400 invalid_request_error naming the field: %s', async (name) => {
    const response = await postChat(server.url, chatBody('x', format(unsatisfiable[name])));
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { message: string; type: string } };
    expect(error.type).toBe('invalid_request_error');
    expect(error.message).toMatch(/^'response_format\.json_schema\.schema' : the schema is not satisfiable: no value the mock builds satisfies it/);
  });

  it('answers 400 naming the tool for parameters that no value satisfies', async () => {
    const tools = [{ type: 'function', function: { name: 'pick', parameters: { type: 'object', properties: { mode: { const: 'a', not: { const: 'a' } } }, required: ['mode'] } } }];
    const response = await postChat(server.url, chatBody('x', { tools, tool_choice: 'required' }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/^'tools' : the parameters of function "pick" are not satisfiable: /);
  });
});
