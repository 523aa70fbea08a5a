import { createResponseObject, createOutputItem, finalStatus, outputItemText, type ResponseMeta } from './create-response-object.js';
import { createResponseSteps } from './create-response-steps.js';
import { createResponsesId } from './create-ids.js';
import { handleAnswerRequest, type AnswerApi, type AnswerExchange } from './handle-answer-request.js';
import type { MockServerContext } from './mock-server-context.js';
import { respondAnswer } from './respond-answer.js';
import { isFaultyStream, runAnswerStream } from './run-answer-stream.js';
import { STOPPED_EARLY_REASON } from './scenario-errors.js';
import { validateResponsesRequest, type ResponsesRequest } from './validate-responses-request.js';

/**
 * The Responses API (Groq's beta, OpenAI-compatible): a `Response` with one output item (an assistant message or
 * a function call), or its stream of typed events; the same answers, pace, scenarios and counters as chat.
 */
const responsesApi: AnswerApi<ResponsesRequest> = {
  validate: validateResponsesRequest,
  async answer(request, { response, signal, counters, serverClosing, plan, usage, pace, scenario }) {
    const meta: ResponseMeta = {
      id: createResponsesId('resp'),
      createdAt: Math.floor(Date.now() / 1000),
      itemId: createResponsesId(plan.toolCall === undefined ? 'msg' : 'fc'),
    };
    const tier = request.serviceTier;
    if (request.stream) {
      const stoppedEarly = scenario === 'stopped-early' ? STOPPED_EARLY_REASON : undefined;
      const steps = createResponseSteps({ meta, request, tier, plan, usage, faulty: isFaultyStream(scenario), stoppedEarly });
      await runAnswerStream({ response, signal, counters, serverClosing, pace, scenario, steps, errorEvent: steps.errorEvent });
      return;
    }
    const status = finalStatus(plan);
    const output = [createOutputItem(meta, plan, status, outputItemText(plan))];
    const body = () => JSON.stringify(createResponseObject(meta, request, tier, { status, output, usage }));
    await respondAnswer({ response, signal, completionTokens: plan.completionTokens, pace, scenario, body });
  },
};

/** `POST /openai/v1/responses`, once authorized: validate, apply the scenario, answer. */
export function handleResponsesRequest(context: MockServerContext, exchange: AnswerExchange): Promise<void> {
  return handleAnswerRequest(context, exchange, responsesApi);
}
