import type { Fetch } from '@groq-stream/core';
import { createNodeHttpFetch } from './node-http-fetch.js';
import { proxyAwareFetch, type ProxyEnvironment } from './proxy-aware-fetch.js';

// One pool for every client in the process, as Node's global fetch has: connections are reused across
// clients, and idle ones close after 4 s (they never keep the process alive).
let sharedNodeHttpFetch: Fetch | undefined;

/**
 * The Node client's fetch when none is given: through the proxy that `env`'s `HTTPS_PROXY` or `HTTP_PROXY` (or
 * their lower-case names) names, set and not empty, honouring its `NO_PROXY`; over `node:http` otherwise; and
 * to the global fetch for a request whose `fetchOptions` carry a `dispatcher`. `env` is `process.env` for the
 * client, and the environment the `groq-stream` command is given for its requests.
 */
export function defaultFetch(env: ProxyEnvironment): Fetch {
  const proxied = env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy;
  // node:http reads a stream with about half the CPU per chunk of undici's fetch and less memory per open
  // stream; only a proxy needs undici's agent.
  const transport = proxied ? proxyAwareFetch(env) : (sharedNodeHttpFetch ??= createNodeHttpFetch());
  // `fetchOptions: { dispatcher }` (an undici ProxyAgent, say) is how groq-sdk users reach a proxy or tune
  // connections; node:http cannot honour it, so such a request goes to the global fetch, as in groq-sdk.
  return (input, init) => (hasDispatcher(init) ? globalThis.fetch(input, init) : transport(input, init));
}

function hasDispatcher(init: unknown): boolean {
  const dispatcher = (init as { dispatcher?: unknown } | undefined)?.dispatcher;
  return dispatcher !== undefined && dispatcher !== null;
}
