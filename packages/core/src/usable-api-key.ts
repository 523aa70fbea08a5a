import { checkedApiKey } from './checked-api-key.js';
import { describeKind } from './describe-kind.js';
import { GroqError } from './errors/groq-error.js';
import { isBrowser } from './is-browser.js';

const relayAdvice =
  'Keep the key on your server and relay the stream to the browser: createChatRouteHandler (@groq-stream/web) or createChatStreamMiddleware (@groq-stream/node) on the server, Stream.fromSSEResponse(await fetch("/api/chat", ...)) in the browser.';

/**
 * The client's key as it will be sent ({@link checkedApiKey}), refusing a missing one and, in a browser, any
 * key unless `dangerouslyAllowBrowser` is `true`.
 *
 * @throws {@link GroqError} naming what to do instead; never quoting the key.
 */
export function usableApiKey(apiKey: unknown, dangerouslyAllowBrowser: unknown): string {
  const key = checkedApiKey(apiKey);
  // Read as a flag: a string such as 'false' or 'no' would be truthy and allow what it means to refuse.
  if (dangerouslyAllowBrowser !== undefined && dangerouslyAllowBrowser !== null && typeof dangerouslyAllowBrowser !== 'boolean') {
    throw new GroqError(`dangerouslyAllowBrowser must be true or false, got ${describeKind(dangerouslyAllowBrowser)}.`);
  }
  if (key === undefined) {
    // In a page, there is no environment to read, and a key is the wrong answer anyway.
    throw new GroqError('No Groq API key was given.', {
      hint: isBrowser() && !dangerouslyAllowBrowser
        ? `A browser should not hold one. ${relayAdvice}`
        : // The mock wants a key too (any will do, unless it was started with --api-key): advice to point baseURL at it alone left a reader who had
          // done just that with the same error. Written without an `apiKey: '...'` pair, which messages redact.
          'Pass `new Groq({ apiKey })` or set the GROQ_API_KEY environment variable (create a key at https://console.groq.com/keys). To try things without a real key, start the mock server (npx -p @groq-stream/mock-server groq-stream-mock --port 0), then give its URL as baseURL and any word as the key (a mock started with --api-key wants one of the keys it was given).',
    });
  }
  if (isBrowser() && !dangerouslyAllowBrowser) {
    throw new GroqError('Refusing to send a Groq API key from a browser, where anyone who opens the page can read it.', {
      hint: `${relayAdvice} If you understand the risk (a key the user supplies themselves), pass dangerouslyAllowBrowser: true.`,
    });
  }
  return key;
}
