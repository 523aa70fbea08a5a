import { describe, expect, test } from 'vitest';
import { redactSecrets } from './redact-secrets.js';

// A field named as a cookie's holds several cookies apart by `;`, each of which may be a session: every one is hidden,
// whatever joins the name (`setCookie`, `my_cookie`, `headers.cookie`) and with `=` as with `:`, as a `Cookie:` line is.
describe("a cookie field's every cookie, in text", () => {
  test.each([
    ['Cookie: session=abc123; csrftoken=def456\r\nHost: api.groq.com', 'Cookie: [redacted]\r\nHost: api.groq.com'],
    ['set-cookie: sid=abcdef123456; Path=/; HttpOnly', 'set-cookie: [redacted]'],
    ['setCookie: a=1; sid=abcdef123456', 'setCookie: [redacted]'],
    ['my_cookie: a; sid=abcdef123456', 'my_cookie: [redacted]'],
    ['set_cookie: sid=abc; other=def456\nnext line', 'set_cookie: [redacted]\nnext line'],
    ['cookie=lang=en; sid=abcdef123456', 'cookie=[redacted]'],
    ['headers.cookie = lang=en; sid=abcdef123456', 'headers.cookie = [redacted]'],
    ['"sessionCookie": lang=en; sid=abcdef123456', '"sessionCookie": [redacted]'],
    // Inside a JSON string, to its closing quote: the JSON around stays valid.
    ['{"detail":"setCookie: lang=en; sid=abcdef123456","x":1}', '{"detail":"setCookie: [redacted]","x":1}'],
    // In quotes, to the closing one, as any credential's value.
    ["{ setCookie: 'lang=en; sid=abcdef123456', user: 'bob' }", "{ setCookie: '[redacted]', user: 'bob' }"],
    // Counts and other names stay.
    ['cookies: 2; keys: 4; cookie_count=3; cookieConsent: yes', 'cookies: 2; keys: 4; cookie_count=3; cookieConsent: yes'],
  ])('%s', (text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });
});
