import {
  APIConnectionError,
  AuthenticationError,
  Groq,
  InternalServerError,
  StreamEventTooLargeError,
  StreamIdleTimeoutError,
  StreamInvalidDataError,
  createAPIError,
} from '@groq-stream/core';
import { describe, expect, test } from 'vitest';
import { inCliTerms } from './in-cli-terms.js';

// The SDK's own errors, so that a change of the SDK's wording that this no longer matches fails here.
describe('inCliTerms', () => {
  test('a stall or a timeout points at --timeout', () => {
    expect(inCliTerms(new StreamIdleTimeoutError(2000).message, 2)).toMatch(/The server stalled; retry, or raise --timeout\.$/);
    const timedOut = new APIConnectionError('Request timed out.', { hint: 'Raise the `timeout` option, or retry.' });
    expect(inCliTerms(timedOut.message, 2)).toBe('Request timed out. Raise --timeout, or retry.');
  });

  test('retries are described as they were: off with --max-retries 0', () => {
    const refused = new APIConnectionError('The request got no response: connect ECONNREFUSED.');
    expect(inCliTerms(refused.message, 0)).toMatch(/proxy settings \(HTTPS_PROXY\) and GROQ_BASE_URL; retries were off: --max-retries 0\.$/);
    expect(inCliTerms(refused.message, 2)).toMatch(/GROQ_BASE_URL; it was retried before this\.$/);
    const serverError = createAPIError(500, { error: { message: 'boom' } }, undefined);
    expect(serverError).toBeInstanceOf(InternalServerError);
    expect(inCliTerms(serverError.message, 0)).toMatch(/retry later \(retries were off: --max-retries 0\)\.?$/);
  });

  test("a request that failed for good: the client's account of its retries, with the flag's name", async () => {
    const refused = () => Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') }));
    const failure = async (maxRetries: number) =>
      (await new Groq({ apiKey: 'gsk_cli_terms', fetch: refused, maxRetries }).chat.completions.create({ model: 'm', messages: [] }).catch((caught: unknown) => caught)) as Error;
    expect(inCliTerms((await failure(0)).message, 0)).toMatch(/and GROQ_BASE_URL\. Retries were off \(--max-retries 0\)\.$/);
    expect(inCliTerms((await failure(1)).message, 1)).toMatch(/and GROQ_BASE_URL\. It was tried 2 times \(--max-retries 1\)\.$/);
  });

  test('a rejected key points at GROQ_API_KEY alone, which is where the command reads it', () => {
    const rejected = createAPIError(401, { error: { message: 'Invalid API Key', code: 'invalid_api_key' } }, undefined);
    expect(rejected).toBeInstanceOf(AuthenticationError);
    const message = inCliTerms(rejected.message, 2);
    expect(message).toContain('Check the API key: check GROQ_API_KEY, and make sure the key is active.');
    expect(message).not.toContain('apiKey');
  });

  test('baseURL is GROQ_BASE_URL here; other messages pass unchanged', () => {
    const notChunk = new StreamInvalidDataError('The server sent data that is not valid JSON: x', {
      hint: 'The server or a proxy sent something that is not a chat-completion chunk; check baseURL and any proxy in between.',
    });
    expect(inCliTerms(notChunk.message, 2)).toMatch(/check GROQ_BASE_URL and any proxy in between\.$/);
    expect(inCliTerms('429 Rate limit reached.', 0)).toBe('429 Rate limit reached.');
  });

  test("a status's advice names the command's flags and variables, not the API's parameters or the SDK's options", () => {
    const said = (status: number, code?: string) => inCliTerms(createAPIError(status, { error: { message: 'x', code } }, undefined).message, 2);
    expect(said(413)).toMatch(/\. The request is too large: shorten the prompt \(and --system\) or lower --max-tokens\.$/);
    expect(said(404, 'model_not_found')).toMatch(/\. Check --model \(GET \/openai\/v1\/models lists the models\) and GROQ_BASE_URL\.$/);
    expect(said(404, 'unknown_url')).toMatch(/: check GROQ_BASE_URL, which is the server's address alone \(.*\), without \/openai\/v1: groq-stream adds the path\.$/);
    expect(said(400)).toMatch(/\. Check the request parameters named in the message: --model sets model, --max-tokens max_completion_tokens, the prompt and --system messages\.$/);
    // The command sends no service_tier: it has no way to ask for another tier.
    expect(said(498)).toMatch(/\. Flex-tier capacity is exhausted: retry later\.$/);
    for (const status of [400, 404, 413, 498]) expect(said(status)).not.toMatch(/max_completion_tokens\.|base URL|service_tier|baseURL/);
  });

  test('a server-sent event over the limit: the command has no maxEventSize to raise', () => {
    expect(inCliTerms(new StreamEventTooLargeError(16 * 1024 * 1024).message, 2)).toMatch(
      /stopped\. groq-stream reads events of up to 16 MiB, far more than Groq sends: check GROQ_BASE_URL and any proxy in between\.$/,
    );
  });

  test("a proxy's refusal, a blocked port and a redirect: no fetchOptions, fetch or baseURL to pass, but the variables", async () => {
    const failure = async (fetch: (input: RequestInfo | URL) => Promise<Response>) =>
      (await new Groq({ apiKey: 'gsk_cli_terms', baseURL: 'http://127.0.0.1:8787', fetch, maxRetries: 0 }).chat.completions.create({ model: 'm', messages: [] }).catch((caught: unknown) => caught)) as Error;
    const proxyRefusal = (status: number) => () =>
      Promise.reject(new TypeError('fetch failed', { cause: new Error('Request was cancelled.', { cause: new Error(`Proxy response (${status}) !== 200 when HTTP Tunneling`) }) }));
    const credentials = inCliTerms((await failure(proxyRefusal(407))).message, 0);
    expect(credentials).toMatch(/The proxy asks for credentials: put them in its URL in HTTPS_PROXY or HTTP_PROXY, as user:password@ before the proxy's host\. Retries were off \(--max-retries 0\)\.$/);
    for (const status of [403, 502]) expect(inCliTerms((await failure(proxyRefusal(status))).message, 0)).toMatch(/the proxy \(HTTPS_PROXY or HTTP_PROXY\) /);
    const badPort = inCliTerms((await failure(() => Promise.reject(new TypeError('fetch failed', { cause: new Error('bad port') })))).message, 0);
    expect(badPort).toMatch(/Run the server on another port, such as 8787, or leave HTTPS_PROXY and HTTP_PROXY unset: groq-stream goes through fetch, which refuses the port, only to reach a proxy\.$/);
    const nowhere = inCliTerms((await failure(() => Promise.resolve(new Response(null, { status: 301 })))).message, 0);
    expect(nowhere).toMatch(/no location header to follow\. Check GROQ_BASE_URL \(it should be the address that answers/);
    const elsewhere = (input: RequestInfo | URL) =>
      Promise.resolve(
        String(input).startsWith('http://127.0.0.1:8787')
          ? new Response(null, { status: 307, headers: { location: 'https://127.0.0.1:8788/openai/v1/chat/completions' } })
          : Response.json({ error: { message: 'Invalid API Key' } }, { status: 401 }),
      );
    expect(inCliTerms((await failure(elsewhere)).message, 0)).toMatch(/another origin, where the client sends no credentials: set GROQ_BASE_URL to https:\/\/127\.0\.0\.1:8788 /);
    for (const message of [credentials, badPort, nowhere]) expect(message).not.toMatch(/fetchOptions|dispatcher|createNodeHttpFetch|baseURL/);
  });
});
