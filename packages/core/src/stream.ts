import { abortWhenDropped, leaveOf, leavingWhenDropped, markRead, unread } from './abort-when-dropped.js';
import type { ChatCompletionAccumulator } from './chat-completion-accumulator.js';
import { ChunkReader } from './chunk-reader.js';
import { checkSSEStreamOptions, checkStreamOptions } from './client-option-checks.js';
import type { ChunkReaderOptions } from './chunk-reader-options.js';
import { GroqError } from './errors/groq-error.js';
import { describeKind } from './describe-kind.js';
import { StreamConsumedError } from './errors/stream-consumed-error.js';
import { asWebResponse } from './as-web-response.js';
import type { SSEReadableStreamOptions } from './encode-sse-stream.js';
import { handedOver } from './hand-over-to-raw-response.js';
import { lazyIterator } from './lazy-iterator.js';
import { lazyModule } from './lazy-module.js';
import { lazyReadableStream } from './lazy-readable-stream.js';
import { startReading } from './start-reading.js';
import { teeIterator } from './tee-iterator.js';
import type { ChatCompletion } from './types/chat-completion.js';
import type { ChatCompletionChunk } from './types/chat-completion-chunk.js';
import { requestIdFrom } from './request-id.js';
import { relayErrorOf } from './relay-error-of.js';
import type { StreamBytes } from './stream-bytes.js';
import { abortErrorOf } from './stream-aborted-error.js';
import { streamOptionsOf } from './stream-options-of.js';
import type { Groq } from './groq.js';
import { contextOf, isDocumentContentType, isResponse, notAStreamError, refusedStream, streamContexts, streamFromSSEResponse } from './stream-from-sse-response.js';

// What only these methods need (the relays' encoders, the frames, text deltas, accumulation), loaded on the
// first use of any of them: see `lazyModule`.
const methods = lazyModule(() => import('./stream-methods.js'));

/** A chunk and the SSE `data:` frame a relay writes for it; see {@link Stream.sseDataFrames}. */
export interface SSEDataFrame<Item> {
  /** The chunk, as `for await` over the stream yields it. */
  chunk: Item;
  /** `data: <json>` and a blank line: what `toSSEReadableStream()` writes for this chunk. */
  frame: string;
}

/** Options for {@link Stream.fromSSEResponse} and {@link Stream.fromReadableStream}. */
export interface StreamOptions extends ChunkReaderOptions {
  /**
   * Not an option: it keeps a client from passing for the options (a client has `maxEventSize` too), as in
   * `Stream.fromReadableStream(body, undefined, client)`, where it would be ignored without a word. A client
   * goes third only after a controller, in groq-sdk's form: `Stream.fromReadableStream(body, controller, client)`.
   */
  readonly chat?: never;
}

/**
 * A stream of chunks from a streamed chat completion, read with `for await`. The same shape as groq-sdk's
 * `Stream`, so migrating is an import change, plus what a relay and an app need: idle timeouts, safe SSE
 * re-encoding for browsers, `textDeltas()` and `finalChatCompletion()`.
 *
 * A stream can be read once. Leaving the loop (`break`, `return`, an exception) or calling
 * `stream.controller.abort()` releases the connection at once. It ends quietly only when the server said
 * the answer is complete (`[DONE]`, or a `finish_reason` on every choice); every other ending throws a
 * {@link GroqError} after the chunks that arrived before it.
 *
 * `toReadableStream()`, `toSSEReadableStream()`, `sseDataFrames()`, `textDeltas()` and
 * `finalChatCompletion()` load their code on first use (with `import()`, which an app's bundler puts in a chunk
 * of its own), so a page that only reads a stream does not download it. They behave as before; only the first
 * read of the first such call in a process waits for the code.
 */
export class Stream<Item> implements AsyncIterable<Item> {
  /** Aborts the request and the stream; iteration then throws `APIUserAbortError`, with the abort's reason as `cause`. */
  readonly controller: AbortController;
  /** The HTTP response the stream reads, when it came from one. */
  readonly response: Response | undefined;
  /** Groq's request id (a relay's `x-groq-request-id`, else `x-request-id`), when the server sent one that looks like an id. */
  readonly requestId: string | undefined;
  private consumed = false;

  /**
   * Wraps an iterator of items. {@link Stream.fromSSEResponse} and {@link Stream.fromReadableStream} build
   * streams from a response or a body; use the constructor for any other source.
   *
   * @param iterator - creates the iterator of items; called once, on first iteration.
   * @param controller - aborting it must stop the iterator and release its source.
   */
  constructor(
    private readonly iterator: () => AsyncIterator<Item>,
    controller: AbortController,
    response?: Response,
  ) {
    this.controller = controller;
    this.response = response;
    this.requestId = requestIdFrom(response?.headers);
  }

  /**
   * Reads a server-sent events response (`data: <json>` events ending with `data: [DONE]`): Groq's wire
   * format, and what `toSSEReadableStream()` and the relays write. A response that is not ok (a relay's 429
   * or 400, a 404 page) is not read as events: iterating it throws what `relayErrorOf(response)` gives. Nor
   * is an ok one that says it is an HTML page or JSON (a single-page app's fallback page for a mistyped
   * route, a whole answer): iterating it throws an {@link APIError} that quotes it. Any other content type,
   * or none, is read as events.
   *
   * The stream keeps the response, so it is typed with it as a stream from `create({ stream: true })` is: it
   * may take the place of a created stream (`stream = Stream.fromSSEResponse(await fetch(url), controller)`),
   * as in groq-sdk.
   */
  static fromSSEResponse<Item>(
    response: Response,
    controller?: AbortController,
    options?: StreamOptions,
  ): Stream<Item> & {
    /** The HTTP response the stream reads: always there on a stream read from one. */
    readonly response: Response;
  };
  /**
   * groq-sdk's form, so that its code runs with only the import line changed: the controller is honoured, and
   * the client is ignored on purpose (groq-sdk uses it for logging only; its settings, such as
   * `maxEventSize`, do not apply). Pass `{ idleTimeout, maxEventSize }` in its place to set them.
   */
  static fromSSEResponse<Item>(
    response: Response,
    controller: AbortController,
    client: Groq | undefined,
  ): Stream<Item> & {
    /** The HTTP response the stream reads: always there on a stream read from one. */
    readonly response: Response;
  };
  static fromSSEResponse<Item>(response: Response, controller = new AbortController(), third: StreamOptions | Groq = {}): Stream<Item> {
    if (!isResponse(response)) {
      throw new GroqError(`Stream.fromSSEResponse() takes a Response, got ${describeKind(response)}.`, { hint: 'Pass what fetch() resolves to: Stream.fromSSEResponse(await fetch(url)).' });
    }
    const options = streamOptionsOf(third) as StreamOptions;
    checkStreamOptions(options, 'Stream.fromSSEResponse()');
    // node-fetch's, whose body is a Node stream, is read too.
    response = asWebResponse(response);
    // A refused answer's body is read under the stream's idle limit too: a page that stalls must not hang.
    const idle = options.idleTimeout;
    if (!response.ok) return refusedStream(Stream, response, controller, (signal) => relayErrorOf(response, signal), idle);
    if (isDocumentContentType(response.headers.get('content-type'))) return refusedStream(Stream, response, controller, (signal, context) => notAStreamError(response, signal, context), idle);
    return streamFromSSEResponse(Stream, response, controller, options);
  }

  /** Reads newline-delimited JSON, the form `toReadableStream()` writes. */
  static fromReadableStream<Item>(body: ReadableStream<Uint8Array>, controller?: AbortController, options?: StreamOptions): Stream<Item>;
  /** groq-sdk's form: the controller is honoured, the client ignored on purpose, as in {@link Stream.fromSSEResponse}. */
  static fromReadableStream<Item>(body: ReadableStream<Uint8Array>, controller: AbortController, client: Groq | undefined): Stream<Item>;
  static fromReadableStream<Item>(
    body: ReadableStream<Uint8Array>,
    controller = new AbortController(),
    third: StreamOptions | Groq = {},
  ): Stream<Item> {
    const options = streamOptionsOf(third) as StreamOptions;
    if (!(typeof body === 'object' && body !== null && typeof (body as ReadableStream).getReader === 'function')) {
      throw new GroqError(`Stream.fromReadableStream() takes a ReadableStream of bytes, got ${describeKind(body)}.`, {
        hint: 'Pass the body of a response, such as (await fetch(url)).body, or what toReadableStream() gave.',
      });
    }
    checkStreamOptions(options, 'Stream.fromReadableStream()');
    if (body.locked) throw new GroqError('The ReadableStream is already being read (it is locked to a reader); pass one that nothing reads yet.');
    return abortWhenDropped(new Stream(() => new ChunkReader<Item>(body, controller, 'ndjson', options), controller), body);
  }

  /**
   * Starts reading; `for await` calls it.
   *
   * @throws {@link StreamConsumedError} when the stream was already iterated (use {@link Stream.tee} to read it twice).
   */
  [Symbol.asyncIterator](): AsyncIterator<Item> {
    if (this.consumed) throw consumedError(this);
    this.consumed = true;
    markRead(this);
    return this.iterator();
  }

  /**
   * The items, for what is built on the stream (`tee()`, the encoders): taken now, so that the stream cannot
   * be read twice, but started on the first `next()` or `return()`. Until then, dropping what was built still
   * aborts the request once it is garbage.
   */
  private take(): AsyncIterator<Item> {
    if (this.consumed) throw consumedError(this);
    this.consumed = true;
    let started: AsyncIterator<Item> | undefined;
    const start = (): AsyncIterator<Item> => {
      if (started === undefined) {
        markRead(this);
        started = this.iterator();
      }
      return started;
    };
    return {
      next: () => start().next(),
      return: (value?: unknown) => start().return?.(value) ?? Promise.resolve({ done: true, value: undefined }),
    };
  }

  /**
   * Splits the stream into two that each see every chunk, e.g. one to render and one to log. The faster
   * branch reads ahead and chunks wait in the slower one's buffer, so read both (or `break` out of the one
   * you no longer need: that frees its buffer; the connection is released when both have left). A branch
   * dropped without ever being read, or whose iterator is dropped without `return()`, leaves once it is
   * garbage, as if it had broken out.
   *
   * Each branch has the stream's `response`, so the branches of a stream from `create({ stream: true })` are
   * typed with it as that stream is: `stream = stream.tee()[1]` compiles, as in groq-sdk.
   */
  tee(
    this: Stream<Item> & {
      /** The HTTP response the stream reads: always there on a stream from `create()`. */
      readonly response: Response;
    },
  ): [
    Stream<Item> & {
      /** The stream's response, which each branch has. */
      readonly response: Response;
    },
    Stream<Item> & {
      /** The stream's response, which each branch has. */
      readonly response: Response;
    },
  ];
  tee(): [Stream<Item>, Stream<Item>];
  tee(): [Stream<Item>, Stream<Item>] {
    // The request as the stream's own errors name it (a client's, with its method), for the branches' abort error.
    const context = streamContexts.get(this) ?? (this.response === undefined ? { requestId: this.requestId } : contextOf(this.response));
    // The signal, not `this`: the listener the tee leaves on a controller shared by many streams must not hold this one.
    const { signal } = this.controller;
    const branches = teeIterator(this.take(), signal, () => abortErrorOf(signal, context)).map((branch) => {
      const stream = new Stream(() => leavingWhenDropped(branch), this.controller, this.response);
      unread?.register(stream, leaveOf(branch), stream);
      // A tee of a branch names the request as the first tee does.
      streamContexts.set(stream, context);
      return stream;
    });
    return branches as [Stream<Item>, Stream<Item>];
  }

  /**
   * The chunks as newline-delimited JSON bytes, to send anywhere a `ReadableStream` goes and read back with
   * {@link Stream.fromReadableStream}. An error becomes a last `{"error": {...}}` line with a safe message, and
   * so does an abort of `controller` while the reader is still there: a bare end would read as a whole answer.
   * Keys are redacted as in {@link Stream.toSSEReadableStream}, also one spread over several chunks. NDJSON has
   * no `[DONE]` (groq-sdk's `fromReadableStream()` yields every line), so a stream that ended with choices
   * that have no `finish_reason` (a server's `[DONE]` came first) gets one last chunk giving each of them
   * `finish_reason: "stop"`, what `[DONE]` means: read back, it is complete, not cut off. A cut-off stream's
   * line has `"code": "stream_truncated"`, which `fromReadableStream()` raises as a `StreamTruncatedError`.
   * Pull-based: the stream is read only as fast as the bytes are taken. Cancelling it releases the source.
   */
  toReadableStream(): ReadableStream<StreamBytes> {
    const items = this.take();
    const { requestId } = this;
    const loaded = methods.loaded;
    if (loaded !== undefined) return loaded.encodeNDJSONStream(items, requestId);
    const leave = async (): Promise<void> => void (await items.return?.());
    return lazyReadableStream(
      () => {
        const reading = startReading(items);
        return methods.load('toReadableStream()', requestId).then(({ ndjsonStreamSource }) => ndjsonStreamSource(reading, requestId));
      },
      // As the encoder's own `cancel()`.
      { cancel: leave, release: leave },
    );
  }

  /**
   * The chunks re-encoded as server-sent events (`data: <json>`, a final `data: [DONE]`, errors as an
   * `event: error` with a safe message, heartbeat comments), the format the relays send to browsers, which
   * read it back with {@link Stream.fromSSEResponse}. A cut-off stream's error event has
   * `"code": "stream_truncated"` (unless an `errorPayload` mapping set a code of its own), which
   * `fromSSEResponse()` raises as a `StreamTruncatedError`, as over NDJSON; other errors read back as a
   * `StreamServerError`. Either error quotes the event's `message`, keeps it as `serverMessage`, and keeps the
   * payload as `error` with its `type`, `code` and `status`.
   * Pull-based, so backpressure reaches the upstream; cancelling it aborts the upstream. A client key in a chunk is redacted; so is a `gsk_` key that comes a
   * few characters per chunk: an end of a text that holds `gsk_` and what may follow it in a key is held back
   * until a later piece of that text shows whether it is one (a key of another shape only when one chunk holds
   * it whole).
   *
   * @throws {@link GroqError} for an option out of range (`heartbeatMs` or `stallTimeoutMs` not from 0 to
   *   2,147,483,647 ms, an `errorPayload`, `onCancel` or `onStall` that is not a function), before the stream is taken.
   */
  toSSEReadableStream(options: SSEReadableStreamOptions = {}): ReadableStream<StreamBytes> {
    checkSSEStreamOptions(options, 'toSSEReadableStream()');
    const items = this.take();
    const { requestId } = this;
    const { signal } = this.controller;
    const loaded = methods.loaded;
    if (loaded !== undefined) return loaded.encodeSSEStream(loaded.withDataFrames(items), options, signal, requestId);
    // Read now, as the encoder reads them when it is made: what was checked is what the stream uses. Every
    // option by name (the type fails to compile when one is added and not copied here).
    const { heartbeatMs, stallTimeoutMs, errorPayload, onCancel, onStall } = options;
    const settings: { [Option in keyof Required<SSEReadableStreamOptions>]: SSEReadableStreamOptions[Option] } = { heartbeatMs, stallTimeoutMs, errorPayload, onCancel, onStall };
    const release = async (): Promise<void> => void (await items.return?.());
    return lazyReadableStream(
      () => {
        const reading = startReading(items);
        return methods.load('toSSEReadableStream()', requestId).then(({ sseStreamSource, withDataFrames }) => sseStreamSource(withDataFrames(reading), settings, signal, requestId));
      },
      {
        // As the encoder's own `cancel()` before the first read: no chunk went out, and nothing had ended.
        cancel: async () => {
          try {
            onCancel?.({ chunks: 0 });
          } finally {
            await release();
          }
        },
        release,
      },
    );
  }

  /**
   * The chunks, each with the `data:` frame that `toSSEReadableStream()` writes for it: for relays that write
   * the frames somewhere else, such as Node's `ServerResponse`. A chunk read from a response keeps the JSON
   * text the server sent, checked rather than serialised again. Leaving the loop releases the connection, and
   * so do its `return()` and `throw()` (which then rejects with its error, as a stream's own iterator does).
   * `chunk` is the chunk as the server sent it; `frame` may carry some of its text one chunk later, held back
   * while it may begin a key (see `toSSEReadableStream()`). When a stream ends without a `finish_reason`
   * while text is held, one last frame brings it, with a chunk made for it.
   */
  sseDataFrames(): AsyncIterableIterator<SSEDataFrame<Item>> {
    const items = this.take();
    const loaded = methods.loaded;
    if (loaded !== undefined) return loaded.withDataFrames(items);
    const { requestId } = this;
    return lazyIterator(
      endedIterator<SSEDataFrame<Item>>(),
      () => {
        const reading = startReading(items);
        return methods.load('sseDataFrames()', requestId).then(({ withDataFrames }) => withDataFrames(reading));
      },
      () => items.return?.(),
    );
  }

  /**
   * The text of the answer as it arrives: each non-empty `delta.content` of the first choice (`index` 0; with
   * `n` above 1, the other choices' text is left out). Reads the stream. Leaving it (`break`, or `return()` or
   * `throw()`, also while a `next()` still waits for the next chunk) releases the connection at once.
   *
   * @throws `StreamInvalidDataError` for a chunk that is not an object, `choices` that are not a list of
   * objects, a `delta` or `content` of the wrong type, or objects none of which has a `choices` list, as `finalChatCompletion()` (a stream read from a
   * response refuses most of these already; this covers streams built from other iterators), besides what the
   * stream throws.
   */
  textDeltas(this: Stream<ChatCompletionChunk>): AsyncGenerator<string, void, undefined> {
    const { requestId } = this;
    const loaded = methods.loaded;
    if (loaded !== undefined) return loaded.textDeltasOf(() => this[Symbol.asyncIterator](), requestId);
    let chunks: AsyncIterator<ChatCompletionChunk> | undefined;
    return lazyIterator(
      // An async generator, as the loaded one is.
      (async function* (): AsyncGenerator<string, void, undefined> {})(),
      () => {
        // Taken and read at the first `next()`, where the generator takes it: a second reader is refused from then on.
        const reading = startReading((chunks = this[Symbol.asyncIterator]()));
        return methods.load('textDeltas()', requestId).then(({ textDeltasOf }) => textDeltasOf(() => reading, requestId));
      },
      () => chunks?.return?.(),
    );
  }

  /**
   * Reads the whole stream and returns the merged `ChatCompletion`, as {@link ChatCompletionAccumulator}
   * builds it: content, reasoning and a `refusal` joined per choice, tool calls merged by index, each token
   * list of `logprobs` joined, finish reasons, usage (the top-level `usage`, or `x_groq.usage` when no chunk sent
   * that) and the request id. Any other
   * field of a chunk, a choice or a delta is kept with the latest value sent (a later `null` does not replace
   * it), but for a chunk's `obfuscation` padding and a delta's `channel` (gpt-oss's), which are left out, as a
   * whole answer has neither. Throws what the stream throws, so a cut-off answer is never mistaken for a complete one.
   */
  async finalChatCompletion(this: Stream<ChatCompletionChunk>): Promise<ChatCompletion> {
    const { requestId } = this;
    // Taken before the code loads, as before: a second reader is refused, not this one.
    let chunks = this[Symbol.asyncIterator]();
    let loaded = methods.loaded;
    if (loaded === undefined) {
      chunks = startReading(chunks);
      try {
        loaded = await methods.load('finalChatCompletion()', requestId);
      } catch (error) {
        // Nothing will read the stream: its connection is released now. The load's error is what the caller
        // learns; a release that fails too has nothing to add to it.
        await Promise.resolve(chunks.return?.()).catch(() => undefined);
        throw error;
      }
    }
    const accumulator = new loaded.ChatCompletionBuilder(requestId);
    for await (const chunk of { [Symbol.asyncIterator]: () => chunks }) accumulator.add(chunk);
    return accumulator.toChatCompletion();
  }
}

function consumedError(stream: Stream<unknown>): StreamConsumedError {
  const hint = handedOver.has(stream) ? 'Its response was taken with asResponse(): read that response instead.' : undefined;
  return new StreamConsumedError({ requestId: stream.requestId, hint });
}

/** An iterator that has ended: what a lazy `sseDataFrames()` answers once it has left before its code loaded. */
function endedIterator<Item>(): AsyncIterableIterator<Item> {
  const done = async (): Promise<IteratorResult<Item>> => ({ value: undefined, done: true });
  // `throw` as an ended generator's: it rejects with the error (and `lazyIterator` gives the shell one).
  const fail = async (error?: unknown): Promise<IteratorResult<Item>> => {
    throw error;
  };
  const iterator: AsyncIterableIterator<Item> = { next: done, return: done, throw: fail, [Symbol.asyncIterator]: () => iterator };
  return iterator;
}
