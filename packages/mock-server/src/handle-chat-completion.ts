import { createCompletionId, systemFingerprint } from './create-ids.js';
import { handleAnswerRequest, type AnswerApi, type AnswerExchange } from './handle-answer-request.js';
import type { MockServerContext } from './mock-server-context.js';
import { respondChatCompletion } from './respond-chat-completion.js';
import { hashString } from './seeded-random.js';
import { streamChatCompletion } from './stream-chat-completion.js';
import { validateChatRequest, type ChatRequest } from './validate-chat-request.js';

/** The chat-completions API: Groq's request checks, `ChatCompletion` answers and `chat.completion.chunk` streams. */
const chatCompletionsApi: AnswerApi<ChatRequest> = {
  validate: validateChatRequest,
  async answer(chat, { response, signal, counters, serverClosing, requestId, plan, usage, pace, scenario }) {
    const meta = {
      id: createCompletionId(),
      created: Math.floor(Date.now() / 1000),
      model: chat.model,
      systemFingerprint: systemFingerprint(chat.model),
      requestId,
      seed: chat.seed ?? hashString(chat.prompt) % 2_147_483_647,
      serviceTier: chat.serviceTier,
    };
    const answer = { response, signal, meta, plan, usage, pace, scenario };
    await (chat.stream ? streamChatCompletion({ ...answer, counters, serverClosing, includeUsage: chat.includeUsage }) : respondChatCompletion(answer));
  },
};

/** `POST /openai/v1/chat/completions`, once authorized: validate, apply the scenario, answer. */
export function handleChatCompletion(context: MockServerContext, exchange: AnswerExchange): Promise<void> {
  return handleAnswerRequest(context, exchange, chatCompletionsApi);
}
