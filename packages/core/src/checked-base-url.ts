import { describeKind } from './describe-kind.js';
import { GroqError } from './errors/groq-error.js';
import { excerpt } from './excerpt.js';

/** `baseURL` without surrounding whitespace and trailing slashes, once it is known to be an absolute http(s) URL. */
export function checkedBaseURL(baseURL: unknown): string {
  if (typeof baseURL !== 'string') {
    throw new GroqError(`baseURL must be a string, got ${describeKind(baseURL)}.`, {
      hint: baseURL instanceof URL ? 'Pass its text: baseURL: url.href.' : 'Pass the address as text, such as https://api.groq.com.',
    });
  }
  // Whitespace around it (from a config file or an environment variable) would end up inside each request URL.
  const text = baseURL.trim();
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    // A long word without a scheme, a host or a path is no address but may well be a key given in the wrong option
    // (GROQ_BASE_URL and GROQ_API_KEY swapped), of a shape no redaction knows: said, not quoted.
    const got = text.length >= 16 && !/[:/.]/.test(text) ? `a word of ${text.length} characters with no scheme or host (not shown: it may be a key given as baseURL)` : excerpt(baseURL, 100);
    throw new GroqError(`baseURL must be an absolute http or https URL, got ${got}.`, {
      hint: 'Use https://api.groq.com (the default), or the address of a Groq-compatible server such as http://127.0.0.1:8787.',
    });
  }
  if (url.username !== '' || url.password !== '') {
    // fetch refuses such a URL, and node:http would drop them silently; either way they would reach logs.
    throw new GroqError('baseURL must not carry a user name or password before its host.', {
      hint: 'Send the credentials your server or proxy needs in a header instead, with the defaultHeaders option (an Authorization header, say).',
    });
  }
  if (/[?#]/.test(text)) {
    // Each request's path is added at the end, so it would land inside the query string or fragment and the
    // request would go to the bare host. Not quoted: a query string may hold a token.
    throw new GroqError(`baseURL must not have a ${text.includes('?') ? 'query string (?...)' : 'fragment (#...)'}: each request's path is added after it.`, {
      hint: 'Give the address only, such as http://127.0.0.1:8787/groq, and pass query parameters with the defaultQuery option.',
    });
  }
  if (/\/openai\/v1\/*$/i.test(url.pathname)) {
    // The address the OpenAI SDK is given for Groq. This client adds /openai/v1 to each path itself, so every
    // request would go to /openai/v1/openai/v1/... and be answered 404.
    throw new GroqError('baseURL must not end in /openai/v1: the client adds that to each request path itself.', {
      hint: `Drop it: ${url.origin}${url.pathname.replace(/\/openai\/v1\/*$/i, '')}.`,
    });
  }
  return text.replace(/\/+$/, '');
}
