import { createParser, type EventSourceParser } from 'eventsource-parser';
import type { ErrorRequestContext } from './errors/groq-error.js';
import { StreamEventTooLargeError } from './errors/stream-event-too-large-error.js';

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
   * Largest event, in characters, that may build up before it ends; a larger one fails with
   * {@link StreamEventTooLargeError} instead of growing memory without bound. Default: 16 MiB.
   */
  maxEventSize?: number | undefined;
  /** Request the stream belongs to, for error messages. */
  context?: ErrorRequestContext | undefined;
}

/** Default of {@link SSEDecoderOptions.maxEventSize}: far above any real chat chunk, far below trouble. */
export const defaultMaxEventSize = 16 * 1024 * 1024;

const streamDecode = { stream: true } as const;
const lineFeed = 10;
const carriageReturn = 13;

/**
 * Turns the bytes of an event stream, in pieces of any size, into events: UTF-8 decoding in streaming mode
 * (a character split across pieces decodes once; invalid bytes become U+FFFD) in front of
 * `eventsource-parser`, which does the line and field rules in linear time.
 *
 * At the end of the stream an event whose last data line ended with a line break is still delivered (real
 * servers omit the final blank line); an incomplete last line is discarded.
 */
export class SSEDecoder {
  /** The reconnection time the server asked for with `retry:`, in milliseconds. */
  retry: number | undefined;

  private readonly parser: EventSourceParser;
  // The spec wants a UTF-8 decoder whatever the content type says; it removes one leading BOM itself.
  private readonly decoder = new TextDecoder('utf-8');
  private lastEventId = '';
  private endedOnLineBreak = true;
  private tooLarge: StreamEventTooLargeError | undefined;

  /**
   * Creates a decoder for one stream.
   *
   * @param onEvent - Called with each event as soon as it is complete, in order.
   * @param options - The event size limit and the request, for error messages.
   */
  constructor(onEvent: (event: ServerSentEvent) => void, options: SSEDecoderOptions = {}) {
    const maxEventSize = options.maxEventSize ?? defaultMaxEventSize;
    this.parser = createParser({
      maxBufferSize: maxEventSize,
      onEvent: (message) => {
        if (this.tooLarge !== undefined) return;
        // The parser checks only what it buffers: an event that arrived whole in one piece is checked here.
        if (message.data.length > maxEventSize) {
          this.tooLarge = new StreamEventTooLargeError(maxEventSize, options.context);
          return;
        }
        // The parser hands over a fresh object per event: completing it in place saves an allocation per chunk.
        const event = message as ServerSentEvent;
        event.event = message.event || 'message';
        event.id = this.lastEventId;
        onEvent(event);
      },
      onId: (id) => {
        this.lastEventId = id;
      },
      onRetry: (retry) => {
        this.retry = retry;
      },
      onError: (error) => {
        // Unknown fields and bad `retry:` values are ignored, as the standard says; only overflow is fatal.
        if (error.type === 'max-buffer-size-exceeded') this.tooLarge = new StreamEventTooLargeError(maxEventSize, options.context);
      },
    });
    // The decoder already removed the one BOM the standard allows; this blank line ends the parser's own
    // BOM check so that a second U+FEFF stays part of the first line, as it must.
    this.parser.feed('\n');
  }

  /** Decodes and parses one piece of the stream; events are delivered synchronously to `onEvent`. */
  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.feed(this.decoder.decode(bytes, streamDecode));
  }

  /** Ends the stream: flushes the decoder and delivers a last event whose data line was complete. */
  end(): void {
    this.feed(this.decoder.decode());
    // "\n\n" rather than "\n": after a trailing CR the parser swallows one LF as the second half of CRLF.
    if (this.endedOnLineBreak) this.feed('\n\n');
  }

  private feed(text: string): void {
    if (text.length === 0) return;
    if (this.tooLarge !== undefined) throw this.tooLarge;
    const last = text.charCodeAt(text.length - 1);
    this.endedOnLineBreak = last === lineFeed || last === carriageReturn;
    this.parser.feed(text);
    if (this.tooLarge !== undefined) throw this.tooLarge;
  }
}
