import { describeCause } from './describe-cause.js';

/**
 * Whether a fetch failure is the runtime's HTTP parser refusing what the server sent (a status line that is
 * not HTTP, two `content-length`s, a header too large, a byte no header may hold): Node's `node:http` and
 * undici name those `HPE_*` (undici's header limit `UND_ERR_HEADERS_OVERFLOW`, a body longer or shorter than its
 * `content-length` `UND_ERR_RES_CONTENT_LENGTH_MISMATCH`) on the `TypeError`'s cause,
 * which undici 7 makes an `HTTPParserError` without a code. A status below 100 (`HTTP/1.1 099 X`) gets past
 * undici's parser (Node's fetch, undici 6 and 7) and then fails its own check `assert(statusCode >= 100)` when
 * the answer ends: an `AssertionError` (`ERR_ASSERTION`) thrown from `Parser.onMessageComplete`, recognised by
 * that frame of its stack or by the check quoted in its message (`false == true` in Node's bundled copy).
 * A `101 Switching Protocols` to a request that offered no upgrade (RFC 9110 forbids it) is refused by undici as
 * a `SocketError` `bad upgrade` (`UND_ERR_SOCKET`, the code of a connection that failed: its message tells) and by
 * node's transport with llhttp's code for the pause at an upgrade, `HPE_PAUSED_UPGRADE`.
 * The server did answer then, so "got no response" and "check the network" would mislead.
 */
export function isNotHTTPAnswer(cause: unknown): boolean {
  try {
    const inner = (cause as { cause?: { code?: unknown; name?: unknown } } | null | undefined)?.cause;
    const code = inner?.code;
    // undici 7 (the npm package, Node 24's fetch) leaves its HTTPParserError's `code` undefined: its name tells.
    if (inner?.name === 'HTTPParserError') return true;
    if (isStatusAssertion(inner) || isUnaskedUpgrade(inner)) return true;
    // undici 7 (Node 22.x and 24's fetch) takes one of two different content-lengths and then finds the body
    // of another length, where Node 20's refuses the duplicate: either way the server's framing was wrong.
    return typeof code === 'string' && (code.startsWith('HPE_') || code === 'UND_ERR_HEADERS_OVERFLOW' || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH');
  } catch {
    // A cause whose getters throw is no parser's error.
    return false;
  }
}

/**
 * {@link isNotHTTPAnswer}'s failure in words for a message: the runtime's (`fetch failed: Parse Error: ...`),
 * except for undici's failed check of a status below 100, whose own words (`false == true`, or the assertion
 * over several lines) say nothing of the answer.
 */
export function describeNotHTTPAnswer(cause: unknown): string {
  try {
    if (isStatusAssertion((cause as { cause?: unknown } | null | undefined)?.cause)) {
      const outer = describeCause(cause instanceof Error ? cause.message : 'fetch failed');
      return `${outer}: undici's HTTP parser failed its check that the status is at least 100 (the server sent a status below 100)`;
    }
    if (isUnaskedUpgrade((cause as { cause?: unknown } | null | undefined)?.cause)) {
      return `${describeCause(cause)} (the server switched protocols, status 101, though the request asked for no upgrade)`;
    }
  } catch {
    // As in isNotHTTPAnswer: a cause whose getters throw is described as it is.
  }
  return describeCause(cause);
}

/** undici's `assert(statusCode >= 100)` failing in its parser, which only a status below 100 sent by the server makes. */
function isStatusAssertion(error: unknown): boolean {
  const { name, code, message, stack } = (error ?? {}) as { name?: unknown; code?: unknown; message?: unknown; stack?: unknown };
  if (name !== 'AssertionError' || code !== 'ERR_ASSERTION') return false;
  return (typeof message === 'string' && message.includes('statusCode >= 100')) || (typeof stack === 'string' && /\bParser\.onMessageComplete\b/.test(stack));
}

/** What to do about {@link isNotHTTPAnswer}'s failure. */
export const notHTTPAnswerAdvice =
  'Check that baseURL points at Groq or a Groq-compatible HTTP server (the right scheme and port), and that no proxy in between rewrites responses';

/** undici's refusal of a 101 the request did not ask for: a `SocketError` whose only words are `bad upgrade`. */
function isUnaskedUpgrade(error: unknown): boolean {
  const { name, code, message } = (error ?? {}) as { name?: unknown; code?: unknown; message?: unknown };
  return name === 'SocketError' && code === 'UND_ERR_SOCKET' && message === 'bad upgrade';
}
