import type { ErrorRequestContext, GroqError } from './errors/groq-error.js';
import { StreamIdleTimeoutError } from './errors/stream-idle-timeout-error.js';
import { bodyReadError, isFetchAbort, reportedServerError } from './body-read-error.js';
import { bodyReaderOf, type BodyReader, type BodyReadResult } from './body-reader.js';
import { ChunkParser } from './chunk-parser.js';
import type { ChunkReaderOptions } from './chunk-reader-options.js';
import type { ChunkResult } from './chunk-result.js';
import { IdleTimer } from './idle-timer.js';
import { onAbort } from './on-abort.js';
import { nextTurn } from './next-turn.js';
import { abortErrorOf, abortForFailure } from './stream-aborted-error.js';
import { releaseBody } from './release-body.js';
import { serverError } from './server-error.js';

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
 * read, not per chunk: each read is parsed (by a {@link ChunkParser}) into a queue that `next()` drains
 * synchronously.
 *
 * Ends quietly only on `[DONE]`, at the end of the body once every choice has a `finish_reason`, or when
 * only `[DONE]` can still come (see `ChoiceTracker.onlyDoneLeft`) and the connection breaks or stalls; a server error (event or
 * payload), unreadable data, a cut-off body, an idle timeout or an abort each raise their own error after
 * the chunks before them were delivered.
 */
export class ChunkReader<T> implements AsyncIterator<T> {
  readonly #reader: BodyReader;
  readonly #parser: ChunkParser<T>;
  readonly #context: ErrorRequestContext;
  readonly #queue: ChunkResult<T>[] = [];
  #head = 0;
  #failure: GroqError | undefined;
  /** No more data will be read: `[DONE]`, the end of the body, a failure, or the consumer left. */
  #stopped = false;
  /** The end (done or an error) was handed out, or the consumer left: an abort no longer changes anything. */
  #ended = false;
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
    format: 'sse' | 'ndjson',
    options: ChunkReaderOptions & { idleHint?: string | undefined; headers?: Headers | undefined } = {},
    onStop?: () => void,
  ) {
    this.#controller = controller;
    this.#onStop = onStop;
    this.#context = options.context ?? {};
    this.#reader = bodyReaderOf(body);
    this.#idle = new IdleTimer(options.idleTimeout ?? 0, this.#onIdle);
    this.#parser = new ChunkParser<T>(
      format,
      { maxEventSize: options.maxEventSize, context: this.#context, expectedChoices: options.expectedChoices, headers: options.headers },
      { queue: this.#queue, done: () => this.#stop('drain'), fail: (failure) => this.#fail(failure) },
      this.#idle,
    );
    this.#idleHint = options.idleHint;
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
      this.#controller.abort(leavingReason());
    }
    this.#queue.length = 0;
    this.#failure = undefined;
    return { value: undefined, done: true };
  }

  /**
   * Leaves as `return()` does, then rejects with `error`, as groq-sdk's async generator does: a wrapper that
   * forwards the chunks with `yield*` passes its own `throw()` on here (Node's `Readable.from()` calls it when
   * a `pipeline()` destroys the wrapper), and without this method would get a TypeError in place of `error`.
   */
  async throw(error?: unknown): Promise<IteratorResult<T>> {
    await this.return();
    throw error;
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
    // The body's own fetch was aborted (a Stop button's controller that this stream was not given, a deadline's
    // `AbortSignal.timeout()`): the user's doing, not a broken connection.
    const aborted = this.#controller.signal.aborted || isFetchAbort(error);
    // What came whole before the break counts, as at a clean end: an event whose lines all arrived (a `[DONE]`,
    // an error event, a chunk whose blank line was lost) is delivered, and may end the stream itself.
    if (!aborted && !this.#stopped) this.#parser.push(undefined);
    if (this.#stopped) return;
    // A source that read the server's error (groq-sdk's `toReadableStream()`) fails with it: the server's error,
    // not a connection that broke off.
    const report = aborted ? undefined : reportedServerError(error);
    if (report !== undefined) {
      this.#fail(serverError(report, this.#context, { beforeFirstChunk: !this.#parser.sawItem() }));
      return;
    }
    // Only `[DONE]` was lost: the stream ends as fetch already ends some such bodies, so both transports agree.
    if (!aborted && this.#parser.onlyDoneLeft()) {
      this.#stop();
      return;
    }
    this.#fail((aborted ? undefined : this.#parser.notAnEventStream()) ?? bodyReadError(error, aborted, this.#context, !this.#parser.sawItem()));
  }

  #onRead(result: BodyReadResult): void {
    if (!this.#stopped) this.#parser.push(result.done ? undefined : result.value);
    if (result.done) this.#finish();
  }

  #finish(): void {
    if (this.#stopped) return;
    const failure = this.#parser.endError();
    if (failure === undefined) this.#stop();
    else this.#fail(failure);
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
    this.#queue.length = 0;
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
    if (this.#parser.onlyDoneLeft()) {
      this.#stop();
      return;
    }
    const failure = this.#parser.notAnEventStream() ?? new StreamIdleTimeoutError(this.#idle.timeout, { ...this.#context, hint: this.#idleHint });
    this.#fail(failure);
    // Not `onAbort`: the abort below is this stream's own, and the consumer gets the timeout, not an abort (a
    // `tee()` listening on the signal too learns so from `abortForFailure`).
    this.#stopListening();
    abortForFailure(this.#controller, failure);
  };
}

/**
 * The reason `abort()` would make, with its stack trace already written out. Until it is, V8 keeps the
 * frames of the call, and their receivers, alive through it: the loop's iterators, a `tee()` branch and the
 * `Stream` behind it, which the signal (kept by the runtime's fetch with the body it aborts) then held in
 * memory for good, about 23 KB a stream in a soak whose tee() branches were both left with `break`.
 */
function leavingReason(): DOMException {
  const reason = new DOMException('This operation was aborted', 'AbortError');
  void reason.stack;
  return reason;
}
