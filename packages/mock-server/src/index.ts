export { createMockGroqServer } from './create-mock-groq-server.js';
export type { MockGroqServer } from './create-mock-groq-server.js';
export type { MockBehaviorOptions, MockGroqServerOptions } from './mock-groq-server-options.js';
export type { MockServerStats, RecordedRequest } from './mock-stats.js';
export { isMockScenario, mockScenarios } from './scenarios.js';
export type { MockScenario } from './scenarios.js';
export { mockModels } from './models.js';
export type { MockModel } from './models.js';
export { generateAnswerTokens, generateReasoningTokens } from './generate-answer.js';
