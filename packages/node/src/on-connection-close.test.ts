import { once } from 'node:events';
import { createServer, request as httpRequest, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
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
