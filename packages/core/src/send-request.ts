import { markDescribedBody } from './described-body.js';
import { APIConnectionError } from './errors/api-connection-error.js';
import type { LogLine } from './logger.js';
import { APIConnectionTimeoutError } from './errors/api-connection-timeout-error.js';
import { APIError } from './errors/api-error.js';
import { serverFaultAdvice } from './errors/internal-server-error.js';
import { createAPIError, statusAdvice } from './errors/create-api-error.js';
import { connectionFailure } from './connection-failure.js';
import { isConnectTimeout } from './is-connect-timeout.js';
import { credentialsDroppedAt, fetchWithSafeRedirects, isRedirectFailure, quotedPlace, redirectFailureAdvice, redirectStatuses } from './fetch-with-safe-redirects.js';
import { onAbort } from './on-abort.js';
import { proxyRefusalStatus } from './proxy-refusal.js';
import { GroqError, type ErrorRequestContext } from './errors/groq-error.js';
import { brokenBodyNote, describeBody, isEventStreamContentType, isJSONContentType, maxParsedErrorBodyBytes, readBodyText, tryParseJSON, type BodyText } from './read-response-body.js';
import { undecodedBodyNote } from './compressed-body-hint.js';
import { stillEncodedNote } from './still-encoded-note.js';
import { errorEventBody } from './error-event-body.js';
import { requestAbortedError } from './request-aborted-error.js';
import { isRetriedStatus, longServerWait, maxServerRetryDelayMs, retryDelayFor, retryDelayMs, serverWait, shouldRetry } from './retry-policy.js';
import { proxyRefuses, redirectsNowhere, retriesNote, serverSaidNo, waitTooLong, type StopReason } from './retries-note.js';
import { sleep } from './sleep.js';
import { requestIdFrom } from './request-id.js';
import { connectionHeaders } from './header-entries.js';
import { untilAborted } from './until-aborted.js';

/** One HTTP request, as the client sends it. */
export interface PreparedRequest {
  method: string;
  url: string;
  /** URL path only, for error messages. */
  path: string;
  headers: Headers;
  body?: string | undefined;
  /** Milliseconds to wait for the response headers (and, when not streaming, the body). */
  timeout: number;
  maxRetries: number;
  signal?: AbortSignal | null | undefined;
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  /** More `RequestInit` fields, under the request's own method, headers, body and signal. */
  fetchOptions?: Omit<RequestInit, 'method' | 'headers' | 'body' | 'signal'> | undefined;
  /** Where the attempts, responses and retries are logged. */
  log?: LogLine | undefined;
  /**
   * Advice for a 401 or 403 in place of the key's, when the `Authorization` header did not come from the key:
   * the credential refused is then the header's, not the key.
   */
  credentialHint?: string | undefined;
}

/** A successful response and the controller that aborts its connection. */
export interface SentRequest {
  /** The response, with a 2xx status (other statuses were retried or thrown as an {@link APIError}); its body is unread. */
  response: Response;
  /** Aborts the request and its body. */
  controller: AbortController;
  /** Method, path and request id, for the errors of whoever reads the body. */
  context: ErrorRequestContext;
  /** The request timeout in milliseconds, which bounds the body too until `clearTimeout`: for the error when it fires. */
  timeout: number;
  /** Clears the timeout; call once the body no longer needs bounding (a stream has its own idle limit). */
  clearTimeout: () => void;
  /** Stops forwarding the caller's signal; call once the body is read (a stream keeps it until it ends). */
  detachSignal: () => void;
}

/**
 * Sends a request with retries: connection errors and retryable statuses are retried with backoff up to
 * `maxRetries` times; a user abort stops everything at once, also during the backoff. Errors carry the
 * method, path and request id. The API key lives only in `headers`, which no error ever includes and no
 * redirect carries to another origin.
 */
export async function sendRequest(request: PreparedRequest): Promise<SentRequest> {
  const { method, path, signal } = request;
  // undici's fetch refuses these (node:http sends them, and a body framed twice is refused by the server):
  // they are the connection's to set, and no retry would change that.
  const managed = connectionHeaders.find((name) => request.headers.has(name));
  if (managed !== undefined) {
    throw new GroqError(`The header ${managed} cannot be set: the HTTP connection manages it.`, { method, path, hint: 'Remove it from defaultHeaders and headers.' });
  }
  const log: LogLine = request.log ?? (() => undefined);
  const attempts = request.maxRetries + 1;
  const logRedirect: LogLine = (level, message) => log(level, `${method} ${path}: ${message}`);
  const { origin } = new URL(request.url);
  for (let retriesSoFar = 0; ; retriesSoFar++) {
    if (signal?.aborted) throw requestAbortedError(signal, { method, path });
    const started = Date.now();
    log('debug', `${method} ${path}: sending, attempt ${retriesSoFar + 1} of ${attempts}`);
    const { controller, detachSignal, release, timedOut } = attemptControls(signal, request.timeout);

    // What this attempt sent last: a redirect may change the method and the path, and an error must name
    // the request that failed, not the one that was redirected.
    let where: ErrorRequestContext = { method, path };
    let redirectedTo: URL | undefined;
    // `hopMethod` is `undefined` where the runtime followed the redirect and chose the method itself.
    const onRedirect = (hopMethod: string | undefined, url: URL): void => {
      redirectedTo = url;
      const samePath = url.pathname === path;
      const sameOrigin = url.origin === origin;
      if (hopMethod === method && samePath && sameOrigin) where = { method, path };
      // The same path on another origin (http sent on to https, say): the path alone would not show the redirect.
      else where = { method: hopMethod, path: url.pathname, redirectedFrom: `${method} ${samePath && !sameOrigin ? origin : ''}${path}` };
    };
    let response: Response;
    try {
      response = await untilAborted(
        fetchWithSafeRedirects(
          request.fetch,
          request.url,
          { ...request.fetchOptions, method, headers: request.headers, body: request.body ?? null, signal: controller.signal },
          logRedirect,
          onRedirect,
        ),
        controller.signal,
      );
      // A 2xx that came as the timeout fired (a fetch that ignores its signal has one more turn to answer): its
      // controller is aborted, so its body cannot be read, and a stream of it failed as the caller's abort. It
      // is the timeout it came too late for, retried as such; an error status is still read for what it says.
      if (response.ok && timedOut()) {
        void response.body?.cancel().catch(ignore);
        throw controller.signal.reason;
      }
    } catch (cause) {
      release();
      detachSignal();
      if (signal?.aborted) throw requestAbortedError(signal, where);
      // Ours, already saying what went wrong (the logger failed while a redirect was logged): no network failure.
      if (cause instanceof GroqError) throw cause;
      // The server answered, with redirects that cannot be followed (a loop, an empty location): the same on every try.
      if (isRedirectFailure(cause)) {
        throw new APIConnectionError(cause.cause.message, { ...where, cause, hint: `${redirectFailureAdvice}. ${retriesNote(retriesSoFar, request.maxRetries, redirectsNowhere)}` });
      }
      // The request that failed: a redirect's, when one led there.
      const target = redirectedTo ?? new URL(request.url);
      // undici's fetch never connects to a port on the Fetch standard's list (6000, 5060, 10080, ...): no retry helps.
      if ((cause as { cause?: { message?: unknown } } | null)?.cause?.message === 'bad port') {
        const { port } = target;
        const redirect = redirectedTo === undefined ? '' : `, where the server redirected the request (to ${quotedPlace(redirectedTo)})`;
        throw new APIConnectionError(
          `fetch refuses to connect to port ${port}, one the Fetch standard blocks (bad port)${redirect}.`,
          {
            ...where,
            cause,
            hint: redirectedTo !== undefined
              ? 'Set baseURL to a server that does not redirect there, or pass a fetch that allows the port (createNodeHttpFetch of @groq-stream/node).'
              : 'Run the server on another port, such as 8787, or pass a fetch that allows it (createNodeHttpFetch of @groq-stream/node).',
          },
        );
      }
      const late = timedOut();
      const refused = late ? undefined : proxyRefusalStatus(cause);
      // A proxy that refuses the tunnel (407 for credentials, 403 for a host it does not let through) refuses it
      // again on every try; one that answers 502 or 503 may have failed to reach the host for now, as a server may.
      const finalRefusal = refused !== undefined && !isRetriedStatus(refused);
      // One wording for the error and the retry's log line, so that the two cannot disagree.
      const [message, short, advice] = connectionFailure(cause, late ? request.timeout : undefined, refused, finalRefusal, target.host);
      if (retriesSoFar >= request.maxRetries || finalRefusal) {
        // The classes' own advice says the client retries: here it says whether it did.
        const tries = retriesNote(retriesSoFar, request.maxRetries, finalRefusal ? proxyRefuses : undefined);
        // A connection that timed out before our timeout did is a timeout too, as groq-sdk classes it.
        throw new (late || isConnectTimeout(cause) ? APIConnectionTimeoutError : APIConnectionError)(message, { ...where, cause, hint: `${advice} ${tries}` });
      }
      const delay = retryDelayMs(retriesSoFar);
      log('info', `${method} ${path}: ${short}. Retrying in ${seconds(delay)}, retry ${retriesSoFar + 1} of ${request.maxRetries}.`);
      await sleep(delay, signal, { method, path }, abortedWhileWaiting(delay, short));
      continue;
    }

    const context: ErrorRequestContext = { ...where, requestId: requestIdFrom(response.headers) };
    try {
      log('debug', `${method} ${path}: ${response.status} in ${Date.now() - started} ms${context.requestId === undefined ? '' : `, request ${context.requestId}`}`);
    } catch (error) {
      // The logger failed with the response in hand: let go of it before failing the request.
      release();
      detachSignal();
      controller.abort();
      await response.body?.cancel().catch(ignore);
      throw error;
    }
    if (response.ok) {
      return {
        response,
        controller,
        context,
        timeout: request.timeout,
        clearTimeout: release,
        detachSignal,
      };
    }

    // A wait the server asks for past 60 s is not waited: the error below says how long, for the caller to decide.
    const asked = serverWait(response.headers);
    const longWait = longServerWait(asked);
    if (retriesSoFar < request.maxRetries && shouldRetry(response) && longWait === undefined) {
      release();
      detachSignal();
      // Not awaited: a body whose cancel never settles (a custom fetch's stream) would hold the retry for ever,
      // past the timeout (released above) and past the caller's abort (which only the sleep below listens to).
      void response.body?.cancel().catch(ignore);
      const delay = retryDelayFor(retriesSoFar, asked);
      // The failed attempt's id (already checked to be an id, not a key) is what the server's support can look up.
      const failed = context.requestId === undefined ? '' : `, request ${context.requestId}`;
      log('info', `${method} ${path}: status ${response.status}${failed}. Retrying in ${seconds(delay)}, retry ${retriesSoFar + 1} of ${request.maxRetries}.`);
      await sleep(delay, signal, context, abortedWhileWaiting(delay, `status ${response.status}`));
      continue;
    }
    const read = await readBodyText(response, controller.signal, parsedErrorBodyBytes(response.headers.get('content-type')));
    release();
    detachSignal();
    if (signal?.aborted) throw requestAbortedError(signal, context);
    // A status the client retries (or would have, but for the server's x-should-retry: false): the advice says
    // whether it was retried and how often, rather than the class's "retries it by default" or "retry it"
    // after three tries.
    const { status } = response;
    // What stopped the retries, named only when it is why the client stopped (retriesNote): with retries off or
    // used up, it changed nothing.
    const stopped: StopReason | undefined =
      isRetriedStatus(status) && response.headers.get('x-should-retry') === 'false'
        ? serverSaidNo
        : !shouldRetry(response)
          ? leadsNowhere(response) ? redirectsNowhere : undefined
          : longWait === undefined ? undefined : waitTooLong(longWait, maxServerRetryDelayMs);
    const triesHint = stopped !== undefined || shouldRetry(response) || isRetriedStatus(status) ? retriesNote(retriesSoFar, request.maxRetries, stopped) : undefined;
    const serverFault = status >= 500 && status <= 599;
    const ownAdvice = serverFault ? `${serverFaultAdvice}.` : status === 401 || status === 403 ? credentialHint(response, request) : redirectHint(response);
    // With nothing to add, the advice is left to createAPIError, which reads the body: a 404 whose code is
    // unknown_url is about baseURL, not the model its status's advice would name.
    const advice = ownAdvice ?? (triesHint === undefined ? undefined : statusAdvice(status));
    const hint = triesHint === undefined ? advice : advice === undefined ? triesHint : `${advice} ${triesHint}`;
    throw errorFromResponse(response, read, context, hint);
  }
}

/**
 * One attempt's controller, which the caller's signal and the request timeout abort; made here rather than
 * inline so that the functions a stream keeps for its whole life (`release`, the abort listener on the
 * caller's signal) hold only these few values: inside `sendRequest`, they held its whole scope, the
 * request with its body (the conversation) and headers among it, for as long as the answer streamed.
 */
function attemptControls(
  signal: AbortSignal | null | undefined,
  timeout: number,
): { controller: AbortController; detachSignal: () => void; release: () => void; timedOut: () => boolean } {
  const controller = new AbortController();
  const detachSignal = signal ? onAbort(signal, () => controller.abort(signal.reason)) : ignore;
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeout);
  // The open request keeps Node running, not this timer: `client.request()` callers that never clear it
  // (a body left unread) must not hold the process for `timeout` after their work is done.
  (timer as { unref?: () => void }).unref?.();
  // A stream keeps `release` for its whole life: it must not keep the cleared timer's object with it.
  const release = (): void => {
    clearTimeout(timer);
    timer = undefined;
  };
  return { controller, detachSignal, release, timedOut: () => timedOut };
}

/**
 * An error for a failed response, with the server's message (from a JSON body, or from the error event of a
 * body sent as an event stream), or a description of a body that is neither, or of one that came compressed
 * and could not be decoded. `hint` replaces the status's advice, as in {@link createAPIError}; `notJSONHint`,
 * when given, replaces it for a body that is neither.
 */
export function errorFromResponse(response: Response, read: string | BodyText, context: ErrorRequestContext, hint?: string, notJSONHint = hint): APIError {
  const { text, failure, stopped = false, cutAt } = typeof read === 'string' ? { text: read } : read;
  const contentType = response.headers.get('content-type');
  const body = isJSONContentType(contentType) ? tryParseJSON(text) : isEventStreamContentType(contentType) ? errorEventBody(text) : undefined;
  if (body !== undefined) return createAPIError(response.status, body, response.headers, context, hint);
  const statusText = response.statusText || 'Error';
  const described = (note: string, advice: string | undefined): APIError =>
    markDescribedBody(createAPIError(response.status, { error: { message: `${statusText} (${note})` } }, response.headers, context, advice));
  if (failure !== undefined || stopped) {
    // Not "body (empty)" for a compressed body: what the server sent could not be read, and the status's own
    // advice still holds. Nor only "not a JSON error body" for one sent as it is: the connection broke, or
    // stalled, while the body came.
    const undecoded = undecodedBodyNote(response.headers, failure, stopped);
    return undecoded !== undefined ? described(undecoded, hint) : described(brokenBodyNote(contentType, text, failure, stopped), notJSONHint);
  }
  // A body of a type whose error is parsed, larger than the most read of it: its JSON was cut by the client.
  if (cutAt !== undefined && parsedErrorBodyBytes(contentType) !== undefined) {
    return described(`the error body is larger than ${byteSize(cutAt)}, which the client reads no further; what came: ${describeBody(contentType, text)}`, notJSONHint);
  }
  // An error body the fetch left in a coding it does not decode (Node 20's: zstd, `gzip, identity`): its coding
  // is why no message could be read, and the status's own advice still holds.
  const still = stillEncodedNote(response.headers, text);
  if (still !== undefined) return described(`the error body came ${still}: ${describeBody(contentType, text)}`, hint);
  // Say what came back: a proxy's HTML page, a load balancer's text; the status alone would mislead.
  return described(`not a JSON error body: ${describeBody(contentType, text)}`, notJSONHint);
}

/**
 * How much of an error body to read: a JSON one or an event stream, whose error is parsed, up to
 * `maxParsedErrorBodyBytes` (its `failed_generation` may be 100 KB and more); any other (a proxy's page, only
 * quoted) up to `readBodyText`'s own 64 KiB.
 */
function parsedErrorBodyBytes(contentType: string | null): number | undefined {
  return isJSONContentType(contentType) || isEventStreamContentType(contentType) ? maxParsedErrorBodyBytes : undefined;
}

/**
 * Advice for a 401 or 403: a request redirected to another origin was sent there without its credentials
 * (`http://api.groq.com` sent on to `https://`), so the key is not what to check.
 */
function credentialHint(response: Response, request: PreparedRequest): string | undefined {
  const origin = credentialsDroppedAt(response);
  if (origin === undefined) return request.credentialHint;
  return `The request was redirected to ${origin}, another origin, where the client sends no credentials: set baseURL to ${origin} (https rather than http, say) if that is the server to use.`;
}

/** Advice for a redirect status without a location, which leads nowhere (fetch too hands it on as the answer). */
function redirectHint(response: Response): string | undefined {
  if (!leadsNowhere(response)) return undefined;
  return `The server answered with a redirect (${response.status}) but no location header to follow. ${redirectFailureAdvice}.`;
}

/** Whether `response` is a redirect status without a location, which leads nowhere, the same on every try. */
function leadsNowhere(response: Response): boolean {
  return redirectStatuses.has(response.status) && !response.headers.has('location');
}

/** `4 MiB`, `64 KiB`: a bound of the client's, as the READMEs write it. */
function byteSize(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

/**
 * The message of an abort during the wait before a retry, naming what failed: a deadline (`AbortSignal.timeout`)
 * that fires while a rate limit is waited out is then told from one that fired on a slow answer.
 */
function abortedWhileWaiting(delay: number, failure: string): string {
  return `Request was aborted while waiting ${seconds(delay)} to retry after ${failure}.`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function ignore(): void {}
