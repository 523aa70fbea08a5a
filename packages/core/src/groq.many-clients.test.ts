import { expect, test } from 'vitest';
import { AuthenticationError } from './errors/authentication-error.js';
import type { Fetch } from './client-options.js';
import { Groq } from './groq.js';

// In a file of its own: remembered keys are module-wide, and this test makes enough clients to push others out.

/** A server that quotes the key it was sent in a shape no redaction pattern knows (not `gsk_`, no `Bearer`). */
const echoingFetch: Fetch = async (_url, init) => {
  const key = new Headers(init.headers).get('authorization')?.replace(/^Bearer /, '');
  return Response.json({ error: { message: `Incorrect API Key provided: ${key}` } }, { status: 401 });
};

test("a client's key stays out of its errors after a hundred other clients were made (one per tenant, say)", async () => {
  const key = 'csk-tenant-first-7c1d9e4a2b6f8053';
  const first = new Groq({ apiKey: key, fetch: echoingFetch, maxRetries: 0 });
  const before = await first.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught);
  expect((before as Error).message).toMatch(/^401 Incorrect API Key provided: \[redacted\]/);
  for (let tenant = 0; tenant < 150; tenant++) new Groq({ apiKey: `csk-tenant-${tenant}-0a1b2c3d4e5f6a7b`, fetch: echoingFetch });
  const after = await first.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught);
  expect(after).toBeInstanceOf(AuthenticationError);
  for (const text of [(after as Error).message, JSON.stringify((after as AuthenticationError).error)]) {
    expect(text).toContain('[redacted]');
    expect(text).not.toContain('7c1d9e4a2b6f8053');
  }
});
