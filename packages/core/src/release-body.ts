import type { BodyReader } from './body-reader.js';

// After `[DONE]`, how long the end of the body may take to come. The end often arrives in a packet of its
// own just after `[DONE]`: cancelling after one turn of the event loop, before the network was even polled,
// closed a connection that could have been reused (3 of 50 streams on loopback), and a new one to Groq costs
// a TLS handshake.
const drainGraceMs = 100;

/**
 * Lets go of a body the reader is done with. `cancel` closes it at once. `drain`, after `[DONE]`, reads its
 * end first, which is usually already buffered: that lets the runtime keep the connection alive for the next
 * request, where cancelling would close it. A server that holds the connection open, or sends more, is cut
 * off after `drainGraceMs`.
 */
export function releaseBody(reader: BodyReader, release: 'cancel' | 'drain'): void {
  const cancel = (): void => void reader.cancel().catch(ignore);
  if (release === 'cancel') return cancel();
  const timer = setTimeout(cancel, drainGraceMs);
  // The wait must not keep a Node process alive on its own.
  (timer as { unref?: () => void }).unref?.();
  reader.read().then(
    (result) => {
      clearTimeout(timer);
      if (!result.done) cancel();
    },
    () => clearTimeout(timer),
  );
}

function ignore(): void {}
