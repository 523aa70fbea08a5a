/**
 * Waits until `check()` holds, polling every `intervalMs`; rejects when `timeoutMs` passes first. For
 * effects that land a little later than the action that causes them, such as a server noticing that a
 * client closed its connection.
 *
 * @example
 * stream.controller.abort();
 * await eventually(() => mock.stats().streamsAborted === 1); // within a second
 */
export async function eventually(check: () => boolean, timeoutMs = 1000, intervalMs = 5): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
