/**
 * Helpers for testing and benchmarking code that reads Groq streams: chunk transcripts, their SSE
 * encoding, byte splits, test bodies and responses that record how they were read, a logger that records its lines. Web-standard APIs only,
 * so they run in Node and edge runtimes alike.
 *
 * @packageDocumentation
 * @module @groq-stream/core/test
 */
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
export { arrivalGroups } from './arrival-groups.js';
export { createRandom, type Random } from './create-random.js';
export { eventually } from './eventually.js';
export { rejectionOf } from './rejection-of.js';
export { countedSignal, type CountedSignal } from './counted-signal.js';
export { trackTimers, type TrackedTimers, type PendingTimer } from './track-timers.js';
export { watchWarnings, type WatchedWarnings } from './watch-warnings.js';
export { recordingLogger, type RecordingLogger } from './recording-logger.js';
