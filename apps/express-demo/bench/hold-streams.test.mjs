import { once } from 'node:events';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createHeldBatches, holdStreams } from './hold-streams.mjs';

const servers = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/** A server that answers every `answered(index)` request with a stream and leaves the others unanswered. */
async function serve(answered) {
  const requests = [];
  const server = http.createServer((request, response) => {
    const index = requests.push(request) - 1;
    request.resume();
    if (!answered(index)) return;
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write('data: {"choices":[]}\n\n');
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${server.address().port}/api/chat`, requests };
}

const options = (step, openingMs) => ({ agent: new http.Agent({ keepAlive: true }), atOnce: 4, spacingMs: 0, openingMs, step });

describe('holdStreams', () => {
  it('holds every stream that gets its first chunk', async () => {
    const { url, requests } = await serve(() => true);
    const step = new AbortController();
    const batch = await holdStreams(url, 6, options(step, 60_000));
    expect(batch.refused).toEqual([]);
    expect(requests).toHaveLength(6);
    expect(step.signal.aborted).toBe(false);
    batch.release();
  });

  it('gives up the streams not held by the deadline, and then opens none in later batches of its step', async () => {
    // Every other stream is never answered: the batch ends at its deadline, not when they are.
    const { url, requests } = await serve((index) => index % 2 === 0);
    const step = new AbortController();
    const first = await holdStreams(url, 6, options(step, 2000));
    expect(first.refused).toEqual(['deadline', 'deadline', 'deadline']);
    expect(step.signal.aborted).toBe(true);
    first.release();
    const sent = requests.length;
    const later = await holdStreams(url, 6, options(step, 60_000));
    expect(later.refused).toEqual(Array.from({ length: 6 }, () => 'not opened'));
    expect(requests).toHaveLength(sent);
  });
});

describe('createHeldBatches', () => {
  it("stops only its own measurement's later batches: another measurement still opens and holds its streams", async () => {
    // The first 3 streams are never answered, all later ones are.
    const { url, requests } = await serve((index) => index >= 3);
    const { agent, atOnce, spacingMs } = options();
    const slow = createHeldBatches({ agent, atOnce, spacingMs, openingMs: 2000 });
    const first = await slow.hold(url, 3);
    expect(first.refused).toEqual(['deadline', 'deadline', 'deadline']);
    expect(slow.stopped).toBe(true);
    first.release();
    const sent = requests.length;
    const later = await slow.hold(url, 4);
    expect(later.refused).toEqual(Array.from({ length: 4 }, () => 'not opened'));
    expect(requests).toHaveLength(sent);
    // The next process's measurement, after the one that missed its deadline.
    const next = createHeldBatches({ agent, atOnce, spacingMs, openingMs: 60_000 });
    const batch = await next.hold(url, 4, [{ role: 'assistant', content: 'An earlier turn.' }]);
    expect(batch.refused).toEqual([]);
    expect(next.stopped).toBe(false);
    expect(requests).toHaveLength(sent + 4);
    batch.release();
  });
});
