import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateAnswerTokens } from './generate-answer.js';
import { useMockServer, waitUntil } from './test/mock-test-helpers.js';

// Browser code calling the mock directly, as the README says it can: a page on another origin, with a key and
// a JSON body (so a CORS preflight first), reading the stream with getReader(), Groq's headers, an error's body,
// and leaving mid-stream. Debian's Chromium, which .ci/run installs, driven by playwright-core (never a
// downloaded browser); a missing Chromium fails the test rather than skipping it.

const server = useMockServer();
const PROMPT = 'Hello from a page on another origin';
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let browser: Browser;
let pageServer: Server;
let page: Page;

beforeAll(async () => {
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium was not found at ${executablePath}: install it with \`apt-get install -y chromium\` (Debian), or set CHROMIUM_PATH.`);
  }
  pageServer = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>page</title>'));
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage();
  // localhost, where the mock is 127.0.0.1: another origin (host and port), so every call is cross-origin.
  await page.goto(`http://localhost:${(pageServer.address() as AddressInfo).port}/`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  pageServer?.close();
});

/** What the page's fetch of a chat completion saw. */
interface PageOutcome {
  status: number;
  headers: Record<string, string | null>;
  text: string;
  body: string;
  error: string | undefined;
}

/**
 * Posts a chat completion from the page, with a key, a JSON body and `headers`, reads the body through
 * getReader() (joining the deltas' content), and aborts after `abortAfterReads` reads when given.
 */
function chatFromPage(headers: Record<string, string>, abortAfterReads?: number): Promise<PageOutcome> {
  return page.evaluate(
    async ({ url, prompt, headers, abortAfterReads }) => {
      const controller = new AbortController();
      const response = await fetch(`${url}/openai/v1/chat/completions`, {
        method: 'POST',
        signal: controller.signal,
        headers: { authorization: 'Bearer test-key', 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ model: 'llama-3.3-70b-versatile', messages: [{ role: 'user', content: prompt }], stream: true }),
      });
      const names = ['content-type', 'x-request-id', 'x-ratelimit-remaining-requests', 'x-ratelimit-reset-tokens', 'retry-after'];
      const outcome = { status: response.status, headers: Object.fromEntries(names.map((name) => [name, response.headers.get(name)])), text: '', body: '', error: undefined as string | undefined };
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      try {
        for (let reads = 1; ; reads += 1) {
          const { done, value } = await reader.read();
          if (done) break;
          outcome.body += decoder.decode(value, { stream: true });
          if (reads === abortAfterReads) controller.abort();
        }
      } catch (error) {
        outcome.error = (error as Error).name;
      }
      for (const line of outcome.body.split('\n')) {
        if (line.startsWith('data: {')) outcome.text += (JSON.parse(line.slice(6)) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ?? '';
      }
      return outcome;
    },
    { url: server.url, prompt: PROMPT, headers, abortAfterReads },
  );
}

it('answers a cross-origin fetch with a key and a JSON body (preflight included) with a stream the page reads, and Groq headers it can see', async () => {
  // x-mock-* too, so the preflight must allow headers beyond the key and the content type.
  const outcome = await chatFromPage({ 'x-mock-tokens-per-second': '500' });
  expect(outcome).toMatchObject({ status: 200, text: generateAnswerTokens(PROMPT).join(''), error: undefined });
  expect(outcome.body.endsWith('data: [DONE]\n\n')).toBe(true);
  expect(outcome.headers).toMatchObject({
    'content-type': 'text/event-stream',
    'x-request-id': expect.stringMatching(/^req_01/),
    'x-ratelimit-remaining-requests': expect.stringMatching(/^\d+$/),
    'x-ratelimit-reset-tokens': expect.any(String),
  });
  // The preflight is the browser's, not the page's: neither counted nor recorded.
  expect(server.stats()).toMatchObject({ requests: 1, streamsStarted: 1, streamsCompleted: 1 });
});

it("lets the page read an error's status, body and retry-after", async () => {
  const outcome = await chatFromPage({ 'x-mock-scenario': 'rate-limit' });
  expect(outcome.status).toBe(429);
  expect(outcome.headers['retry-after']).toBe('1');
  expect(JSON.parse(outcome.body)).toMatchObject({ error: { type: 'tokens', code: 'rate_limit_exceeded' } });
});

it('counts the stream as aborted when the page aborts its fetch mid-stream', async () => {
  const outcome = await chatFromPage({ 'x-mock-tokens-per-second': '20', 'x-mock-tokens': '400' }, 2);
  expect(outcome.error).toBe('AbortError');
  await waitUntil(() => server.stats().streamsAborted === 1);
  expect(server.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 0, streamsAborted: 1 });
});

it('keeps /__mock/* out of reach of a page on another origin', async () => {
  const failure = await page.evaluate(async (url) => fetch(`${url}/__mock/requests`).then(() => 'read', (error: Error) => error.name), server.url);
  expect(failure).toBe('TypeError');
});
