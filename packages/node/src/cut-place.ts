import { redactSecretsDeep } from '@groq-stream/core';

/**
 * A place for a message (a URL's origin and path, a host and port), keys redacted, then cut at 200 characters,
 * saying how long it was, as core quotes a location: after a redirect it is the server's, as long as its header,
 * and a host of any length passes the URL parser. A plain slice: a URL's origin, path and host are ASCII
 * (punycode, percent-encoding) without controls, so no pair of surrogates is cut and there is nothing to escape.
 */
export function cutPlace(place: string): string {
  const redacted = redactSecretsDeep(place);
  return redacted.length > 200 ? `${redacted.slice(0, 200)}… (${redacted.length} characters in all)` : redacted;
}
