import { APIUserAbortError } from './errors/api-user-abort-error.js';
import type { ErrorRequestContext } from './errors/groq-error.js';
import { onAbort } from './on-abort.js';
import { requestAbortedError } from './request-aborted-error.js';

/**
 * Waits `ms` milliseconds before a retry; rejects with {@link APIUserAbortError} (naming the request, with
 * the signal's reason as its cause, and `message`, which says what the wait was for) the moment `signal` aborts.
 */
export function sleep(ms: number, signal: AbortSignal | null | undefined, context: ErrorRequestContext, message: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(requestAbortedError(signal, context));
      return;
    }
    const timer = setTimeout(() => {
      detach?.();
      resolve();
    }, ms);
    const detach = signal
      ? onAbort(signal, () => {
          clearTimeout(timer);
          reject(requestAbortedError(signal, context, message));
        })
      : undefined;
  });
}
