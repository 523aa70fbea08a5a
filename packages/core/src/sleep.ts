import { APIUserAbortError } from './errors/api-user-abort-error.js';
import type { ErrorRequestContext } from './errors/groq-error.js';

/**
 * Waits `ms` milliseconds before a retry; rejects with {@link APIUserAbortError} (naming the request, with
 * the signal's reason as its cause) the moment `signal` aborts.
 */
export function sleep(ms: number, signal?: AbortSignal | null, context: ErrorRequestContext = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new APIUserAbortError(undefined, { ...context, cause: signal.reason }));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new APIUserAbortError('Request was aborted while waiting to retry.', { ...context, cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
