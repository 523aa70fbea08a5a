// Helpers for testing and benchmarking code that reads Groq streams, exported as
// `@groq-stream/core/test`. Web-standard APIs only, so they run in Node and edge runtimes alike.
export {
  createChunkTranscript,
  type ChunkTranscriptOptions,
  type TranscriptChunk,
  type TranscriptFinishReason,
  type TranscriptToolCallDelta,
  type TranscriptUsage,
} from './create-chunk-transcript.js';
export { encodeSSETranscript, type EncodeSSETranscriptOptions } from './encode-sse-transcript.js';
export { splitBytes, splitEverywhere, type PieceSize } from './split-bytes.js';
export { createTestBody, type TestBody, type TestBodyOptions, type TestBodyStats } from './create-test-body.js';
export { createTestResponse, type TestResponse, type TestResponseInit } from './create-test-response.js';
export { readAll, type ReadAllResult } from './read-all.js';
export { eventually } from './eventually.js';
export { rejectionOf } from './rejection-of.js';
