import { Agent } from 'node:http';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { eventually } from '@groq-stream/core/test';
import { createNodeHttpFetch } from './node-http-fetch.js';
import { closingServer, type ClosingServer } from './test/closing-server.js';

const servers: ClosingServer[] = [];
const agents: Agent[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const agent of agents.splice(0)) agent.destroy();
  for (const server of servers.splice(0)) await server.close();
});

/** A server that closes a connection when a second request arrives on it, and a fetch on a pool whose idle sockets time out after 4 s. */
async function setUp(): Promise<{ server: ClosingServer; agent: Agent; post: () => Promise<unknown> }> {
  stopClock();
  const server = await closingServer();
  servers.push(server);
  const agent = new Agent({ keepAlive: true, timeout: 4000 });
  agents.push(agent);
  const fetch = createNodeHttpFetch({ httpAgent: agent });
  const post = async () => (await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json();
  return { server, agent, post };
}
/**
 * Stops `performance.now()`: every socket is then freed at the same reading, however long the machine takes
 * between that and {@link moveClock} (3.999 s against 4 s leaves no room for a real millisecond). A whole
 * number of milliseconds, so that the times moved by are exact.
 */
let stoppedAt = 0;
const stopClock = (): void => {
  stoppedAt = Math.ceil(performance.now());
  vi.spyOn(performance, 'now').mockReturnValue(stoppedAt);
};
/** As after a stall of the event loop: `performance.now()` reads `ms` after the sockets were freed, and no timer has run meanwhile. */
const moveClock = (ms: number): void => {
  vi.spyOn(performance, 'now').mockReturnValue(stoppedAt + ms);
};
const idleSockets = (agent: Agent): number => Object.values(agent.freeSockets).reduce((count, sockets) => count + (sockets?.length ?? 0), 0);

describe('an idle socket whose timeout is overdue (the event loop stalled past it)', () => {
  test('is closed before the next request, which opens a new connection rather than going out on it', async () => {
    const { server, agent, post } = await setUp();
    await post();
    await eventually(() => idleSockets(agent) === 1);
    // As after a stall of the event loop: the clock is past the idle timeout, and its timer has not run.
    moveClock(4000);

    expect(await post()).toEqual({ ok: true });
    expect(server.connections()).toBe(2);
    // Never sent on the old connection (the server would have seen its first bytes there, and closed it).
    expect(server.requests).toHaveLength(2);
  });

  test('all of them are closed, not only the one the pool would hand out', async () => {
    const { server, agent, post } = await setUp();
    await Promise.all([post(), post()]);
    await eventually(() => idleSockets(agent) === 2);
    moveClock(4000);

    expect(await post()).toEqual({ ok: true });
    expect(server.connections()).toBe(3);
    expect(server.requests).toHaveLength(3);
    await eventually(() => idleSockets(agent) === 1);
  });

  test('the one the pool would hand out is closed when overdue, though one idle longer before it has a longer timeout', async () => {
    const { server, agent, post } = await setUp();
    await Promise.all([post(), post()]);
    await eventually(() => idleSockets(agent) === 2);
    // As when the last answer on it said Keep-Alive: timeout=2 (Node takes a second off), and the first's did not.
    const sockets = Object.values(agent.freeSockets).flat();
    sockets.at(-1)!.setTimeout(1000);
    moveClock(2000);

    expect(await post()).toEqual({ ok: true });
    expect(server.connections()).toBe(3);
    // Never sent on the overdue connection, nor on the other one.
    expect(server.requests).toHaveLength(3);
  });

  test('one idle longer than its shorter timeout is closed, though the one the pool hands out next is not overdue', async () => {
    const { agent, post } = await setUp();
    await Promise.all([post(), post()]);
    await eventually(() => idleSockets(agent) === 2);
    // The one idle longest took Keep-Alive: timeout=2 (Node takes a second off) from its last answer; the other did not.
    const [longest, last] = Object.values(agent.freeSockets).flat();
    longest!.setTimeout(1000);
    moveClock(2000);

    const answered = post();
    // Closed before the request goes out: no later request can be handed it.
    expect([longest!.destroyed, last!.destroyed]).toEqual([true, false]);
    expect(await answered).toEqual({ ok: true });
  });

  test('one idle for less than its timeout is used again', async () => {
    const { server, agent, post } = await setUp();
    await post();
    await eventually(() => idleSockets(agent) === 1);
    moveClock(3000);

    // This server closes a connection used twice: the request is sent again on a new one (reused-socket-watch).
    expect(await post()).toEqual({ ok: true });
    expect(server.requests).toHaveLength(3);
  });
});

describe("the default pool's idle timeout, 4 s as the README says", () => {
  /** A fetch on createNodeHttpFetch's own pool, and that pool's agent, taken from the first request it sends. */
  async function setUpDefault(): Promise<{ server: ClosingServer; agent: () => Agent; post: () => Promise<unknown> }> {
    stopClock();
    const server = await closingServer();
    servers.push(server);
    // Not in @types/node, but what every request goes through to get its socket.
    const addRequest = vi.spyOn(Agent.prototype as unknown as { addRequest: (...args: unknown[]) => void }, 'addRequest');
    const fetch = createNodeHttpFetch();
    const post = async () => (await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json();
    const agent = (): Agent => {
      const used = addRequest.mock.contexts[0] as Agent;
      if (!agents.includes(used)) agents.push(used);
      return used;
    };
    return { server, agent, post };
  }

  test('a socket idle for 3.999 s is used again', async () => {
    const { server, agent, post } = await setUpDefault();
    await post();
    await eventually(() => idleSockets(agent()) === 1);
    moveClock(3999);
    expect(await post()).toEqual({ ok: true });
    // Sent on the kept connection, which this server closes, then again on a new one.
    expect(server.requests).toHaveLength(3);
  });

  test('a socket idle for 4 s is closed before the next request', async () => {
    const { server, agent, post } = await setUpDefault();
    await post();
    await eventually(() => idleSockets(agent()) === 1);
    moveClock(4000);
    expect(await post()).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
  });
});
