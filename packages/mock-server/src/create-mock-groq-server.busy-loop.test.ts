import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { createMockGroqServer } from './create-mock-groq-server.js';

// A shorter keep-alive, so that the idle connection's timer comes due within the test: 0.2 s, plus the 1 s
// Node adds (fixed before Node 24.6, keepAliveTimeoutBuffer after).
vi.mock('./connection-limits.js', async (importOriginal) => {
  const { connectionLimits } = await importOriginal<typeof import('./connection-limits.js')>();
  return { connectionLimits: { ...connectionLimits, keepAliveTimeout: 200 } };
});

// The client, in a thread of its own so that it runs while this one (the mock's) is blocked: one connection,
// a request on it, then, when told, another on the same connection once idle. It reports the status of each
// answer, or how the connection ended, and sets `written[0]` once the second request is handed to the kernel.
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const { connect } = require('node:net');
const written = new Int32Array(workerData.written);
const request = 'GET /openai/v1/models HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nAuthorization: Bearer test-key\\r\\n\\r\\n';
const socket = connect(workerData.port, '127.0.0.1');
let received = Buffer.alloc(0);
socket.on('data', (chunk) => {
  received = Buffer.concat([received, chunk]);
  const end = received.indexOf('\\r\\n\\r\\n');
  if (end === -1) return;
  const head = received.subarray(0, end).toString();
  const length = Number(/\\r\\ncontent-length: *(\\d+)/i.exec(head)?.[1]);
  if (received.length < end + 4 + length) return;
  received = received.subarray(end + 4 + length);
  parentPort.postMessage(head.split(' ')[1]);
});
socket.on('error', (error) => parentPort.postMessage(error.code));
socket.on('close', () => parentPort.postMessage('closed'));
parentPort.once('message', () => socket.write(request, () => Atomics.store(written, 0, 1)));
socket.write(request);
`;

describe('createMockGroqServer with its event loop blocked', () => {
  // Synchronous work (a json_schema whose example takes seconds to search for on a loaded machine) holds the
  // mock's event loop. When it ends, an idle connection's overdue keep-alive timer runs before the loop reads
  // the sockets: a request that a pooled client (another process) had written on that connection meanwhile
  // was reset unread (ECONNRESET), and clients do not retry a POST that fails so.
  it('answers a request written on an idle keep-alive connection while it was blocked past the idle limit', async () => {
    const server = await createMockGroqServer();
    const written = new Int32Array(new SharedArrayBuffer(4));
    const client = new Worker(CLIENT, { eval: true, workerData: { port: server.port, written: written.buffer } });
    const next = async (): Promise<string> => String((await once(client, 'message'))[0]);
    try {
      expect(await next()).toBe('200');
      // The connection is idle now: its timer was set when the answer finished, before the client read it.
      const idleSince = Date.now();
      client.postMessage('send');
      // Blocked until the request is written and past the idle limit (1.2 s): with 0.3 s to spare, as Node's
      // timers count whole milliseconds. The 20 s only keeps a client that never wrote from hanging the test.
      while ((Atomics.load(written, 0) === 0 || Date.now() < idleSince + 1_500) && Date.now() < idleSince + 20_000);
      expect(Atomics.load(written, 0)).toBe(1);
      expect(await next()).toBe('200');
    } finally {
      await client.terminate();
      await server.close();
    }
  });

  it('still closes an idle connection that nothing came on while it was blocked past the idle limit', async () => {
    const server = await createMockGroqServer();
    const client = new Worker(CLIENT, { eval: true, workerData: { port: server.port, written: new SharedArrayBuffer(4) } });
    const next = async (): Promise<string> => String((await once(client, 'message'))[0]);
    try {
      expect(await next()).toBe('200');
      const idleSince = Date.now();
      while (Date.now() < idleSince + 1_500);
      expect(await next()).toBe('closed');
    } finally {
      await client.terminate();
      await server.close();
    }
  });
});
