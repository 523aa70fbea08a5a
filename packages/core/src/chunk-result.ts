/** What `data: ` and the blank line after the data add to the data in an SSE frame. */
export const frameOverhead = 'data: \n\n'.length;

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
    /**
     * The piece of the body the chunk came in (as decoded text), when it is as long as its frame,
     * `data: <text>` and a blank line: it may be that frame, which a relay then sends as it is (see
     * `dataFrameOf`) rather than build the same string again, and copy it once more to write it.
     */
    readonly piece?: string,
  ) {}
}
