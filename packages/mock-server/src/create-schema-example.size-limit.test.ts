import { describe, expect, it, vi } from 'vitest';
import { createSchemaExample } from './create-schema-example.js';
import { SchemaExampleTooLargeError } from './schema-example-too-large-error.js';

// What a schema needs of the size limit, at a hundredth of it. A nested list or a branching self-reference
// is refused only once its values have been built up to the limit: at the real one, a million values took
// about 3 s of CPU, and over 90 s beside the other suites on two busy cores. The budget is counted the same
// whatever the limit; create-schema-example.test.ts checks the real one with schemas refused at once.
const LIMIT = vi.hoisted(() => 10_000);
vi.mock('./example-context.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./example-context.js')>()),
  MAX_EXAMPLE_SIZE: LIMIT,
}));

const example = (schema: unknown) => createSchemaExample(schema, 'Weather in Zürich');
const nested = (count: number) => ({ type: 'array', items: { type: 'array', items: { type: 'integer' }, minItems: count }, minItems: count });
const selfReferring = (count: number) => ({ type: 'object', properties: Object.fromEntries(Array.from({ length: count }, (_, index) => [`p${index}`, { $ref: '#' }])) });

describe('createSchemaExample with a size limit of 10,000', () => {
  it('refuses lists within lists whose product is over the limit, though each list alone is under it', () => {
    expect(() => example(nested(Math.sqrt(LIMIT)))).toThrow(SchemaExampleTooLargeError);
    expect((example(nested(Math.sqrt(LIMIT) / 2)) as unknown[][]).flat()).toHaveLength(LIMIT / 4);
  });

  it('refuses a self-reference that branches, and builds one that branches less', () => {
    expect(() => example(selfReferring(100))).toThrow(SchemaExampleTooLargeError);
    expect(example(selfReferring(2))).toMatchObject({ p0: { p0: {}, p1: {} }, p1: { p0: {}, p1: {} } });
  });

  it('names the limit it applied in the error, not the module default', () => {
    expect(() => example(nested(Math.sqrt(LIMIT)))).toThrow('a value that satisfies it has over 10000 values and characters, more than the mock builds');
  });
});
