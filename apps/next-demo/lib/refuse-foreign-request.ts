import { parseHost, splitAllowedHosts, type Host } from './parse-host.mjs';

/** The names the demo always answers to, on any port: its own machine's, as a person types them. */
const loopbackHosts = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The hosts the demo answers to: the loopback names, `HOST` (where `scripts/start.mjs` tells Next.js to listen,
 * so the URL it prints works) and `ALLOWED_HOSTS` (`demo.example, laptop.lan:3001`, separated by commas or
 * spaces). Read at each request, each variable as a literal `process.env.NAME`, which Next.js passes on to
 * edge routes too (lib/groq.ts). An entry that is no host name matches nothing here: scripts/start.mjs refuses
 * to start with one.
 */
function allowedHosts(): Host[] {
  // Blank is unset, and the blanks around a name are no part of it, as scripts/start.mjs reads HOST to listen on.
  const host = process.env.HOST?.trim() || '';
  const listened = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const listed = splitAllowedHosts(process.env.ALLOWED_HOSTS);
  return [...loopbackHosts, listened, ...listed].flatMap((entry) => parseHost(entry) ?? []);
}

/**
 * A JSON 403 for a request not addressed to this demo, or sent by another site's page, and undefined for any
 * other, which the caller then answers. Why: the chat routes spend the owner's GROQ_API_KEY. A hostile page
 * can point its own name at 127.0.0.1 (DNS rebinding) and post to them as if from its own origin; its
 * requests then carry its name in `Host`, which is no name the demo answers to. And a page of any other origin
 * that posts here carries its own `Origin`: any method but GET and HEAD must come from the demo's own page
 * (or from no browser at all, without `Origin`, as curl). The Express demo's createHostGuard does the same.
 */
export function refuseForeignRequest(request: Request): Response | undefined {
  const hostHeader = request.headers.get('host') ?? '';
  const host = parseHost(hostHeader);
  if (host === undefined || !allowedHosts().some((entry) => entry.name === host.name && (entry.port === undefined || entry.port === host.port))) {
    return refusal(
      request,
      'host_not_allowed',
      'This demo answers only requests addressed to localhost, 127.0.0.1 or [::1]. To reach it under another name, add that name to ALLOWED_HOSTS where the demo runs.',
    );
  }
  if (request.method !== 'GET' && request.method !== 'HEAD' && !isSameOrigin(request.headers.get('origin'), hostHeader)) {
    return refusal(request, 'cross_origin_request', "This demo answers only its own page, not another site's. Open the demo's page and send the message from there.");
  }
  return undefined;
}

/** Whether `origin` (the request's `Origin`) is the origin of `host`, or absent: a request from no browser page. */
function isSameOrigin(origin: string | null, host: string): boolean {
  if (origin === null) return true;
  try {
    const url = new URL(origin);
    // Through URL both ways, so that a default port (http's :80) reads the same written or not.
    return (url.protocol === 'http:' || url.protocol === 'https:') && new URL(`${url.protocol}//${host}`).host === url.host;
  } catch {
    // `null` (a sandboxed frame, a file) or anything else that is no origin.
    return false;
  }
}

function refusal(request: Request, code: string, message: string): Response {
  const body = { error: { message, type: 'invalid_request_error', code } };
  const headers = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
  return new Response(request.method === 'HEAD' ? null : JSON.stringify(body), { status: 403, headers });
}
