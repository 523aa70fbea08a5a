/** The smallest value that satisfies a schema is too large to build: over `limit` (1,000,000) values and characters. */
export class SchemaExampleTooLargeError extends RangeError {
  /** `limit`: the values and characters one example may have (the example's budget, `MAX_EXAMPLE_SIZE` of example-context.ts). */
  constructor(limit: number) {
    super(`a value that satisfies it has over ${limit} values and characters, more than the mock builds`);
    this.name = 'SchemaExampleTooLargeError';
  }
}
