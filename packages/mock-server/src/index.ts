/**
 * A local mock of Groq's chat-completions API (and of its beta Responses API), streaming and not, with
 * deterministic answers, pacing and injectable faults, for tests, demos and benchmarks. Start one with
 * {@link createMockGroqServer}.
 *
 * @packageDocumentation
 * @module @groq-stream/mock-server
 */
export { createMockGroqServer } from './create-mock-groq-server.js';
export type { MockGroqServer } from './create-mock-groq-server.js';
export type { MockBehaviorOptions, MockGroqServerOptions } from './mock-groq-server-options.js';
export type { MockServerStats, RecordedRequest } from './mock-stats.js';
export { isMockScenario, mockScenarios } from './scenarios.js';
export type { MockScenario } from './scenarios.js';
export { mockModels } from './models.js';
export type { MockModel } from './models.js';
export { generateAnswerTokens, generateReasoningTokens } from './generate-answer.js';
