import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createMockGroqServer, generateAnswerTokens, type MockGroqServer } from '@groq-stream/mock-server';
import { Groq, GroqError, Stream, sseFrames, type ChatCompletionChunk } from '@groq-stream/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { start, type CreateAppOptions } from './server.js';
import { moduleImports } from './test/module-imports.js';
import { serveDemo } from './test/serve-demo.js';
import { eventually } from '@groq-stream/core/test';

const prompt = 'Explain quantum computing';
const conversation = { messages: [{ role: 'user', content: prompt }] };
let mock: MockGroqServer;
const open: { close: () => Promise<void> }[] = [];

beforeAll(async () => {
  mock = await createMockGroqServer();
});
afterAll(() => mock.close());
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
  mock.resetStats();
});

async function serve(options: Partial<CreateAppOptions> = {}): Promise<string> {
  const demo = await serveDemo(mock.url, options);
  open.push(demo);
  return demo.url;
}

const chat = (url: string, init: RequestInit = {}): Promise<Response> =>
  fetch(`${url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(conversation), ...init });

/**
 * A client of the mock whose answers are let out one SSE event at a time: the first at once, each next one
 * at `step()`. `letOut()` is how many have been let out so far. The whole answer has come from the mock
 * already (it is not paced); only what the relay can read of it is held back.
 */
function steppedUpstream(): { client: Groq; step: () => void; letOut: () => number } {
  let allowed = 1;
  let letOut = 0;
  let wake = (): void => undefined;
  const client = new Groq({
    apiKey: 'test-key',
    baseURL: mock.url,
    maxRetries: 0,
    fetch: async (url, init) => {
      const response = await fetch(url, init);
      const events = (await response.text()).split(/(?<=\n\n)/);
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (letOut === events.length) return controller.close();
          while (letOut >= allowed) await new Promise<void>((resolve) => (wake = resolve));
          controller.enqueue(new TextEncoder().encode(events[letOut++]));
        },
      });
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    },
  });
  return { client, step: () => (allowed++, wake()), letOut: () => letOut };
}

/** Reads data frames with the time each arrived, in ms after `start`. */
async function timedFrames(response: Response, start: number, stopAfter = Infinity): Promise<{ text: string; at: number }[]> {
  const frames: { text: string; at: number }[] = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  while (frames.length < stopAfter) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
      const text = buffer.slice(0, end + 2);
      buffer = buffer.slice(end + 2);
      if (text.startsWith('data: ')) frames.push({ text, at: performance.now() - start });
    }
  }
  await reader.cancel();
  return frames;
}

describe('the page', () => {
  test('GET / serves the chat page with its controls', async () => {
    const url = await serve();
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; object-src 'none'; frame-ancestors 'none'",
    );
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await response.text();
    for (const id of ['prompt', 'send', 'stop', 'error', 'stats', 'conversation']) {
      expect(html).toContain(`id="${id}"`);
      expect(html).toContain(`data-testid="${id}"`);
    }
    expect(html).toMatch(/<label for="prompt">/);
    // The page opens ready to type, as the Next demo does.
    expect(html).toMatch(/<textarea\s[^>]*\bautofocus\b[^>]*>/);
    expect(html).toContain('aria-live="polite"');
    expect(html).toContain('<script type="module" src="/chat.js"></script>');
  });

  test('its script and styles are served, built from @groq-stream/web', async () => {
    const url = await serve();
    const script = await fetch(`${url}/chat.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
    const code = await script.text();
    expect(code).toContain('fromSSEResponse');
    expect(code).toContain('/api/chat');
    // Bundled: no import left to resolve, from a CDN or a package.
    expect(moduleImports(code)).toEqual([]);
    const styles = await fetch(`${url}/styles.css`);
    expect(styles.status).toBe(200);
    expect(styles.headers.get('content-type')).toMatch(/^text\/css/);
  });
});

describe('POST /api/chat', () => {
  test('streams the answer chunk by chunk, as the upstream paces it', async () => {
    // The upstream is paced by the browser here: each event of the mock's answer is let out only once the one
    // before has reached the browser. A relay that held a chunk back for the next one (or for the end) never
    // gets it, and the test times out; however slow the machine, no two chunks can arrive as one.
    const upstream = steppedUpstream();
    const url = await serve({ client: upstream.client, requestOptions: { maxRetries: 0, headers: { 'x-mock-tokens': '10' } } });
    const response = await chat(url);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const frames: { text: string; letOut: number }[] = [];
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (let result = await reader.read(); !result.done; result = await reader.read()) {
      buffer += decoder.decode(result.value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
        frames.push({ text: buffer.slice(0, end + 2), letOut: upstream.letOut() });
        buffer = buffer.slice(end + 2);
        upstream.step();
      }
    }
    expect(frames.at(-1)?.text).toBe(sseFrames.done);
    // Each frame came while the upstream had let out just the events up to its own: one chunk at a time.
    expect(frames.map((frame) => frame.letOut)).toEqual(frames.map((_, index) => index + 1));
    const text = frames
      .slice(0, -1)
      .map((frame) => (JSON.parse(frame.text.slice(6)) as ChatCompletionChunk).choices[0]?.delta.content ?? '')
      .join('');
    expect(text).toBe(generateAnswerTokens(prompt, 10).join(''));
    expect(mock.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 1 });
  });

  test('the first chunk is read before the upstream has sent the last', async () => {
    // 36,000 tokens at 10 a second: the last an hour away, so no stall of a loaded machine lets the upstream
    // finish first, and a relay that buffered the whole answer fails by the test's timeout.
    const url = await serve({ requestOptions: { maxRetries: 0, headers: { 'x-mock-tokens-per-second': '10', 'x-mock-tokens': '36000' } } });
    const response = await chat(url);
    const [first] = await timedFrames(response, performance.now(), 1);
    expect(first?.text).toMatch(/^data: \{/);
    expect(mock.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 0 });
  });

  test('reads back with Stream.fromSSEResponse as the mock’s answer', async () => {
    const url = await serve();
    const completion = await Stream.fromSSEResponse<ChatCompletionChunk>(await chat(url)).finalChatCompletion();
    expect(completion.choices[0]?.message.content).toBe(generateAnswerTokens(prompt).join(''));
    expect(completion.choices[0]?.finish_reason).toBe('stop');
  });

  test('Stop in the browser (closing the request) aborts the upstream', async () => {
    // An answer an hour long: an upstream left running would not end, let alone be counted aborted, in time.
    const url = await serve({ requestOptions: { maxRetries: 0, headers: { 'x-mock-tokens-per-second': '10', 'x-mock-tokens': '36000' } } });
    const controller = new AbortController();
    const response = await chat(url, { signal: controller.signal });
    await timedFrames(response, performance.now(), 2);
    controller.abort();
    await eventually(() => mock.stats().streamsAborted === 1);
  });

  test('a rate limit is 429 with retry-after, which the page turns into words', async () => {
    const limited = await createMockGroqServer({ scenario: 'rate-limit' });
    try {
      const url = await serve({ client: new Groq({ apiKey: 'test-key', baseURL: limited.url }), requestOptions: { maxRetries: 0 } });
      const response = await chat(url);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(((await response.json()) as { error: { type: string } }).error.type).toBe('rate_limit');
    } finally {
      await limited.close();
    }
  });

  test('Groq refusing the server key is a JSON 401 that never quotes it, and nothing is streamed', async () => {
    const guarded = await createMockGroqServer({ apiKeys: ['gsk_the_right_key_0123456789'] });
    const wrongKey = 'gsk_the_wrong_key_9876543210';
    try {
      const url = await serve({ client: new Groq({ apiKey: wrongKey, baseURL: guarded.url, maxRetries: 0, logLevel: 'off' }) });
      const response = await chat(url);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const text = await response.text();
      expect((JSON.parse(text) as { error: { type: string } }).error.type).toBe('authentication');
      expect(text).not.toContain(wrongKey);
      expect(text).not.toContain('gsk_');
    } finally {
      await guarded.close();
    }
  });

  test('one keep-alive connection carries the page, an answer, a 405 to a GET, a 400 and the next answer', async () => {
    const url = await serve();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, path: string, body?: string): Promise<{ status: number; text: string; reused: boolean }> =>
      new Promise((resolve, reject) => {
        const outgoing = httpRequest(`${url}${path}`, { method, agent, headers: body === undefined ? {} : { 'content-type': 'application/json' } }, (incoming) => {
          let text = '';
          incoming.setEncoding('utf8').on('data', (piece: string) => (text += piece));
          incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, text, reused: outgoing.reusedSocket }));
        });
        outgoing.on('error', reject);
        outgoing.end(body);
      });
    try {
      const answers = [
        await send('GET', '/'),
        await send('POST', '/api/chat', JSON.stringify(conversation)),
        await send('GET', '/api/chat'),
        await send('POST', '/api/chat', JSON.stringify({ messages: [] })),
        await send('POST', '/api/chat', JSON.stringify(conversation)),
      ];
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 405, 400, 200]);
      expect(answers.map((answer) => answer.reused)).toEqual([false, true, true, true, true]);
      for (const streamed of [answers[1], answers[4]]) expect(streamed?.text.endsWith(sseFrames.done)).toBe(true);
      expect(mock.stats()).toMatchObject({ streamsStarted: 2, streamsCompleted: 2 });
    } finally {
      agent.destroy();
    }
  });

  test('other methods get 405', async () => {
    const url = await serve();
    const response = await fetch(`${url}/api/chat`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});

describe('start()', () => {
  test('without GROQ_API_KEY it runs on the embedded mock and says how to try it', async () => {
    const lines: string[] = [];
    const demo = await start({ PORT: '0' }, (line) => lines.push(line));
    open.push(demo);
    expect(demo.mock).toBeDefined();
    expect(lines[0]).toBe(`groq-stream Express demo: ${demo.url}`);
    expect(lines.join('\n')).toMatch(/embedded mock server/);
    expect(lines.join('\n')).toContain(`curl -N ${demo.url}/api/chat`);
    const completion = await Stream.fromSSEResponse<ChatCompletionChunk>(await chat(demo.url)).finalChatCompletion();
    expect(completion.choices[0]?.message.content).toBe(generateAnswerTokens(prompt).join(''));
    // The server adds its own system prompt; the browser cannot.
    expect(demo.mock!.requests()[0]?.body).toMatchObject({ messages: [{ role: 'system' }, { role: 'user', content: prompt }] });
  });

  test('GROQ_BASE_URL points it at another Groq-compatible server', async () => {
    const demo = await start({ PORT: '0', GROQ_BASE_URL: mock.url, GROQ_API_KEY: 'gsk_demo' }, () => undefined);
    open.push(demo);
    expect(demo.mock).toBeUndefined();
    await (await chat(demo.url)).text();
    expect(mock.stats().streamsCompleted).toBe(1);
  });

  // As the Next demo reads it (apps/next-demo/lib/groq.ts): the Express demo asked for its default model whatever GROQ_MODEL said.
  test('GROQ_MODEL names the model it asks for; blank or unset, the default', async () => {
    for (const [model, asked] of [[' llama-3.1-8b-instant\n', 'llama-3.1-8b-instant'], [' \t ', 'llama-3.3-70b-versatile'], [undefined, 'llama-3.3-70b-versatile']] as const) {
      const demo = await start({ PORT: '0', GROQ_BASE_URL: mock.url, GROQ_API_KEY: 'gsk_demo', ...(model === undefined ? {} : { GROQ_MODEL: model }) }, () => undefined);
      open.push(demo);
      await (await chat(demo.url)).text();
      expect(mock.requests().at(-1)?.body, `GROQ_MODEL ${JSON.stringify(model)}`).toMatchObject({ model: asked });
    }
  });

  test('a GROQ_BASE_URL with a query (which may hold a key) stops the start with the error of the client in its name, which does not quote it', async () => {
    const lines: string[] = [];
    const error = await start({ PORT: '0', GROQ_BASE_URL: `${mock.url}/?key=pk-live-7f3a9b2c1d`, GROQ_API_KEY: 'gsk_demo' }, (line) => lines.push(line)).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/^GROQ_BASE_URL must not have a query string/);
    expect((error as Error).cause).toBeInstanceOf(GroqError);
    expect(`${(error as Error).message}\n${lines.join('\n')}`).not.toContain('pk-live');
  });

  test.each([[{ GROQ_API_KEY: 'gsk_demo' }], [{}]])('a GROQ_BASE_URL that is not a URL stops the start naming GROQ_BASE_URL, with %o', async (key) => {
    await expect(start({ PORT: '0', GROQ_BASE_URL: 'localhost:8787', ...key }, () => undefined)).rejects.toThrow(
      /^GROQ_BASE_URL must be an absolute http or https URL, got "localhost:8787"\./,
    );
  });

  test('a GROQ_BASE_URL of only blanks is unset, as the node client and groq-stream\'s CLI read it', async () => {
    // Without a key: the embedded mock answers.
    const lines: string[] = [];
    const embedded = await start({ PORT: '0', GROQ_BASE_URL: ' \t ' }, (line) => lines.push(line));
    open.push(embedded);
    expect(embedded.mock).toBeDefined();
    expect(lines.join('\n')).toContain('the embedded mock server');
    await (await chat(embedded.url)).text();
    expect(embedded.mock!.stats().streamsCompleted).toBe(1);
    // With a key: Groq, which is not asked here.
    const keyed: string[] = [];
    const withKey = await start({ PORT: '0', GROQ_BASE_URL: '   ', GROQ_API_KEY: 'gsk_demo' }, (line) => keyed.push(line));
    await withKey.close();
    expect(withKey.mock).toBeUndefined();
    expect(keyed[1]).toBe('  Answers come from the real Groq API at https://api.groq.com (GROQ_API_KEY is set).');
  });

  test('a GROQ_API_KEY of only blanks is unset, as groq-stream\'s CLI reads it: the embedded mock, or a placeholder key for GROQ_BASE_URL', async () => {
    const lines: string[] = [];
    const embedded = await start({ PORT: '0', GROQ_API_KEY: ' \t ' }, (line) => lines.push(line));
    open.push(embedded);
    expect(embedded.mock).toBeDefined();
    expect(lines[1]).toContain('the embedded mock server');
    await (await chat(embedded.url)).text();
    expect(embedded.mock!.stats().streamsCompleted).toBe(1);
    const placeholder: string[] = [];
    const withURL = await start({ PORT: '0', GROQ_API_KEY: '   ', GROQ_BASE_URL: mock.url }, (line) => placeholder.push(line));
    open.push(withURL);
    expect(withURL.mock).toBeUndefined();
    expect(placeholder[1]).toBe(`  Answers come from the server at ${mock.url} (no GROQ_API_KEY: sending a placeholder key).`);
    await (await chat(withURL.url)).text();
    expect(mock.stats().streamsCompleted).toBe(1);
  });

  test('a HOST or GROQ_MAX_RETRIES of only blanks is unset (PORT too: read-demo-settings.test.ts): it serves on 127.0.0.1', async () => {
    // HOST stopped the start ('createHostGuard: " \t " is not a host name.', the embedded mock left running), and
    // GROQ_MAX_RETRIES ('GROQ_MAX_RETRIES must be an integer of at least 0, got "  ".').
    const lines: string[] = [];
    const demo = await start({ PORT: '0', HOST: ' \t ', GROQ_MAX_RETRIES: '  ', GROQ_BASE_URL: mock.url }, (line) => lines.push(line));
    open.push(demo);
    expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[0]).toBe(`groq-stream Express demo: ${demo.url}`);
    await (await chat(demo.url)).text();
    expect(mock.stats().streamsCompleted).toBe(1);
  });

  // A key pasted with a line break, a space or a letter of another alphabet in it: the client refuses it (no HTTP
  // header can carry it), in words that named no variable ("The API key contains a character…").
  test.each([
    ['a line break', 'gsk_Wq3secret\nZx9tail'],
    ['a space', 'gsk_Wq3secret Zx9tail'],
    ['a character past latin-1', 'gsk_Wq3secret\u20acZx9tail'],
    ['a latin-1 letter', 'gsk_Wq3secret\u00e9Zx9tail'],
  ])('a GROQ_API_KEY with %s stops the start naming GROQ_API_KEY and what to do, never quoting the key', async (_, key) => {
    for (const baseURL of [undefined, mock.url]) {
      const lines: string[] = [];
      const error = await start({ PORT: '0', GROQ_API_KEY: key, ...(baseURL === undefined ? {} : { GROQ_BASE_URL: baseURL }) }, (line) => lines.push(line)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Error);
      const { message } = error as Error;
      expect(message).toMatch(/^GROQ_API_KEY cannot be used: The API key contains a character that HTTP headers cannot carry \(U\+[0-9A-F]{4}, at position 14 of 21\)\. /);
      expect(message).toContain('Copy the key again from https://console.groq.com/keys');
      expect(message).toMatch(/Fix GROQ_API_KEY or unset it\.$/);
      expect((error as Error).cause).toBeInstanceOf(GroqError);
      const said = `${message}\n${String((error as Error).cause)}\n${lines.join('\n')}`;
      for (const part of ['Wq3', 'secret', 'Zx9', 'tail']) expect(said).not.toContain(part);
    }
    expect(mock.stats().requests).toBe(0);
  });

  // They said where the answers came from, but not which model was asked, so a GROQ_MODEL with a typo, or one left
  // set in the shell, showed only in the answers; and "Groq" did not say it was the real API, which spends the key.
  test('the start-up lines say whether the real Groq API or the mock answers, and name the model, never quoting the key', async () => {
    const key = 'gsk_Wq3secretZx9tail';
    const cases: { env: NodeJS.ProcessEnv; answers: string | RegExp; model: string }[] = [
      {
        env: {},
        answers: /^ {2}Answers come from the embedded mock server at http:\/\/127\.0\.0\.1:\d+: made-up answers/,
        model: '  Model: llama-3.3-70b-versatile (the default; set GROQ_MODEL to ask for another).',
      },
      {
        env: { GROQ_MODEL: ' llama-3.1-8b-instant ' },
        answers: /^ {2}Answers come from the embedded mock server/,
        model: '  Model: llama-3.1-8b-instant (GROQ_MODEL is set), which the mock does not check: it answers any model.',
      },
      {
        env: { GROQ_API_KEY: key },
        answers: '  Answers come from the real Groq API at https://api.groq.com (GROQ_API_KEY is set).',
        model: '  Model: llama-3.3-70b-versatile (the default; set GROQ_MODEL to ask for another).',
      },
      {
        env: { GROQ_API_KEY: key, GROQ_MODEL: 'openai/gpt-oss-20b' },
        answers: '  Answers come from the real Groq API at https://api.groq.com (GROQ_API_KEY is set).',
        model: '  Model: openai/gpt-oss-20b (GROQ_MODEL is set).',
      },
      {
        env: { GROQ_API_KEY: key, GROQ_BASE_URL: mock.url, GROQ_MODEL: 'llama-3.1-8b-instant' },
        answers: `  Answers come from the server at ${mock.url}.`,
        model: '  Model: llama-3.1-8b-instant (GROQ_MODEL is set).',
      },
    ];
    for (const { env, answers, model } of cases) {
      const lines: string[] = [];
      const demo = await start({ PORT: '0', ...env }, (line) => lines.push(line));
      await demo.close();
      const printed = lines.join('\n');
      expect(lines[0], printed).toBe(`groq-stream Express demo: ${demo.url}`);
      if (typeof answers === 'string') expect(lines[1], printed).toBe(answers);
      else expect(lines[1], printed).toMatch(answers);
      expect(lines[2], printed).toBe(model);
      for (const part of ['Wq3', 'secret', 'Zx9tail']) expect(printed).not.toContain(part);
    }
    expect(mock.stats().requests).toBe(0);
  });

  test('the start-up line names the server of GROQ_BASE_URL by its address and path', async () => {
    const lines: string[] = [];
    const demo = await start({ PORT: '0', GROQ_BASE_URL: `${mock.url}/`, GROQ_API_KEY: 'gsk_demo' }, (line) => lines.push(line));
    await demo.close();
    expect(lines.join('\n')).toContain(`the server at ${mock.url}`);
  });

  test('GROQ_MAX_RETRIES=0 lets a rate limit through at once; a bad value is refused', async () => {
    const limited = await createMockGroqServer({ scenario: 'rate-limit' });
    try {
      const demo = await start({ PORT: '0', GROQ_BASE_URL: limited.url, GROQ_MAX_RETRIES: '0' }, () => undefined);
      open.push(demo);
      const response = await chat(demo.url);
      expect(response.status).toBe(429);
      expect(limited.stats().requests).toBe(1);
    } finally {
      await limited.close();
    }
    await expect(start({ PORT: '0', GROQ_BASE_URL: mock.url, GROQ_MAX_RETRIES: 'many' }, () => undefined)).rejects.toThrow(/GROQ_MAX_RETRIES/);
  });

  test.each([
    [{ PORT: '0x10' }, 'PORT must be an integer from 0 to 65535, got "0x10".'],
    [{ PORT: '1e3' }, 'PORT must be an integer from 0 to 65535, got "1e3".'],
    [{ PORT: '65536' }, 'PORT must be an integer from 0 to 65535, got "65536".'],
    [{ PORT: '0', GROQ_MAX_RETRIES: '1e3' }, 'GROQ_MAX_RETRIES must be an integer of at least 0, got "1e3".'],
    [{ PORT: '0', GROQ_MAX_RETRIES: '-1' }, 'GROQ_MAX_RETRIES must be an integer of at least 0, got "-1".'],
  ])('%o is refused in decimal notation only, as the Next demo refuses it, before anything starts', async (env, message) => {
    // Number() read '0x10' as port 16 and '1e3' as 1000 retries.
    await expect(start({ ...env, GROQ_BASE_URL: mock.url }, () => undefined)).rejects.toThrow(message);
  });

  test('`pnpm start`, as package.json writes it, serves the built app on PORT', async () => {
    // The start script as written in package.json (its Node flags included), run from this app's folder.
    const appRoot = fileURLToPath(new URL('..', import.meta.url));
    const { scripts } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string; demo: string } };
    expect(scripts.demo).toBe(scripts.start);
    const [command, ...args] = scripts.start.split(/\s+/);
    expect(command).toBe('node');
    const child = spawn(process.execPath, args, { cwd: appRoot, env: { ...process.env, PORT: '0', GROQ_API_KEY: '', GROQ_BASE_URL: mock.url } });
    try {
      const [first] = (await once(child.stdout, 'data')) as [Buffer];
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(first.toString())?.[0];
      expect(url).toBeDefined();
      expect((await fetch(url!)).status).toBe(200);
      await (await chat(url!)).text();
      expect(mock.stats().streamsCompleted).toBe(1);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});
