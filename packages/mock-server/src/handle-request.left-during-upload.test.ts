import { once } from 'node:events';
import { ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMockGroqServer, type MockGroqServer } from './create-mock-groq-server.js';
import { readRequestBody, type RequestBody } from './read-request-body.js';
import { chatBody, postChat } from './test/mock-test-helpers.js';

// The handler's read of the body, watched: these tests wait for it to start (the server has the head and waits
// for the rest of the body) and to end (the server saw the client leave). Sleeps stood for both, and on a loaded
// machine a sleep can end before the server gets that far: the tests then passed without checking anything.
vi.mock('./read-request-body.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('./read-request-body.js')>();
  return { ...original, readRequestBody: vi.fn(original.readRequestBody) };
});
const read = vi.mocked(readRequestBody);
const readBody = read.getMockImplementation()!;

let server: MockGroqServer;
beforeAll(async () => {
  server = await createMockGroqServer();
});
afterAll(() => server.close());
beforeEach(() => server.resetStats());

describe('a client that leaves during its upload', () => {
  /**
   * Sends headers announcing 1000 bytes and a part of them, and destroys the socket while the server reads the
   * body. Resolves once the read has ended and the handler has had the turn that follows it, with how it ended.
   */
  async function leaveDuringUpload(): Promise<PromiseSettledResult<RequestBody | undefined>> {
    // In an object: a promise resolved with the read's own promise would wait for the read to end.
    const reading = new Promise<{ result: Promise<RequestBody | undefined> }>((resolve) => {
      read.mockImplementationOnce((request) => {
        const result = readBody(request);
        resolve({ result });
        return result;
      });
    });
    const socket = connect(server.port, '127.0.0.1');
    await once(socket, 'connect');
    const closed = once(socket, 'close');
    socket.write('POST /openai/v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"model":');
    const { result } = await reading;
    socket.destroy();
    await closed;
    const [outcome] = await Promise.allSettled([result]);
    // What the handler does after the read (count, record, answer) is not I/O: it has run by the next turn.
    await nextTurn();
    return outcome;
  }

  it('is neither counted nor recorded, and the server goes on answering', async () => {
    // The body never came in full.
    expect(await leaveDuringUpload()).toEqual({ status: 'fulfilled', value: undefined });
    expect(server.stats()).toEqual({ requests: 0, streamsStarted: 0, streamsCompleted: 0, streamsAborted: 0, streamsFailed: 0, streamsOpen: 0, streamsReleased: 0 });
    expect(server.requests()).toEqual([]);
    expect((await postChat(server.url, chatBody('x', { stream: false }))).status).toBe(200);
  });

  it('gets no answer written into its closed connection', async () => {
    // The read of the body failed with Node's 'aborted', which the handler's catch answered with a 500.
    const writeHead = vi.spyOn(ServerResponse.prototype, 'writeHead');
    try {
      await leaveDuringUpload();
      expect(writeHead).not.toHaveBeenCalled();
    } finally {
      writeHead.mockRestore();
    }
  });
});
