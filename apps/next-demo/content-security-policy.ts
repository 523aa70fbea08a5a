/**
 * The page's Content-Security-Policy for one response. Scripts run only with this response's nonce (and
 * what those scripts load, by 'strict-dynamic'), so markup injected into the page cannot run code; the
 * other directives are the Express demo's. `next dev` alone needs 'unsafe-eval' (React rebuilds server
 * error stacks with eval) and 'unsafe-inline' styles (its overlay and hot reloading inject <style> elements
 * without the nonce).
 */
export function contentSecurityPolicy(nonce: string, development = process.env.NODE_ENV === 'development'): string {
  return [
    "default-src 'self'",
    // 'self' is for browsers without 'strict-dynamic', which would otherwise block the chunks Next.js loads.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    // The built page's styles are one stylesheet of its own origin: no inline style to allow.
    `style-src 'self'${development ? " 'unsafe-inline'" : ''}`,
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
