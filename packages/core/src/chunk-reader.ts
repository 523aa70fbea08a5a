import { GroqError, type ErrorRequestContext } from './errors/groq-error.js';
import { StreamIdleTimeoutError } from './errors/stream-idle-timeout-error.js';
import { StreamInvalidDataError } from './errors/stream-invalid-data-error.js';
import { StreamTruncatedError } from './errors/stream-truncated-error.js';
import { bodyReadError } from './body-read-error.js';
import { bodyReaderOf, type BodyReader, type BodyReadResult } from './body-reader.js';
import { ChoiceTracker, notObjects } from './choice-tracker.js';
import type { ChunkReaderOptions } from './chunk-reader-options.js';
import { ChunkResult } from './chunk-result.js';
import { excerpt } from './excerpt.js';
import { IdleTimer } from './idle-timer.js';
import { invalidChunkField, noChatChunksError } from './invalid-chunk-field.js';
import { isObject } from './is-object.js';
import { nameOf } from './name-of.js';
import { NDJSONDecoder } from './ndjson-decoder.js';
import { onAbort } from './on-abort.js';
import { nextTurn } from './next-turn.js';
import { notAnEventStreamError } from './not-an-event-stream-error.js';
import { tryParseJSON } from './read-response-body.js';
import { abortErrorOf, abortForFailure } from './stream-aborted-error.js';
import { releaseBody } from './release-body.js';
import { serverError } from './server-error.js';
import { SSEDecoder, type ServerSentEvent } from './sse-decoder.js';

type Format = 'sse' | 'ndjson';

// Under load, a stream whose reads each bring many chunks would parse read after read in one run of
// microtasks, and requests started meanwhile would wait behind it for their response headers and first
// token. After such a read, the next one waits for a turn of the event loop (see `nextTurn`).
const yieldAfterChunks = 128;

// A reader left after its first `next()` without `return()` (the iterator dropped) must not be kept alive by
// the abort signal it listens to: one long-lived signal (a page's, a shared Stop button's) may serve many
// streams, and would keep each reader's buffers. Its listener holds it weakly; once it is garbage, this lets
// go of the signal, cancels the body (whose connection nobody will read again) and lets the client go of the
// caller's signal. Without `WeakRef` (old runtimes), the listener holds the reader as before.
const dropped =
  typeof FinalizationRegistry === 'undefined' || typeof WeakRef === 'undefined' ? undefined : new FinalizationRegistry<() => void>((release) => release());

/**
 * Reads JSON chunks from an SSE or NDJSON body, as an async iterator that does one `await` per network
 * read, not per chunk: each read is parsed into a queue that `next()` drains synchronously.
 *
 * Ends quietly only on `[DONE]`, at the end of the body once every choice has a `finish_reason`, or when
 * only `[DONE]` can still come (see `ChoiceTracker.onlyDoneLeft`) and the connection breaks or stalls; a server error (event or
 * payload), unreadable data, a cut-off body, an idle timeout or an abort each raise their own error after
 * the chunks before them were delivered. A last chunk whose `x_groq.error` is empty (no reason given) makes
 * an unfinished end, `[DONE]` included, a `StreamServerError` saying so; on a finished stream it is ignored.
 */
export class ChunkReader<T> implements AsyncIterator<T> {
  readonly #reader: BodyReader;
  readonly #decoder: SSEDecoder | NDJSONDecoder;
  readonly #context: ErrorRequestContext;
  #queue: ChunkResult<T>[] = [];
  #head = 0;
  #failure: GroqError | undefined;
  /** No more data will be read: `[DONE]`, the end of the body, a failure, or the consumer left. */
  #stopped = false;
  /** The end (done or an error) was handed out, or the consumer left: an abort no longer changes anything. */
  #ended = false;
  #sawDone = false;
  /** A chunk with a `choices` list came; `sawOther`: an object without one did. */
  #sawChunk = false;
  #sawOther = false;
  readonly #choices: ChoiceTracker;
  /**
   * The last chunk's `x_groq.error` was empty or only white space: the server marked the stream stopped but
   * gave no reason. Not a failure by itself (a serialiser may write every unset field as `""`); it is the
   * error when the stream then ends (`[DONE]`, the end of the body) before every choice finished.
   */
  #stoppedWithoutReason: { reason: string; context: ErrorRequestContext } | undefined;
  readonly #idle: IdleTimer;
  /** Advice for an idle timeout in place of the error's own (see `compressedBodyHint`). */
  readonly #idleHint: string | undefined;
  #reading = false;
  /** What the read in progress (`reading`) will give its `next()`: a later `next()` waits for it. */
  #pendingRead: Promise<IteratorResult<T>> | undefined;
  /** The last read brought many chunks: let the event loop turn before the next. */
  #yieldBeforeRead = false;
  /**
   * Stops listening on `controller.signal`, which a controller shared by many streams (a page's Stop button)
   * and `tee()` branches listen on too: through `onAbort`'s one listener, as Node warns past ten.
   */
  readonly #stopListening: () => void;
  readonly #controller: AbortController;
  readonly #onStop: (() => void) | undefined;

  constructor(
    body: ReadableStream<Uint8Array>,
    controller: AbortController,
    format: Format,
    options: ChunkReaderOptions & { idleHint?: string | undefined } = {},
    onStop?: () => void,
  ) {
    this.#controller = controller;
    this.#onStop = onStop;
    this.#context = options.context ?? {};
    this.#reader = bodyReaderOf(body);
    this.#decoder =
      format === 'sse'
        ? new SSEDecoder((event) => this.#onEvent(event), { maxEventSize: options.maxEventSize, context: this.#context })
        : new NDJSONDecoder((line) => this.#onData(line), options.maxEventSize, this.#context);
    this.#idle = new IdleTimer(options.idleTimeout ?? 0, this.#onIdle);
    this.#idleHint = options.idleHint;
    this.#choices = new ChoiceTracker(options.expectedChoices ?? 0);
    if (controller.signal.aborted) {
      this.#stopListening = () => undefined;
      this.#onAbort();
      return;
    }
    // The listener holds this reader through a weak reference where the runtime has one.
    this.#stopListening = onAbort(controller.signal, dropped === undefined ? this.#onAbort : ChunkReader.#weakAbortListener(new WeakRef(this)));
    dropped?.register(this, ChunkReader.#releaseDropped(this.#stopListening, new WeakRef(this.#reader), onStop), this);
  }

  // Static, so that these closures hold what they name and never the reader itself.
  static #weakAbortListener(reader: WeakRef<ChunkReader<unknown>>): () => void {
    return () => {
      const live = reader.deref();
      if (live !== undefined) live.#onAbort();
    };
  }

  // The body's reader is held weakly too: a read still pending on it holds this reader, so holding it here
  // would keep a reader whose body nothing feeds any more alive for good. A body something still feeds (a
  // live connection) keeps its reader, which is then cancelled.
  static #releaseDropped(stopListening: () => void, body: WeakRef<BodyReader>, onStop: (() => void) | undefined): () => void {
    return () => {
      stopListening();
      const reader = body.deref();
      if (reader !== undefined) releaseBody(reader, 'cancel');
      onStop?.();
    };
  }

  next(): Promise<IteratorResult<T>> {
    // Hot path: a chunk parsed from an earlier read is waiting; no async machinery needed.
    if (this.#head < this.#queue.length) return Promise.resolve(this.#take());
    // One read at a time, as a `BodyReader` allows (the Node transport's refuses a second): a `next()` called
    // before the last one settled, as an async iterator may be, waits for it, as an async generator's would.
    if (this.#reading && this.#pendingRead !== undefined) return this.#pendingRead.then(this.#nextInTurn, this.#nextInTurn);
    try {
      return Promise.resolve(this.#settle());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #take(): IteratorResult<T> {
    const result = this.#queue[this.#head++] as ChunkResult<T>;
    if (this.#head === this.#queue.length) {
      // Popped rather than `length = 0`, which calls into the runtime: this runs after every read, which most
      // often brought one chunk, and the pops of a few cost a tenth of that call.
      while (this.#queue.length > 0) this.#queue.pop();
      this.#head = 0;
    }
    return result;
  }

  readonly #nextInTurn = (): Promise<IteratorResult<T>> => this.next();

  #nextAfterRead(): Promise<IteratorResult<T>> {
    this.#beginRead();
    if (this.#yieldBeforeRead && nextTurn !== undefined) {
      this.#yieldBeforeRead = false;
      return (this.#pendingRead = new Promise<void>(nextTurn).then(this.#readAfterTurn));
    }
    // `then` rather than an async function: one promise per network read, no suspended frame.
    return (this.#pendingRead = this.#reader.read().then(this.#afterRead, this.#afterReadError));
  }

  /** What to hand out now: a queued chunk, the pending failure, the end, or another read. */
  #settle(): IteratorResult<T> | Promise<IteratorResult<T>> {
    if (this.#head < this.#queue.length) return this.#take();
    if (this.#failure !== undefined) {
      const failure = this.#failure;
      this.#failure = undefined;
      this.#end();
      throw failure;
    }
    if (this.#stopped) {
      this.#end();
      return { value: undefined, done: true };
    }
    return this.#nextAfterRead();
  }

  /**
   * The consumer has the end, or left. Until then the abort listener stays, also once reading stopped: a
   * `[DONE]` that came in the same read as the chunks before it stops reading while they still wait in the
   * queue, and an abort then must drop them and throw, as the README promises, not let the loop run on.
   */
  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    dropped?.unregister(this);
    this.#stopListening();
    // Here rather than when reading stops: the client's `onStop` lets go of the caller's signal, which must
    // still abort the loop while chunks read before `[DONE]` wait to be taken.
    this.#onStop?.();
  }

  // An abort or idle timeout may have stopped the stream while it waited for its turn.
  readonly #readAfterTurn = (): IteratorResult<T> | Promise<IteratorResult<T>> => {
    if (!this.#stopped) return this.#reader.read().then(this.#afterRead, this.#afterReadError);
    this.#endRead();
    return this.#settle();
  };

  readonly #afterRead = (result: BodyReadResult): IteratorResult<T> | Promise<IteratorResult<T>> => {
    this.#endRead();
    this.#onRead(result);
    // The queue was empty before this read, so its length is what the read brought.
    this.#yieldBeforeRead = this.#queue.length >= yieldAfterChunks;
    return this.#settle();
  };

  readonly #afterReadError = (error: unknown): IteratorResult<T> | Promise<IteratorResult<T>> => {
    this.#endRead();
    this.#onReadError(error);
    return this.#settle();
  };

  /** The consumer left the loop (`break`, `return`, a thrown error): release the connection at once. */
  async return(): Promise<IteratorResult<T>> {
    this.#end();
    if (!this.#stopped) {
      this.#stop();
      this.#controller.abort();
    }
    this.#queue = [];
    this.#failure = undefined;
    return { value: undefined, done: true };
  }

  #beginRead(): void {
    this.#reading = true;
    this.#idle.beginRead();
  }

  #endRead(): void {
    this.#reading = false;
    this.#idle.endRead();
  }

  #onReadError(error: unknown): void {
    // The body's own fetch was aborted (a Stop button's controller that this stream was not given): the
    // user's doing, not a broken connection.
    const aborted = this.#controller.signal.aborted || nameOf(error) === 'AbortError';
    // What came whole before the break counts, as at a clean end: an event whose lines all arrived (a `[DONE]`,
    // an error event, a chunk whose blank line was lost) is delivered, and may end the stream itself.
    if (!aborted) this.#decode(undefined);
    if (this.#stopped) return;
    // Only `[DONE]` was lost: the stream ends as fetch already ends some such bodies, so both transports agree.
    if (!aborted && this.#choices.onlyDoneLeft()) {
      this.#stop();
      return;
    }
    this.#fail((aborted ? undefined : notAnEventStreamError(this.#decoder, this.#context)) ?? bodyReadError(error, aborted, this.#context, !this.#sawItem()));
  }

  #onRead(result: BodyReadResult): void {
    this.#decode(result.done ? undefined : result.value);
    if (result.done) this.#finish();
  }

  /** Parses `bytes`, or at the end (`undefined`) flushes the decoder; what the decoder throws fails the stream. */
  #decode(bytes: Uint8Array | undefined): void {
    if (this.#stopped) return;
    try {
      if (bytes === undefined) this.#decoder.end();
      else this.#decoder.push(bytes);
    } catch (error) {
      this.#fail(error instanceof GroqError ? error : new StreamInvalidDataError(String(error), { ...this.#context, cause: error }));
    }
  }

  #onEvent(event: ServerSentEvent): void {
    if (this.#stopped) return;
    if (event.event === 'error') {
      this.#fail(serverError(tryParseJSON(event.data) ?? event.data, this.#context, { beforeFirstChunk: !this.#sawItem() }));
      return;
    }
    // Other event types are not chat chunks; an EventSource would route them to other listeners.
    if (event.event !== 'message') return;
    // groq-sdk takes `[DONE]` with spaces around it too (`data: [DONE] `): a server that pads it ends the stream.
    if (event.data === '[DONE]' || (event.data.length < 16 && event.data.trim() === '[DONE]')) {
      const noReason = this.#choices.allChoicesFinished() ? undefined : this.#noReasonError();
      if (noReason !== undefined) {
        this.#fail(noReason);
        return;
      }
      this.#sawDone = true;
      this.#stop('drain');
      return;
    }
    if (event.data !== '') this.#onData(event.data);
  }

  #onData(data: string): void {
    if (this.#stopped) return;
    this.#idle.sawEvent = true;
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      // Not the parser's own message: it quotes the data's first characters, where a key cut short would not be redacted.
      this.#fail(new StreamInvalidDataError(`The server sent data that is not valid JSON: ${excerpt(data)}`, { ...this.#context, data }));
      return;
    }
    if (typeof chunk !== 'object' || chunk === null || Array.isArray(chunk)) {
      this.#fail(new StreamInvalidDataError(`The server sent ${excerpt(data)}, not a JSON object.`, { ...this.#context, data }));
      return;
    }
    const { error, x_groq: xGroq, choices, usage } = chunk as { error?: unknown; x_groq?: { error?: unknown; id?: unknown; usage?: unknown }; choices?: unknown; usage?: unknown };
    // Without an `x-request-id` header (a relay, a proxy), the chunk's `x_groq.id` names the request.
    const context = this.#context.requestId === undefined && typeof xGroq?.id === 'string' ? { ...this.#context, requestId: xGroq.id } : this.#context;
    if (error !== undefined && error !== null) {
      this.#fail(serverError(error, context, { beforeFirstChunk: !this.#sawItem(), member: 'error' }));
      return;
    }
    // `chunk.choices[0].delta` is what every reader writes: a list of anything but objects is bad data here,
    // not a TypeError in the caller's loop.
    if (choices !== undefined && choices !== null) {
      const position = Array.isArray(choices) ? this.#choices.track(choices) : notObjects;
      if (position === notObjects) {
        this.#fail(new StreamInvalidDataError(`The server sent a chunk whose choices are not a list of objects: ${excerpt(data)}`, { ...context, data }));
        return;
      }
      if (position !== -1) {
        const content = (choices as { delta: { content: unknown } }[])[position]!.delta.content;
        this.#fail(invalidChunkField(`choices[${position}].delta.content`, 'text', content, { ...context, data }));
        return;
      }
      this.#sawChunk = true;
    } else {
      this.#sawOther = true;
    }
    if (isObject(usage) || isObject(xGroq?.usage)) this.#choices.sawUsage = true;
    this.#queue.push(new ChunkResult(chunk as T, data));
    const reason = xGroq?.error;
    this.#stoppedWithoutReason = typeof reason === 'string' && reason.trim() === '' ? { reason, context } : undefined;
    if (reason !== undefined && reason !== null && this.#stoppedWithoutReason === undefined) {
      this.#fail(serverError(reason, context, { beforeFirstChunk: false, member: 'x_groq.error' }));
    }
  }

  /** The error for a stream that ended unfinished after a chunk whose `x_groq.error` gave no reason. */
  #noReasonError(): GroqError | undefined {
    const stopped = this.#stoppedWithoutReason;
    return stopped === undefined ? undefined : serverError(stopped.reason, stopped.context, { beforeFirstChunk: false, member: 'x_groq.error' });
  }

  /** An item (a chunk, or an object without `choices`) was handed to the queue: an error now is mid-stream. */
  #sawItem(): boolean {
    return this.#sawChunk || this.#sawOther;
  }

  #finish(): void {
    if (this.#stopped) return;
    if (!this.#sawDone && !this.#choices.allChoicesFinished()) {
      // Objects without choices, but no chunk: not a chat completion stream, which no retry mends.
      this.#fail(
        notAnEventStreamError(this.#decoder, this.#context) ??
          this.#noReasonError() ??
          (this.#sawOther && !this.#sawChunk ? noChatChunksError(this.#context) : new StreamTruncatedError(this.#choices.truncationMessage(), this.#context)),
      );
      return;
    }
    this.#stop();
  }

  #fail(failure: GroqError): void {
    if (this.#stopped) return;
    this.#failure = failure;
    this.#stop();
  }

  /** Stops reading and releases the body (see `releaseBody`); queued chunks are still delivered. */
  #stop(release: 'cancel' | 'drain' = 'cancel'): void {
    this.#stopped = true;
    this.#idle.stop();
    releaseBody(this.#reader, release);
  }

  readonly #onAbort = (): void => {
    // An abort means "stop now": chunks already read but not yet taken are dropped.
    this.#queue = [];
    this.#head = 0;
    const abort = abortErrorOf(this.#controller.signal, this.#context);
    // Reading had stopped (`[DONE]`, an error) but the consumer has not had the end yet: the abort is what it gets.
    if (this.#stopped) {
      this.#failure = abort;
      this.#end();
      // A body still draining after `[DONE]` is let go at once too, not after the drain's grace.
      releaseBody(this.#reader, 'cancel');
      return;
    }
    this.#fail(abort);
  };

  readonly #onIdle = (): void => {
    if (this.#choices.onlyDoneLeft()) {
      this.#stop();
      return;
    }
    const failure = notAnEventStreamError(this.#decoder, this.#context) ?? new StreamIdleTimeoutError(this.#idle.timeout, { ...this.#context, hint: this.#idleHint });
    this.#fail(failure);
    // Not `onAbort`: the abort below is this stream's own, and the consumer gets the timeout, not an abort (a
    // `tee()` listening on the signal too learns so from `abortForFailure`).
    this.#stopListening();
    abortForFailure(this.#controller, failure);
  };
}
