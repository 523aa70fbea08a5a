import { asSentence } from './as-sentence.js';
import { connectionAdvice } from './errors/api-connection-error.js';
import { timeoutAdvice } from './errors/api-connection-timeout-error.js';
import { browserConnectionAdvice, isBrowserFetchFailure } from './browser-fetch-failure.js';
import { describeCause } from './describe-cause.js';
import { cutShort } from './excerpt.js';
import { describeNotHTTPAnswer, isNotHTTPAnswer, notHTTPAnswerAdvice } from './not-http-answer.js';
import { proxyRefusalAdvice } from './proxy-refusal.js';

/**
 * A failure in words: what happened as the error's message says it (a sentence); the same, shorter, for the
 * log line of a retry (`no response (fetch failed: ...)`); and what to do, a sentence, to which the caller adds
 * whether it retried. A list rather than an object: it goes to every browser, where its field names would not
 * be minified.
 */
export type ConnectionFailureWords = [message: string, short: string, advice: string];

/**
 * An attempt that got no response, worded once for the error that `sendRequest` throws when no retry is left
 * and for the log line of a retry: both come from one reading of `cause` and the same details, so that the log
 * and the error cannot name different failures or quote different causes.
 *
 * @param cause - The runtime's error (fetch's rejection).
 * @param timedOutAfter - The attempt's timeout, in milliseconds, when it fired: no response headers came in time.
 * @param refused - The status with which a proxy refused to open the tunnel (see `proxyRefusalStatus`), if it did.
 * @param finalRefusal - `refused` is one that a retry would meet again, so the request is not retried.
 * @param host - The host the tunnel was for: the redirect's, when one led there.
 */
export function connectionFailure(
  cause: unknown,
  timedOutAfter: number | undefined,
  refused: number | undefined,
  finalRefusal: boolean,
  host: string,
): ConnectionFailureWords {
  if (timedOutAfter !== undefined) {
    return [`Request timed out after ${timedOutAfter} ms waiting for the response headers.`, `no response headers within ${timedOutAfter} ms`, timeoutAdvice];
  }
  if (refused !== undefined) {
    // The host is a redirect's after one, and a URL's host may be of any length: cut short, as a location is.
    return [`The proxy ${finalRefusal ? 'refused' : 'failed'} to open a tunnel to ${cutShort(host)}: it answered CONNECT with ${refused}.`, `the proxy answered CONNECT with ${refused}`, `${proxyRefusalAdvice(refused)}.`];
  }
  if (isNotHTTPAnswer(cause)) {
    const detail = describeNotHTTPAnswer(cause);
    return [asSentence(`The server's answer was not valid HTTP: ${detail}`), `an answer that is not valid HTTP (${detail})`, `${notHTTPAnswerAdvice}.`];
  }
  const detail = describeCause(cause);
  // A browser names no reason, and HTTPS_PROXY means nothing there; CORS is what a page most often meets. The
  // cause may end as a question (Bun's `Is the computer able to access the url?`): no full stop after it then.
  return [asSentence(`The request got no response: ${detail}`), `no response (${detail})`, `${isBrowserFetchFailure(cause) ? browserConnectionAdvice : connectionAdvice}.`];
}
