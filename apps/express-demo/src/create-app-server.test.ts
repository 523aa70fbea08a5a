import { once } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { afterEach, expect, test } from 'vitest';
import { createAppServer } from './create-app-server.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  }
});

/** Listens with `createAppServer(app)`; records the prototypes each request and response had when they arrived, before Express ran. */
async function listen(app: Express): Promise<{ url: string; arrived: { request: object; response: object }[] }> {
  const server = createAppServer(app);
  servers.push(server);
  const arrived: { request: object; response: object }[] = [];
  server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    arrived.push({ request: Object.getPrototypeOf(request) as object, response: Object.getPrototypeOf(response) as object });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrived };
}

test('requests and responses arrive with the prototypes Express gives them, so it has none to change', async () => {
  const app = express();
  app.get('/', (request, response) => {
    response.json({ same: Object.getPrototypeOf(request) === app.request && Object.getPrototypeOf(response) === app.response });
  });
  const { url, arrived } = await listen(app);
  for (let i = 0; i < 2; i += 1) expect(await (await fetch(url)).json()).toEqual({ same: true });
  expect(arrived).toEqual([
    { request: app.request, response: app.response },
    { request: app.request, response: app.response },
  ]);
});

test('Express works as before: its helpers, req.app, and what the app adds to its prototypes before or after', async () => {
  const app = express();
  (app.request as unknown as { before: () => string }).before = () => 'before';
  app.get('/', (request, response) => {
    const added = request as unknown as { before: () => string; after: () => string };
    response
      .status(201)
      .set('x-seen', request.get('x-sent') ?? 'none')
      .json({ app: request.app === app && response.app === app, before: added.before(), after: added.after(), query: request.query });
  });
  const { url } = await listen(app);
  (app.request as unknown as { after: () => string }).after = () => 'after';
  const response = await fetch(`${url}/?q=1`, { headers: { 'x-sent': 'yes' } });
  expect(response.status).toBe(201);
  expect(response.headers.get('x-seen')).toBe('yes');
  expect(await response.json()).toEqual({ app: true, before: 'before', after: 'after', query: { q: '1' } });
});

test('a second server for the same app keeps the first working', async () => {
  const app = express();
  app.get('/', (request, response) => void response.json({ same: Object.getPrototypeOf(request) === app.request, app: request.app === app }));
  const first = await listen(app);
  const second = await listen(app);
  expect(await (await fetch(second.url)).json()).toEqual({ same: true, app: true });
  // The first server's requests now get the prototype Express moves them to, and still work.
  expect(await (await fetch(first.url)).json()).toEqual({ same: true, app: true });
  expect(second.arrived[0]?.request).toBe(app.request);
});

test('a sub-app mounted before the server was made sees what the app adds to its prototypes afterwards, as with createServer(app)', async () => {
  const app = express();
  const sub = express();
  sub.get('/', (request, response) => void response.json({ added: (request as unknown as { added?: () => string }).added?.() ?? 'missing', app: request.app === sub }));
  app.use('/sub', sub);
  const { url } = await listen(app);
  (app.request as unknown as { added: () => string }).added = () => 'added';
  expect(await (await fetch(`${url}/sub`)).json()).toEqual({ added: 'added', app: true });
});
