import { redactSecretsDeep } from './redact-secrets.js';
import { toSafeErrorPayload, type SafeErrorPayload } from './safe-error-payload.js';

/**
 * A relay's `errorPayload` option, made safe to call where a stream is already failing: when the app's
 * mapping throws, or returns what JSON cannot hold (a BigInt, a cycle), the browser gets
 * {@link toSafeErrorPayload}'s words in its `event: error` instead of a broken connection, and the mapping's
 * error goes to `console.error`, redacted (it may quote what it was mapping). Without a mapping, it is
 * {@link toSafeErrorPayload}.
 *
 * @param errorPayload - The app's mapping from an error to what the browser sees, if any.
 * @returns A mapping that always returns a payload the error event can carry.
 */
export function guardErrorPayload(errorPayload: ((error: unknown) => SafeErrorPayload) | undefined): (error: unknown) => SafeErrorPayload {
  if (errorPayload === undefined) return toSafeErrorPayload;
  return (error) => {
    try {
      const payload = errorPayload(error);
      JSON.stringify(payload); // what the error event does with it: a BigInt or a cycle throws here, not there
      return payload;
    } catch (bug) {
      console.error('groq-stream: the errorPayload option threw; the browser got the default error event.', redactSecretsDeep(bug));
      return toSafeErrorPayload(error);
    }
  };
}
