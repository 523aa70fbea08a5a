import { promises as dns } from 'node:dns';
import type { Server } from 'node:net';
import { isIP } from 'node:net';

/** Resolves a host name to the one address to listen on. */
export type LookupHost = (host: string) => Promise<string>;

/** What `server.listen(port, host)` does with a host name: `dns.lookup`, first address, default order. */
const lookupHost: LookupHost = async (host) => (await dns.lookup(host)).address;

/**
 * Starts `server` listening on `host` (an IP address, or a name resolved with `lookup`), with errors that
 * say what to do where Node's own name neither the option nor the way out.
 *
 * @param lookup - resolves a host name; by default as Node's `listen` would. Tests give their own, so that
 *   no name goes to the system's resolver.
 * @throws RangeError for a host that is no address of this machine; Error for a name that cannot be
 *   resolved right now (`EAI_AGAIN`); the runtime's error otherwise (`EADDRINUSE`, ...).
 */
export async function listenOnHost(server: Server, port: number, host: string, lookup: LookupHost = lookupHost): Promise<void> {
  let address = host;
  if (isIP(host) === 0) {
    try {
      address = await lookup(host);
    } catch (error) {
      throw listenError(error as Error & { code?: string }, host);
    }
  }
  await new Promise<void>((resolve, reject) => {
    const fail = (error: Error): void => reject(listenError(error, host));
    server.once('error', fail);
    server.listen(port, address, () => {
      server.off('error', fail);
      resolve();
    });
  });
}

/** Node's errors for a host that is no address of this machine (a name that does not resolve, or another machine's address). */
const foreignHostCodes = new Set(['EADDRNOTAVAIL', 'ENOTFOUND', 'EAI_FAIL', 'EAI_NONAME']);

/**
 * The error for a failed lookup or `listen`: Node's own, except for a host that is no address of this machine,
 * whose `getaddrinfo ENOTFOUND` or `listen EADDRNOTAVAIL` names neither the option nor what to do, and for a
 * name the resolver could not answer for right now (`getaddrinfo EAI_AGAIN`), which is no such host.
 */
function listenError(error: Error & { code?: string }, host: string): Error {
  if (error.code === 'EAI_AGAIN') {
    return new Error(
      `host ${JSON.stringify(host)} could not be resolved right now (getaddrinfo EAI_AGAIN: the name service did not answer in time): try again, or listen on an IP address such as 127.0.0.1 or ::1.`,
      { cause: error },
    );
  }
  if (!foreignHostCodes.has(error.code ?? '')) return error;
  return new RangeError(`host ${JSON.stringify(host)} is not an address of this machine (${error.code}): listen on 127.0.0.1, ::1, localhost or another of its own addresses.`, {
    cause: error,
  });
}
