import type { RequestHandler, Response } from 'express';

/** The names the demo always answers to, on any port: its own machine's, as a person types them. */
const loopbackHosts: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

// A Host header, or an entry of ALLOWED_HOSTS: a name or IPv4 address, or an IPv6 address in brackets, then
// maybe a port. Nothing else (user info, a path, a trailing dot, two hosts) names a host the demo serves.
const hostPattern = /^(\[[0-9a-f:.]+\]|[a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(\d{1,5}))?$/i;

interface Host {
  name: string;
  /** Undefined when none is given: an allowed host without a port matches any. */
  port: string | undefined;
}

/** `value` (a Host header, an ALLOWED_HOSTS entry) as a name and a port, or undefined when it names no host. */
export function parseHost(value: string): Host | undefined {
  const match = hostPattern.exec(value);
  return match === null ? undefined : { name: match[1]!.toLowerCase(), port: match[2] };
}

/**
 * The hosts `ALLOWED_HOSTS` lists (`demo.example, my-laptop.lan:3000`: separated by commas or spaces, each
 * with or without a port). Throws a RangeError naming the entry that is no host, so the demo does not start
 * with a setting that would refuse every request.
 */
export function parseAllowedHosts(value: string | undefined): string[] {
  const entries = (value ?? '').split(/[\s,]+/).filter((entry) => entry !== '');
  for (const entry of entries) {
    if (parseHost(entry) === undefined) {
      throw new RangeError(
        `ALLOWED_HOSTS must list host names, separated by commas, such as "demo.example" or "demo.example:3000" (an IPv6 address in brackets); ${JSON.stringify(entry)} is not one.`,
      );
    }
  }
  return entries;
}

/**
 * Refuses, with a JSON 403 and before anything else runs, a request that is not addressed to this demo or
 * that another site's page sent. Why: the demo spends its owner's GROQ_API_KEY. A hostile page can point its
 * own name at 127.0.0.1 (DNS rebinding) and post to the relay as if from its own origin; its requests then
 * carry its name in `Host`, which is no name the demo answers to. And a page of any other origin that posts
 * here carries its own `Origin`: any method but GET and HEAD must come from the demo's own page (or from no
 * browser at all, without `Origin`, as curl). Allowed: `localhost`, `127.0.0.1` and `[::1]` on any port, and
 * `allowedHosts` (with a port, on that port only).
 */
export function createHostGuard(allowedHosts: readonly string[] = []): RequestHandler {
  const allowed = [...loopbackHosts, ...allowedHosts].map((entry) => {
    const host = parseHost(entry);
    if (host === undefined) throw new RangeError(`createHostGuard: ${JSON.stringify(entry)} is not a host name.`);
    return host;
  });
  const isAllowed = (host: Host): boolean => allowed.some((entry) => entry.name === host.name && (entry.port === undefined || entry.port === host.port));
  return (request, response, next) => {
    const hostHeader = request.headers.host ?? '';
    const host = parseHost(hostHeader);
    if (host === undefined || !isAllowed(host)) {
      refuse(
        response,
        'host_not_allowed',
        'This demo answers only requests addressed to localhost, 127.0.0.1 or [::1]. To reach it under another name, add that name to ALLOWED_HOSTS where the demo runs.',
      );
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD' && !isSameOrigin(request.headers.origin, hostHeader)) {
      refuse(response, 'cross_origin_request', "This demo answers only its own page, not another site's. Open the demo's page and send the message from there.");
      return;
    }
    next();
  };
}

/** Whether `origin` (the request's `Origin`) is the origin of `host`, or absent: a request from no browser page. */
function isSameOrigin(origin: string | undefined, host: string): boolean {
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    // Through URL both ways, so that a default port (http's :80) reads the same written or not.
    return (url.protocol === 'http:' || url.protocol === 'https:') && new URL(`${url.protocol}//${host}`).host === url.host;
  } catch {
    // `null` (a sandboxed frame, a file) or anything else that is no origin.
    return false;
  }
}

function refuse(response: Response, code: string, message: string): void {
  response.status(403).set('cache-control', 'no-store').json({ error: { message, type: 'invalid_request_error', code } });
}
