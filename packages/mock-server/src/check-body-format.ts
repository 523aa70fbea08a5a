import type { IncomingHttpHeaders } from 'node:http';

/**
 * Why a chat-completions body cannot be read as the JSON it must be, or undefined when it can: the
 * message of the 400 `invalid_request_error` it gets. The body must be sent as `application/json` (a
 * `charset`, if given, UTF-8), uncompressed, and be UTF-8. Each SDK (openai, groq-sdk, the AI SDK) sends
 * exactly that; the rest are hand-made requests that a real API would not read as meant: curl's default
 * `application/x-www-form-urlencoded`, fetch's `text/plain` for a string body, a gzip body that Node does
 * not inflate, text in Latin-1. Answered alike, with what to send instead, rather than parsed as if.
 */
export function checkBodyFormat(headers: IncomingHttpHeaders, utf8: boolean): string | undefined {
  const encoding = headers['content-encoding']?.trim() ?? '';
  // `gzip, chunked` reaches the handler undecoded: Node's parser removes only the chunked framing.
  const transfer = headers['transfer-encoding'] ?? '';
  const compressedTransfer = transfer.split(',').some((coding) => !['', 'chunked', 'identity'].includes(coding.trim().toLowerCase()));
  if ((encoding !== '' && encoding.toLowerCase() !== 'identity') || compressedTransfer) {
    const header = compressedTransfer ? `transfer-encoding: ${transfer}` : `content-encoding: ${encoding}`;
    return `The request body must not be compressed (${header}): send the JSON as it is, with content-type: application/json.`;
  }
  const contentType = headers['content-type'];
  if (contentType === undefined || contentType.trim() === '') {
    return 'The request has no content-type: send the JSON body with content-type: application/json.';
  }
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    return `Unsupported content-type ${JSON.stringify(contentType)}: the body must be JSON, sent with content-type: application/json.`;
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(contentType)?.[1];
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    return `Unsupported charset ${JSON.stringify(charset)}: the JSON body must be UTF-8, sent with content-type: application/json.`;
  }
  if (!utf8) return 'The request body is not valid UTF-8: send the JSON encoded as UTF-8.';
  return undefined;
}
