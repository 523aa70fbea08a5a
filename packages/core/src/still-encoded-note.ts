import { contentCodingOf, quotedCoding } from './compressed-body-hint.js';

/**
 * What to do about a body that came still encoded: the server's coding, or the fetch, is to change; retrying
 * would only fetch the same bytes again. Only gzip and br, each named alone, are decoded by the fetch of every
 * runtime tested (Node 20.20, 22.23 and 24.22, Bun 1.4, Deno 2.9, Chromium 156): Node 20 and 22 pass zstd on,
 * Deno passes deflate, x-gzip and zstd, Bun a list (`deflate, gzip`), Node a list with `identity` in it;
 * Node 24, Bun and Chromium decode zstd.
 */
export const stillEncodedAdvice =
  'Have the server, or a proxy in between, send the body uncompressed or in gzip or br, named alone, which the fetch of Node, Bun, Deno and browsers decodes (other codings, zstd and deflate among them, only some do), or pass a fetch that decodes it.';

// Text no answer holds and compressed bytes always do: C0 controls other than white space, and U+FFFD, which
// bytes that are not UTF-8 decode to.
const notText = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffd]/;

/**
 * `still in content-encoding "zstd", which the fetch in use did not decode`, for a body that did not read as
 * what it should be, or undefined. A fetch decodes only the codings it knows and passes any other body on as
 * the server's bytes, its `content-encoding` kept: Node 20 and 22's fetch so passes `zstd`, and any list with
 * `identity` in it (`gzip, identity`). Quoted as it is, such a body is binary that names no cause. The header
 * alone does not tell (a fetch that decoded the body keeps it too), so the text must also not be text.
 *
 * @param headers - The response's headers, whose `content-encoding` is read; undefined for a body that came
 *   without a response (a stream read from a `ReadableStream`).
 * @param text - The start of the body as read, decoded as UTF-8.
 */
export function stillEncodedNote(headers: Headers | undefined, text: string): string | undefined {
  const coding = headers === undefined ? undefined : contentCodingOf(headers);
  if (coding === undefined || !notText.test(text)) return undefined;
  return `still in content-encoding ${quotedCoding(coding)}, which the fetch in use did not decode`;
}
