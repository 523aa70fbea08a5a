import { createMockGroqServer, generateAnswerTokens, type MockGroqServer } from '@groq-stream/mock-server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, type TestBrowser } from './launch-chromium';
import { startNextApp, type TestServer } from './start-server';

// The security headers of `next start` of the built app (proxy.ts and next.config.ts), and the proof that
// its Content-Security-Policy blocks nothing the page needs: a whole chat turn in Chromium on both routes
// with no violation reported, next to an injected inline handler that the same listeners see blocked.

const tokens = 20;

let browser: TestBrowser;
let mock: MockGroqServer;
let next: TestServer;

beforeAll(async () => {
  browser = await launchChromium();
  mock = await createMockGroqServer({ tokensPerSecond: 40, tokens, ttftMs: 100 });
  next = await startNextApp(mock.url);
});

afterAll(async () => {
  await browser?.close();
  await next?.close();
  await mock?.close();
});

/** A policy's directives: name to sources. */
function directivesOf(policy: string | null): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const directive of (policy ?? '').split(';')) {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/** The value of script-src's single `'nonce-…'` source, or undefined. */
function nonceOf(directives: Map<string, string[]>): string | undefined {
  const nonces = (directives.get('script-src') ?? []).flatMap((source) => /^'nonce-([A-Za-z0-9+/_=-]+)'$/.exec(source)?.[1] ?? []);
  return nonces.length === 1 ? nonces[0] : undefined;
}

async function getPage(path: string): Promise<{ response: Response; html: string; directives: Map<string, string[]> }> {
  const response = await fetch(new URL(path, next.url));
  const html = await response.text();
  return { response, html, directives: directivesOf(response.headers.get('content-security-policy')) };
}

describe('security headers of `next start`', () => {
  test('each response of the page has its own nonce, and every script of the page carries it', async () => {
    const nonces: string[] = [];
    for (let request = 0; request < 2; request++) {
      const { response, html, directives } = await getPage('/');
      expect(response.status).toBe(200);
      const nonce = nonceOf(directives);
      expect(nonce, `script-src: ${directives.get('script-src')?.join(' ')}`).toBeDefined();
      // At least 128 bits, in base64.
      expect(Buffer.from(nonce!, 'base64').length).toBeGreaterThanOrEqual(16);
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      // Next.js's chunks and its inline payload scripts, which run only with the nonce.
      expect(scripts.length).toBeGreaterThan(2);
      for (const script of scripts) expect(script).toContain(` nonce="${nonce}"`);
      nonces.push(nonce!);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  test('the production policy allows no inline script or eval, and otherwise matches the Express page', async () => {
    const { directives } = await getPage('/');
    const scriptSources = directives.get('script-src') ?? [];
    expect(scriptSources).not.toContain("'unsafe-inline'");
    expect(scriptSources).not.toContain("'unsafe-eval'");
    expect(scriptSources).not.toContain("'unsafe-hashes'");
    expect(scriptSources).toContain("'strict-dynamic'");
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.has('script-src-elem') || directives.has('script-src-attr')).toBe(false);
    // The Express demo's directives (apps/express-demo/src/server.ts).
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('img-src')).toEqual(["'self'", 'data:']);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });

  test.each(['/', '/?runtime=edge', '/no-such-page'])('%s: nonce policy, nosniff, no referrer, no framing', async (path) => {
    const { response, html, directives } = await getPage(path);
    expect(response.status).toBe(path === '/no-such-page' ? 404 : 200);
    // The built-in 404 page runs scripts too: rendered per request, they carry the nonce as well.
    const nonce = nonceOf(directives);
    expect(nonce).toBeDefined();
    for (const script of html.match(/<script\b[^>]*>/g) ?? []) expect(script).toContain(` nonce="${nonce}"`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  test.each(['/api/chat', '/api/chat/edge'])('%s: the stream is sent with nosniff and no referrer', async (path) => {
    const response = await fetch(new URL(path, next.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'Headers?' }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    await response.text();
  });
});

/** What a tab reports about the page's policy: violation events and the browser's console messages. */
interface PolicyReports {
  violations: string[];
  consoleMessages: string[];
  pageErrors: string[];
  /** Resolved at the first violation event. */
  violated: Promise<void>;
  /** Resolved at the first console message about the policy. */
  consoleReported: Promise<void>;
}

/** A fresh tab on `path` that records every CSP violation from the first script on. */
async function openPage(path: string): Promise<{ page: Page; reports: PolicyReports }> {
  const page = await browser.context.newPage();
  let violated = (): void => undefined;
  let consoleReported = (): void => undefined;
  const reports: PolicyReports = {
    violations: [],
    consoleMessages: [],
    pageErrors: [],
    violated: new Promise((resolve) => (violated = resolve)),
    consoleReported: new Promise((resolve) => (consoleReported = resolve)),
  };
  // A binding and an init script come from the browser, not the page, so the policy under test cannot
  // block the listener itself.
  await page.exposeFunction('reportViolation', (violation: string) => {
    reports.violations.push(violation);
    violated();
  });
  await page.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (event) => {
        const report = (window as unknown as { reportViolation: (violation: string) => void }).reportViolation;
        void report(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sample})`);
      },
      true,
    );
  });
  page.on('console', (message) => {
    if (!/Content.Security.Policy/i.test(message.text())) return;
    reports.consoleMessages.push(message.text());
    consoleReported();
  });
  page.on('pageerror', (error) => reports.pageErrors.push(error.message));
  await page.goto(new URL(path, next.url).href);
  await page.waitForLoadState('networkidle');
  return { page, reports };
}

function expectNoReports(reports: PolicyReports): void {
  expect(reports.violations).toEqual([]);
  expect(reports.consoleMessages).toEqual([]);
  expect(reports.pageErrors).toEqual([]);
}

describe('the page under its policy in Chromium', () => {
  for (const [runtime, endpoint] of [
    ['nodejs', '/api/chat'],
    ['edge', '/api/chat/edge'],
  ] as const) {
    test(`a whole chat turn on the ${runtime} route, with no CSP violation`, async () => {
      const { page, reports } = await openPage(`/?runtime=${runtime}`);
      // Loading and hydrating run every script of the page: a script without the nonce shows up here.
      expectNoReports(reports);
      const prompt = `Are my headers safe? (${runtime})`;
      const expected = generateAnswerTokens(prompt, tokens).join('').trim();
      const completed = mock.stats().streamsCompleted;
      const chatRequest = page.waitForRequest((request) => new URL(request.url()).pathname === endpoint);
      await page.fill('#prompt', prompt);
      await page.click('#send');
      const chatResponse = await (await chatRequest).response();
      await page.waitForFunction((text) => document.querySelector('#answer')?.textContent?.includes(text) === true, expected, { timeout: 20_000 });
      // The mock counts its stream completed before it ends it, and the relay's answer ends after it: once the
      // browser has the whole answer, the count is in, however long a loaded machine took to get there.
      await chatResponse?.finished();
      expect(mock.stats().streamsCompleted).toBe(completed + 1);
      expect(await page.textContent('#stats')).toMatch(/^First token after \d+ ms/);
      expectNoReports(reports);
      await page.close();
    });
  }

  test('an injected inline handler is blocked, and the listeners above report it', async () => {
    const { page, reports } = await openPage('/');
    expectNoReports(reports);
    // What an XSS would inject: markup with an inline event handler. Without the nonce it must not run.
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img src="/no-such-image.png" onerror="window.injected = true">'));
    // Both reports of the blocked handler, or the handler run (which the next line refuses): no time limit but the
    // test's, where a 3 s one could run out on a loaded machine before the image's 404 came back.
    // Page.close() below ends this wait, which the race has settled by then.
    const handlerRan = page.waitForFunction(() => (window as unknown as { injected?: boolean }).injected === true, undefined, { timeout: 0 });
    await Promise.race([Promise.all([reports.violated, reports.consoleReported]), handlerRan]);
    expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
    expect(reports.violations[0]).toMatch(/^script-src-attr blocked inline/);
    await page.close();
  });
});
