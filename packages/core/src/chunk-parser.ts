import { GroqError, type ErrorRequestContext } from './errors/groq-error.js';
import { StreamInvalidDataError } from './errors/stream-invalid-data-error.js';
import { StreamTruncatedError } from './errors/stream-truncated-error.js';
import { choiceFieldProblem } from './choice-field-problem.js';
import { ChoiceTracker, notObjects } from './choice-tracker.js';
import { chunkFieldProblem } from './chunk-field-problem.js';
import { ChunkResult } from './chunk-result.js';
import { excerpt } from './excerpt.js';
import { invalidChunkField, noChatChunksError } from './invalid-chunk-field.js';
import { isObject } from './is-object.js';
import { NDJSONDecoder } from './ndjson-decoder.js';
import { notAnEventStreamError } from './not-an-event-stream-error.js';
import { tryParseJSON } from './read-response-body.js';
import { isRequestId } from './request-id.js';
import { serverError } from './server-error.js';
import { SSEDecoder, type ServerSentEvent } from './sse-decoder.js';
import { truncationOf } from './truncation-error-line.js';

/** Where {@link ChunkParser} hands what it found; it adds nothing more once it called `done` or `fail`. */
export interface ChunkSink<T> {
  /** The chunks, each added at its end as it comes (a list, not a call per chunk: this runs for every chunk). */
  readonly queue: ChunkResult<T>[];
  /** `[DONE]` came: nothing after it counts. */
  done(): void;
  /** The stream failed: a server error, data that is no chunk, or an event too large. */
  fail(error: GroqError): void;
}

/** Options of {@link ChunkParser}. */
export interface ChunkParserOptions {
  maxEventSize?: number | undefined;
  context: ErrorRequestContext;
  expectedChoices?: number | undefined;
  /** The response's headers: their `content-encoding` is named when a body that held no event came still in it. */
  headers?: Headers | undefined;
}

/**
 * Turns the bytes of an SSE or NDJSON body into chat completion chunks, checked: JSON objects whose `choices`
 * is a list of objects whose fields have their types or none (text or no `delta.content`, `delta.reasoning`,
 * and the rest `choiceFieldProblem` names: tool call pieces, executed tools, annotations, `logprobs`), with
 * the chunk's own typed fields of theirs or none (`id`, `object`, `created`, `model`, `system_fingerprint`,
 * `service_tier`, `usage_breakdown`, the numbers and token details of `usage` and `x_groq.usage`, `x_groq`'s `id`, `seed`,
 * `usage_breakdown` and `debug`: see `chunkFieldProblem`), and no error (an `event: error`, an `error` member, an `x_groq.error`) in
 * place of a chunk. Only JSON types are checked, never a value against a list (a `delta.role` or
 * `service_tier` Groq adds later passes). Also judges the end: whether the body may end, break or stall where
 * it did without losing anything. A last chunk whose `x_groq.error` is empty (no reason given) makes an
 * unfinished end, `[DONE]` included, a `StreamServerError` saying so; on a finished stream it is ignored.
 *
 * The reading itself (reads, cancelling, the idle timer) is `ChunkReader`'s.
 */
export class ChunkParser<T> {
  readonly #decoder: SSEDecoder | NDJSONDecoder;
  readonly #format: 'sse' | 'ndjson';
  readonly #context: ErrorRequestContext;
  readonly #headers: Headers | undefined;
  readonly #sink: ChunkSink<T>;
  /** Set on every event with data: the idle timer's measure of progress (comments are none). */
  readonly #progress: { sawEvent: boolean };
  /** `[DONE]` came or the stream failed: later events in the same piece are not read. */
  #stopped = false;
  /** A chunk with a `choices` list came; `sawOther`: an object without one did. */
  #sawChunk = false;
  #sawOther = false;
  readonly #choices: ChoiceTracker;
  /**
   * The events the decoder found in the piece it is reading, judged (`#onEvent`: `JSON.parse` and the checks)
   * once it has read the piece, in order, rather than one by one as it finds them: the same events, the same
   * order, the same end. Run alternately per event, the decoder's code, `JSON.parse`'s and the checks' did not
   * fit in the CPU's instruction cache together; in two passes over a piece's events, each pass does. I1 misses
   * per chunk (cachegrind, Node 20, 2026-12-07), one by one -> in two passes: 16 KiB pieces 298 -> 148 (the bare
   * parser behind an iterator, no checks: 154), 1 KiB 618 -> 492 (465), for 5% and 2% more instructions.
   * Parsing the JSON in the first pass instead (with the decoder, as a bare reader does) missed more: 200 and 511.
   */
  readonly #events: ServerSentEvent[] = [];
  /**
   * The JSON of each of `events` that may hold a chunk (`unparsed` for the others; see `parsedObject`), parsed in a
   * pass of its own between the decoder's and the checks': in one pass, `JSON.parse`'s code and the checks' took
   * turns in the instruction cache. Per chunk (cachegrind, Node 20, 2026-12-07; with the cold paths of `#onEvent`,
   * `push` and `SSEDecoder.feed` moved out, which this needed: alone it cost 7% more instructions at 16 KiB), parsed
   * with the checks -> in a pass of its own: I1 misses 16 KiB pieces 178 -> 95, 1 KiB 478 -> 418, 280 B 1,300 ->
   * 1,296; instructions +0.6-1.5%, +0.8% and -0.6%.
   */
  readonly #parsed: unknown[] = [];
  /**
   * The last chunk's `x_groq.error` was empty or only white space: the server marked the stream stopped but
   * gave no reason. Not a failure by itself (a serialiser may write every unset field as `""`); it is the
   * error when the stream then ends (`[DONE]`, the end of the body) before every choice finished.
   */
  #stoppedWithoutReason: { reason: string; context: ErrorRequestContext } | undefined;
  /**
   * The first chunk's `x_groq.id` when the response named no request (no `x-request-id`: a proxy or relay that does not pass it on):
   * the request an error event names, as Groq's carries no id of its own.
   */
  #streamRequestId: string | undefined;

  constructor(format: 'sse' | 'ndjson', options: ChunkParserOptions, sink: ChunkSink<T>, progress: { sawEvent: boolean }) {
    this.#context = options.context;
    this.#headers = options.headers;
    this.#format = format;
    this.#sink = sink;
    this.#progress = progress;
    this.#decoder =
      format === 'sse'
        ? new SSEDecoder((event) => this.#events.push(event), { maxEventSize: options.maxEventSize, context: this.#context })
        : new NDJSONDecoder((line) => this.#onData(line), options.maxEventSize, this.#context);
    this.#choices = new ChoiceTracker(options.expectedChoices ?? 0);
  }

  /**
   * Parses `bytes`, or at the end (`undefined`) flushes the decoder; what the decoder throws fails the stream,
   * after the events it found before that.
   */
  push(bytes: Uint8Array | undefined): void {
    try {
      try {
        if (bytes === undefined) this.#decoder.end();
        else this.#decoder.push(bytes);
      } finally {
        this.#judgeEvents();
      }
    } catch (error) {
      this.#failOnThrow(error);
    }
  }

  /** What `push` caught fails the stream; the events still waiting are dropped. */
  #failOnThrow(error: unknown): void {
    this.#events.length = 0;
    this.#parsed.length = 0;
    this.#fail(error instanceof GroqError ? error : new StreamInvalidDataError(String(error), { ...this.#context, cause: error }));
  }

  /** The events of the piece just read, in order (see `events`); none is left. */
  #judgeEvents(): void {
    const events = this.#events;
    const parsed = this.#parsed;
    for (let position = 0; position < events.length; position++) parsed.push(parsedObject(events[position]!));
    for (let position = 0; position < events.length; position++) this.#onEvent(events[position]!, parsed[position]);
    // Popped rather than `length = 0`, which calls into the runtime: this runs for every piece, most often after one event.
    while (events.length > 0) events.pop();
    while (parsed.length > 0) parsed.pop();
  }

  /**
   * Why the body may not end here, or `undefined` when it may: every choice has a `finish_reason`. Objects
   * without choices but no chunk are no chat completion stream, which no retry mends.
   */
  endError(): GroqError | undefined {
    if (this.#choices.allChoicesFinished()) return undefined;
    return (
      this.notAnEventStream() ??
      this.#noReasonError() ??
      (this.#sawOther && !this.#sawChunk ? noChatChunksError(this.#context) : new StreamTruncatedError(this.#choices.truncationMessage(), this.#context))
    );
  }

  /** Only `[DONE]` can still come (see `ChoiceTracker.onlyDoneLeft`): a break or a stall now loses nothing. */
  onlyDoneLeft(): boolean {
    return this.#choices.onlyDoneLeft();
  }

  /** The error for a body that held no event stream at all but text of another kind (see `SSEDecoder.foreignText`). */
  notAnEventStream(): GroqError | undefined {
    return notAnEventStreamError(this.#decoder, this.#context, this.#headers);
  }

  /** An item (a chunk, or an object without `choices`) was handed on: an error now is mid-stream. */
  sawItem(): boolean {
    return this.#sawChunk || this.#sawOther;
  }

  #fail(failure: GroqError): void {
    this.#stopped = true;
    this.#sink.fail(failure);
  }

  // Runs for every event, inlined where the pieces are read: what only an error event or the end does waits in
  // methods of its own, so that V8's inlining budget there goes to the code every piece runs (see `#onData`).
  #onEvent(event: ServerSentEvent, parsed: unknown): void {
    if (this.#stopped) return;
    if (event.event === 'error') {
      this.#onErrorEvent(event.data);
      return;
    }
    // Other event types are not chat chunks; an EventSource would route them to other listeners.
    if (event.event !== 'message') return;
    // groq-sdk takes `[DONE]` with spaces around it too (`data: [DONE] `): a server that pads it ends the stream.
    if (event.data === '[DONE]' || (event.data.length < 16 && event.data.trim() === '[DONE]')) {
      this.#onDone();
      return;
    }
    if (event.data !== '') this.#onData(event.data, parsed);
  }

  /** An `event: error`: the stream fails with it. */
  #onErrorEvent(text: string): void {
    const data = tryParseJSON(text);
    // A relay's event for a cut-off stream (`toSSEReadableStream()`'s, with the `stream_truncated` code, whatever
    // the type an app's errorPayload gave it) comes back as the same kind of error, as the NDJSON line does.
    // Only that code: Groq's own error events have other codes, and stay a StreamServerError.
    const truncation = isObject(data) ? truncationOf((data as { error?: unknown }).error, this.#context) : undefined;
    this.#fail(truncation ?? serverError(data ?? text, this.#context, { beforeFirstChunk: !this.sawItem() }, this.#streamRequestId));
  }

  /** `[DONE]`: the stream ends, unless a chunk said it stopped without a reason before every choice finished. */
  #onDone(): void {
    const noReason = this.#choices.allChoicesFinished() ? undefined : this.#noReasonError();
    if (noReason !== undefined) {
      this.#fail(noReason);
      return;
    }
    this.#stopped = true;
    this.#sink.done();
  }

  /** `parsed`: what `parsedObject` found, when it parsed `data` already. */
  #onData(data: string, parsed: unknown = unparsed): void {
    if (this.#stopped) return;
    this.#progress.sawEvent = true;
    let chunk: unknown = parsed;
    try {
      if (chunk === unparsed) chunk = JSON.parse(data);
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
    // Most chunks carry no `x_groq` (Groq sends it on the first and the last), so what it may say, and what fails
    // the stream, is looked at in methods of their own: written out here, they made this method, which runs for
    // every chunk, large enough that V8 compiled the read path less well (280-byte pieces: 9% more instructions
    // per chunk, cachegrind, Node 20, 2026-12-07).
    const context = xGroq === undefined || xGroq === null ? this.#context : this.#contextWith(xGroq);
    if (error !== undefined && error !== null) {
      this.#failWithError(error, context);
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
        const { field, expected, value } = choiceFieldProblem((choices as object[])[position]!)!;
        this.#fail(invalidChunkField(`choices[${position}]${field}`, expected, value, { ...context, data }));
        return;
      }
      // Only a chunk's: an object without `choices` is passed on as it came (see `Stream.fromSSEResponse`).
      const problem = chunkFieldProblem(chunk);
      if (problem !== undefined) {
        this.#fail(invalidChunkField(problem.field, problem.expected, problem.value, { ...context, data }));
        return;
      }
      this.#sawChunk = true;
    } else {
      this.#sawOther = true;
    }
    if (isObject(usage) || isObject(xGroq?.usage)) this.#choices.sawUsage = true;
    this.#sink.queue.push(new ChunkResult(chunk as T, data));
    if (xGroq === undefined || xGroq === null) this.#stoppedWithoutReason = undefined;
    else this.#noteServerError(xGroq.error, context);
  }

  /** The request a chunk with `x_groq` answers, as its errors name it. */
  #contextWith(xGroq: { id?: unknown }): ErrorRequestContext {
    // Without an `x-request-id` header (a relay, a proxy), the chunk's `x_groq.id` names the request, when it looks
    // like an id: one that does not would not be kept (GroqError), and would leave a relay payload's unread.
    const id = xGroq.id;
    if (this.#context.requestId !== undefined || !isRequestId(id)) return this.#context;
    this.#streamRequestId ??= id;
    return { ...this.#context, requestId: id };
  }

  /** A chunk's `error` member (not `x_groq.error`): the stream fails with it. */
  #failWithError(error: unknown, context: ErrorRequestContext): void {
    // `toReadableStream()`'s line for a cut-off stream comes back as the same kind of error. Not an SSE data
    // object's `error`, which no relay of ours writes (its error is an `event: error`, above).
    const truncation = this.#format === 'ndjson' ? truncationOf(error, context) : undefined;
    this.#fail(truncation ?? serverError(error, context, { beforeFirstChunk: !this.sawItem(), member: 'error' }, this.#streamRequestId));
  }

  /** A chunk's `x_groq.error`, handed out already: empty, it is noted for the end (see `stoppedWithoutReason`); else the stream fails with it. */
  #noteServerError(reason: unknown, context: ErrorRequestContext): void {
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
}

/** What `parsedObject` gives for data it did not parse: `#onData` parses it, and fails as it fails. */
const unparsed: unique symbol = Symbol('unparsed');

/**
 * The value of an event's data when it may be a chunk (a `message` whose data starts with `{`) and is JSON, else
 * `unparsed`. Only `JSON.parse`, nothing else: what the event means, and whether it counts, is `#onEvent`'s.
 */
function parsedObject(event: ServerSentEvent): unknown {
  if (event.event !== 'message' || event.data.charCodeAt(0) !== 123) return unparsed;
  try {
    return JSON.parse(event.data);
  } catch {
    return unparsed;
  }
}
