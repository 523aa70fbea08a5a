import { rememberSecret, type Fetch } from '@groq-stream/core';
import { cutPlace } from './cut-place.js';
import { proxyCredentials } from './proxy-credentials.js';

type UndiciModule = typeof import('undici');

let undici: Promise<UndiciModule> | undefined;
// One agent per environment, made at its first request: one for `process.env`, shared by every client.
const agents = new WeakMap<ProxyEnvironment, InstanceType<UndiciModule['EnvHttpProxyAgent']>>();
// What the credentials in an environment's proxy URLs may be quoted as, worked out once per environment.
const credentials = new WeakMap<ProxyEnvironment, string[]>();

/** Where the proxy variables are read: `process.env`, or the environment the `groq-stream` command is given. */
export type ProxyEnvironment = Readonly<Record<string, string | undefined>>;

/**
 * A fetch that goes through undici's `EnvHttpProxyAgent`, with the proxies `HTTPS_PROXY` and `HTTP_PROXY` (or
 * their lower-case names) of `env` give, read at the first request, an empty one skipped; and `NO_PROXY` (hosts
 * that bypass the proxy). undici is loaded on first use, so clients without a proxy never pay for it.
 */
export function proxyAwareFetch(env: ProxyEnvironment): Fetch {
  return async (input, init) => {
    // The proxies named here, as the client chose this transport (any variable set and not empty): undici reads
    // the lower-case name first and takes an empty one (`https_proxy=`, as `docker run -e https_proxy` leaves
    // it) as "no proxy", so beside HTTPS_PROXY such a request went straight to the server. One not set is '',
    // not undefined, for which undici would read process.env's.
    const httpProxy = env.http_proxy || env.HTTP_PROXY || '';
    const httpsProxy = env.https_proxy || env.HTTPS_PROXY || '';
    // Their credentials, which a proxy (or a gateway behind it) may quote in an error, redacted by value as the
    // client's key is; remembered again with each request, as the key is, since core keeps only the last 100.
    let secrets = credentials.get(env);
    if (secrets === undefined) credentials.set(env, (secrets = [...proxyCredentials(httpProxy), ...proxyCredentials(httpsProxy)]));
    for (const secret of secrets) rememberSecret(secret);
    const module = await (undici ??= import('undici'));
    let agent = agents.get(env);
    if (agent === undefined) {
      agent = new module.EnvHttpProxyAgent({
        httpProxy,
        httpsProxy,
        // process.env's NO_PROXY is left to undici, which reads it at each request; another environment's is
        // read here, as undici reads process.env's (the lower-case name first, even empty).
        noProxy: env === process.env ? undefined : (env.no_proxy ?? env.NO_PROXY ?? ''),
        clientFactory: tunnelFailsWhenClosed(module),
      });
      agents.set(env, agent);
    }
    // A dispatcher of the caller's own wins over the one the environment describes.
    const response = await module.fetch(input, { dispatcher: agent, ...(init as object) } as Parameters<UndiciModule['fetch']>[1]);
    return response as unknown as Response;
  };
}

type ConnectParams = { origin?: unknown; path?: unknown };

/**
 * The factory of the pool to the proxy, whose tunnel fails for good, saying so, when the proxy closes the
 * connection instead of answering CONNECT. undici passes that failure (a `SocketError`, code
 * `UND_ERR_SOCKET`) on to the connection the tunnel was for, whose client takes that code for a socket
 * that may simply be opened again: it keeps the request queued and connects again at once, CONNECT after
 * CONNECT (dozens a second) until the request's timeout, which then reads as a server that never answered.
 * Under another code the client fails the queued request, and the client's own retries (with backoff) decide
 * what comes next.
 */
function tunnelFailsWhenClosed(module: UndiciModule): (origin: URL, options: object) => InstanceType<UndiciModule['Pool']> {
  return (proxy, options) => {
    const pool = new module.Pool(proxy, options);
    const connect = pool.connect.bind(pool) as (params: ConnectParams, callback?: (error: unknown, data: unknown) => void) => unknown;
    const tunnel = (params: ConnectParams, callback?: (error: unknown, data: unknown) => void): unknown => {
      const failed = (error: unknown): unknown => ((error as { code?: unknown } | null)?.code === 'UND_ERR_SOCKET' ? closedByProxy(proxy, params, error) : error);
      if (callback !== undefined) return connect(params, (error, data) => callback(error === null || error === undefined ? error : failed(error), data));
      return (connect(params) as Promise<unknown>).catch((error: unknown) => Promise.reject(failed(error)));
    };
    return Object.assign(pool, { connect: tunnel as typeof pool.connect });
  };
}

/** The failure of a tunnel whose proxy closed the connection, under a code undici does not take for a socket to open again. */
function closedByProxy(proxy: URL, params: ConnectParams, cause: unknown): Error {
  // The proxy's host and port only: its URL may carry credentials. The target's host is the request's, a redirect's
  // after one, of any length: cut short, as a redirect's location is.
  const target = typeof params.path === 'string' ? ` for ${cutPlace(params.path)}` : '';
  const message = `The proxy at ${cutPlace(proxy.host)} closed the connection instead of answering CONNECT${target}`;
  return Object.assign(new Error(`${message}.`, { cause }), { code: 'GROQ_PROXY_CLOSED' });
}
