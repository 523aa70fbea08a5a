import { expectTypeOf, test } from 'vitest';
import type { ChunkTranscriptOptions, TranscriptFinishReason } from './create-chunk-transcript.js';
import type { TestBodyOptions } from './create-test-body.js';
import type { TestResponseInit } from './create-test-response.js';
import type { EncodeSSETranscriptOptions } from './encode-sse-transcript.js';

// Meaningful under tsconfig.exact-optional.json (exactOptionalPropertyTypes), which `typecheck` runs.
interface FixtureConfig {
  seed?: number;
  model?: string;
  finishReason?: TranscriptFinishReason;
  withUsage?: boolean;
  done?: boolean;
  lineEnding?: '\n' | '\r\n';
  holdOpen?: boolean;
  delayMs?: number;
}
declare const config: FixtureConfig;

test("the helpers' options take an explicit undefined (the default), such as a value read from optional config", () => {
  expectTypeOf({ chunks: 5, seed: config.seed, model: config.model, finishReason: config.finishReason, withUsage: config.withUsage }).toExtend<ChunkTranscriptOptions>();
  expectTypeOf({ done: config.done, lineEnding: config.lineEnding }).toExtend<EncodeSSETranscriptOptions>();
  expectTypeOf({ holdOpen: config.holdOpen, delayMs: config.delayMs }).toExtend<TestBodyOptions>();
  expectTypeOf({ holdOpen: config.holdOpen, delayMs: config.delayMs }).toExtend<TestResponseInit>();
});
