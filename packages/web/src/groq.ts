import { Groq as CoreGroq, readLogLevel, type ClientOptions } from '@groq-stream/core';

/**
 * The Groq client for web-standard runtimes (edge functions, Deno, Bun, workers) on the global `fetch`.
 * Where the runtime has environment variables (`process.env`), `apiKey` defaults to `GROQ_API_KEY`,
 * `baseURL` to `GROQ_BASE_URL` and `logLevel` to `GROQ_LOG`. In a browser it refuses an API key unless `dangerouslyAllowBrowser: true`:
 * relay the stream through your server instead.
 */
export class Groq extends CoreGroq {
  /**
   * Creates a client. Nothing is sent until the first request.
   *
   * @param options - The client's defaults. Where `process.env` exists, `apiKey` defaults to
   *   `GROQ_API_KEY`, `baseURL` to `GROQ_BASE_URL` and `logLevel` to `GROQ_LOG`.
   * @throws {@link GroqError} when no API key is given or found, or in a browser without
   *   `dangerouslyAllowBrowser: true`.
   */
  constructor(options: ClientOptions = {}) {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
    super({
      ...options,
      apiKey: options.apiKey ?? env.GROQ_API_KEY,
      baseURL: options.baseURL ?? (env.GROQ_BASE_URL || undefined),
      logLevel: options.logLevel ?? readLogLevel(env.GROQ_LOG, options.logger),
    });
  }
}
