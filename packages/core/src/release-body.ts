import type { BodyReader } from './body-reader.js';

/**
 * Lets go of a body that will not be read any further. After `[DONE]` (`drain`), the end of the body is
 * usually already buffered: reading it lets the runtime keep the connection alive for the next request,
 * where cancelling would close it. A server that holds the connection open is cut off after one turn of
 * the event loop.
 */
export function releaseBody(reader: BodyReader, release: 'cancel' | 'drain'): void {
  if (release === 'cancel') {
    reader.cancel().catch(ignore);
    return;
  }
  const cancel = (): void => void reader.cancel().catch(ignore);
  const timer = setTimeout(cancel, 0);
  reader.read().then(
    (result) => {
      clearTimeout(timer);
      if (!result.done) cancel();
    },
    () => clearTimeout(timer),
  );
}

function ignore(): void {}
