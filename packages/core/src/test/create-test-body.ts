/** Options of {@link createTestBody}. */
export interface TestBodyOptions {
  /**
   * Never close the stream after the last piece, like a server that keeps the connection open
   * after `data: [DONE]`: a reader that waits for the end hangs until it cancels the body.
   */
  holdOpen?: boolean | undefined;
  /** Wait this long (with `setTimeout`) before handing out each piece. Default 0: no wait. */
  delayMs?: number | undefined;
  /**
   * After the last piece, fail the next read with this reason instead of closing, as a connection reset
   * does (fetch's `new TypeError('terminated')`). Default: none, the body closes.
   */
  breakWith?: unknown;
}

/** What happened to a test body so far; the object is updated live as the body is read. */
export interface TestBodyStats {
  /** Pieces handed to the stream, which happens only when the reader asks for one. */
  piecesPulled: number;
  /** Calls of the underlying source's `cancel()`. */
  cancelCalls: number;
  /** Whether the body was cancelled. */
  cancelled: boolean;
  /** The reason passed to the last `cancel()`. */
  cancelReason: unknown;
  /** Whether the body closed by itself after its last piece (never with `holdOpen`). */
  closed: boolean;
}

/** A test body and its live stats. */
export interface TestBody {
  /** The body, to pass to a `Response` or to read directly. */
  body: ReadableStream<Uint8Array>;
  /** What the reader has done with the body so far; updated live. */
  stats: TestBodyStats;
}

/**
 * Creates a pull-based response body that hands out one prepared piece per read (strings are
 * encoded as UTF-8 up front, so reading costs next to nothing), and counts what the reader did.
 * The pieces are enqueued as they are, not copied.
 *
 * @example
 * const { body, stats } = createTestBody(splitBytes(bytes, 7), { holdOpen: true });
 * // ... read up to `[DONE]` ...
 * expect(stats.cancelCalls).toBe(1);
 */
export function createTestBody(pieces: readonly (Uint8Array | string)[], options: TestBodyOptions = {}): TestBody {
  const { holdOpen = false, delayMs = 0, breakWith } = options;
  const encoder = new TextEncoder();
  const prepared = pieces.map((piece) => (typeof piece === 'string' ? encoder.encode(piece) : piece));
  const stats: TestBodyStats = { piecesPulled: 0, cancelCalls: 0, cancelled: false, cancelReason: undefined, closed: false };
  let releaseHold: (() => void) | undefined;

  const handOut = (controller: ReadableStreamDefaultController<Uint8Array>): void | Promise<void> => {
    if (stats.cancelled) return;
    if (stats.piecesPulled < prepared.length) {
      controller.enqueue(prepared[stats.piecesPulled++] as Uint8Array);
      // An error now would discard the piece just enqueued: the body breaks on the next read.
      if (stats.piecesPulled < prepared.length || breakWith !== undefined) return;
    } else if (breakWith !== undefined) {
      controller.error(breakWith);
      return;
    }
    if (holdOpen) return new Promise<void>((resolve) => (releaseHold = resolve));
    controller.close();
    stats.closed = true;
  };

  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (delayMs > 0 && stats.piecesPulled < prepared.length) {
          return new Promise<void>((resolve) => setTimeout(resolve, delayMs)).then(() => handOut(controller));
        }
        return handOut(controller);
      },
      cancel(reason) {
        stats.cancelCalls++;
        stats.cancelled = true;
        stats.cancelReason = reason;
        releaseHold?.();
      },
    },
    // Pull only when the reader asks, so `piecesPulled` shows how far it really read.
    { highWaterMark: 0 },
  );
  return { body, stats };
}
