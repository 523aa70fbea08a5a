import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, type TestBrowser } from './launch-chromium';
import { startExpressApp, startNextApp, type TestServer } from './start-server';

// A page that points Chromium's own EventSource at a chat relay (a mistake the READMEs warn about: the
// relays take POST, which EventSource cannot send). The relay's 405 must be final for it: one error event,
// the source CLOSED, so that it never retries, and Groq is never asked.

let browser: TestBrowser;
let mock: MockGroqServer;
const apps: { name: string; server: TestServer; path: string }[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  mock = await createMockGroqServer({ tokens: 3 });
  apps.push({ name: 'Express', server: await startExpressApp(mock.url), path: '/api/chat' });
  const next = await startNextApp(mock.url);
  apps.push({ name: 'Next.js', server: next, path: '/api/chat' }, { name: 'Next.js edge', server: next, path: '/api/chat/edge' });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([...new Set(apps.map((app) => app.server))].map((server) => server.close()));
  await mock?.close();
});

describe('Chromium EventSource against the chat relays', () => {
  test.each(['Express', 'Next.js', 'Next.js edge'])('%s: the 405 is final, no retry, nothing asked of Groq', async (name) => {
    const { server, path } = apps.find((app) => app.name === name)!;
    mock.resetStats();
    const page = await browser.context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === path) requests.push(request.method());
    });
    await page.goto(new URL('/', server.url).href);
    const outcome = await page.evaluate(
      (url) =>
        new Promise<{ events: string[]; readyState: number }>((resolve) => {
          const events: string[] = [];
          const source = new EventSource(url);
          source.onopen = () => events.push('open');
          source.onmessage = () => events.push('message');
          source.onerror = (event) => {
            events.push(event instanceof MessageEvent ? 'error with data' : 'error');
            resolve({ events, readyState: source.readyState });
          };
        }),
      path,
    );
    expect(outcome).toEqual({ events: ['error'], readyState: 2 });
    expect(requests).toEqual(['GET']);
    expect(mock.stats().requests).toBe(0);
    await page.close();
  });
});
