import { describe, expect, test } from 'vitest';
import { APIError } from './errors/api-error.js';
import { AuthenticationError } from './errors/authentication-error.js';
import { ChatRequestError } from './errors/chat-request-error.js';
import { createAPIError } from './errors/create-api-error.js';
import { InternalServerError } from './errors/internal-server-error.js';
import { NotFoundError } from './errors/not-found-error.js';
import { RateLimitError } from './errors/rate-limit-error.js';
import { relayErrorOf } from './relay-error-of.js';
import { relayErrorResponse } from './relay-error-response.js';
import { Stream } from './stream.js';
import { createTestResponse } from './test/create-test-response.js';
import { readAll } from './test/read-all.js';

/** The answer a relay gives for `error`, as the browser receives it. */
function relayed(error: unknown): Response {
  const { status, headers, body } = relayErrorResponse(error);
  return new Response(JSON.stringify(body), { status, headers });
}

const notTheRelay = "This is not the relay's answer (a relay answers with JSON) but one from in front of it: a proxy, a gateway, the framework or the hosting platform";

describe('relayErrorOf (a browser reading a relay that refused)', () => {
  test("the class for the status, with the relay's message and none of the advice meant for the server", async () => {
    const refused = await relayErrorOf(relayed(new ChatRequestError('Sign in to chat.', { status: 401, code: 'sign_in_required' })));
    expect(refused).toBeInstanceOf(AuthenticationError);
    expect(refused.message).toBe('401 Sign in to chat.');
    expect(refused.code).toBe('sign_in_required');
    const busy = await relayErrorOf(relayed(createAPIError(429, { error: { message: 'Rate limit reached' } }, new Headers({ 'retry-after': '7' }))));
    expect(busy).toBeInstanceOf(RateLimitError);
    expect(busy.headers?.get('retry-after')).toBe('7');
    expect(busy.retryAfterMs).toBe(7000); // the browser learns the wait the relay passed on
    expect(busy.message).not.toMatch(/raise your limits|GROQ_API_KEY|max_completion_tokens|retries it by default/);
    const setup = await relayErrorOf(relayed(new Error('bug in prepare')));
    expect(setup.message).not.toMatch(/retries it by default/);
  });

  test('a body that is not JSON (a bare 405, a proxy page) is described, not parsed and failed on', async () => {
    const bare = await relayErrorOf(new Response('Method Not Allowed', { status: 405, statusText: 'Method Not Allowed', headers: { 'content-type': 'text/plain' } }));
    expect(bare).toBeInstanceOf(APIError);
    expect(bare.message).toBe(`405 Method Not Allowed (not a JSON error body: text/plain, body "Method Not Allowed"). ${notTheRelay}. Check the URL and method the page fetches, and that the relay's route answers there.`);
    const page = await relayErrorOf(new Response('<html><body>nf</body></html>', { status: 404, headers: { 'content-type': 'text/html' } }));
    expect(page).toBeInstanceOf(NotFoundError);
    expect(page.message).toMatch(/^404 Error \(not a JSON error body: text\/html, body "<html><body>nf<\/body><\/html>"\)\. This is not the relay's answer/);
    const outage = await relayErrorOf(new Response('', { status: 503 }));
    expect(outage).toBeInstanceOf(InternalServerError);
    expect(outage.message).not.toMatch(/Groq had a server-side problem/);
  });

  test('a JSON body larger than the 64 KiB read of it says so, not that it is no JSON', async () => {
    const body = JSON.stringify({ error: { message: `Too long: ${'x'.repeat(100_000)}` } });
    const pieces = Array.from({ length: Math.ceil(body.length / 16_384) }, (_, index) => body.slice(index * 16_384, (index + 1) * 16_384));
    const stream = new ReadableStream<Uint8Array>({ pull: (controller) => void (pieces.length > 0 ? controller.enqueue(new TextEncoder().encode(pieces.shift())) : controller.close()) });
    const big = await relayErrorOf(new Response(stream, { status: 502, statusText: 'Bad Gateway', headers: { 'content-type': 'application/json' } }));
    expect(big.message).toMatch(/^502 Bad Gateway \(the error body is larger than 64 KiB, which the client reads no further; what came: application\/json, body "\{\\"error\\":\{\\"message\\":\\"Too long: xxx.*\)\. This is not the relay's answer/);
  });

  test("a body that broke off gets the advice for what is not the relay's answer, and one that came compressed and could not be decoded none", async () => {
    const broken = (headers: Record<string, string>) =>
      createTestResponse(['<html>Bad'], { status: 502, statusText: 'Bad Gateway', headers: { 'content-type': 'text/html', ...headers }, breakWith: new TypeError('terminated') }).response;
    const cut = await relayErrorOf(broken({}));
    expect(cut.message).toBe(`502 Bad Gateway (the error body broke off: terminated; what came: text/html, body "<html>Bad"). ${notTheRelay}, because the relay did not answer (down, crashed or too slow). Check that the relay runs and its server's logs; retry later.`);
    const undecoded = await relayErrorOf(broken({ 'content-encoding': 'gzip' }));
    expect(undecoded.message).toBe('502 Bad Gateway (the error body came compressed (content-encoding "gzip") and could not be decoded: terminated).');
  });

  test('a proxy 502 page says what happened and what to do, quoting a bounded excerpt and no key, also through Stream.fromSSEResponse', async () => {
    const key = 'gsk_probe_SECRET0123456789abcdefABCDEF';
    const html = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>upstream sent ${key}</p>${'<p>nginx</p>'.repeat(5000)}</body></html>`;
    const gateway = () => new Response(html, { status: 502, statusText: 'Bad Gateway', headers: { 'content-type': 'text/html' } });
    const advice = `${notTheRelay}, because the relay did not answer (down, crashed or too slow). Check that the relay runs and its server's logs; retry later.`;
    const direct = await relayErrorOf(gateway());
    const { error } = await readAll(Stream.fromSSEResponse(gateway()));
    for (const thrown of [direct, error as APIError]) {
      expect(thrown).toBeInstanceOf(InternalServerError);
      expect(thrown.message).toMatch(/^502 Bad Gateway \(not a JSON error body: text\/html, body "<!DOCTYPE html><html><head><title>502 Bad Gateway<\/title>/);
      expect(thrown.message.endsWith(advice)).toBe(true);
      expect(thrown.message).not.toContain('SECRET');
      expect(thrown.message.length).toBeLessThan(800);
    }
    // A relay's own JSON answer keeps the relay's words alone.
    const relayOwn = await relayErrorOf(relayed(createAPIError(502, { error: { message: 'Upstream failed' } }, new Headers())));
    expect(relayOwn.message).toBe('502 The AI service had a problem. Please try again.');
  });
});
