/**
 * Whether a field the chunk types give as text holds text, or `null` or nothing, which a server may send in
 * place of any field it has no value for. Shared by `choiceFieldProblem`, `chunkFieldProblem` and `modelFieldProblem`.
 */
export function isTextOrNothing(value: unknown): boolean {
  return typeof value === 'string' || value === undefined || value === null;
}
