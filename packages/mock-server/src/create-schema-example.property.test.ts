import { Validator, type Schema } from '@cfworker/json-schema';
import { describe, expect, it } from 'vitest';
import { createSchemaExample } from './create-schema-example.js';
import { SchemaUnsatisfiableError } from './schema-unsatisfiable-error.js';
import { chatBody, postChat, readChunks, useMockServer } from './test/mock-test-helpers.js';

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

// Schemas that values satisfy, which the builder used to break (or, once the whole value was checked, refuse).
const satisfiable: Record<string, unknown> = {
  'exclusiveMinimum near the largest double': { type: 'number', exclusiveMinimum: 1e308 },
  'exclusiveMaximum near the smallest double': { type: 'number', exclusiveMaximum: -1e308 },
  'an integer above 2^53': { type: 'integer', exclusiveMinimum: 2 ** 60 },
  'an email of 40 characters at least': { type: 'string', format: 'email', minLength: 40 },
  'an email of 100 characters at least': { type: 'string', format: 'email', minLength: 100 },
  'a uri of 100 characters at least': { type: 'string', format: 'uri', minLength: 100 },
  'a hostname of 150 characters at least': { type: 'string', format: 'hostname', minLength: 150 },
  'a date-time of 30 characters at least': { type: 'string', format: 'date-time', minLength: 30 },
  dependentRequired: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'integer' } }, required: ['a'], dependentRequired: { a: ['c'], c: ['d'] } },
  'dependentRequired on a false property, for an optional key': { type: 'object', properties: { a: { type: 'string' }, b: false }, dependentRequired: { a: ['b'] } },
  'draft-4 dependencies as a list': { type: 'object', properties: { card: { type: 'string' }, billing: { type: 'string' } }, required: ['card'], dependencies: { card: ['address'] } },
  dependentSchemas: {
    type: 'object',
    properties: { kind: { type: 'string' }, size: { type: 'integer' } },
    required: ['kind'],
    dependentSchemas: { kind: { properties: { size: { maximum: 3 }, note: { type: 'string', maxLength: 4 } }, required: ['note'] } },
  },
  'draft-4 dependencies as a schema': { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], dependencies: { a: { properties: { b: { const: 'x' } }, required: ['b'] } } },
};

// The keyword values combined into generated schemas: bounds that cross, sit at the edges of a double, or leave
// one value; lengths around those of the formats; patterns that the builder follows and one it does not.
const numberOptions = {
  type: ['number', 'integer'],
  minimum: [undefined, -5, 10, 1e308],
  maximum: [undefined, 5, 100, 1e308],
  exclusiveMinimum: [undefined, 41.5, 42, 1e308],
  exclusiveMaximum: [undefined, 0, 43],
  multipleOf: [undefined, 0.5, 7],
};
const stringOptions = {
  type: ['string'],
  minLength: [undefined, 0, 5, 40, 100],
  maxLength: [undefined, 2, 10, 36, 200],
  format: [undefined, 'uuid', 'email', 'date-time', 'uri', 'hostname'],
};
const patternOptions = {
  type: ['string'],
  minLength: [undefined, 3, 12],
  maxLength: [undefined, 2, 8],
  pattern: [undefined, '^[a-z]+$', '^[A-Z]{3}-\\d{2}$', 'x', '^(ab)\\1$', '(\\w)\\1'],
};
const objectOptions = {
  type: ['object'],
  properties: [undefined, { a: { type: 'string' }, b: { type: 'integer' } }, { a: { type: 'string' }, c: false }],
  required: [undefined, ['a'], ['b']],
  maxProperties: [undefined, 1, 2],
  additionalProperties: [undefined, false],
  dependentRequired: [undefined, { a: ['c'] }, { a: ['b'], b: ['d'] }],
  dependentSchemas: [undefined, { a: { required: ['e'], properties: { e: { const: 1 } } } }, { b: { properties: { a: { maxLength: 2 } } } }],
  dependencies: [undefined, { a: ['f'] }, { a: { required: ['g'] } }],
};
const arrayOptions = {
  type: ['array'],
  items: [undefined, { type: 'integer', minimum: 0, maximum: 2 }, { type: 'string', format: 'email' }, { type: 'boolean' }],
  minItems: [undefined, 2, 4],
  maxItems: [undefined, 1, 3],
  uniqueItems: [undefined, true],
  contains: [undefined, { const: 2 }],
};

/** Every combination of the options: one schema per pick, keywords left undefined left out. */
function combinations(options: Record<string, unknown[]>): Record<string, unknown>[] {
  let schemas: Record<string, unknown>[] = [{}];
  for (const [keyword, values] of Object.entries(options)) {
    schemas = schemas.flatMap((schema) => values.map((value) => (value === undefined ? schema : { ...schema, [keyword]: value })));
  }
  return schemas;
}

// Bounds that leave no value at all, whatever else the schema says: the builder must refuse them.
function excludesEveryValue(schema: Record<string, unknown>): boolean {
  const number = (name: string): number => (typeof schema[name] === 'number' ? (schema[name] as number) : NaN);
  const low = Math.max(number('minimum') || -Infinity, number('exclusiveMinimum') || -Infinity);
  const high = Math.min(number('maximum') || Infinity, number('exclusiveMaximum') || Infinity);
  const exclusive = low === number('exclusiveMinimum') || high === number('exclusiveMaximum');
  return low > high || (low === high && exclusive) || number('minLength') > number('maxLength') || number('minItems') > number('maxItems');
}

const generated = [numberOptions, stringOptions, patternOptions, objectOptions, arrayOptions].flatMap(combinations);

describe('createSchemaExample checked by an independent validator', () => {
  it.each(Object.entries(unsatisfiable))('refuses a schema that no value satisfies, naming why: %s', (_, schema) => {
    const result = build(schema);
    expect(result, JSON.stringify(result)).toHaveProperty('refused');
    expect((result as { refused: string }).refused).toMatch(/^no value the mock builds satisfies it \(.+\): /);
  });

  it.each(Object.entries(satisfiable))('builds a value that the validator accepts: %s', (_, schema) => {
    const result = build(schema);
    expect(result).toHaveProperty('value');
    expect(schemaErrors(schema, (result as { value: unknown }).value), JSON.stringify(result)).toEqual([]);
  });

  it('refuses a pattern with a backreference, which it does not fill, rather than send a string that breaks it', () => {
    expect(build({ type: 'string', pattern: '^(ab)\\1$' })).toEqual({ refused: expect.stringContaining('"pattern" at the root') });
  });

  it(`builds a valid value or refuses, for each of ${generated.length} generated schemas`, () => {
    const wrong: string[] = [];
    let built = 0;
    for (const schema of generated) {
      const result = build(schema);
      if ('refused' in result) {
        continue;
      }
      built += 1;
      const errors = excludesEveryValue(schema) ? ['built a value although its bounds exclude every value'] : schemaErrors(schema, result.value);
      if (errors.length > 0) wrong.push(`${JSON.stringify(schema)} gave ${JSON.stringify(result.value)}: ${errors.join('; ')}`);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    // Refusing everything would pass the loop above. Many of these bounds cross, but over a third leave values it finds.
    expect(built).toBeGreaterThan(generated.length / 3);
  });
});

describe('the HTTP server', () => {
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

  // The three ways to ask for a value of `schema`: a streamed and a non-streamed json_schema, a forced tool call.
  const postEach = (schema: unknown): Promise<[Response, Response, Response]> =>
    Promise.all([
      postChat(server.url, chatBody(PROMPT, { stream: true, ...format(schema) })),
      postChat(server.url, chatBody(PROMPT, { stream: false, ...format(schema) })),
      postChat(server.url, chatBody(PROMPT, { stream: false, ...tool(schema) })),
    ]);

  // The streamed content, the message content and the tool call's `value`: each valid under `schema`.
  async function expectValid(schema: unknown, streamed: Response, plain: Response, called: Response): Promise<void> {
    expect([streamed.status, plain.status, called.status]).toEqual([200, 200, 200]);
    const content = (await readChunks(streamed)).map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('');
    expect(schemaErrors(schema, JSON.parse(content)), content).toEqual([]);
    const message = ((await plain.json()) as { choices: [{ message: { content: string } }] }).choices[0].message;
    expect(schemaErrors(schema, JSON.parse(message.content)), message.content).toEqual([]);
    const call = ((await called.json()) as { choices: [{ message: { tool_calls: [{ function: { arguments: string } }] } }] }).choices[0].message.tool_calls[0];
    expect(schemaErrors(schema, (JSON.parse(call.function.arguments) as { value: unknown }).value), call.function.arguments).toEqual([]);
  }

  it.each(Object.entries(unsatisfiable))('answers 400 to a json_schema, streamed and not, and to a forced tool call: %s', async (_, schema) => {
    for (const stream of [true, false]) {
      await expectNotSatisfiable(await postChat(server.url, chatBody(PROMPT, { stream, ...format(schema) })), 'response_format\\.json_schema\\.schema', 'the schema is');
    }
    await expectNotSatisfiable(await postChat(server.url, chatBody(PROMPT, { stream: false, ...tool(schema) })), 'tools', 'the parameters of function "pick" are');
  });

  it.each(Object.entries(satisfiable))('sends a value the validator accepts, streamed and not, and in a forced tool call: %s', async (_, schema) => {
    await expectValid(schema, ...(await postEach(schema)));
  });

  it('sends values that the validator accepts, streamed and not, for generated schemas that it answers', async () => {
    let answered = 0;
    // Every 25th: the builder is checked on all of them above; this checks what the server makes of its value.
    for (const schema of generated.filter((_, index) => index % 25 === 0)) {
      const refused = 'refused' in build(schema);
      const [streamed, plain, called] = await postEach(schema);
      if (refused) {
        for (const response of [streamed, plain, called]) expect(response.status).toBe(400);
        await Promise.all([streamed.text(), plain.text(), called.text()]);
        continue;
      }
      answered += 1;
      await expectValid(schema, streamed, plain, called);
    }
    expect(answered).toBeGreaterThan(0);
  });
});
