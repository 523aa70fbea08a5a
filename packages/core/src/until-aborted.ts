/**
 * `response`, unless `signal` aborts and `response` has not settled a turn of the event loop later: then a
 * rejection with the signal's reason. A `fetch` that ignores its signal (a test double, a wrapper that builds
 * its own `Request` and leaves the signal out) would otherwise hold the request past its `timeout` and past the
 * caller's abort, for as long as the server takes, or for ever. A fetch that honours it settles first, as
 * before: with its own rejection, or with a response that had come (which the caller then sees is aborted). A
 * response that comes after the abort is let go of: its body cancelled, which releases its connection.
 */
export function untilAborted(response: Promise<Response>, signal: AbortSignal): Promise<Response> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = (): void => {
      timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        reject(signal.reason);
        response.then((late) => void late.body?.cancel().catch(ignore), ignore);
      }, 0);
    };
    const settle = (): void => {
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    };
    if (signal.aborted) onAbort();
    // The attempt's own signal, made for this request alone: one listener, taken off once the fetch settles.
    else signal.addEventListener('abort', onAbort, { once: true });
    response.then(
      (value) => {
        if (settled) return;
        settle();
        resolve(value);
      },
      (error: unknown) => {
        if (settled) return;
        settle();
        reject(error);
      },
    );
  });
}

function ignore(): void {}
