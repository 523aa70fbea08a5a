import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Groq } from '@groq-stream/node';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { afterEach, expect, test } from 'vitest';
import { createAppServer } from './create-app-server.js';
import { createApp } from './server.js';

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

/** Listens with `server` on a free port of 127.0.0.1; closed after each test. */
async function listenOn(server: Server): Promise<string> {
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function demoApp(): Express {
  const app = createApp({ client: new Groq({ apiKey: 'gsk_unused_in_this_test', baseURL: 'http://127.0.0.1:9', maxRetries: 0 }), model: 'm' });
  const sub = express();
  sub.get('/where', (request, response) => void response.json({ base: request.baseUrl, path: request.path, app: request.app === sub }));
  app.use('/sub', sub);
  app.use(express.json());
  app.post('/echo', (request, response) => void response.json({ body: request.body as unknown, query: request.query, ip: request.ip, protocol: request.protocol, host: request.hostname }));
  app.get('/redirect', (_request, response) => response.redirect(302, '/'));
  app.get('/cookie', (_request, response) => void response.cookie('a', 'b', { httpOnly: true }).sendStatus(204));
  app.get('/fail', () => {
    throw new Error('boom');
  });
  app.get('/async-fail', async () => {
    throw new Error('async boom');
  });
  app.get('/custom-fail', (_request, _response, next: NextFunction) => next(Object.assign(new Error('teapot'), { status: 418 })));
  app.use((error: Error & { status?: number }, _request: Request, response: Response, next: NextFunction) => {
    if (error.status === 418) return void response.status(418).json({ handled: error.message });
    next(error);
  });
  return app;
}

type Probe = [method: string, path: string, init?: RequestInit];
const probes: Probe[] = [
  ['GET', '/'],
  ['HEAD', '/'],
  ['GET', '/index.html', { headers: { 'if-none-match': '*' } }],
  ['GET', '/styles.css', { headers: { range: 'bytes=0-9' } }],
  ['GET', '/nothing-here'],
  ['HEAD', '/nothing-here'],
  ['GET', '/api/chat'],
  ['HEAD', '/api/chat'],
  ['POST', '/api/chat', { headers: { 'content-type': 'text/plain' }, body: 'x' }],
  ['POST', '/echo?q=1&list=a&list=b', { headers: { 'content-type': 'application/json', host: 'demo.example' }, body: '{"a":[1,2]}' }],
  ['POST', '/echo', { headers: { 'content-type': 'application/json' }, body: '{"a":' }],
  ['GET', '/redirect'],
  ['GET', '/cookie'],
  ['GET', '/fail'],
  ['GET', '/async-fail'],
  ['GET', '/custom-fail'],
  ['GET', '/sub/where'],
];

async function answers(url: string): Promise<unknown[]> {
  const seen: unknown[] = [];
  for (const [method, path, init] of probes) {
    const response = await fetch(`${url}${path}`, { method, redirect: 'manual', ...init });
    const body = await response.text();
    // Express's error page shows the stack in development, whose paths differ between the two servers.
    const stack = body.includes('<pre>');
    const headers = Object.fromEntries([...response.headers].filter(([name]) => name !== 'date' && !(stack && name === 'content-length')));
    seen.push({ method, path, status: response.status, headers, body: stack ? body.replace(/<br>.*/s, '') : body });
  }
  return seen;
}

test('every Express feature the demo and its users rely on answers the same through createAppServer as through createServer(app)', async () => {
  const plain = await answers(await listenOn(createServer(demoApp())));
  const adopted = await answers(await listenOn(createAppServer(demoApp())));
  expect(adopted).toEqual(plain);
  // What the demo promises, so that the comparison is between working answers.
  expect(plain).toContainEqual(expect.objectContaining({ method: 'GET', path: '/api/chat', status: 405, headers: expect.objectContaining({ allow: 'POST' }) }));
  expect(plain).toContainEqual(expect.objectContaining({ method: 'HEAD', path: '/', status: 200, headers: expect.objectContaining({ 'x-content-type-options': 'nosniff' }) }));
  expect(plain).toContainEqual(expect.objectContaining({ path: '/custom-fail', status: 418 }));
});
