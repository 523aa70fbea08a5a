import { createParser, type EventSourceParser } from 'eventsource-parser';
import { checkCount } from './client-option-checks.js';
import type { ErrorRequestContext, GroqError } from './errors/groq-error.js';
import { StreamEventTooLargeError } from './errors/stream-event-too-large-error.js';
import { BodyHead } from './body-head.js';
import { longFieldValueAt, shortestFieldHead } from './long-field-value.js';
import { UnterminatedLine } from './unterminated-line.js';
import { UTF8StreamDecoder } from './utf8-stream-decoder.js';

/** One server-sent event, as the WHATWG rules define it. */
export interface ServerSentEvent {
  /** The event type: `message` unless an `event:` field set another. */
  event: string;
  /** The data lines, joined with `\n`. */
  data: string;
  /** The last event ID seen so far on this stream (`''` when none): it persists across events. */
  id: string;
}

/** Options of {@link SSEDecoder}. */
export interface SSEDecoderOptions {
  /**
   * Largest event, in characters of its data, type and id together, that may build up before it ends; a
   * larger one fails with {@link StreamEventTooLargeError} instead of growing memory without bound, as does a
   * `data`, `event`, `id` or `retry` value longer than this (also one that no event carries, such as a type
   * a later `event:` replaced). Default: 16 MiB.
   */
  maxEventSize?: number | undefined;
  /** Request the stream belongs to, for error messages. */
  context?: ErrorRequestContext | undefined;
}

/** Default of {@link SSEDecoderOptions.maxEventSize}: far above any real chat chunk, far below trouble. */
export const defaultMaxEventSize = 16 * 1024 * 1024;

// Pieces from this size on go to the streaming decoder even when they hold only whole characters: per byte it is
// the faster one (Node 20, text with non-ASCII content: 512 B pieces 10-30% faster, 16 KiB ones 40-50%), where the
// one-call decoder wins only on its smaller fixed cost per piece (280 B pieces: 10-30%).
const maxWholeDecoded = 512;

/**
 * Turns the bytes of an event stream, in pieces of any size, into events: UTF-8 decoding in streaming mode
 * (a character split across pieces decodes once; invalid bytes become U+FFFD) in front of
 * `eventsource-parser`, which does the line and field rules in linear time.
 *
 * At the end of the stream an event is still delivered without its blank line (real servers omit it) when
 * every line of it is complete; a cut-off comment or unknown field after it is discarded, but a cut-off
 * `data`, `event`, `id` or `retry` line leaves the event incomplete, so it is discarded with it (failing with
 * {@link StreamEventTooLargeError} if it is larger than `maxEventSize`, as it does when it arrives in pieces).
 */
export class SSEDecoder {
  /**
   * The reconnection time the server asked for with `retry:`, in milliseconds. An event too large takes the
   * `retry:` values since the last event delivered with it, wherever in the bytes the overflow is found.
   */
  retry: number | undefined;
  /** `retry` as the last event delivered left it: what an event too large falls back to. */
  private retryBeforeEvent: number | undefined;

  private readonly parser: EventSourceParser;
  // The spec wants a UTF-8 decoder whatever the content type says; this one removes the stream's one leading BOM.
  private readonly decoder = new UTF8StreamDecoder();
  /**
   * For a small piece that holds only whole characters: Node's streaming call has a fixed cost per piece
   * (it keeps state for a character split across pieces) that dominates a piece of one event, so decoding
   * such a piece in one call is faster. It keeps a U+FEFF, as the streaming decoder does past the start: it
   * only gets pieces after one that the streaming decoder turned into text (see `streaming`), so the BOM is
   * behind it.
   */
  private readonly wholeDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
  /**
   * The streaming decoder may hold the start of a character (the last piece ended in a byte of one), or has
   * not yet seen the stream's first piece: the next piece goes to it.
   */
  private streaming = true;
  private lastEventId = '';
  /** The line the text so far ends in: how long it is, and how it starts. */
  private readonly line = new UnterminatedLine();
  /** The start of the body while no event has come, for `foreignText`. */
  private readonly head = new BodyHead();
  private tooLarge: StreamEventTooLargeError | undefined;
  /** Set by `end` for an event cut off in a field's line: it is measured against the limit, not delivered. */
  private cutOff = false;
  private readonly maxEventSize: number;
  private readonly context: ErrorRequestContext | undefined;

  /**
   * Creates a decoder for one stream.
   *
   * @param onEvent - Called with each event as soon as it is complete, in order.
   * @param options - The event size limit and the request, for error messages.
   * @throws {@link GroqError} when `maxEventSize` is not a whole number from 1.
   */
  constructor(onEvent: (event: ServerSentEvent) => void, options: SSEDecoderOptions = {}) {
    // Unchecked, NaN, 0 or a fraction failed every event as "exceeded the maximum size of NaN characters".
    checkCount('maxEventSize', options.maxEventSize, 1);
    const maxEventSize = options.maxEventSize ?? defaultMaxEventSize;
    this.maxEventSize = maxEventSize;
    this.context = options.context;
    this.parser = createParser({
      // The parser counts a line still arriving (with its field name) and the event's data before it, but a line
      // that arrives whole not at all: its own limit would fail a long `retry:` value, or the type of an event
      // with no data, only when the bytes were cut inside it. `feed` refuses any value over the limit first,
      // however it arrives, so a line the parser holds is at most the limit and `event: `; past that and the
      // limit again, the event's data alone exceeds the limit, which the check below refuses when it ends.
      maxBufferSize: 2 * maxEventSize + 'event: '.length,
      onEvent: (message) => {
        if (this.tooLarge !== undefined) return;
        // The parser checks only what it buffers: an event that arrived whole in one piece is checked here,
        // its type and id with its data, as the parser counts them.
        if (message.data.length + (message.event?.length ?? 0) + (message.id?.length ?? 0) > maxEventSize) {
          this.refuse();
          return;
        }
        if (this.cutOff) return;
        this.retryBeforeEvent = this.retry;
        // The parser hands over a fresh object per event: completing it in place saves an allocation per chunk.
        this.head.eventCame();
        const event = message as ServerSentEvent;
        event.event = message.event || 'message';
        event.id = this.lastEventId;
        onEvent(event);
      },
      onId: (id) => {
        if (!this.cutOff) this.lastEventId = id;
      },
      onRetry: (retry) => {
        // Not from the lines after an event too large that came in the same piece: nothing after it counts.
        if (this.tooLarge === undefined && !this.cutOff) this.retry = retry;
      },
      onError: (error) => {
        // Unknown fields and bad `retry:` values are ignored, as the standard says; only overflow is fatal.
        if (error.type === 'max-buffer-size-exceeded') this.refuse();
      },
    });
    // The decoder already removed the one BOM the standard allows; this blank line ends the parser's own
    // BOM check so that a second U+FEFF stays part of the first line, as it must.
    this.parser.feed('\n');
  }

  /**
   * The start of the body (up to 4 Ki characters) when it held no event and no line of a field the standard
   * knows, but other lines: no event stream at all, rather an HTML page or a JSON error body that a server or
   * proxy labelled `text/event-stream`. What it said is worth more than "cut off". `undefined` otherwise,
   * also when the body's first line (after blank lines and comments) may be such a field cut short (`d`,
   * `dat`, `retr`): a stream cut in the name of its first field is cut off like one cut later in that field.
   */
  get foreignText(): string | undefined {
    return this.head.foreignText(this.line.mayBeKeptField());
  }

  /** Decodes and parses one piece of the stream; events are delivered synchronously to `onEvent`. */
  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    // A piece that ends in an ASCII byte ends with a whole character (an ASCII byte also ends any character
    // left incomplete before it, as U+FFFD), so it leaves the streaming decoder holding nothing. Once the
    // streaming decoder holds nothing, such a piece decodes alone to the same text: most pieces, which end
    // with an event's blank line.
    const endsWhole = bytes[bytes.length - 1]! < 0x80;
    const text = endsWhole && !this.streaming && bytes.length < maxWholeDecoded ? this.wholeDecoder.decode(bytes) : this.decoder.decode(bytes);
    this.streaming = !endsWhole;
    this.feed(text);
  }

  /** Ends the stream: flushes the decoder and delivers a last event whose lines were all complete. */
  end(): void {
    this.feed(this.decoder.decode());
    if (this.line.mayBeKeptField()) {
      // An event cut off in a field's line is not delivered, but measured: cut in pieces, it fails as too large
      // as soon as its data and the line arriving pass the parser's buffer; whole, it would pass unseen. Ended
      // here, its line's value counted, it fails whenever its data passed the limit, however the bytes came.
      // Straight to the parser: the body's start and its last line stay as they were, for foreignText.
      this.cutOff = true;
      this.parser.feed('\n\n');
      if (this.tooLarge !== undefined) throw this.tooLarge;
      return;
    }
    // "\n\n" rather than "\n": after a trailing CR the parser swallows one LF as the second half of CRLF. A
    // cut-off line the parser was skipping ends with the first line break, unread.
    this.feed('\n\n');
  }

  private feed(text: string): void {
    if (text.length === 0) return;
    if (this.tooLarge !== undefined) throw this.tooLarge;
    if (this.line.bound + text.length > this.maxEventSize + shortestFieldHead) this.refuseLongValue(text);
    // The start of the body is looked at only before the first event, in a method of its own: this runs for every
    // piece, inlined where the pieces are read, and V8's inlining budget there is better spent on what runs after.
    if (this.head.open) {
      this.feedHead(text);
      return;
    }
    this.line.remember(text);
    this.parser.feed(text);
    if (this.tooLarge !== undefined) throw this.tooLarge;
  }

  /** `feed` while no event has come: the start of the body is kept, and its lines looked at (see `foreignText`). */
  private feedHead(text: string): void {
    // The start of the line `text` continues, for a field name split across pieces.
    const lineHead = this.head.watching ? this.line.head() : undefined;
    this.head.keep(text);
    this.line.remember(text);
    this.parser.feed(text);
    if (this.tooLarge !== undefined) throw this.tooLarge;
    if (lineHead !== undefined) this.head.look(lineHead, text);
  }

  /**
   * Throws when `text` holds, or continues, a `data`, `event`, `id` or `retry` value longer than the limit,
   * after the parser got the lines before it: the events that ended before it come first, as when the parser
   * refuses a line that arrives in pieces.
   */
  private refuseLongValue(text: string): void {
    const longAt = longFieldValueAt(text, this.line.measure(), this.lineHead, this.maxEventSize);
    if (longAt === -1) return;
    if (longAt > 0) this.parser.feed(text.slice(0, longAt));
    throw this.refuse();
  }

  /**
   * Fails the stream with an event too large. The parser finds it at the line where its buffer overflows when
   * the event arrives in pieces, but only at the event's end when it arrives whole: a `retry:` line between
   * the two counts in one case only, unless the values since the last event delivered go with the event.
   */
  private refuse(): StreamEventTooLargeError {
    if (this.tooLarge === undefined) {
      this.tooLarge = new StreamEventTooLargeError(this.maxEventSize, this.context);
      this.retry = this.retryBeforeEvent;
    }
    return this.tooLarge;
  }

  private readonly lineHead = (): string => this.line.head();
}
