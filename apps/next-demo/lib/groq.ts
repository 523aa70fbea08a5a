import { Groq, GroqError, type ChatRelayOptions, type ChatCompletionCreateParamsStreaming } from '@groq-stream/web';
import { defaultModel } from './default-model.mjs';

export { defaultModel };

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
  if (cached?.settings !== settings) cached = { settings, client: clientOf(apiKey, { apiKey, baseURL, maxRetries }) };
  return cached.client;
}

/**
 * The client for `options`. A key the client refuses (a character no HTTP header can carry, such as a line break
 * or a letter pasted in with it) is named as GROQ_API_KEY in the error, which the relay logs, as
 * scripts/start.mjs names it: the client's words name no variable, and never quote the key. Reached when the app
 * is served without the start script (`next start` by hand, a host's own command). A key not given at all is
 * left to the client's own words, which say to set GROQ_API_KEY.
 */
function clientOf(apiKey: string | undefined, options: ConstructorParameters<typeof Groq>[0]): Groq {
  if (apiKey?.trim()) {
    try {
      // Groq's own address (null) and no log lines: only the key is checked.
      void new Groq({ apiKey, baseURL: null, logLevel: 'off' });
    } catch (error) {
      if (!GroqError.isInstance(error)) throw error;
      throw new GroqError(`GROQ_API_KEY cannot be used: ${error.message} Fix GROQ_API_KEY or unset it.`, { cause: error });
    }
  }
  return new Groq(options);
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
