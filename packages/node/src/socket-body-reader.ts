import type * as http from 'node:http';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { onAbort, type BodyReader, type BodyReadResult } from '@groq-stream/core';
import { abortReason } from './abort-reason.js';
import { decodedBody, failureOf } from './decoded-body.js';
import { lateRequestError } from './late-request-error.js';
import { readArrivedOnClose } from './read-arrived-on-close.js';

/**
 * Reads a response body one piece per `read()`: the socket is paused while nobody reads, and then does not
 * keep the process alive either (as with fetch): a body nobody will read must not stop Node from exiting; a
 * read in progress does. While the reader keeps up, the socket simply flows.
 */
export class SocketBodyReader implements BodyReader {
  private readonly source: Readable;
  private readonly socket: Socket | null;
  /** Pieces that arrived while no read was waiting: the socket is paused until they are read. */
  private buffered: Uint8Array[] = [];
  /** The read waiting for a piece (the functions of its promise), when there is one. */
  private resolveWaiting: ((result: BodyReadResult) => void) | undefined;
  private rejectWaiting: ((error: unknown) => void) | undefined;
  private failure: { error: unknown } | undefined;
  /** Ended, failed or cancelled: nothing more comes from the source. */
  private done = false;
  private referenced = true;
  private stopListening: (() => void) | undefined;
  private stopWatchingClose: (() => void) | undefined;

  constructor(
    private readonly message: http.IncomingMessage,
    private readonly request: http.ClientRequest,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.source = decodedBody(message);
    this.socket = message.socket;
    if (signal?.aborted) {
      this.fail(abortReason(signal));
      return;
    }
    // One listener on a signal that many requests share, as fetch allows: Node warns past ten.
    this.stopListening = signal === undefined ? undefined : onAbort(signal, this.onAbort);
    this.source.pause();
    this.reference(false);
    this.source.on('data', (value: Buffer) => {
      if (this.done) return; // drained after a cancel (see below)
      const resolve = this.resolveWaiting;
      if (resolve !== undefined) {
        this.resolveWaiting = this.rejectWaiting = undefined;
        resolve({ value, done: false });
        return;
      }
      this.buffered.push(value);
      this.source.pause();
      this.reference(false);
    });
    this.source.once('end', () => {
      if (this.done) return;
      // A decoded body that failed part way ends once all it decoded has come: the failure comes after it, and
      // after the last piece, which may still wait here (a resume passes on the pieces left in one go).
      const failure = failureOf(this.source);
      if (failure !== undefined) return this.fail(new TypeError('terminated', { cause: this.named(failure) }), true);
      this.finish();
      this.settleWaiting();
    });
    // What arrived before the source failed comes first: on a lost connection, what the server did send.
    this.source.on('error', (cause) => this.fail(new TypeError('terminated', { cause: this.named(cause) }), true));
    // The connection closed before the end of the body, and nothing says so: a message that failed does, through
    // the source (a decoded body ends with the failure once it has passed on what it decoded before it).
    message.once('close', () => {
      if (!message.complete && message.errored === null) this.fail(new TypeError('terminated', { cause: closedEarly() }), true);
    });
    // What waits unread in the message when its connection closes early comes before the failure.
    this.stopWatchingClose = readArrivedOnClose(message);
  }

  read(): Promise<BodyReadResult> {
    if (this.resolveWaiting !== undefined) return Promise.reject(new TypeError('A read is already in progress on this body.'));
    const value = this.buffered.shift();
    if (value !== undefined) return Promise.resolve({ value, done: false });
    if (this.failure !== undefined) return Promise.reject(this.failure.error);
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    const read = new Promise(this.wait);
    this.reference(true);
    this.source.resume();
    return read;
  }

  // One executor for every read, keeping its promise's functions in two fields: a closure and an object
  // made for each read would be made for every chunk of every stream a relay reads.
  private readonly wait = (resolve: (result: BodyReadResult) => void, reject: (error: unknown) => void): void => {
    this.resolveWaiting = resolve;
    this.rejectWaiting = reject;
  };

  cancel(): Promise<void> {
    if (this.done) return Promise.resolve();
    this.finish();
    this.buffered = [];
    this.settleWaiting();
    // All of the body has arrived (a reader that stops at `data: [DONE]` often cancels then): drain it,
    // so that the connection goes back to the pool.
    if (this.message.complete) this.source.resume();
    else this.destroy();
    return Promise.resolve();
  }

  private readonly onAbort = (): void => this.fail(abortReason(this.signal!));

  /**
   * Node fails a body cut short with `aborted` whatever happened (a close, a reset, framing it could not
   * parse), which would read as the caller's cancel: what the request saw is named instead, or the close.
   */
  private named(cause: Error & { code?: unknown }): Error {
    if (cause.message !== 'aborted' || cause.code !== 'ECONNRESET') return cause;
    return lateRequestError(this.request) ?? closedEarly(cause);
  }

  /**
   * Fails the body; pieces not yet read are dropped, as by a web stream that errors (an abort), unless
   * `afterPieces`: then they are read first, and the failure after them.
   */
  private fail(error: unknown, afterPieces = false): void {
    if (this.done) return;
    this.finish();
    if (!afterPieces) this.buffered = [];
    this.failure = { error };
    const reject = this.rejectWaiting;
    this.resolveWaiting = this.rejectWaiting = undefined;
    reject?.(error);
    this.destroy();
  }

  private finish(): void {
    this.done = true;
    this.stopListening?.();
    this.stopWatchingClose?.();
  }

  /** Answers a waiting read once no piece is left: the end. */
  private settleWaiting(): void {
    const resolve = this.resolveWaiting;
    this.resolveWaiting = this.rejectWaiting = undefined;
    resolve?.({ value: undefined, done: true });
  }

  private destroy(): void {
    // Destroying the response closes its socket, so that the server sees the client leave.
    this.message.destroy();
    if (this.source !== this.message) this.source.destroy();
  }

  private reference(on: boolean): void {
    // Not on a socket that is gone: Node would add a 'connect' listener to it for every call.
    if (on === this.referenced || this.socket === null || this.socket.destroyed) return;
    this.referenced = on;
    if (on) this.socket.ref();
    else this.socket.unref();
  }
}

function closedEarly(cause?: Error): Error {
  return new Error('The connection closed before the end of the response body.', { cause });
}
