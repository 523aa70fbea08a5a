import type { ServerResponse } from 'node:http';
import { abortableDelay } from './abortable-delay.js';
import type { Pace } from './run-answer-stream.js';
import type { MockScenario } from './scenarios.js';
import { STREAM_ERROR_STATUS, stoppedEarlyError, streamError } from './scenario-errors.js';
import { sendJson, sendJsonText } from './send-json.js';

/** What {@link respondAnswer} needs to answer one request without a stream. */
export interface RespondAnswerOptions {
  response: ServerResponse;
  signal: AbortSignal;
  /** Tokens of the answer: the wait is as long as streaming them would take at the requested pace. */
  completionTokens: number;
  pace: Pace;
  scenario: MockScenario;
  /** The JSON text of the answer (a `ChatCompletion`, a `Response`), built only when it is sent. */
  body: () => string;
}

/**
 * Answers a non-streaming request (chat completion or response) after as long as streaming the same answer
 * would take at the requested pace, or fails as the scenario says: `stall` never answers, `drop` closes the
 * connection, and `mid-stream-error`, `error-then-stall` and `stopped-early` fail with a 500, since no stream can
 * carry their error. `done-then-stall` answers as usual: an answer of known length ends with its last byte,
 * whether the connection stays open or not.
 */
export async function respondAnswer({ response, signal, completionTokens, pace, scenario, body }: RespondAnswerOptions): Promise<void> {
  const generationMs = pace.tokensPerSecond > 0 ? (completionTokens * 1000) / pace.tokensPerSecond : 0;
  if (!(await abortableDelay(pace.headersDelayMs + pace.ttftMs + generationMs, signal))) return;
  // `stall` never answers: the socket stays open until the client goes away or the server closes.
  if (scenario === 'stall') return;
  if (scenario === 'drop') {
    // Destroys the socket the response holds: a pipelined request is handled only once the answers before it are
    // out (waitForTurn), so the connection closes after those answers, and nothing after it is handled.
    response.destroy();
    return;
  }
  if (scenario === 'mid-stream-error' || scenario === 'error-then-stall') {
    sendJson(response, STREAM_ERROR_STATUS, streamError());
    return;
  }
  // Without a stream there is no chunk to carry `x_groq.error`: the request fails as a whole.
  if (scenario === 'stopped-early') {
    sendJson(response, 500, stoppedEarlyError());
    return;
  }
  sendJsonText(response, 200, body());
}
