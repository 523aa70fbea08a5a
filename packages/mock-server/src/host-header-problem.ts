import type { IncomingMessage } from 'node:http';
import { shorten } from './shorten.js';

// RFC 9110 section 7.2: `uri-host [ ":" port ]`, the host an IP literal in brackets, or a name or IPv4 address
// (letters, digits, `-._~`, percent-escapes and sub-delimiters); the port digits, maybe none. Empty is allowed.
const HOST_VALUE = /^(?:\[[^\][\s/?#@]+\]|(?:[\w.~!$&'()*+,;=-]|%[\da-f]{2})*)(?::\d*)?$/i;

/**
 * What makes a request's Host header one that RFC 9112 section 3.2 has a server refuse with 400, or undefined
 * when it is fine: none in an HTTP/1.1 request, more than one (HTTP/1.0 too), or one that is not a host with an
 * optional port. Node checks none of it but the first (and the mock leaves that one to itself, for Groq's body).
 */
export function hostHeaderProblem(request: IncomingMessage): string | undefined {
  const hosts = request.headersDistinct.host ?? [];
  if (hosts.length === 0) return request.httpVersion === '1.1' ? 'no Host header' : undefined;
  if (hosts.length > 1) return `${hosts.length} Host headers; send one`;
  const [host = ''] = hosts;
  return HOST_VALUE.test(host) ? undefined : `Host ${JSON.stringify(shorten(host))} is not a host name or address with an optional port`;
}
