import { createServer, type Server } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { APIError } from './index.js';
import { Groq } from './groq.js';

// A proxy that needs credentials, in HTTP_PROXY's URL (baseURL is http:), and then answers the tunnelled request itself, as an
// intercepting proxy or a gateway behind it does, quoting the credentials undici sent it: its Proxy-Authorization
// as sent, the pair decoded and the password. Only `//user:password@` in a URL was redacted, so such an error
// showed the password.

const apiKey = 'gsk_proxy_credentials_SECRET_0123';
const savedEnv = { ...process.env };
let proxy: Server;
let port: number;
// What the proxy does with the CONNECT: opens the tunnel and answers the request in it itself, or answers in text and closes.
let answer: 'tunnel' | 'text' = 'tunnel';

beforeAll(async () => {
  proxy = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', (head) => {
      const credential = /^proxy-authorization: Basic (\S+)\r$/im.exec(head.toString('latin1'))?.[1] ?? '';
      const pair = Buffer.from(credential, 'base64').toString('utf8');
      const password = pair.slice(pair.indexOf(':') + 1);
      // Not HTTP at all: undici's parser error keeps these bytes (its `data`), in the error's cause.
      if (answer === 'text') return void socket.end(`Refused credential ${credential} (${pair}): password ${password} has expired\r\n`);
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      socket.once('data', () => {
        const body = JSON.stringify({ error: { message: `Refused credential ${credential} (${pair}): password ${password} has expired` } });
        socket.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      });
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
afterEach(() => {
  process.env = { ...savedEnv };
  answer = 'tunnel';
});
afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

test.each([
  // As written in the URL (`%40` for `@`), and as undici decodes it before it encodes the pair in base64.
  ['HTTP_PROXY', 'Tr0ub%40dor-9x7q', 'Tr0ub@dor-9x7q'],
  // Beyond ASCII, percent-encoded in lower case: undici's base64 is of the pair's UTF-8.
  ['http_proxy', 'p%c3%a4ss-w%c3%b6rd-42', 'päss-wörd-42'],
])('credentials in %s (password %s) are redacted when the proxy quotes them', async (variable, written, password) => {
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy']) delete process.env[name];
  process.env[variable] = `http://corp-relay:${written}@127.0.0.1:${port}`;
  const client = new Groq({ apiKey, baseURL: 'http://127.0.0.1:8787', maxRetries: 0 });
  const error = await client.models.list().catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(APIError);
  const message = (error as Error).message;
  // The proxy did quote them, each redacted (the pair whole).
  expect(message).toMatch(/^403 Refused credential \[redacted\] \(\[redacted\]\): password \[redacted\] has expired/);
  const shown = `${message}\n${inspect(error, { depth: 10 })}`;
  const base64 = Buffer.from(`corp-relay:${password}`).toString('base64');
  for (const secret of [password, written, base64]) expect(shown).not.toContain(secret);
});

test("credentials that the proxy quotes in an answer that is not HTTP are redacted in the error's cause too", async () => {
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy']) delete process.env[name];
  process.env.HTTP_PROXY = `http://corp-relay:Qz8%2Bvault-31@127.0.0.1:${port}`;
  answer = 'text';
  const client = new Groq({ apiKey, baseURL: 'http://127.0.0.1:8787', maxRetries: 0 });
  const error = await client.models.list().catch((caught: unknown) => caught);
  expect((error as Error).message).toMatch(/^The server's answer was not valid HTTP/);
  const shown = inspect(error, { depth: 10 });
  for (const secret of ['Qz8+vault-31', Buffer.from('corp-relay:Qz8+vault-31').toString('base64')]) expect(shown).not.toContain(secret);
});
