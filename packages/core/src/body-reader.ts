/** A result of {@link BodyReader.read}, as `ReadableStreamDefaultReader.read()` gives it. */
export type BodyReadResult = BodyReadValue | BodyReadDone;

/** A piece of the body; see {@link BodyReader.read}. */
export interface BodyReadValue {
  /** Not the end. */
  done: false;
  /** The bytes of this piece. */
  value: Uint8Array;
}

/** The end of the body; see {@link BodyReader.read}. */
export interface BodyReadDone {
  /** The end. */
  done: true;
  /** Nothing (a web reader may say `undefined`). */
  value?: Uint8Array | undefined;
}

/** What this SDK's stream readers need of a body reader: the part of `ReadableStreamDefaultReader` they use. */
export interface BodyReader {
  /** The next piece of the body, or `done` at its end; rejects when the body fails. One read at a time. */
  read(): Promise<BodyReadResult>;
  /** Stops reading and releases the source. */
  cancel(reason?: unknown): Promise<void>;
}

const directReaders = new WeakMap<ReadableStream<Uint8Array>, () => BodyReader | undefined>();

/**
 * Offers this SDK's stream readers a direct way to `body`'s source, around the web stream. A web stream
 * costs several objects and promises per read (a read request, its promise, a pull, a result), which a
 * relay pays for every chunk of every stream; a runtime adapter whose body wraps a source it controls (a
 * Node socket) can hand that source out instead. `open` is called at most once, when a reader takes the
 * body, after the web stream was locked; it returns `undefined` when the web stream was already read, so
 * that nothing it holds is skipped. Other readers (`response.body`, `response.text()`) see the web stream.
 *
 * @returns `body`, for chaining.
 */
export function withDirectReader(body: ReadableStream<Uint8Array>, open: () => BodyReader | undefined): ReadableStream<Uint8Array> {
  directReaders.set(body, open);
  return body;
}

/** Locks `body` (throwing as `getReader()` does when it is locked) and returns the cheapest reader of it. */
export function bodyReaderOf(body: ReadableStream<Uint8Array>): BodyReader {
  const reader = body.getReader();
  const open = directReaders.get(body);
  if (open === undefined) return reader;
  directReaders.delete(body);
  // The web stream stays locked by `reader`, which never reads: nobody else can read around the direct reader.
  return open() ?? reader;
}
