import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMockGroqServer, generateAnswerTokens, type MockGroqServer } from '@groq-stream/mock-server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSteppingProxy, type SteppingProxy } from './create-stepping-proxy';
import { launchChromium, type TestBrowser } from './launch-chromium';
import { startExpressApp, startNextApp, type TestServer } from './start-server';
import { eventually as eventuallyWithin } from '@groq-stream/core/test';

// The chat pages in a real browser (Debian's Chromium), served by `next start` of the built app and by the
// Express demo's built server, both talking to mock Groq servers this test controls. The pages share their
// element ids (#prompt, #send, #stop, #answer, #error, #stats), so the same steps drive both.

const tokens = 60;
const tokensPerSecond = 20;
// The answers that Stop or a closed tab must cut short: 50 s at the same pace, under the relays' limit of 1024
// tokens. With the 3 s answer, the chain from the click to the mock's abort (the page, Chromium, the relay's
// process, the mock) had to win a race against the mock's own timers, which a loaded machine could lose.
const cutShortTokens = 1000;
const screenshots = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');

/** The answer the mock gives to `prompt` with `tokens` tokens. */
const expectedAnswer = (prompt: string): string => generateAnswerTokens(prompt, tokens).join('');
/** The answer `cutShortMock` gives to `prompt`. */
const expectedCutShortAnswer = (prompt: string): string => generateAnswerTokens(prompt, cutShortTokens).join('');

let browser: TestBrowser;
let mock: MockGroqServer;
// In front of `mock` for the relays of the streaming pages: passes everything through, except an answer a
// test holds to let it out token by token.
let proxy: SteppingProxy;
let cutShortMock: MockGroqServer;
let rateLimitedMock: MockGroqServer;

beforeAll(async () => {
  // First, so a missing Chromium fails the run at once with a clear message.
  browser = await launchChromium();
  mock = await createMockGroqServer({ tokensPerSecond, tokens, ttftMs: 200 });
  proxy = await createSteppingProxy(mock.url);
  cutShortMock = await createMockGroqServer({ tokensPerSecond, tokens: cutShortTokens, ttftMs: 200 });
  rateLimitedMock = await createMockGroqServer({ scenario: 'rate-limit' });
  await mkdir(screenshots, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await mock?.close();
  await cutShortMock?.close();
  await rateLimitedMock?.close();
});

/** A fresh tab that records uncaught page errors, and errors in the console (a failed load included). */
async function openPage(url: string): Promise<{ page: Page; pageErrors: string[]; consoleErrors: string[] }> {
  const page = await browser.context.newPage();
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  await page.goto(url);
  await page.waitForSelector('#prompt:not([disabled])');
  return { page, pageErrors, consoleErrors };
}

async function ask(page: Page, prompt: string): Promise<void> {
  await page.fill('#prompt', prompt);
  await page.click('#send');
}

const answerLength = (page: Page): Promise<number> => page.evaluate(() => document.querySelector('#answer')?.textContent?.length ?? 0);

/** Waits until `#answer` holds the whole answer. */
async function waitForAnswer(page: Page, expected: string): Promise<void> {
  await page.waitForFunction((text) => document.querySelector('#answer')?.textContent?.includes(text) === true, expected.trim(), { timeout: 20_000 });
}

/** Waits for `check` (5 s at most, a hang check), looking every 20 ms. */
const eventually = (check: () => boolean, timeoutMs = 5000): Promise<void> => eventuallyWithin(check, timeoutMs, 20);

/**
 * Resolves with Chromium's error text once the page's chat request fails in the browser, as an aborted fetch
 * does (`net::ERR_ABORTED`); wait on it from before the click that should abort it. After it, no byte of that
 * answer can reach the page's script any more.
 */
function chatRequestFailure(page: Page): Promise<string> {
  return page
    .waitForEvent('requestfailed', (request) => request.method() === 'POST' && new URL(request.url()).pathname.startsWith('/api/chat'))
    .then((request) => request.failure()?.errorText ?? '');
}

/** Resolves after the page has drawn two more frames: whatever render it had scheduled before has run. */
const twoFrames = (page: Page): Promise<void> =>
  page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));

/**
 * The steps every page must pass: the answer grows token by token, and Stop halts it and the upstream.
 * `cutShortURL` is the same page with a relay on `cutShortMock`, for the answers that Stop or a closed tab cut short.
 */
function streamingTests(name: string, pageURL: () => string, options: { endpoint?: string; screenshot: string; cutShortURL: () => string }): void {
  test(`${name}: the answer grows token by token`, async () => {
    const { page, pageErrors, consoleErrors } = await openPage(pageURL());
    const prompt = `Explain streaming (${options.screenshot})`;
    const expected = expectedAnswer(prompt);
    const started = mock.stats();
    const chatRequest = options.endpoint === undefined ? undefined : page.waitForRequest((request) => new URL(request.url()).pathname === options.endpoint);
    // The answer's events leave the proxy one at a time, each once the page shows the token before it: a page
    // that renders only at the end (or a relay that buffers) never shows the first, and the test times out.
    // However slow the machine, no two tokens can reach the page together, where lengths sampled every 50 ms
    // during a 3 s answer merged when the page or Chromium stalled.
    const held = proxy.holdNext();
    const answerTokens = generateAnswerTokens(prompt, tokens);
    const lengths = [await answerLength(page)];
    await ask(page, prompt);
    await chatRequest;
    held.step(); // the role chunk
    for (let shown = 1; shown <= 15; shown++) {
      held.step();
      const prefix = answerTokens.slice(0, shown).join('').trim();
      await page.waitForFunction((text) => document.querySelector('#answer')?.textContent?.includes(text) === true, prefix, { timeout: 0 });
      lengths.push(await answerLength(page));
    }
    held.releaseAll();
    await waitForAnswer(page, expected);
    lengths.push(await answerLength(page));

    // Lengths strictly between the empty answer (or just its label) and the whole answer.
    const [empty, final] = [Math.min(...lengths), Math.max(...lengths)];
    expect(final).toBeGreaterThanOrEqual(expected.trim().length);
    const intermediate = new Set(lengths.filter((length) => length > empty && length < final));
    // Fifteen tokens shown one by one (none of them blank in these answers): fifteen lengths on the way.
    expect(intermediate.size, `answer lengths seen: ${lengths.join(',')}`).toBeGreaterThanOrEqual(15);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    // The last chunk (usage, finish_reason) and [DONE] follow the last token.
    await eventually(() => mock.stats().streamsCompleted === started.streamsCompleted + 1);
    expect(await page.textContent('#stats')).not.toBe('');
    expect(pageErrors).toEqual([]);
    // Nothing the page loads fails either: a browser asks for /favicon.ico unless the page names an icon.
    expect(consoleErrors).toEqual([]);
    await page.screenshot({ path: path.join(screenshots, `${options.screenshot}.png`), fullPage: true });
    await page.close();
  });

  test(`${name}: Stop halts the answer and aborts the upstream stream`, async () => {
    const { page, pageErrors } = await openPage(options.cutShortURL());
    const prompt = `Tell me a long story (${options.screenshot})`;
    const before = cutShortMock.stats();
    await ask(page, prompt);
    await page.waitForFunction(() => (document.querySelector('#answer')?.textContent?.length ?? 0) > 30);
    // Tokens are arriving: the status line no longer says it waits for the first one.
    expect(await page.textContent('#stats')).not.toMatch(/Waiting for the first token/);
    const requestFailure = chatRequestFailure(page);
    await page.click('#stop');
    // The upstream's abort follows from the click (page, then relay, then mock), so once it is counted the page
    // has handled the click, however loaded the machine; a fixed wait alone could end before that. One token
    // may still have been on its way: once the page has ended its stream (Stop disabled), it has shown it, and
    // nothing more may arrive. Rather than watch for a while (a fixed wait, long on a quiet machine and maybe
    // too short on a busy one), wait for the events after which nothing more can come: the browser has cut
    // the request off, and the page has drawn what it had.
    await eventually(() => cutShortMock.stats().streamsAborted === before.streamsAborted + 1);
    await page.waitForSelector('#stop[disabled]');
    const stoppedAt = await answerLength(page);
    expect(await requestFailure).toMatch(/ERR_ABORTED/);
    await twoFrames(page);
    expect(await answerLength(page)).toBe(stoppedAt);
    expect(stoppedAt).toBeLessThan(expectedCutShortAnswer(prompt).trim().length);
    await eventually(() => cutShortMock.stats().streamsAborted === before.streamsAborted + 1);
    expect(cutShortMock.stats().streamsCompleted).toBe(before.streamsCompleted);
    expect(await page.isVisible('#error')).toBe(false);
    // Both pages say so in the same words, before the figures.
    expect(await page.textContent('#stats')).toMatch(/^Stopped\. First token after \d+ ms · /);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  test(`${name}: a prompt of invisible characters only is not sent, as an empty one is not`, async () => {
    const { page, pageErrors } = await openPage(pageURL());
    const posted: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname.startsWith('/api/chat')) posted.push(request.postData() ?? '');
    });
    // The relays refuse it as blank (400); the page must not send what it would only see refused.
    await page.fill('#prompt', '\u200b\u2060 \ufeff\u200d');
    await page.press('#prompt', 'Enter');
    const prompt = `Then something visible (${options.screenshot})`;
    await ask(page, prompt);
    await waitForAnswer(page, expectedAnswer(prompt));
    expect(posted.map((body) => (JSON.parse(body) as { messages: unknown }).messages)).toEqual([[{ role: 'user', content: prompt }]]);
    expect(await page.isVisible('#error')).toBe(false);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  test(`${name}: two Enters in one task send the question once, and Stop leaves no stream running`, async () => {
    const { page, pageErrors } = await openPage(options.cutShortURL());
    const prompt = `Say it once (${options.screenshot})`;
    const before = cutShortMock.stats();
    const posts: (string | null)[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request.postData());
    });
    await page.fill('#prompt', prompt);
    // Both keydowns run before the page can render (or run any microtask) in between: a guard that the next
    // render sets lets the second one send the same question again.
    await page.evaluate(() => {
      const field = document.querySelector('#prompt');
      for (let i = 0; i < 2; i++) field?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => (document.querySelector('#answer')?.textContent?.length ?? 0) > 30);
    // Soft, so that a second request also shows what Stop then leaves running.
    expect.soft(posts, 'POSTs the page sent').toHaveLength(1);
    expect.soft(posts[0]).toContain('Say it once');
    expect.soft(cutShortMock.stats().streamsStarted, 'upstream streams started').toBe(before.streamsStarted + 1);
    expect.soft(await page.locator('.message.user').count()).toBe(1);
    expect.soft(await page.locator('.message.assistant').count()).toBe(1);

    const requestFailure = chatRequestFailure(page);
    await page.click('#stop');
    // Once the upstream's abort is counted the page has handled the click (the abort follows from it), however
    // loaded the machine. One token may still have been on its way: once the page has ended its stream (Stop
    // disabled), it has shown it, and nothing more may arrive, from any stream: the browser has cut the
    // request off, and the page has drawn what it had (no fixed wait, as in the test above).
    await eventually(() => cutShortMock.stats().streamsAborted >= before.streamsAborted + 1);
    await page.waitForSelector('#stop[disabled]');
    const stoppedAt = await answerLength(page);
    expect.soft(await requestFailure, 'how the chat request ended').toMatch(/ERR_ABORTED/);
    await twoFrames(page);
    expect.soft(await answerLength(page), 'answer length after Stop').toBe(stoppedAt);
    expect(stoppedAt).toBeLessThan(expectedCutShortAnswer(prompt).trim().length);
    // Every stream that started has ended, by Stop: the 50 s answer could not have completed.
    await eventually(() => cutShortMock.stats().streamsAborted === before.streamsAborted + 1);
    const after = cutShortMock.stats();
    expect(after.streamsAborted - before.streamsAborted + (after.streamsCompleted - before.streamsCompleted), 'streams ended').toBe(after.streamsStarted - before.streamsStarted);
    expect(after.streamsCompleted).toBe(before.streamsCompleted);
    expect(after.streamsStarted).toBe(before.streamsStarted + 1);
    expect(posts).toHaveLength(1);
    expect(await page.isVisible('#error')).toBe(false);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  test(`${name}: closing the tab mid-answer aborts the upstream stream`, async () => {
    const { page } = await openPage(options.cutShortURL());
    const before = cutShortMock.stats();
    await ask(page, `Tell me a long story, then leave (${options.screenshot})`);
    await page.waitForFunction(() => (document.querySelector('#answer')?.textContent?.length ?? 0) > 30);
    // No Stop, no script: the browser just drops the connection, as when a person closes the tab.
    await page.close();
    // The relay notices the closed connection and aborts its upstream request: the mock counts an abort,
    // long before the 50 s answer could have completed.
    await eventually(() => cutShortMock.stats().streamsAborted === before.streamsAborted + 1);
    expect(cutShortMock.stats().streamsCompleted).toBe(before.streamsCompleted);
    expect(cutShortMock.stats().streamsStarted).toBe(before.streamsStarted + 1);
  });

  test(`${name}: going to another page mid-answer, or back, aborts the upstream stream`, async () => {
    // Not the same as a closed tab: a page left for another may be kept whole for the Back button (Chromium's
    // back/forward cache), with its fetch and the relay's stream to Groq open, if it keeps pages with requests
    // in flight. A page's own cleanup (an unmount) does not run then either.
    const { page, pageErrors } = await openPage(options.cutShortURL());
    for (const leave of ['another site', 'Back'] as const) {
      if (leave === 'Back') {
        await page.goto(options.cutShortURL());
        await page.waitForSelector('#prompt:not([disabled])');
      }
      const before = cutShortMock.stats();
      await ask(page, `Tell me a long story, then go to ${leave} (${options.screenshot})`);
      await page.waitForFunction(() => (document.querySelector('#answer')?.textContent?.length ?? 0) > 30);
      if (leave === 'Back') await page.goBack();
      else await page.goto('data:text/html,<title>Elsewhere</title>');
      await eventually(() => cutShortMock.stats().streamsAborted === before.streamsAborted + 1);
      expect(cutShortMock.stats().streamsCompleted).toBe(before.streamsCompleted);
    }
    expect(pageErrors).toEqual([]);
    await page.close();
  });
}

/**
 * A message too long to send even alone (its body is over the relay's 64 KiB) is not sent: the page says so
 * with its size and the limit, and keeps it in the prompt and the conversation as it was. Sent anyway,
 * fitConversation would drop every earlier turn to make room, and the relay would answer 413 once the whole
 * body was uploaded.
 */
function tooLongMessageTest(name: string, pageURL: () => string): void {
  test(`${name}: a message too long to send alone is not sent, and nothing is lost`, async () => {
    const { page, pageErrors } = await openPage(pageURL());
    const posts: (string | null)[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request.postData());
    });
    const first = `A normal question (${name})`;
    const before = mock.stats();
    await ask(page, first);
    await waitForAnswer(page, expectedAnswer(first));
    await eventually(() => mock.stats().streamsCompleted === before.streamsCompleted + 1);
    await page.waitForSelector('#stop[disabled]');
    const requestsBefore = mock.requests().length;

    // 70,000 characters: a body of 70,044 bytes, over 64 KiB.
    const long = 'y'.repeat(70_000);
    await ask(page, long);
    await page.waitForSelector('#error:not([hidden])');
    // Soft, so that a failure lists everything the page got wrong.
    expect.soft(await page.textContent('#error')).toBe('Your message is 69 KB; the limit is 64 KB. Shorten it and send again.');
    expect.soft(posts, 'POSTs the page sent').toHaveLength(1);
    expect.soft(mock.requests()).toHaveLength(requestsBefore);
    // The prompt keeps the text, and the conversation is the first turn, as it was.
    expect.soft(await page.inputValue('#prompt')).toBe(long);
    expect.soft(await page.locator('.message').count()).toBe(2);
    expect.soft(await page.textContent('.message.user')).toContain(first);
    expect.soft(await page.textContent('#answer')).toContain(expectedAnswer(first).trim());
    expect.soft(await page.textContent('#stats')).not.toMatch(/Earlier turns were left out/);

    // A shorter message goes with the whole conversation.
    const second = 'A shorter one';
    await ask(page, second);
    await waitForAnswer(page, expectedAnswer(second));
    expect(await page.isVisible('#error')).toBe(false);
    expect(posts).toHaveLength(2);
    const sent = (mock.requests().at(-1)?.body as { messages: { role: string; content: string }[] }).messages;
    expect(sent.filter((message) => message.role !== 'system')).toEqual([
      { role: 'user', content: first },
      { role: 'assistant', content: expectedAnswer(first) },
      { role: 'user', content: second },
    ]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
}

/**
 * Each message, and the prompt, takes its direction from its own text (`dir="auto"`): an Arabic or Hebrew
 * question reads right to left, its final question mark at its left end, while the page stays left to right.
 */
function rightToLeftTest(name: string, pageURL: () => string): void {
  test(`${name}: a right-to-left message reads right to left`, async () => {
    const { page, pageErrors } = await openPage(pageURL());
    const prompt = 'مرحبا، كيف حالك؟';
    await page.fill('#prompt', prompt);
    const direction = (selector: string): Promise<string> => page.evaluate((found) => getComputedStyle(document.querySelector(found) as Element).direction, selector);
    expect.soft(await direction('#prompt'), 'the prompt').toBe('rtl');
    await page.click('#send');
    await waitForAnswer(page, expectedAnswer(prompt));
    expect.soft(await direction('.message.user'), 'the question').toBe('rtl');
    // The answer starts with Latin text ("You asked: …"), so it stays left to right.
    expect.soft(await direction('#answer'), 'the answer').toBe('ltr');
    expect(await direction('body')).toBe('ltr');
    expect(pageErrors).toEqual([]);
    await page.close();
  });
}

/**
 * A conversation the relay would refuse whole goes on with its latest turns, and the page says that earlier
 * turns were left out: the answer comes without them.
 */
function longConversationTest(name: string, pageURL: () => string): void {
  test(`${name}: a conversation longer than the relay takes goes on: the page sends its latest turns, and says so`, async () => {
    const { page, pageErrors } = await openPage(pageURL());
    const long = (label: string) => `${label} ${'x'.repeat(40_000)}`;
    await ask(page, long('first'));
    await waitForAnswer(page, expectedAnswer(long('first')));
    const before = mock.requests().length;
    // Both turns are over the relay's 64 KiB together; before, every later send got a 413.
    await ask(page, long('second'));
    await waitForAnswer(page, expectedAnswer(long('second')));
    // Said once the answer is complete, with its figures.
    await page.waitForFunction(() => /Earlier turns were left out/.test(document.querySelector('#stats')?.textContent ?? ''));
    expect(await page.isVisible('#error')).toBe(false);
    // The relay's system prompt, then the latest turn only.
    const sent = (mock.requests()[before]?.body as { messages: { role: string; content: string }[] }).messages;
    expect(sent.filter((message) => message.role !== 'system').map((message) => message.content.slice(0, 6))).toEqual(['second']);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
}

/**
 * Stop pressed while the page still waits for the first token: nothing came, so the question goes back to
 * the prompt, and the page says it was stopped, as after tokens, rather than going blank. Also while the
 * relay still waits for Groq's headers (a queue, retries): fetch then rejects with Stop's own AbortError,
 * which is no failure to show.
 */
function stopBeforeFirstTokenTest(name: string, startApp: (groqBaseURL: string) => Promise<TestServer>): void {
  const waits = [
    { what: 'the first token', options: { ttftMs: 30_000 } },
    { what: "Groq's headers", options: { scenario: 'slow-headers', ttftMs: 30_000 } },
  ] as const;
  for (const { what, options } of waits) {
    describe(`${name}: Stop before ${what}`, () => {
      let slowMock: MockGroqServer;
      let app: TestServer;
      beforeAll(async () => {
        // The first token (or the headers) only after 30 s: Stop comes well before it.
        slowMock = await createMockGroqServer({ ...options, tokens });
        app = await startApp(slowMock.url);
      });
      afterAll(async () => {
        await app?.close();
        await slowMock?.close();
      });

      test('says Stopped and gives the question back', async () => {
        const { page, pageErrors } = await openPage(`${app.url}/`);
        const prompt = 'Wait for it';
        await ask(page, prompt);
        await eventually(() => slowMock.stats().streamsStarted === 1);
        await page.click('#stop');
        await eventually(() => slowMock.stats().streamsAborted === 1);
        await page.waitForSelector('#stop[disabled]');
        expect.soft(await page.textContent('#stats')).toBe('Stopped.');
        expect.soft(await page.inputValue('#prompt')).toBe(prompt);
        expect.soft(await page.isVisible('#error'), await page.textContent('#error') ?? '').toBe(false);
        expect(await page.locator('#answer').count()).toBe(0);
        expect(pageErrors).toEqual([]);
        await page.close();
      });

      test('keeps a draft typed while waiting, rather than putting the question back over it', async () => {
        const { page, pageErrors } = await openPage(`${app.url}/`);
        const before = slowMock.stats().streamsAborted;
        await ask(page, 'Wait for it');
        await page.waitForSelector('#stop:not([disabled])');
        // The prompt stays open while the answer comes: what the person types there next is theirs.
        await page.fill('#prompt', 'My next question');
        await page.click('#stop');
        await eventually(() => slowMock.stats().streamsAborted === before + 1);
        await page.waitForSelector('#stop[disabled]');
        expect.soft(await page.textContent('#stats')).toBe('Stopped.');
        expect(await page.inputValue('#prompt')).toBe('My next question');
        expect(pageErrors).toEqual([]);
        await page.close();
      });
    });
  }
}

/**
 * An answer that ends whole without a word of text (a reasoning model that spent the relay's token limit
 * thinking): the page says so, takes the question back and gives it to the prompt, as when nothing came
 * back; it neither shows an empty answer and sends it back as a turn, nor lets the question vanish unexplained.
 */
function emptyAnswerTest(name: string, startApp: (groqBaseURL: string) => Promise<TestServer>): void {
  describe(`${name}: an answer without text`, () => {
    let emptyMock: MockGroqServer;
    let app: TestServer;
    beforeAll(async () => {
      // Reasoning only, then finish_reason and [DONE]: no content at all.
      emptyMock = await createMockGroqServer({ scenario: 'reasoning', tokens: 0 });
      app = await startApp(emptyMock.url);
    });
    afterAll(async () => {
      await app?.close();
      await emptyMock?.close();
    });

    test('is said in words, and the question is given back', async () => {
      const { page, pageErrors } = await openPage(`${app.url}/`);
      await ask(page, 'Think hard');
      await eventually(() => emptyMock.stats().streamsCompleted === 1);
      await page.waitForSelector('#stop[disabled]');
      await page.waitForSelector('#error:not([hidden])');
      expect.soft(await page.textContent('#error')).toBe('The AI service sent no text in its answer. Please try again.');
      expect.soft(await page.inputValue('#prompt')).toBe('Think hard');
      expect.soft(await page.locator('.message').count()).toBe(0);

      await ask(page, 'Then answer');
      await eventually(() => emptyMock.stats().streamsCompleted === 2);
      const sent = (emptyMock.requests().at(-1)?.body as { messages: { role: string; content: string }[] }).messages;
      expect(sent.filter((message) => message.role !== 'system')).toEqual([{ role: 'user', content: 'Then answer' }]);
      expect(pageErrors).toEqual([]);
      await page.close();
    });
  });
}

/** The figures of a one-token answer read alike on both pages: no rate (one token has none), and "1 token". */
function oneTokenAnswerTest(name: string, startApp: (groqBaseURL: string) => Promise<TestServer>): void {
  describe(`${name}: a one-token answer`, () => {
    let shortMock: MockGroqServer;
    let app: TestServer;
    beforeAll(async () => {
      shortMock = await createMockGroqServer({ tokens: 1 });
      app = await startApp(shortMock.url);
    });
    afterAll(async () => {
      await app?.close();
      await shortMock?.close();
    });

    test('says 1 token, and no rate', async () => {
      const { page, pageErrors } = await openPage(`${app.url}/`);
      await ask(page, 'Yes or no?');
      await eventually(() => shortMock.stats().streamsCompleted === 1);
      await page.waitForSelector('#stop[disabled]');
      expect(await page.textContent('#stats')).toMatch(/^First token after \d+ ms · 1 token$/);
      expect(pageErrors).toEqual([]);
      await page.close();
    });
  });
}

/**
 * An answer that breaks off mid-stream stays in view, marked incomplete, and goes back as context as it showed,
 * as a stopped answer does: what the person read is the conversation their next message answers. The question is
 * given back to the prompt, to send again as it is.
 */
function brokenAnswerTest(name: string, startApp: (groqBaseURL: string) => Promise<TestServer>): void {
  describe(`${name}: an answer that broke off`, () => {
    let brokenMock: MockGroqServer;
    let app: TestServer;
    beforeAll(async () => {
      // The first stream ends in an error event after a few tokens; the next one succeeds.
      brokenMock = await createMockGroqServer({ scenario: 'mid-stream-error', failTimes: 1, tokens, tokensPerSecond: 200 });
      app = await startApp(brokenMock.url);
    });
    afterAll(async () => {
      await app?.close();
      await brokenMock?.close();
    });

    test('is marked, gives the question back, and goes back as context with the next question', async () => {
      const { page, pageErrors } = await openPage(`${app.url}/`);
      const question = 'Will this break?';
      await ask(page, question);
      await page.waitForSelector('#error:not([hidden])');
      expect(await page.textContent('#error')).toMatch(/mid-stream-error/);
      expect(await page.getAttribute('#answer', 'data-incomplete')).toBe('true');
      expect(await page.getAttribute('#answer', 'aria-label')).toBe('Assistant (incomplete)');
      const shown = (await page.textContent('#answer')) ?? '';
      expect(shown.length).toBeGreaterThan(0);
      // Given back to send again as it is: the person need not type it again.
      expect(await page.inputValue('#prompt')).toBe(question);
      expect(await page.isDisabled('#send')).toBe(false);

      await page.click('#send');
      await waitForAnswer(page, expectedAnswer(question));
      // Through the relay, which takes the cut-off text as an assistant turn like any other.
      const sent = (brokenMock.requests().at(-1)?.body as { messages: { role: string; content: string }[] }).messages;
      expect(sent.filter((message) => message.role !== 'system')).toEqual([
        { role: 'user', content: question },
        { role: 'assistant', content: shown },
        { role: 'user', content: question },
      ]);
      // The broken answer is still shown, and the new one is whole.
      expect(await page.locator('.message[data-incomplete="true"]').count()).toBe(1);
      expect(await page.getAttribute('#answer', 'data-incomplete')).toBeNull();
      expect(await page.isVisible('#error')).toBe(false);
      expect(pageErrors).toEqual([]);
      await page.close();
    });
  });
}

describe('Next.js demo in Chromium', () => {
  let next: TestServer;
  let cutShortNext: TestServer;
  let rateLimitedNext: TestServer;

  beforeAll(async () => {
    [next, cutShortNext, rateLimitedNext] = await Promise.all([startNextApp(proxy.url), startNextApp(cutShortMock.url), startNextApp(rateLimitedMock.url)]);
  });
  afterAll(async () => {
    await next?.close();
    await cutShortNext?.close();
    await rateLimitedNext?.close();
  });

  streamingTests('Node.js route', () => `${next.url}/`, { endpoint: '/api/chat', screenshot: 'next-nodejs', cutShortURL: () => `${cutShortNext.url}/` });
  streamingTests('edge route', () => `${next.url}/?runtime=edge`, {
    endpoint: '/api/chat/edge',
    screenshot: 'next-edge',
    cutShortURL: () => `${cutShortNext.url}/?runtime=edge`,
  });
  tooLongMessageTest('Node.js route', () => `${next.url}/`);
  longConversationTest('Node.js route', () => `${next.url}/`);
  rightToLeftTest('Next.js', () => `${next.url}/`);
  tooLongMessageTest('edge route', () => `${next.url}/?runtime=edge`);
  brokenAnswerTest('Next.js', startNextApp);
  emptyAnswerTest('Next.js', startNextApp);
  oneTokenAnswerTest('Next.js', startNextApp);
  stopBeforeFirstTokenTest('Next.js', startNextApp);

  test('keeps the conversation, sends with Enter, and can switch runtime', async () => {
    const { page, pageErrors } = await openPage(`${next.url}/`);
    // The input is labelled, and the conversation is a live region.
    expect(await page.getAttribute('#prompt', 'id')).toBe(await page.getByLabel('Your message').getAttribute('id'));
    expect(await page.getAttribute('[role="log"]', 'aria-live')).toBe('polite');

    const first = 'Hi';
    await page.fill('#prompt', first);
    await page.press('#prompt', 'Enter');
    await waitForAnswer(page, expectedAnswer(first));
    expect(await page.textContent('#stats')).toMatch(/^First token after \d+ ms · \d+\.\d tokens\/s · 60 tokens$/);

    await page.check('#runtime-edge');
    expect(new URL(page.url()).searchParams.get('runtime')).toBe('edge');
    const second = 'And then?';
    const edgeRequest = page.waitForRequest((request) => new URL(request.url()).pathname === '/api/chat/edge');
    await page.fill('#prompt', second);
    await page.press('#prompt', 'Enter');
    await edgeRequest;
    await waitForAnswer(page, expectedAnswer(second));

    const sent = mock.requests().at(-1)?.body as { messages: { role: string; content: string }[] };
    expect(sent.messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(sent.messages[2]?.content).toBe(expectedAnswer(first));
    expect(await page.locator('.message').count()).toBe(4);
    expect(pageErrors).toEqual([]);
    await page.screenshot({ path: path.join(screenshots, 'next-conversation.png'), fullPage: true });
    await page.close();
  });

  for (const runtime of ['nodejs', 'edge'] as const) {
    test(`a rate limit is shown in words a person understands (${runtime} route)`, async () => {
      const { page, pageErrors } = await openPage(`${rateLimitedNext.url}/?runtime=${runtime}`);
      const prompt = 'Are you busy?';
      await ask(page, prompt);
      await page.waitForSelector('#error:not([hidden])');
      expect(await page.textContent('#error')).toBe('Too many requests: the AI service is busy right now. Please wait 1 second and try again.');
      // Nothing came back, so the prompt is given back to send again.
      expect(await page.inputValue('#prompt')).toBe(prompt);
      expect(await page.locator('#answer').count()).toBe(0);
      expect(pageErrors).toEqual([]);
      await page.screenshot({ path: path.join(screenshots, `next-rate-limit-${runtime}.png`), fullPage: true });
      await page.close();
    });
  }
});

describe('Express demo in Chromium', () => {
  let express: TestServer;
  let rateLimitedExpress: TestServer;
  let longAnswerMock: MockGroqServer;
  let longAnswerExpress: TestServer;
  let cutShortExpress: TestServer;

  beforeAll(async () => {
    // Answers longer than the demo relay's limit of 1024 tokens.
    longAnswerMock = await createMockGroqServer({ tokens: 1100 });
    [express, rateLimitedExpress, longAnswerExpress, cutShortExpress] = await Promise.all([
      startExpressApp(proxy.url),
      startExpressApp(rateLimitedMock.url),
      startExpressApp(longAnswerMock.url),
      startExpressApp(cutShortMock.url),
    ]);
  });
  afterAll(async () => {
    await express?.close();
    await rateLimitedExpress?.close();
    await longAnswerExpress?.close();
    await cutShortExpress?.close();
    await longAnswerMock?.close();
  });

  streamingTests('Express', () => `${express.url}/`, { screenshot: 'express', cutShortURL: () => `${cutShortExpress.url}/` });
  tooLongMessageTest('Express', () => `${express.url}/`);
  longConversationTest('Express', () => `${express.url}/`);
  rightToLeftTest('Express', () => `${express.url}/`);
  brokenAnswerTest('Express', startExpressApp);
  emptyAnswerTest('Express', startExpressApp);
  oneTokenAnswerTest('Express', startExpressApp);
  stopBeforeFirstTokenTest('Express', startExpressApp);

  test('an answer cut at the relay’s token limit says so', async () => {
    const { page, pageErrors } = await openPage(`${longAnswerExpress.url}/`);
    await ask(page, 'Tell me everything');
    await page.waitForFunction(() => /cut short at the length limit/.test(document.querySelector('#stats')?.textContent ?? ''), undefined, { timeout: 15_000 });
    expect(await page.textContent('#stats')).toMatch(/ · 1024 tokens · cut short at the length limit$/);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  test('a rate limit is shown on the Express page', async () => {
    const { page } = await openPage(`${rateLimitedExpress.url}/`);
    await ask(page, 'Are you busy?');
    await page.waitForFunction(() => {
      const error = document.querySelector<HTMLElement>('#error');
      return error !== null && !error.hidden && (error.textContent ?? '').trim() !== '';
    }, undefined, { timeout: 15_000 });
    // The Next.js page's words (e2e/both-pages-agree.test.ts has the other refusals).
    expect(await page.textContent('#error')).toBe('Too many requests: the AI service is busy right now. Please wait 1 second and try again.');
    await page.screenshot({ path: path.join(screenshots, 'express-rate-limit.png'), fullPage: true });
    await page.close();
  });
});
