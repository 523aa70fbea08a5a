import type { IncomingHttpHeaders } from 'node:http';
import type { RequestBody } from './read-request-body.js';

/**
 * Why a chat-completions body cannot be read as the JSON it must be, or undefined when it can: the
 * message of the 400 `invalid_request_error` it gets. The body must be uncompressed UTF-8 (a `charset`, if
 * given, UTF-8): a gzip body that Node does not inflate, or text in Latin-1, would otherwise be parsed as
 * something it is not. The media type itself is not checked: every SDK sends `application/json`, but
 * hand-made requests label the same JSON `text/plain` (fetch, for a string body), curl's
 * `application/x-www-form-urlencoded` or nothing, and a mock that refused them would fail tests and demos
 * over a label while the body is exactly what the API reads. A UTF-8 byte order mark is refused by name, as
 * JSON allows none (RFC 8259): the parser's own message would quote it, and it cannot be seen.
 */
export function checkBodyFormat(headers: IncomingHttpHeaders, { text, utf8 }: Pick<RequestBody, 'text' | 'utf8'>): string | undefined {
  const encoding = headers['content-encoding']?.trim() ?? '';
  // `gzip, chunked` reaches the handler undecoded: Node's parser removes only the chunked framing.
  const transfer = headers['transfer-encoding'] ?? '';
  const compressedTransfer = transfer.split(',').some((coding) => !['', 'chunked', 'identity'].includes(coding.trim().toLowerCase()));
  if ((encoding !== '' && encoding.toLowerCase() !== 'identity') || compressedTransfer) {
    const header = compressedTransfer ? `transfer-encoding: ${transfer}` : `content-encoding: ${encoding}`;
    return `The request body must not be compressed (${header}): send the JSON as it is, with content-type: application/json.`;
  }
  const contentType = headers['content-type'] ?? '';
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(contentType)?.[1];
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    return `Unsupported charset ${JSON.stringify(charset)}: the JSON body must be UTF-8, sent with content-type: application/json.`;
  }
  if (!utf8) return 'The request body is not valid UTF-8: send the JSON encoded as UTF-8.';
  if (text.startsWith('\uFEFF')) {
    return 'The request body is not valid JSON: it starts with a UTF-8 byte order mark (bytes EF BB BF), which JSON does not allow; send the JSON without it (saved as UTF-8 without BOM).';
  }
  return undefined;
}
