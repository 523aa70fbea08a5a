/**
 * Waits until `check()` holds, polling every `intervalMs`; rejects when `timeoutMs` passes first. For
 * effects that land a little later than the action that causes them, such as a server noticing that a
 * client closed its connection.
 *
 * The default limit, 5 s, only guards against a hang: such effects take milliseconds, but a loaded CI
 * machine (every package's tests at once on 2 cores) can stall a process for much of a second. A test that
 * means "before X would have happened" makes X seconds away, or checks the order with counters.
 *
 * @param check - the condition to wait for.
 * @param timeoutMs - how long to wait before rejecting, in milliseconds. Default 5000.
 * @param intervalMs - how often to call `check`, in milliseconds. Default 5.
 * @example
 * stream.controller.abort();
 * await eventually(() => mock.stats().streamsAborted === 1);
 */
export async function eventually(check: () => boolean, timeoutMs = 5000, intervalMs = 5): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
