import { brandOf, type brandErrorClass } from './groq-error.js';

// Not in groq-error.ts: only the relays' safe error payload (loaded with `import()`) asks, and esbuild puts a
// module's code that any code uses up front with every page that imports the module, as every page imports that one.
/**
 * Whether `value` is an instance of the error class that {@link brandErrorClass} named `name`, as `instanceof`
 * that class answers, for code that only checks for the class: it need not import it, so a bundle that never
 * makes one leaves it out.
 */
export function hasErrorBrand(value: unknown, name: string): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brandOf(name)] === true;
}
