import Groq from 'groq-sdk';
export function make() {
  const groq = new Groq({
    apiKey: 'k',
    baseURL: 'http://127.0.0.1:1',
    timeout: 1000,
    maxRetries: 1,
    defaultHeaders: { 'x-a': 'b' },
    defaultQuery: { a: 'b' },
    fetch: (url, init) => fetch(url, init),
    fetchOptions: { keepalive: true },
    dangerouslyAllowBrowser: true,
    logLevel: 'debug',
    logger: console,
  });
  const g2 = groq.withOptions({ timeout: 5 });
  return [g2.chat.completions, groq.apiKey, groq.baseURL];
}
