/**
 * Calls `leave` (which releases an iterator's source), then `end` (the iterator's own `return()` or `throw()`)
 * even when `leave` failed, a source of the caller's whose `return()` rejects: the iterator is ended either way.
 * Answers what `end` answers, or, after it, rejects with `leave`'s failure.
 */
export async function endAfterLeaving<Result>(leave: () => unknown, end: () => Promise<Result>): Promise<Result> {
  let failure: { error: unknown } | undefined;
  try {
    await leave();
  } catch (error) {
    failure = { error };
  }
  const result = await end();
  if (failure !== undefined) throw failure.error;
  return result;
}
