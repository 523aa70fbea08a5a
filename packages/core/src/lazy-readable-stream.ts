import { pullOnDemand } from './pull-on-demand.js';
import type { StreamBytes } from './stream-bytes.js';

/** What a {@link lazyReadableStream} does for its upstream before its source has loaded. */
export interface BeforeLoad {
  /** The reader cancelled: release the upstream now, as the source's own `cancel()` would. */
  cancel: (reason: unknown) => Promise<void> | void;
  /** The source failed to load: release the upstream, which nothing will read. */
  release: () => Promise<unknown> | void;
}

/**
 * A byte stream handed out at once whose underlying source comes from code loaded on first use (an encoder;
 * see `lazyModule`). `start()` waits for the source; then every read goes straight to its `pull()` and a cancel
 * to its `cancel()`, with the encoders' own queuing strategy. Not a stream that reads the encoder's stream: a
 * relay pays for nothing more per chunk. A cancel that comes before the source must not wait for it (a
 * browser that left holds a Groq stream open until then): `beforeLoad.cancel` releases the upstream. A source
 * that fails to load errors this stream with the load's error.
 */
export function lazyReadableStream(load: () => Promise<UnderlyingDefaultSource<StreamBytes>>, beforeLoad: BeforeLoad): ReadableStream<StreamBytes> {
  let source: UnderlyingDefaultSource<StreamBytes> | undefined;
  let cancelled = false;
  return new ReadableStream<StreamBytes>(
    {
      async start() {
        try {
          source = await load();
        } catch (error) {
          if (!cancelled) await releaseFor(beforeLoad);
          throw error;
        }
      },
      // No pull comes before `start()` has settled, so `source` is there.
      pull: (controller) => source!.pull?.(controller),
      cancel(reason) {
        if (source !== undefined) return source.cancel?.(reason);
        cancelled = true;
        return beforeLoad.cancel(reason);
      },
    },
    pullOnDemand,
  );
}

// The stream fails with the load's error, which says what went wrong; a release that fails too has nothing to add.
async function releaseFor(beforeLoad: BeforeLoad): Promise<void> {
  try {
    await beforeLoad.release();
  } catch {}
}
