import { describeRefusal, type RelayError } from './describe-refusal.js';
import { ShownError } from './shown-error.js';

/** The message of a refused request, as the relay words it, with what to do. */
export async function httpError(response: Response): Promise<ShownError> {
  let error: RelayError | undefined;
  try {
    error = ((await response.json()) as { error?: RelayError }).error;
  } catch {
    error = undefined;
  }
  return new ShownError(describeRefusal(response.status, error, response.headers));
}
