import { Groq as CoreGroq, type ClientOptions, type Fetch } from '@groq-stream/core';
import { proxyAwareFetch } from './proxy-aware-fetch.js';

/**
 * The Groq client for Node.js: `apiKey` defaults to `GROQ_API_KEY` and `baseURL` to `GROQ_BASE_URL`;
 * connections are kept alive, and `HTTPS_PROXY` / `NO_PROXY` are honoured when set.
 */
export class Groq extends CoreGroq {
  /**
   * Creates a client. Nothing is sent until the first request.
   *
   * @param options - The client's defaults. `apiKey` defaults to `GROQ_API_KEY`, `baseURL` to
   *   `GROQ_BASE_URL`, and `fetch` to one that goes through the proxy when `HTTPS_PROXY` or `HTTP_PROXY` is
   *   set (Node's global `fetch` otherwise).
   * @throws {@link GroqError} when no API key is given and `GROQ_API_KEY` is unset or blank.
   */
  constructor(options: ClientOptions = {}) {
    const env = process.env;
    super({
      ...options,
      apiKey: options.apiKey ?? env.GROQ_API_KEY,
      baseURL: options.baseURL ?? (env.GROQ_BASE_URL || undefined),
      fetch: options.fetch ?? defaultFetch(env),
    });
  }
}

function defaultFetch(env: NodeJS.ProcessEnv): Fetch | undefined {
  const proxied = env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy;
  // Node's own fetch already keeps connections alive; only a proxy needs undici's agent.
  return proxied ? proxyAwareFetch() : undefined;
}
