import { once } from 'node:events';
import { createServer, request as httpRequest, IncomingMessage, ServerResponse } from 'node:http';
import { Socket, type AddressInfo } from 'node:net';
import { expect, test } from 'vitest';
import { onConnectionClose } from './on-connection-close.js';

test('a response on its connection is watched through its own close event: nothing is added to the socket, and the connection closing still calls back once', async () => {
  let calls = 0;
  let socketListeners: [before: number, after: number] | undefined;
  let stop: (() => void) | undefined;
  let arrive!: () => void;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const server = createServer((_request, response: ServerResponse) => {
    const before = response.socket!.listenerCount('close');
    stop = onConnectionClose(response, () => (calls += 1));
    socketListeners = [before, response.socket!.listenerCount('close')];
    response.writeHead(200).write('open');
    arrive();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = httpRequest(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  client.on('error', () => undefined);
  client.end();
  await arrived;
  expect(socketListeners?.[1]).toBe(socketListeners?.[0]);
  client.destroy();
  await expect.poll(() => calls).toBe(1);
  stop?.();
  server.close();
  await once(server, 'close');
  expect(calls).toBe(1);
});

test('a response with no socket is watched through its destroy() call, which emits nothing: one call back, and the method restored once stopped', () => {
  const response = new ServerResponse(new IncomingMessage(new Socket()));
  const ownMethod = Object.hasOwn(response, 'destroy');
  let calls = 0;
  const stop = onConnectionClose(response, () => (calls += 1));
  response.destroy();
  response.destroy();
  expect(calls).toBe(1);
  stop();
  expect(Object.hasOwn(response, 'destroy')).toBe(ownMethod);

  const later = new ServerResponse(new IncomingMessage(new Socket()));
  let laterCalls = 0;
  onConnectionClose(later, () => (laterCalls += 1))();
  later.destroy();
  expect(laterCalls).toBe(0);
});
