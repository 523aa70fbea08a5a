/**
 * Whether a fetch failure is the runtime's HTTP parser refusing what the server sent (a status line that is
 * not HTTP, two `content-length`s, a header too large, a byte no header may hold): Node's `node:http` and
 * undici name those `HPE_*` (undici's header limit `UND_ERR_HEADERS_OVERFLOW`) on the `TypeError`'s cause,
 * which undici 7 makes an `HTTPParserError` without a code.
 * The server did answer then, so "got no response" and "check the network" would mislead.
 */
export function isNotHTTPAnswer(cause: unknown): boolean {
  try {
    const inner = (cause as { cause?: { code?: unknown; name?: unknown } } | null | undefined)?.cause;
    const code = inner?.code;
    // undici 7 (the npm package, Node 24's fetch) leaves its HTTPParserError's `code` undefined: its name tells.
    if (inner?.name === 'HTTPParserError') return true;
    return typeof code === 'string' && (code.startsWith('HPE_') || code === 'UND_ERR_HEADERS_OVERFLOW');
  } catch {
    // A cause whose getters throw is no parser's error.
    return false;
  }
}

/** What to do about {@link isNotHTTPAnswer}'s failure. */
export const notHTTPAnswerAdvice =
  'Check that baseURL points at Groq or a Groq-compatible HTTP server (the right scheme and port), and that no proxy in between rewrites responses';
