import type { Fetch } from '@groq-stream/core';

type UndiciModule = typeof import('undici');

let undici: Promise<UndiciModule> | undefined;
let agent: InstanceType<UndiciModule['EnvHttpProxyAgent']> | undefined;

/**
 * A fetch that goes through undici's `EnvHttpProxyAgent`, which reads `HTTPS_PROXY`, `HTTP_PROXY` and
 * `NO_PROXY` (hosts that bypass the proxy). undici is loaded on first use, so clients without a proxy
 * never pay for it.
 */
export function proxyAwareFetch(): Fetch {
  return async (input, init) => {
    const module = await (undici ??= import('undici'));
    agent ??= new module.EnvHttpProxyAgent();
    // A dispatcher of the caller's own wins over the one the environment describes.
    const response = await module.fetch(input, { dispatcher: agent, ...(init as object) } as Parameters<UndiciModule['fetch']>[1]);
    return response as unknown as Response;
  };
}
