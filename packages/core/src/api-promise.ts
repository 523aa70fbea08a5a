import { requestIdFrom } from './request-id.js';
import { Stream } from './stream.js';
import { handOverToRawResponse } from './hand-over-to-raw-response.js';

/** What `.withResponse()` gives: the parsed result, the raw response, and Groq's request id. */
export interface WithResponse<T> {
  /** The parsed result, the same value awaiting the promise gives (e.g. a {@link Stream} or a whole completion). */
  data: T;
  /**
   * The raw response: status and headers (e.g. `x-ratelimit-*`). For a whole completion its body is still
   * there to read (a copy); for a stream, the stream reads it.
   */
  response: Response;
  /** `x-request-id` of the response, when the server sent one. */
  requestId: string | undefined;
}

/**
 * The promise `create()` returns: await it for the result, or call `.withResponse()` to also get the raw
 * `Response` (status, rate-limit headers) and the request id.
 */
export class APIPromise<T> extends Promise<T> {
  private parsed: Promise<T> | undefined;

  /**
   * Wraps a pending request; `create()` makes these, so apps rarely call it.
   *
   * @param responsePromise - Settles with the parsed result and its response, or rejects with the request's error.
   */
  constructor(private readonly responsePromise: Promise<{ data: T; response: Response }>) {
    // The base promise is never used: then/catch/finally are routed to the real result below.
    super((resolve) => resolve(undefined as T));
  }

  /**
   * `Promise`: promises derived with `then`, `catch` and `finally` are plain promises, not APIPromises
   * without a request behind them.
   */
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  /** The result together with the raw `Response` and the request id. */
  withResponse(): Promise<WithResponse<T>> {
    return this.responsePromise.then(({ data, response }) => ({
      data,
      response,
      requestId: requestIdFrom(response.headers),
    }));
  }

  /**
   * The raw `Response` only, its body unread: `await (await promise.asResponse()).json()` works as in
   * groq-sdk. A streamed call still creates its {@link Stream}, which reads nothing until iterated.
   */
  asResponse(): Promise<Response> {
    return this.responsePromise.then(({ data, response }) => (data instanceof Stream ? handOverToRawResponse(data, response) : response));
  }

  override then<TResult1 = T, TResult2 = never>(
    onfulfilled?: ((value: T) => TResult1 | PromiseLike<TResult1>) | null,
    // `any`, as in `Promise` and groq-sdk: `.catch((error) => error.status)` compiles as it did.
    onrejected?: ((reason: any) => TResult2 | PromiseLike<TResult2>) | null,
  ): Promise<TResult1 | TResult2> {
    return this.result().then(onfulfilled, onrejected);
  }

  override catch<TResult = never>(onrejected?: ((reason: any) => TResult | PromiseLike<TResult>) | null): Promise<T | TResult> {
    return this.result().catch(onrejected);
  }

  override finally(onfinally?: (() => void) | null): Promise<T> {
    return this.result().finally(onfinally);
  }

  private result(): Promise<T> {
    return (this.parsed ??= this.responsePromise.then(({ data }) => data));
  }
}
