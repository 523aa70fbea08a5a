import { Groq, type ChatRelayOptions, type ChatCompletionCreateParamsStreaming } from '@groq-stream/web';

/** The model the demo asks for unless `GROQ_MODEL` names another. */
export const defaultModel = 'llama-3.3-70b-versatile';

const systemPrompt = { role: 'system', content: 'You are a helpful assistant. Answer clearly and concisely.' } as const;

let cached: { settings: string; client: Groq } | undefined;

/**
 * The client, configured from the environment when a request comes in, never at build time: `next build`
 * loads the route modules without the runtime's variables, and `scripts/start.mjs` points `GROQ_BASE_URL`
 * at its mock server only when it starts. Each variable is read as a literal `process.env.NAME`, which
 * is what Next.js passes on to edge routes. Blank is unset, as the web client and groq-stream's CLI read them
 * (scripts/start.mjs checks them so too).
 */
function groqClient(): Groq {
  const apiKey = process.env.GROQ_API_KEY;
  const baseURL = process.env.GROQ_BASE_URL?.trim() || undefined;
  const retries = process.env.GROQ_MAX_RETRIES?.trim() || undefined;
  // `Number(' ')` is 0: a blank GROQ_MAX_RETRIES turned retries off.
  const maxRetries = retries === undefined ? undefined : Number(retries);
  const settings = JSON.stringify([apiKey, baseURL, maxRetries]);
  if (cached?.settings !== settings) cached = { settings, client: new Groq({ apiKey, baseURL, maxRetries }) };
  return cached.client;
}

/**
 * Options of both chat routes (`app/api/chat` on Node.js, `app/api/chat/edge` on the edge runtime). The
 * getters run on each request (the handler reads its options per request), so the environment is read then.
 */
export const chatRelayOptions: ChatRelayOptions = {
  get client() {
    return groqClient();
  },
  get model() {
    // Blank is unset: a GROQ_MODEL of spaces was asked of Groq as the model's name.
    return process.env.GROQ_MODEL?.trim() || defaultModel;
  },
  maxCompletionTokens: 1024,
  prepare: (params: ChatCompletionCreateParamsStreaming) => ({ ...params, messages: [systemPrompt, ...params.messages] }),
};
