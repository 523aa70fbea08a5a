// What `Stream`'s relay and accumulation methods load on first use (see `lazyModule`): the encoders of
// `toReadableStream()` and `toSSEReadableStream()`, the frames of `sseDataFrames()`, `textDeltas()` and the
// merge of `finalChatCompletion()`. One module for all of them, not one per method: an app's bundler then makes
// one lazy chunk, and what they share with the rest of the page goes up front in one chunk, not in one per set
// of methods that share it (with esbuild, 9 files up front instead of 2, 1.4 KB more min+gz).
export { encodeNDJSONStream, ndjsonStreamSource } from './encode-ndjson-stream.js';
export { encodeSSEStream, sseStreamSource } from './encode-sse-stream.js';
export { withDataFrames } from './with-data-frames.js';
export { textDeltasOf } from './text-deltas.js';
export { ChatCompletionBuilder } from './chat-completion-builder.js';
