/**
 * The `code` of a body's failure that says its bytes could not be decoded as its `content-encoding` said:
 * zlib's for data that is not what the coding says (a gzip header on a plain body: `incorrect header check`) or
 * that needs a dictionary, and `ERR_UNSUPPORTED_CONTENT_ENCODING`, createNodeHttpFetch's for a coding it cannot
 * read (`zstd`, `zzz`). Not zlib's `Z_BUF_ERROR`: compressed data that stops before its end is a body cut short.
 */
const decodingCodes = new Set(['Z_DATA_ERROR', 'Z_NEED_DICT', 'ERR_UNSUPPORTED_CONTENT_ENCODING']);

/**
 * The start of the message for a body that could not be decoded: not "broke off", which sends the reader
 * looking for a connection cut short, while a retry gets the same bytes again.
 */
export const undecodedBody = 'The response body could not be decoded as its content-encoding said';

/** What to do about a body that could not be decoded: asking for no compression avoids it. */
export const undecodedAdvice =
  'A retry will likely fail the same way: check the compression settings of the server or a proxy in between, or send `accept-encoding: identity` in the defaultHeaders option.';

/** How many causes deep a code is looked for: fetch's `terminated` holds the decoder's error one down. */
const maxDepth = 4;

/**
 * Whether a body read failed because the body could not be decoded, rather than because it was cut short: the
 * error or one of its causes has a code from zlib or brotli (`ERR__ERROR_FORMAT_…`, the rule the bytes broke) for
 * data it cannot decode, or the Node transport's for a coding it cannot read. A retry gets the same bytes again.
 */
export function isDecodingFailure(error: unknown): boolean {
  try {
    let current = error;
    for (let depth = 0; depth < maxDepth && typeof current === 'object' && current !== null; depth++) {
      const { code, cause } = current as { code?: unknown; cause?: unknown };
      if (typeof code === 'string' && (decodingCodes.has(code) || code.startsWith('ERR__ERROR_'))) return true;
      current = cause;
    }
  } catch {
    // A getter or a Proxy's trap that throws: nothing says the body could not be decoded.
  }
  return false;
}
