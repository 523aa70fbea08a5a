/**
 * Whether a field typed as a number holds one (any: a fraction, a negative, as only the JSON type is checked),
 * or `null` or nothing, as `isTextOrNothing` for text. Shared by `chunkFieldProblem` and `modelFieldProblem`.
 */
export function isNumberOrNothing(value: unknown): boolean {
  return typeof value === 'number' || value === undefined || value === null;
}
