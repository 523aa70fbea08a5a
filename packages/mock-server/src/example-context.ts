import { matchesSchema } from './matches-schema.js';
import { SchemaExampleTooLargeError } from './schema-example-too-large-error.js';
import { testPattern, type PatternBudget } from './schema-pattern-matching.js';
import { SchemaUnsatisfiableError } from './schema-unsatisfiable-error.js';

// A schema that refers to itself (a tree, a linked list) is followed this deep with every property filled;
// past it, with only what it requires (the least a model could end it with), and past twice it, cut off.
export const MAX_DEPTH = 8;

// Values and string characters one example may have. A schema may ask for more (`minItems: 1e9`, or a
// self-reference with many properties, which grows exponentially down to MAX_DEPTH): building it would
// exhaust the process's memory, so it is refused instead, as no model could send it either.
export const MAX_EXAMPLE_SIZE = 1_000_000;

// Values tried for one schema where a keyword can only be met by trying (`not`, `oneOf`, `if`, `contains`), and
// beyond the items a `uniqueItems` list needs.
export const MAX_VARIANTS = 32;

// Schema keywords one example may check values against: nested `oneOf`s whose branches overlap could make the
// mock try values for minutes; past it, the schema is refused as one it finds no value for.
export const MAX_CHECKS = 1_000_000;

/** Where in a schema an example is being built, and what it may still spend: see `createSchemaExample`. */
export interface ExampleContext {
  root: unknown;
  text: string;
  depth: number;
  /**
   * Shared by the whole example, so that it bounds the total size and time whatever the shape. `size` is the
   * limit `remaining` started from, for the error to name the limit that was applied.
   */
  budget: PatternBudget & { size: number; remaining: number; checks: number };
  /** Past MAX_DEPTH: objects get their required properties only, lists their minItems. */
  least: boolean;
}

// Counts `size` values or characters against the example's budget, before they are built.
export function spend(context: ExampleContext, size: number): void {
  context.budget.remaining -= size;
  if (context.budget.remaining < 0) throw new SchemaExampleTooLargeError(context.budget.size);
}

// Whether `value` satisfies `schema`, patterns tested under the example's time limits.
export function matches(value: unknown, schema: unknown, context: ExampleContext): boolean {
  const check = (): void => {
    if (--context.budget.checks < 0) throw new SchemaUnsatisfiableError();
  };
  return matchesSchema(value, schema, context.root, (pattern, text) => testPattern(pattern, text, context.budget), check);
}
