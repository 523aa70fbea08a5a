import { excerpt } from './excerpt.js';

/**
 * A value from the server in a few words, whatever its size or depth: a string as a short excerpt (with
 * credentials redacted before the cut), a number, boolean or null as itself, a list or an object by its
 * shape only, without looking inside.
 */
export function describeServerValue(value: unknown): string {
  if (typeof value === 'string') return excerpt(value, 40);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `a list of ${value.length} ${value.length === 1 ? 'item' : 'items'}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
