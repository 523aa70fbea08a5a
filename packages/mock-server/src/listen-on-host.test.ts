import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listenOnHost } from './listen-on-host.js';

// Every lookup here is the test's own: no name goes to the system's resolver, and only 127.0.0.1 is listened on.

/** An error as `dns.lookup` fails with it. */
function getaddrinfoError(code: string, host: string): Error {
  return Object.assign(new Error(`getaddrinfo ${code} ${host}`), { code, syscall: 'getaddrinfo', hostname: host });
}

let server: Server | undefined;
afterEach(async () => {
  if (server?.listening) await new Promise((resolve) => server!.close(resolve));
  server = undefined;
});

describe('listenOnHost', () => {
  it('listens on the address a host name resolves to, and looks up no IP address', async () => {
    const lookup = vi.fn(async () => '127.0.0.1');
    server = createServer();
    await listenOnHost(server, 0, 'mock-host.test', lookup);
    expect(lookup).toHaveBeenCalledWith('mock-host.test');
    expect(server.address()).toMatchObject({ address: '127.0.0.1' });
    await new Promise((resolve) => server!.close(resolve));

    lookup.mockClear();
    await listenOnHost(server, 0, '127.0.0.1', lookup);
    expect(lookup).not.toHaveBeenCalled();
  });

  it('says a name that cannot be resolved right now should be tried again or given as an IP address', async () => {
    const cause = getaddrinfoError('EAI_AGAIN', 'mock-host.test');
    server = createServer();
    const error = await listenOnHost(server, 0, 'mock-host.test', () => Promise.reject(cause)).catch((caught: unknown) => caught);
    // It was a RangeError saying the name is not an address of this machine, which retrying may yet disprove.
    expect(error).not.toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe(
      'host "mock-host.test" could not be resolved right now (getaddrinfo EAI_AGAIN: the name service did not answer in time): try again, or listen on an IP address such as 127.0.0.1 or ::1.',
    );
    expect((error as Error).cause).toBe(cause);
    expect(server.listening).toBe(false);
  });

  it('says a name that does not resolve is not an address of this machine, keeping the cause', async () => {
    const cause = getaddrinfoError('ENOTFOUND', 'mock-host.test');
    server = createServer();
    const error = await listenOnHost(server, 0, 'mock-host.test', () => Promise.reject(cause)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toBe('host "mock-host.test" is not an address of this machine (ENOTFOUND): listen on 127.0.0.1, ::1, localhost or another of its own addresses.');
    expect((error as Error).cause).toBe(cause);
  });
});
