import type { Fetch } from '@groq-stream/core';

type UndiciModule = typeof import('undici');

let undici: Promise<UndiciModule> | undefined;
let agent: InstanceType<UndiciModule['EnvHttpProxyAgent']> | undefined;

/**
 * A fetch that goes through undici's `EnvHttpProxyAgent`, with the proxies `HTTPS_PROXY` and `HTTP_PROXY` (or
 * their lower-case names) give, read at the first request, an empty one skipped; and `NO_PROXY` (hosts that
 * bypass the proxy). undici is loaded on first use, so clients without a proxy never pay for it.
 */
export function proxyAwareFetch(): Fetch {
  return async (input, init) => {
    const module = await (undici ??= import('undici'));
    // The proxies named here, as the client chose this transport (any variable set and not empty): undici reads
    // the lower-case name first and takes an empty one (`https_proxy=`, as `docker run -e https_proxy` leaves
    // it) as "no proxy", so beside HTTPS_PROXY such a request went straight to the server. NO_PROXY is left to
    // undici, which reads it at each request.
    const env = process.env;
    agent ??= new module.EnvHttpProxyAgent({
      httpProxy: env.http_proxy || env.HTTP_PROXY || undefined,
      httpsProxy: env.https_proxy || env.HTTPS_PROXY || undefined,
    });
    // A dispatcher of the caller's own wins over the one the environment describes.
    const response = await module.fetch(input, { dispatcher: agent, ...(init as object) } as Parameters<UndiciModule['fetch']>[1]);
    return response as unknown as Response;
  };
}
