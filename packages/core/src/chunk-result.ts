/**
 * A chunk as {@link ChunkReader.next} hands it out, with the JSON text it was parsed from: a relay can pass
 * that text on instead of serialising the chunk again. A class of its own, so that no other iterator's
 * results (a `tee()` branch, a wrapper that may have changed the chunk) can pass for one.
 */
export class ChunkResult<T> implements IteratorYieldResult<T> {
  readonly done = false;
  constructor(
    readonly value: T,
    readonly text: string,
  ) {}
}
