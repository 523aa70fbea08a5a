import { describe, expect, test } from 'vitest';
import { APIConnectionError } from './errors/api-connection-error.js';
import { APIError } from './errors/api-error.js';
import type { Fetch } from './client-options.js';
import { Groq } from './groq.js';

// A request the client stopped retrying for a reason of its own (a proxy that refuses the tunnel, redirects it
// cannot follow) names that reason only when it is why the client stopped: with retries off, "Not retried: the
// proxy would refuse it again" would blame the proxy for what maxRetries: 0 did; after earlier retries, "Not
// retried" is untrue.

const messages = [{ role: 'user' as const, content: 'hi' }];
const model = 'llama-3.1-8b-instant';

/** A fetch that answers from a list (the last answer again once the list runs out), counting the calls. */
function scripted(...answers: (() => Response | Promise<Response>)[]): Fetch & { calls: number } {
  const fetch = Object.assign(
    async () => {
      const answer = answers[Math.min(fetch.calls, answers.length - 1)]!;
      fetch.calls++;
      return answer();
    },
    { calls: 0 },
  );
  return fetch;
}

/** undici's failure when a proxy answers CONNECT with `status`. */
const proxyRefuses = (status: number) => () =>
  Promise.reject(new TypeError('fetch failed', { cause: new DOMException('Request was cancelled.', { cause: new Error(`Proxy response (${status}) !== 200 when HTTP Tunneling`) } as never) }));
const noResponse = () => Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) }));
// A redirect that leads nowhere: a location that is empty (a failure of the client's own redirects), or none at all (the answer).
const emptyLocation = () => Promise.resolve(new Response(null, { status: 308, headers: { location: '' } }));
const noLocation = () => Promise.resolve(new Response(null, { status: 307 }));

const fail = (fetch: Fetch, maxRetries: number) =>
  new Groq({ apiKey: 'k', fetch, maxRetries }).chat.completions.create({ model, messages }).then(() => new Error('no error'), (caught: unknown) => caught as Error);

describe.each([
  ['a proxy that refuses the tunnel (407)', proxyRefuses(407), 'the proxy would refuse it again', 'the proxy refused the tunnel, as it would on every try', APIConnectionError],
  ['redirects that cannot be followed (an empty location)', emptyLocation, 'the server would redirect the same way again', 'the server answered with a redirect that cannot be followed, as it would on every try', APIConnectionError],
  ['a redirect status without a location', noLocation, 'the server would redirect the same way again', 'the server answered with a redirect that cannot be followed, as it would on every try', APIError],
])('%s', (_, refusal, first, then, type) => {
  test('on the first try, with retries left: "Not retried" and why', async () => {
    const fetch = scripted(refusal);
    const error = await fail(fetch, 2);
    expect(error).toBeInstanceOf(type);
    expect(fetch.calls).toBe(1);
    expect(error.message).toMatch(new RegExp(`\\. Not retried: ${first}\\.$`));
  });

  test('with retries off: that retries were off, and no reason of its own', async () => {
    const fetch = scripted(refusal);
    const error = await fail(fetch, 0);
    expect(error).toBeInstanceOf(type);
    expect(error.message).toMatch(/\. Retries were off \(maxRetries: 0\)\.$/);
    expect(error.message).not.toMatch(/Not retried/);
  });

  test('after a retry, with retries left: how often it was tried, then why not again', async () => {
    const fetch = scripted(noResponse, refusal);
    const error = await fail(fetch, 3);
    expect(fetch.calls).toBe(2);
    expect(error.message).toMatch(new RegExp(`\\. It was tried 2 times \\(maxRetries: 3\\); then ${then}\\.$`));
    expect(error.message).not.toMatch(/Not retried/);
  });

  test('on the last retry: how often it was tried, the retries used up whatever came', async () => {
    const fetch = scripted(noResponse, refusal);
    const error = await fail(fetch, 1);
    expect(fetch.calls).toBe(2);
    expect(error.message).toMatch(/\. It was tried 2 times \(maxRetries: 1\)\.$/);
    expect(error.message).not.toMatch(/Not retried|as it would/);
  });
});
