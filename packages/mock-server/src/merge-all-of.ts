import { MAX_DEPTH, type ExampleContext } from './example-context.js';
import { isRecord } from './is-record.js';
import { resolveReference } from './matches-schema.js';
import { SchemaUnsatisfiableError } from './schema-unsatisfiable-error.js';

/**
 * One schema with the keywords of `schema` and of every part of its `allOf`: zod writes a string with two
 * pattern checks (`startsWith` and `endsWith`, `regex` and `includes`) as `{ type: "string", allOf: [{ pattern },
 * { pattern }] }`. Properties and required lists are joined, and the patterns become one that a string
 * matches when it matches each of them (lookaheads, which the pattern builder writes out one after the other).
 * A part that is a `$ref` is merged as what it points to; a `false` part makes the whole unsatisfiable.
 */
export function mergeAllOf(schema: Record<string, unknown>, parts: unknown[], context: ExampleContext): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...schema, allOf: undefined };
  const patterns = typeof schema.pattern === 'string' ? [schema.pattern] : [];
  // Merged one by one: spread into one call, a list of 200,000 parts overflows the stack.
  for (let part of parts) {
    for (let hops = 0; isRecord(part) && typeof part.$ref === 'string' && hops < MAX_DEPTH; hops++) part = resolveReference(part.$ref, context.root);
    if (part === false) throw new SchemaUnsatisfiableError();
    if (!isRecord(part)) continue;
    const { properties, required } = merged;
    Object.assign(merged, part);
    if (isRecord(properties) && isRecord(part.properties)) merged.properties = mergeProperties(properties, part.properties);
    if (Array.isArray(required) && Array.isArray(part.required)) merged.required = [...new Set([...required, ...part.required])];
    if (typeof part.pattern === 'string') patterns.push(part.pattern);
  }
  if (patterns.length > 1) merged.pattern = `^${patterns.map(lookahead).join('')}`;
  return merged;
}

// A property that both declare must satisfy both: `then: { properties: { x: { maxLength: 2 } } }` narrows `x: { type: "string" }`.
function mergeProperties(properties: Record<string, unknown>, more: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...properties };
  for (const [key, schema] of Object.entries(more)) merged[key] = Object.hasOwn(properties, key) && properties[key] !== schema ? { allOf: [properties[key], schema] } : schema;
  return merged;
}

// A lookahead, at the start of the string, for a match of `pattern` anywhere in it (a JSON Schema pattern is
// not anchored). One that is anchored at the start already (`^ab`, not `^a|b`) goes without the `[\s\S]*?`
// before it, which the pattern builder, asked for a minLength, would fill with characters.
function lookahead(pattern: string): string {
  return pattern.startsWith('^') && !pattern.includes('|') ? `(?=${pattern})` : `(?=[\\s\\S]*?(?:${pattern}))`;
}
