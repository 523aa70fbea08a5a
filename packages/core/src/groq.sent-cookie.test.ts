import { describe, expect, test } from 'vitest';
import { APIError } from './errors/api-error.js';
import { browserSafeText } from './browser-safe-text.js';
import type { Fetch } from './client-options.js';
import { Groq } from './groq.js';
import { logWithClient } from './log-with-client.js';
import { toSafeErrorPayload } from './safe-error-payload.js';
import { recordingLogger } from './test/recording-logger.js';

// In a file of its own: remembered credentials are module-wide, and the last test sends enough cookies to push others out.

const messages = [{ role: 'user' as const, content: 'hi' }];
const model = 'llama-3.1-8b-instant';

/** A gateway that answers 400 with `say(cookie)`, the `Cookie` header it got, in its message. */
const gateway = (say: (cookie: string) => string): Fetch => async (_url, init) => {
  const cookie = new Headers(init.headers).get('cookie') ?? '';
  return Response.json({ error: { message: say(cookie) } }, { status: 400 });
};

const failureOf = (promise: Promise<unknown>): Promise<APIError> =>
  promise.then(
    () => expect.fail('the request succeeded'),
    (error: unknown) => {
      expect(error).toBeInstanceOf(APIError);
      return error as APIError;
    },
  );

describe("a cookie the client sends (a gateway's session)", () => {
  const session = 'Gw7k2Qx9Lm4Rt8Vb1Nc6Zp3';
  const value = (cookie: string) => /gw_session=([^;]+)/.exec(cookie)?.[1] ?? '';

  test('is redacted by its value when a server echoes it bare, in the error, a log line and what a relay shows the browser', async () => {
    const logger = recordingLogger();
    const client = new Groq({
      apiKey: 'gsk_cookie_test_key_0123',
      baseURL: 'https://gateway.example.test',
      fetch: gateway((cookie) => `session ${value(cookie)} has expired`),
      maxRetries: 0,
      logger,
      defaultHeaders: { cookie: `gw_session=${session}; lang=en-US; theme=dark` },
    });
    const error = await failureOf(client.chat.completions.create({ model, messages }));
    expect(error.message).toMatch(/^400 session \[redacted\] has expired\. \[POST/);
    expect(JSON.stringify(error.error)).not.toContain(session);
    expect(toSafeErrorPayload(error).message).toBe('The AI service rejected the request: session [redacted] has expired');
    // The server's words as they came, before any error was made of them: as a relay of one's own logs or shows them.
    const echoed = `gateway: session ${session} has expired`;
    logWithClient(client, 'warn', echoed);
    expect(logger.calls).toEqual([['warn', '[groq-stream] gateway: session [redacted] has expired']]);
    expect(browserSafeText(echoed)).toBe('gateway: session [redacted] has expired');
  });

  test("is redacted as a request's header too, quoted, URL-encoded or decoded, in any header of that name", async () => {
    const client = new Groq({ apiKey: 'gsk_cookie_test_key_0123', baseURL: 'https://gateway.example.test', fetch: gateway((cookie) => `refused ${cookie}`), maxRetries: 0 });
    const quoted = await failureOf(client.chat.completions.create({ model, messages }, { headers: { Cookie: 'sid="q7Wm2xLp9RtZk4Vb8Nc"' } }));
    expect(quoted.message).toMatch(/^400 refused sid="\[redacted\]"\. \[POST/);
    const encoded = 'connect.sid=s%3AhT4kq9Zr2Lw7Xc1Vb8Nm.f5Jp3Gd6';
    const failure = await failureOf(client.chat.completions.create({ model, messages }, { headers: [['x-app', 'demo'], ['COOKIE', encoded]] }));
    expect(failure.message).toMatch(/^400 refused connect\.sid=\[redacted\]\. \[POST/);
    // A server that logs the cookie decoded, as it reads it.
    expect(browserSafeText('no session s:hT4kq9Zr2Lw7Xc1Vb8Nm.f5Jp3Gd6 here')).toBe('no session [redacted] here');
  });

  test("a cookie with a credential's name (auth_token, api_key, sessionToken, csrftoken, sig) is redacted from 8 characters, as a credential header's value", async () => {
    const client = new Groq({ apiKey: 'gsk_cookie_test_key_0123', baseURL: 'https://gateway.example.test', fetch: gateway(() => 'refused'), maxRetries: 0 });
    const cookie = 'auth_token=abcd1234; api_key="k9Xw2mQ7pL"; sessionToken=Zt4%2Fq8Lm1Rx; csrftoken=Hq5wE2nR9kT; sig=a1b2c3d4e5f6; lang=en-US';
    await failureOf(client.chat.completions.create({ model, messages }, { headers: { cookie } }));
    const echoed = 'tokens abcd1234, k9Xw2mQ7pL, Zt4/q8Lm1Rx, Zt4%2Fq8Lm1Rx, Hq5wE2nR9kT and a1b2c3d4e5f6 are unknown (lang en-US)';
    expect(browserSafeText(echoed)).toBe('tokens [redacted], [redacted], [redacted], [redacted], [redacted] and [redacted] are unknown (lang en-US)');
  });

  test('a credential\'s word inside another word of a name (keyboard, design, signin_redirect, author) does not make a cookie a credential', async () => {
    const client = new Groq({ apiKey: 'gsk_cookie_test_key_0123', baseURL: 'https://gateway.example.test', fetch: gateway(() => 'refused'), maxRetries: 0 });
    const cookie = 'keyboard=azerty-fr; design=material; signin_redirect=/dashboard; author=Shakespeare';
    await failureOf(client.chat.completions.create({ model, messages }, { headers: { cookie } }));
    const written = 'Shakespeare set the material design of /dashboard on an azerty-fr keyboard.';
    expect(browserSafeText(written)).toBe(written);
  });

  test("short or worded values (a preference, not a session) are not taken for credentials: a model's words stay whole", async () => {
    const client = new Groq({ apiKey: 'gsk_cookie_test_key_0123', baseURL: 'https://gateway.example.test', fetch: gateway((cookie) => `refused ${cookie}`), maxRetries: 0 });
    const cookie = 'lang=en-US; theme=dark; tz=Europe/Berlin; consent=1; ab=variant-b';
    const failure = await failureOf(client.chat.completions.create({ model, messages }, { headers: { cookie } }));
    expect(failure.message).toMatch(/^400 refused lang=en-US; theme=dark; tz=Europe\/Berlin; consent=1; ab=variant-b\. \[POST/);
    expect(browserSafeText('It is 9 in Europe/Berlin, theme dark.')).toBe('It is 9 in Europe/Berlin, theme dark.');
  });

  test("a new session on every request is remembered within the bound: the latest ones are redacted, the oldest let go, the client's key kept", async () => {
    const key = 'csk-cookie-client-5e6f7a8b9c0d1e2f';
    const client = new Groq({ apiKey: key, baseURL: 'https://gateway.example.test', fetch: gateway((cookie) => `refused ${value(cookie)} for ${key}`), maxRetries: 0 });
    const sessionOf = (user: number) => `user-${user}-session-0a1b2c3d4e5f`;
    for (let user = 0; user < 250; user++) {
      const failure = await failureOf(client.chat.completions.create({ model, messages }, { headers: { cookie: `gw_session=${sessionOf(user)}` } }));
      expect(failure.message).toMatch(/^400 refused \[redacted\] for \[redacted\]\. \[POST/);
    }
    expect(browserSafeText(`echo ${sessionOf(249)} and ${sessionOf(150)}`)).toBe('echo [redacted] and [redacted]');
    // Let go as the oldest of the last hundred credentials sent (see rememberRequestSecret): memory stays bounded.
    expect(browserSafeText(`echo ${sessionOf(0)}`)).toBe(`echo ${sessionOf(0)}`);
  });
});
