import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import { APIError } from './errors/api-error.js';
import { GroqError } from './errors/groq-error.js';
import { StreamInvalidDataError } from './errors/stream-invalid-data-error.js';
import { StreamServerError } from './errors/stream-server-error.js';
import type { Fetch } from './client-options.js';
import { Groq } from './groq.js';
import { createLogLine } from './logger.js';
import { redactSecrets, rememberSecret } from './redact-secrets.js';
import { redactSecretsDeep } from './redact-secrets-deep.js';
import { toSafeErrorPayload } from './safe-error-payload.js';
import { readAll } from './test/read-all.js';

// A key in no shape the patterns know, as a Groq-compatible proxy may issue: only knowing it hides it.
const proxyKey = 'proxy-secret-KEY-9f8e7d6c5b4a';
const groqKey = 'gsk_abc-DEF.ghi~jkl0123456789';
const model = 'llama-3.1-8b-instant';
const messages = [{ role: 'user' as const, content: 'hi' }];

/** Everything a developer may print of an error: message, stack, `inspect` (with causes), JSON. */
function everythingShown(error: unknown): string {
  return [String(error), (error as Error).stack, inspect(error, { depth: 10 }), JSON.stringify(error)].join('\n');
}

function clientAnswering(apiKey: string, answer: (authorization: string) => Response | Promise<Response>): Groq {
  const fetch: Fetch = async (_, init) => answer(new Headers(init?.headers).get('authorization') ?? '');
  return new Groq({ apiKey, fetch, maxRetries: 0, streamIdleTimeout: 0 });
}

async function streamError(client: Groq): Promise<unknown> {
  try {
    const stream = await client.chat.completions.create({ model, messages, stream: true });
    return (await readAll(stream)).error;
  } catch (error) {
    return error;
  }
}

const sse = (text: string, headers: Record<string, string> = {}): Response =>
  new Response(text, { headers: { 'content-type': 'text/event-stream', ...headers } });

describe('a server that echoes the key never gets it into an error', () => {
  test.each([proxyKey, groqKey])('a 200 that is not an event stream (key %s)', async (apiKey) => {
    const error = await streamError(clientAnswering(apiKey, (auth) => new Response(`<p>echo: ${auth}</p>`, { headers: { 'content-type': 'text/html' } })));
    expect(error).toBeInstanceOf(APIError);
    expect((error as Error).message).toMatch(/Expected an event stream/);
    expect(everythingShown(error)).not.toContain(apiKey.slice(4));
  });

  test.each([
    ['not JSON', (auth: string) => `data: echo ${auth}\n\n`],
    ['a JSON string', (auth: string) => `data: ${JSON.stringify(auth)}\n\n`],
    ['a JSON array', (auth: string) => `data: ${JSON.stringify([auth])}\n\n`],
  ])('data that is %s', async (_, body) => {
    const error = await streamError(clientAnswering(proxyKey, (auth) => sse(body(auth))));
    expect(error).toBeInstanceOf(StreamInvalidDataError);
    expect((error as StreamInvalidDataError).data).toContain('[redacted]');
    expect(everythingShown(error)).not.toContain(proxyKey);
  });

  test('a 401 and an error event that quote the bare key', async () => {
    const unauthorized = await streamError(
      clientAnswering(proxyKey, () => Response.json({ error: { message: `invalid api key ${proxyKey}` } }, { status: 401, headers: { 'x-debug-auth': proxyKey } })),
    );
    expect((unauthorized as APIError).status).toBe(401);
    expect((unauthorized as APIError).headers?.get('x-debug-auth')).toBe('[redacted]');
    expect(everythingShown(unauthorized)).not.toContain(proxyKey);
    const midStream = await streamError(clientAnswering(proxyKey, () => sse(`event: error\ndata: {"message":"bad key ${proxyKey}"}\n\n`)));
    expect(midStream).toBeInstanceOf(StreamServerError);
    expect(everythingShown(midStream)).not.toContain(proxyKey);
  });

  test('a request id or error code that carries the key, which a relay would pass on to the browser', async () => {
    const failed = await streamError(
      clientAnswering(proxyKey, () => Response.json({ error: { message: 'down' } }, { status: 500, headers: { 'x-request-id': proxyKey } })),
    );
    expect(everythingShown(failed)).not.toContain(proxyKey);
    expect(JSON.stringify(toSafeErrorPayload(failed))).not.toContain(proxyKey);
    const midStream = await streamError(clientAnswering(proxyKey, () => sse(`event: error\ndata: {"message":"down","code":"key_${proxyKey}"}\n\n`)));
    expect((midStream as StreamServerError).code).toBe('key_[redacted]');
    expect(JSON.stringify(toSafeErrorPayload(midStream))).not.toContain(proxyKey);
  });

  test("a runtime error that quotes the response's raw bytes, as undici's parser errors do", async () => {
    const parserError = Object.assign(new Error('Invalid character in chunk size'), { code: 'HPE_INVALID_CHUNK_SIZE', data: `ZZ Bearer ${proxyKey}` });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('data: {"choices":[]}\n\n'));
        controller.error(new TypeError('terminated', { cause: parserError }));
      },
    });
    const error = await streamError(clientAnswering(proxyKey, () => new Response(body, { headers: { 'content-type': 'text/event-stream' } })));
    expect(error).toBeInstanceOf(GroqError);
    const shown = everythingShown(error);
    expect(shown).not.toContain(proxyKey);
    // What helps debugging stays: the runtime's message and code.
    expect(shown).toContain('Invalid character in chunk size');
    expect(shown).toContain('HPE_INVALID_CHUNK_SIZE');
  });

  test('a connection error whose message quotes a redirect location with the key', async () => {
    const fetch: Fetch = async () => {
      throw new TypeError('fetch failed', { cause: new Error(`Redirected to /x?auth=Bearer%20${proxyKey} with redirect: 'error'`) });
    };
    const lines: string[] = [];
    const logger = { error: (line: string) => lines.push(line), warn: (line: string) => lines.push(line), info: (line: string) => lines.push(line), debug: (line: string) => lines.push(line) };
    const client = new Groq({ apiKey: proxyKey, fetch, maxRetries: 1, logLevel: 'debug', logger });
    const error = await client.chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GroqError);
    expect(everythingShown(error)).not.toContain(proxyKey);
    expect(lines.some((line) => line.includes('Retrying'))).toBe(true);
    expect(lines.join('\n')).not.toContain(proxyKey);
  }, 10_000);

  test("a fetch wrapper's error that carries the Request it sent and the Response it got, as ky's and ofetch's do", async () => {
    const fetch: Fetch = async (url, init) => {
      const request = new Request(url, init);
      const response = new Response(null, { status: 401, headers: { 'www-authenticate': `Bearer error="invalid_token", token="${proxyKey}"` } });
      throw Object.assign(new Error('Request failed with status code 401 Unauthorized'), { request, response, options: { ...init } });
    };
    const error = await new Groq({ apiKey: proxyKey, fetch, maxRetries: 0 }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GroqError);
    const shown = [everythingShown(error), inspect(error, { depth: Infinity, showHidden: true })].join('\n');
    expect(shown).not.toContain(proxyKey);
    // What helps debugging stays: where the request went and what came back.
    expect(shown).toContain('https://api.groq.com/openai/v1/chat/completions');
    expect(shown).toContain('status: 401');
  });
});

describe('redactSecretsDeep', () => {
  test('returns what holds no credential as it is, and copies what does', () => {
    const clean = { a: ['b', { c: 1 }], error: new Error('fine') };
    expect(redactSecretsDeep(clean)).toBe(clean);
    const dirty = { a: ['b', { c: `Bearer ${groqKey}` }] };
    const redacted = redactSecretsDeep(dirty);
    expect(redacted).toEqual({ a: ['b', { c: 'Bearer [redacted]' }] });
    expect(dirty.a[1]).toEqual({ c: `Bearer ${groqKey}` });
  });

  test('an error is copied with its name, fields and cause chain redacted', () => {
    // A key no client was made with, so that the pattern alone redacts it.
    const inner = Object.assign(new Error('inner gsk_unseen0123456789'), { code: 'E_X' });
    const outer = new TypeError('outer', { cause: inner });
    const copy = redactSecretsDeep(outer);
    expect(copy).not.toBe(outer);
    expect(copy.name).toBe('TypeError');
    expect((copy.cause as Error).message).toBe('inner gsk_[redacted]');
    expect((copy.cause as { code?: string }).code).toBe('E_X');
    expect(inspect(copy, { depth: 5 })).not.toContain('unseen');
  });

  // Values that Object.entries sees nothing of, but that inspect (and console.log) shows whole.
  test.each([
    ['a Request', () => new Request('https://api.groq.com/openai/v1/models', { headers: { authorization: `Bearer ${proxyKey}` } })],
    ['a Request to a URL with the key in its query', () => new Request(`https://gateway.example/v1?token=${proxyKey}`)],
    ['a Response', () => new Response('', { status: 401, headers: { 'x-echo': proxyKey } })],
    ['a Map of headers', () => new Map([['x-api-key', proxyKey]])],
    ['a Map whose key is the secret', () => new Map([[proxyKey, 1]])],
    ['a Set', () => new Set([`Bearer ${proxyKey}`])],
    ['a URL', () => new URL(`https://gateway.example/v1?api_key=${proxyKey}`)],
    ['URLSearchParams', () => new URLSearchParams({ api_key: proxyKey })],
    ['an ArrayBuffer', () => new TextEncoder().encode(`x-api-key: ${proxyKey}`).buffer],
  ])('%s that holds a key shows none, also as a field or cause of an error', (_, make) => {
    rememberSecret(proxyKey);
    // The ArrayBuffer is shown as hex bytes: look for those too.
    const hex = [...new TextEncoder().encode(proxyKey.slice(0, 12))].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
    const shown = (value: unknown): string => inspect(value, { depth: Infinity, showHidden: true });
    for (const value of [make(), { field: make() }, Object.assign(new Error('failed', { cause: make() }), { field: make() })]) {
      const text = shown(redactSecretsDeep(value));
      expect(text).not.toContain(proxyKey);
      expect(text).not.toContain(hex);
    }
  });

  test.each([
    ['a Request', () => new Request('https://api.groq.com/openai/v1/models', { headers: { 'x-app': 'demo' } })],
    ['a Response', () => new Response('', { status: 401 })],
    ['a Map', () => new Map([['x-app', 'demo']])],
    ['a Set', () => new Set(['demo'])],
    ['a URL', () => new URL('https://api.groq.com/openai/v1/models?limit=2')],
    ['URLSearchParams', () => new URLSearchParams({ limit: '2' })],
    ['an ArrayBuffer', () => new TextEncoder().encode('HTTP/1.1 502').buffer],
  ])('%s that holds no key is returned as it is', (_, make) => {
    const value = make();
    expect(redactSecretsDeep(value)).toBe(value);
  });

  test('a short key is not remembered: it would redact ordinary words', () => {
    new Groq({ apiKey: 'any', fetch: async () => new Response() });
    expect(redactSecrets('many things')).toBe('many things');
  });

  test('log lines are redacted', () => {
    const lines: string[] = [];
    createLogLine('info', { error: () => {}, warn: () => {}, info: (line) => lines.push(line), debug: () => {} })('info', `retry after Bearer ${groqKey}`);
    expect(lines).toEqual(['[groq-stream] retry after Bearer [redacted]']);
  });

  test('credentials in lists, as util.inspect writes them (one line, or one a line), are hidden whole', () => {
    const shown = inspect({ headers: { cookie: ['sid=abcdef0123456789', 'theme=dark'], 'set-cookie': Array.from({ length: 8 }, (_, i) => `s${i}=secret${i}; Path=/`) } });
    expect(redactSecrets(shown)).not.toMatch(/abcdef|theme|secret\d/);
  });
});
