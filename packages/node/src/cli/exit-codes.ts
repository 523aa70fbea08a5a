import {
  APIConnectionError,
  APIError,
  APIUserAbortError,
  StreamError,
  StreamTruncatedError,
} from '../index.js';

/** The exit codes of `groq-stream`, so that scripts can tell a bad flag from an outage. */
export const exitCodes = {
  success: 0,
  /** Not one of the others: a bug in groq-stream, please report it. */
  unexpected: 1,
  /** Bad flags, no prompt, no API key, an invalid GROQ_BASE_URL. */
  usage: 2,
  /**
   * The API answered with an error (4xx, 5xx), reported one in the middle of the stream, or sent a stream that was
   * no answer (data that is not a chunk, only `[DONE]`).
   */
  api: 3,
  /** No answer: connection refused or broken, a timeout, or a stream cut off before its end. */
  network: 4,
  /**
   * stdout could not take the answer (a full disk, an I/O error). Not a reader that closed it early (`| head`):
   * that is a success, as the reader had what it wanted.
   */
  output: 5,
  /**
   * Interrupted by Ctrl-C (SIGINT), by convention 128 + 2. The bin then ends by SIGINT itself, which a shell
   * shows as this code; `runCli` resolves to it.
   */
  interrupted: 130,
} as const;

/** The exit code for an error thrown by the client or the stream. */
export function exitCodeForError(error: unknown): number {
  if (APIUserAbortError.isInstance(error)) return exitCodes.interrupted;
  // Connection errors include the request timeout and the stream's idle timeout.
  if (APIConnectionError.isInstance(error) || StreamTruncatedError.isInstance(error)) return exitCodes.network;
  // A server error event, data that is not a chunk, an oversized event: the server's side of the stream.
  if (APIError.isInstance(error) || StreamError.isInstance(error)) return exitCodes.api;
  return exitCodes.unexpected;
}
