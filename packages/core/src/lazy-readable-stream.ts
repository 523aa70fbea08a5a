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
 * see `lazyModule`). The first read loads the source, where the encoder's stream would have started (its
 * upstream read, its timers): nothing happens before it, as before. Then that read and every later one go
 * straight to the source's `pull()`, and a cancel to its `cancel()`, with the encoders' own queuing strategy:
 * not a stream that reads the encoder's stream, so a relay pays for nothing more per chunk. A cancel that comes
 * before the source must not wait for it (a browser that left holds a Groq stream open until then):
 * `beforeLoad.cancel` releases the upstream. A source that fails to load errors this stream with the load's error.
 */
export function lazyReadableStream(load: () => Promise<UnderlyingDefaultSource<StreamBytes>>, beforeLoad: BeforeLoad): ReadableStream<StreamBytes> {
  let source: UnderlyingDefaultSource<StreamBytes> | undefined;
  let cancelled = false;
  const firstPull = async (controller: ReadableStreamDefaultController<StreamBytes>): Promise<void> => {
    let loaded: UnderlyingDefaultSource<StreamBytes>;
    try {
      loaded = await load();
    } catch (error) {
      if (cancelled) return;
      await releaseFor(beforeLoad);
      throw error;
    }
    // A reader that cancelled while the code loaded has had its cancel: the source has nothing to do.
    if (cancelled) return;
    source = loaded;
    await source.pull?.(controller);
  };
  return new ReadableStream<StreamBytes>(
    {
      pull: (controller) => (source === undefined ? firstPull(controller) : source.pull?.(controller)),
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
