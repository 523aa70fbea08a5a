/** What {@link readAll} collected: every item, and what the iteration threw (undefined when it ended quietly). */
export interface ReadAllResult<T> {
  /** Every item, in order, up to the end or the error. */
  items: T[];
  /** What the iteration threw; `undefined` when it ended quietly. */
  error: unknown;
}

/**
 * Reads an async iterable to its end and returns the items together with the error it ended with, so a
 * test can assert both "these chunks arrived" and "then this was thrown".
 *
 * @example
 * const { items, error } = await readAll(Stream.fromSSEResponse(response));
 * expect(error).toBeInstanceOf(StreamTruncatedError);
 */
export async function readAll<T>(iterable: AsyncIterable<T>): Promise<ReadAllResult<T>> {
  const items: T[] = [];
  try {
    for await (const item of iterable) items.push(item);
    return { items, error: undefined };
  } catch (error) {
    return { items, error };
  }
}
