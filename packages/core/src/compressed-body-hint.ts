import { describeCause } from './describe-cause.js';
import { excerpt } from './excerpt.js';

/**
 * The advice for a timeout while reading a body the server sent compressed (`content-encoding` gzip, br,
 * deflate...), or undefined for one sent as it is. "The server stalled" need not be what happened: Node's
 * built-in fetch (the undici in Node 20 and 22) does not fail a body it cannot decode when the connection
 * closes with it, it leaves the read waiting until the timeout. `option` is the timeout that fired.
 */
export function compressedBodyHint(headers: Headers, option: 'timeout' | 'streamIdleTimeout'): string | undefined {
  const coding = contentCodingOf(headers);
  if (coding === undefined) return undefined;
  return (
    `The body came compressed (content-encoding ${quotedCoding(coding)}): the server stalled, or sent data that could not be decoded, ` +
    `which some fetches, Node's built-in one among them, do not report. Retry; if it keeps failing, check the compression of the server or a proxy in between, ` +
    `or raise the \`${option}\` option.`
  );
}

/** The `content-encoding` a body came in, lower-cased, or undefined for one sent as it is (none, or `identity`). */
export function contentCodingOf(headers: Headers): string | undefined {
  const coding = headers.get('content-encoding')?.trim().toLowerCase();
  return coding === undefined || coding === '' || coding === 'identity' ? undefined : coding;
}

/**
 * A coding from {@link contentCodingOf} quoted for a message: cut at 100 characters, keys redacted, as a server's
 * content type is. The header is the server's and may be long (a few KB fit in its headers).
 */
export function quotedCoding(coding: string): string {
  return excerpt(coding, 100);
}

/**
 * What came instead of a failed response's error body, when that body came compressed and its read failed
 * (`failure`) or was stopped by the timeout (`stopped`), in place of "body (empty)", which would send the
 * reader looking for a server that sent nothing; undefined for a body sent as it is.
 */
export function undecodedBodyNote(headers: Headers, failure: unknown, stopped: boolean): string | undefined {
  const coding = contentCodingOf(headers);
  if (coding === undefined) return undefined;
  const came = `the error body came compressed (content-encoding ${quotedCoding(coding)})`;
  // Some fetches (Node's built-in one) may leave the read of a body they cannot decode waiting, without an error, until the timeout.
  return stopped
    ? `${came} and had not been read whole when the timeout stopped it: it could not be decoded, which some fetches, Node's built-in one among them, do not report, or the server stalled`
    : `${came} and could not be decoded: ${describeCause(failure)}`;
}
