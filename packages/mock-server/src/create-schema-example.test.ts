import { describe, expect, it } from 'vitest';
import { createSchemaExample } from './create-schema-example.js';
import { SchemaExampleTooLargeError } from './schema-example-too-large-error.js';
import { SchemaUnsatisfiableError } from './schema-unsatisfiable-error.js';
import { SchemaPatternTooSlowError } from './schema-pattern-matching.js';

const example = (schema: unknown) => createSchemaExample(schema, 'Weather in Zürich');

describe('createSchemaExample', () => {
  it('fills every declared property by type: the text, 42, true, nested objects and one-item lists', () => {
    const schema = {
      type: 'object',
      properties: {
        city: { type: 'string' },
        days: { type: 'integer' },
        ratio: { type: 'number' },
        metric: { type: 'boolean' },
        place: { type: 'object', properties: { country: { type: 'string' } } },
        tags: { type: 'array', items: { type: 'string' } },
        anything: {},
      },
      required: ['city'],
    };
    expect(example(schema)).toEqual({
      city: 'Weather in Zürich',
      days: 42,
      ratio: 42,
      metric: true,
      place: { country: 'Weather in Zürich' },
      tags: ['Weather in Zürich'],
      anything: null,
    });
  });

  it('picks the first enum value and the const, which the text would not match', () => {
    expect(example({ type: 'string', enum: ['celsius', 'fahrenheit'] })).toBe('celsius');
    expect(example({ type: 'string', const: 'forecast' })).toBe('forecast');
    expect(example({ enum: [3, 5] })).toBe(3);
  });

  it('keeps numbers within their bounds, nearest to 42', () => {
    expect(example({ type: 'integer', minimum: 1, maximum: 7 })).toBe(7);
    expect(example({ type: 'integer', minimum: 100 })).toBe(100);
    expect(example({ type: 'integer', exclusiveMinimum: 100 })).toBe(101);
    expect(example({ type: 'integer', exclusiveMaximum: 10 })).toBe(9);
    expect(example({ type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 0.1 })).toBeCloseTo(0.05);
    expect(example({ type: 'integer', multipleOf: 5 })).toBe(40);
    expect(example({ type: 'integer', minimum: 50, multipleOf: 7 })).toBe(56);
  });

  it('writes a multiple of a decimal step as a model would, not with the float error of the product', () => {
    // 19 * 0.05 is 0.9500000000000001 in floating point: JSON that a strict validator (or a decimal type with
    // two places) refuses, and that no model writes for `z.number().multipleOf(0.05).lt(1)`.
    expect(example({ type: 'number', multipleOf: 0.05, exclusiveMaximum: 1 })).toBe(0.95);
    expect(example({ type: 'number', multipleOf: 0.1, minimum: 0.25, maximum: 0.35 })).toBe(0.3);
    expect(example({ type: 'number', multipleOf: 0.07, maximum: 10 })).toBe(9.94);
    expect(example({ type: 'number', multipleOf: 1.1 })).toBe(41.8);
    expect(example({ type: 'number', multipleOf: 1e-7, minimum: 0.1, maximum: 0.1000003 })).toBe(0.1000003);
  });

  it('cuts and pads strings to their length bounds in code points, and gives formatted strings a valid value', () => {
    expect(example({ type: 'string', maxLength: 9 })).toBe('Weather i');
    expect(createSchemaExample({ type: 'string', maxLength: 2 }, '🚀✨⚡')).toBe('🚀✨');
    expect(createSchemaExample({ type: 'string', minLength: 4 }, 'Hi')).toBe('Hixx');
    expect(example({ type: 'string', format: 'email' })).toBe('user@example.com');
    expect(example({ type: 'string', format: 'date-time' })).toBe('2025-01-01T12:00:00Z');
  });

  it('takes the non-null type of a nullable, and the first non-null alternative of a union', () => {
    expect(example({ type: ['null', 'string'] })).toBe('Weather in Zürich');
    expect(example({ anyOf: [{ type: 'null' }, { type: 'integer' }] })).toBe(42);
    expect(example({ oneOf: [{ type: 'boolean' }, { type: 'string' }] })).toBe(true);
    expect(example({ type: 'null' })).toBeNull();
  });

  it('merges allOf, and follows local $refs, cutting off a schema that refers to itself', () => {
    expect(example({ allOf: [{ type: 'object', properties: { a: { type: 'integer' } } }, { properties: { a: { type: 'integer' }, b: { type: 'boolean' } } }] })).toEqual({
      a: 42,
      b: true,
    });
    const tree = {
      type: 'object',
      properties: { root: { $ref: '#/$defs/node' } },
      $defs: { node: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/node' }, maxItems: 1 } } } },
    };
    const value = createSchemaExample(tree, 'n') as { root: { name: string; children: unknown[] } };
    expect(value.root.name).toBe('n');
    expect(value.root.children[0]).toMatchObject({ name: 'n' });
    expect(JSON.stringify(value).length).toBeLessThan(1000);
  });

  it('ends a recursive schema with the least it allows: required properties only, lists at minItems', () => {
    // z.lazy trees and linked lists, as zod writes them.
    const tree = { type: 'object', properties: { t: { $ref: '#/$defs/node' } }, required: ['t'], $defs: { node: { type: 'object', properties: { v: { type: 'number' }, kids: { type: 'array', items: { $ref: '#/$defs/node' } } }, required: ['v', 'kids'] } } };
    const list = { type: 'object', properties: { n: { $ref: '#/$defs/node' } }, required: ['n'], $defs: { node: { type: 'object', properties: { v: { type: 'number' }, next: { $ref: '#/$defs/node' } }, required: ['v'] } } };
    const leaves = (value: unknown): unknown[] => (value !== null && typeof value === 'object' ? Object.values(value).flatMap(leaves) : [value]);
    for (const schema of [tree, list]) expect(leaves(example(schema))).not.toContain(null);
    expect(JSON.stringify(example(tree))).toMatch(/"kids":\[\]/);
  });

  it('fills the required keys that only additionalProperties describes, as an exhaustive z.record does', () => {
    const record = { type: 'object', propertyNames: { type: 'string', enum: ['a', 'b'] }, additionalProperties: { type: 'number' }, required: ['a', 'b'] };
    expect(example(record)).toEqual({ a: 42, b: 42 });
  });

  it('takes the type the keywords imply when none is declared, draft-4 tuples, $refs into lists, and null for a union of null only', () => {
    expect(example({ properties: { a: { type: 'integer' } } })).toEqual({ a: 42 });
    expect(example({ items: { type: 'boolean' } })).toEqual([true]);
    expect(example({ prefixItems: [{ type: 'integer' }] })).toEqual([42]);
    expect(example({ type: 'array', items: [{ type: 'integer' }, { type: 'string' }] })).toEqual([42, 'Weather in Zürich']);
    const pair = { type: 'object', properties: { b: { $ref: '#/$defs/pair/1' }, c: { $ref: '#/properties/b/$ref/x' } }, $defs: { pair: [{ type: 'integer' }, { type: 'boolean' }] } };
    expect(example(pair)).toEqual({ b: true, c: null });
    expect(example({ type: ['null'] })).toBeNull();
    expect(example({ anyOf: [{ type: 'null' }] })).toBeNull();
  });

  it('honours minItems, maxItems and tuples', () => {
    expect(example({ type: 'array', items: { type: 'integer' }, minItems: 3 })).toEqual([42, 42, 42]);
    expect(example({ type: 'array', items: { type: 'integer' }, maxItems: 0 })).toEqual([]);
    expect(example({ type: 'array', prefixItems: [{ type: 'integer' }, { type: 'boolean' }] })).toEqual([42, true]);
  });

  // Lists within lists and a self-reference that branches are refused only once built up to the limit, a
  // million values: create-schema-example.size-limit.test.ts checks them against a smaller one.
  it('refuses, instead of building, an example too large to send: huge minItems or minLength', () => {
    for (const schema of [
      { type: 'array', items: { type: 'string' }, minItems: 1e9 },
      { type: 'string', minLength: 1e9 },
    ]) {
      expect(() => example(schema)).toThrow(SchemaExampleTooLargeError);
    }
    expect((example({ type: 'array', items: { type: 'integer' }, minItems: 100_000 }) as unknown[]).length).toBe(100_000);
    // Ten properties that each refer back to the whole: large (every property filled down to the depth
    // where only required ones are), but still built.
    const wide = { type: 'object', properties: Object.fromEntries(Array.from({ length: 10 }, (_, index) => [`p${index}`, { $ref: '#' }])) };
    expect(JSON.stringify(example(wide)).length).toBeGreaterThan(50_000);
  });

  it('matches a pattern: the text when it does, else a string built from the regex, as zod and hand-written schemas write them', () => {
    expect(example({ type: 'string', pattern: '^Weather' })).toBe('Weather in Zürich');
    const patterns = [
      '^[A-Z]{3}-\\d{2}$', // z.string().regex(/^[A-Z]{3}-\d{2}$/)
      '^abc.*', // startsWith
      '.*\\.md$', // endsWith
      '^[cC][0-9a-z]{6,}$', // cuid
      '^[a-zA-Z0-9_-]{21}$', // nanoid
      '^[0-7][0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{25}$', // ulid
      '^\\+[1-9]\\d{6,14}$', // e164
      '^[^A-Z]*$', // lowercase
      '^(?=[\\s\\S]*[\\p{Extended_Pictographic}\\p{Regional_Indicator}\\u20E3])[\\p{Extended_Pictographic}\\p{Emoji_Component}]+$', // emoji
      '^$|^(?:[0-9a-zA-Z+/]{4})*(?:(?:[0-9a-zA-Z+/]{2}==)|(?:[0-9a-zA-Z+/]{3}=))?$', // base64
      '^P(?:(\\d+W)|(?!.*W)(?=\\d|T\\d)(\\d+Y)?(\\d+M)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+([.,]\\d+)?S)?)?)$', // duration
      '^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\\/([0-9]|[1-2][0-9]|3[0-2])$', // cidrv4
      '^(?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d+)?)?$', // time
      '^(?=.*[A-Z])(?=.*\\d)(?=.*[!@#$%^&*]).{8,}$', // a password rule, with lookaheads
      '^\\d{3}\\cJ\\x41$', // control and hex escapes
      '^a[^]{3}b$', // [^] is any character in JavaScript, not the start of a class holding ]
      '^\\bid-\\d+\\b$', // word boundaries, which match no character
    ];
    for (const pattern of patterns) {
      const value = example({ type: 'string', pattern });
      expect(typeof value === 'string' && new RegExp(pattern, 'u').test(value), `${pattern}: ${JSON.stringify(value)}`).toBe(true);
    }
    expect(example({ type: 'string', format: 'email', pattern: '^[a-z]+@example\\.com$' })).toBe('user@example.com');
    expect(example({ type: 'string', pattern: '^[a-z]{4}$', minLength: 4, maxLength: 4 })).toBe('aaaa');
    expect(example({ type: 'string', pattern: '^\\d+$', minLength: 3 })).toBe('000');
    expect(example({ type: 'string', format: 'jwt' })).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('keeps the text for a pattern that is no valid regex, and refuses one it cannot build a match for', () => {
    expect(example({ type: 'string', pattern: '[' })).toBe('Weather in Zürich');
    // The text, which breaks them, was sent.
    expect(() => example({ type: 'string', pattern: '(a)\\1b' })).toThrow(SchemaUnsatisfiableError);
    expect(() => example({ type: 'string', pattern: '^a{1000000}$' })).toThrow(SchemaUnsatisfiableError);
  });

  it('builds a short match for a pattern that backtracks for hours on the text, instead of stopping the server', () => {
    // `(a+)+$` tries 2^40 ways to split forty a's before it gives up at the `!`.
    expect(createSchemaExample({ type: 'string', pattern: '^(a+)+$' }, `${'a'.repeat(40)}!`)).toBe('a');
    expect(createSchemaExample({ type: 'object', properties: { id: { type: 'string', pattern: '(x+x+)+y' } } }, 'x'.repeat(40))).toEqual({ id: 'xxy' });
  });

  it('refuses a pattern that backtracks for hours on every string it tries: the watchdog stops each try', () => {
    // Built without its lookahead, the match is forty a's, on which the lookahead backtracks. Two tries of 50 ms
    // of CPU each (the text, then the strings built from the regex); the only bound here is the test's timeout,
    // hours short of the backtracking. That any number of such patterns share one budget is counted, not timed,
    // in create-schema-example.pattern-budget.test.ts.
    expect(() => example({ type: 'string', pattern: '^(?=(a+)+!)a{40}' })).toThrow(SchemaPatternTooSlowError);
  });

  // Zod's output for `z.string().startsWith('ab').endsWith('yz')`, `.min(3).regex(/^x/).includes('q')` and
  // `z.email().endsWith('.com')`: the type, bounds and format beside allOf, a pattern in each part.
  it('keeps the keywords beside allOf, and matches the patterns of every part at once', () => {
    const strings = [
      { type: 'string', format: 'ends_with', allOf: [{ pattern: '^ab.*' }, { pattern: '.*yz$' }] },
      { type: 'string', minLength: 3, format: 'includes', allOf: [{ pattern: '^x' }, { pattern: 'q' }] },
      { type: 'string', pattern: '^W', allOf: [{ pattern: 'Z' }] },
      {
        type: 'string',
        format: 'ends_with',
        allOf: [
          { pattern: "^(?:[A-Za-z0-9_'+\\-]+\\.)*[A-Za-z0-9_'+\\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\\-]*\\.)+[A-Za-z]{2,}$" },
          { pattern: '.*\\.com$' },
        ],
      },
    ];
    for (const schema of strings) {
      const value = example(schema);
      const patterns = [schema.pattern, ...schema.allOf.map((part) => part.pattern)].filter((pattern) => pattern !== undefined);
      expect(typeof value, JSON.stringify(schema)).toBe('string');
      for (const pattern of patterns) expect(new RegExp(pattern, 'u').test(value as string), `${pattern}: ${JSON.stringify(value)}`).toBe(true);
      expect((value as string).length).toBeGreaterThanOrEqual(schema.minLength ?? 0);
    }
    const object = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], allOf: [{ properties: { b: { type: 'integer' } }, required: ['b'] }] };
    expect(example(object)).toEqual({ a: 'Weather in Zürich', b: 42 });
  });

  it('gives null for a $ref that is not valid percent-encoding, and merges an allOf of any length', () => {
    expect(example({ type: 'object', properties: { a: { $ref: '#/%' } } })).toEqual({ a: null });
    const parts = Array.from({ length: 200_000 }, (_, index) => (index === 0 ? { type: 'integer' } : {}));
    expect(example({ allOf: parts })).toBe(42);
  });

  it('gives null for what is not a schema', () => {
    expect(example(undefined)).toBeNull();
    expect(example('string')).toBeNull();
    expect(example({ $ref: 'https://example.com/remote.json' })).toBeNull();
  });
});
