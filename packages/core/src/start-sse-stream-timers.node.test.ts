import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import { describe, expect, test } from 'vitest';
import { Stream } from './stream.js';
import { createChunkTranscript } from './test/create-chunk-transcript.js';
import { createTestResponse } from './test/create-test-response.js';
import { encodeSSETranscript } from './test/encode-sse-transcript.js';
import { splitBytes } from './test/split-bytes.js';

describe("toSSEReadableStream()'s stall clock (Node)", () => {
  test('a read that came while this process was held up past stallTimeoutMs is taken before the clock fails the stream', async () => {
    // Node runs due timers before the I/O that came meanwhile, so after a long synchronous task or a GC pause
    // the stall clock would fire ahead of a reader's request already waiting. Modelled: bytes that a worker
    // thread writes to a socket of this process, standing for the reader's socket draining, arrive while this
    // process is held up twice the limit (and, however loaded the machine, until the worker has written
    // them); their handler then reads.
    const peer = await socketFromWorker();
    const { response } = createTestResponse(splitBytes(encodeSSETranscript(createChunkTranscript({ chunks: 20 })), 100), { holdOpen: true });
    const stream = Stream.fromSSEResponse(response);
    const reader = stream.toSSEReadableStream({ heartbeatMs: 0, stallTimeoutMs: 300 }).getReader();
    try {
      expect((await reader.read()).done).toBe(false);
      const read = new Promise<ReadableStreamReadResult<Uint8Array>>((resolve, reject) => peer.socket.once('data', () => reader.read().then(resolve, reject)));
      peer.write();
      holdUp(600, peer.written);
      expect((await read).done).toBe(false);
      expect(stream.controller.signal.aborted).toBe(false);
    } finally {
      await reader.cancel();
      await peer.close();
    }
  });
});

/** Blocks this process for at least `ms` and until `done()`, as a long synchronous task or a GC pause would. */
function holdUp(ms: number, done: () => boolean): void {
  const until = performance.now() + ms;
  while (performance.now() < until || !done());
}

/**
 * A socket of this process whose other end a worker thread holds: `write()` has the worker send it a byte,
 * and `written()` says (through shared memory, readable while this thread is blocked) that the worker's
 * write has reached the kernel.
 */
async function socketFromWorker(): Promise<{ socket: Socket; write: () => void; written: () => boolean; close: () => Promise<void> }> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const sent = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
    const socket = require('node:net').connect(workerData.port, '127.0.0.1');
    parentPort.once('message', () => socket.write('x', () => Atomics.store(workerData.sent, 0, 1)));`,
    { eval: true, workerData: { port, sent } },
  );
  const [socket] = (await once(server, 'connection')) as [Socket];
  return {
    socket,
    write: () => worker.postMessage('write'),
    written: () => Atomics.load(sent, 0) === 1,
    close: async () => {
      socket.destroy();
      await worker.terminate();
      server.close();
    },
  };
}

