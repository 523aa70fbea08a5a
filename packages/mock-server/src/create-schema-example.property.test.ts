import { Validator, type Schema } from '@cfworker/json-schema';
import { describe, expect, it } from 'vitest';
import { createSchemaExample, SchemaUnsatisfiableError } from './create-schema-example.js';
import { chatBody, postChat, useMockServer } from './test/mock-test-helpers.js';

// Every value the builder returns must satisfy its schema under an independent validator (formats asserted, as
// zod and the AI SDK assert them); where it finds none, it must refuse with SchemaUnsatisfiableError.

const PROMPT = 'Weather in Zürich';

function schemaErrors(schema: unknown, value: unknown): string[] {
  const result = new Validator(schema as Schema, '2020-12', false).validate(value);
  return result.errors.map((error) => `${error.instanceLocation}: ${error.error}`);
}

/** The value built for `schema`, or `refused` with the reason when the builder finds no value that satisfies it. */
function build(schema: unknown): { value: unknown } | { refused: string } {
  try {
    return { value: createSchemaExample(schema, PROMPT) };
  } catch (error) {
    if (error instanceof SchemaUnsatisfiableError) return { refused: error.message };
    throw error;
  }
}

// Schemas that no value satisfies: the builder's value used to break them, and was sent with a 200.
const unsatisfiable: Record<string, unknown> = {
  'minimum over maximum': { type: 'number', minimum: 10, maximum: 5 },
  'minLength over maxLength': { type: 'string', minLength: 5, maxLength: 2 },
  'exclusiveMinimum at the largest double': { type: 'number', exclusiveMinimum: Number.MAX_VALUE },
  'no integer between the bounds': { type: 'integer', exclusiveMinimum: 0.2, exclusiveMaximum: 0.8 },
  'a uuid of 100 characters': { type: 'string', format: 'uuid', minLength: 100 },
  'an email of 5 characters at most': { type: 'string', format: 'email', maxLength: 5 },
  'dependentRequired on a false property': { type: 'object', properties: { a: { type: 'string' }, b: false }, required: ['a'], dependentRequired: { a: ['b'] } },
  'dependentSchemas that contradict a property': {
    type: 'object',
    properties: { a: { type: 'integer' } },
    required: ['a'],
    dependentSchemas: { a: { properties: { a: { type: 'string' } } } },
  },
  'a nested bound that excludes itself': { type: 'object', properties: { count: { type: 'integer', minimum: 3, maximum: 1 } }, required: ['count'] },
};

describe('createSchemaExample checked by an independent validator', () => {
  it.each(Object.entries(unsatisfiable))('refuses a schema that no value satisfies, naming why: %s', (_, schema) => {
    const result = build(schema);
    expect(result, JSON.stringify(result)).toHaveProperty('refused');
    expect((result as { refused: string }).refused).toMatch(/^no value the mock builds satisfies it \(.+\): /);
  });

  it('refuses a pattern with a backreference, which it does not fill, rather than send a string that breaks it', () => {
    expect(build({ type: 'string', pattern: '^(ab)\\1$' })).toEqual({ refused: expect.stringContaining('"pattern" at the root') });
  });

});

describe('the HTTP server, for schemas that no value satisfies', () => {
  const server = useMockServer();
  const format = (schema: unknown) => ({ response_format: { type: 'json_schema', json_schema: { name: 'answer', schema } } });
  // A function's parameters are an object: the schema goes in a required property.
  const tool = (schema: unknown) => ({
    tools: [{ type: 'function', function: { name: 'pick', parameters: { type: 'object', properties: { value: schema }, required: ['value'] } } }],
    tool_choice: { type: 'function', function: { name: 'pick' } },
  });

  async function expectNotSatisfiable(response: Response, field: string, subject: string): Promise<void> {
    const body = (await response.json()) as { error: { message: string; type: string } };
    expect(response.status, JSON.stringify(body)).toBe(400);
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(new RegExp(`^'${field}' : ${subject} not satisfiable: no value the mock builds satisfies it \\(.+\\): `));
  }

  it.each(Object.entries(unsatisfiable))('answers 400 to a json_schema, streamed and not, and to a forced tool call: %s', async (_, schema) => {
    for (const stream of [true, false]) {
      await expectNotSatisfiable(await postChat(server.url, chatBody(PROMPT, { stream, ...format(schema) })), 'response_format\\.json_schema\\.schema', 'the schema is');
    }
    await expectNotSatisfiable(await postChat(server.url, chatBody(PROMPT, { stream: false, ...tool(schema) })), 'tools', 'the parameters of function "pick" are');
  });
});
