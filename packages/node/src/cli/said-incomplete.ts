/** How the SDK's errors for a stream that broke off after its first chunk begin their advice. */
const incomplete = 'The answer is incomplete';

/**
 * The message of a failure after the stream's first chunk, saying that the answer (printed so far) is incomplete,
 * as the SDK's own errors for a stream cut off or failed mid-stream say it: at the start of the advice, after the
 * request note (`[POST /openai/v1/chat/completions, request req_…]. The answer is incomplete. …`), or at the end
 * of a message without one. Others (a stall, data that is not a chunk, an event over the limit) do not say it, as
 * they are thrown before a stream's first chunk too.
 *
 * @param requestId - The error's request id, which ends the request note when there is one.
 */
export function saidIncomplete(message: string, requestId: string | undefined): string {
  if (message.includes(incomplete)) return message;
  // After the note's end: searched from the end, as the server's words quoted before it may hold anything.
  const noteEnd = [requestId === undefined ? undefined : `, request ${requestId}]. `, '/chat/completions]. ']
    .filter((end) => end !== undefined)
    .map((end) => {
      const at = message.lastIndexOf(end);
      return at === -1 ? -1 : at + end.length;
    })
    .find((at) => at !== -1);
  if (noteEnd === undefined) return `${message}${/[.!?]$/.test(message) ? '' : '.'} ${incomplete}.`;
  return `${message.slice(0, noteEnd)}${incomplete}. ${message.slice(noteEnd)}`;
}
