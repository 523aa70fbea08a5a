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

test('watches of one response without a socket stopped in any order leave destroy() as it was, and a watched call passes every argument on and returns what it returned', () => {
  for (const order of [[0, 1], [1, 0]]) {
    const response = new ServerResponse(new IncomingMessage(new Socket()));
    const stops = [onConnectionClose(response, () => undefined), onConnectionClose(response, () => undefined)];
    for (const index of order) stops[index]!();
    expect(Object.hasOwn(response, 'destroy'), `stopped in the order ${order.join(', ')}`).toBe(false);
  }

  const response = new ServerResponse(new IncomingMessage(new Socket()));
  const given: unknown[] = [];
  // A framework's own destroy(), set before the watch, that takes more than the error.
  const frameworks = function (this: ServerResponse, ...args: unknown[]) {
    given.push(...args);
    return ServerResponse.prototype.destroy.call(this, args[0] as Error);
  } as ServerResponse['destroy'];
  response.destroy = frameworks;
  let calls = 0;
  const stop = onConnectionClose(response, () => (calls += 1));
  const error = new Error('gone');
  const done = (): void => undefined;
  const returned = (response.destroy as (...args: unknown[]) => unknown)(error, done);
  expect([returned === response, given, calls]).toEqual([true, [error, done], 1]);
  stop();
  expect(response.destroy).toBe(frameworks);
});
