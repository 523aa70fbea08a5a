import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
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

async function listen(server: Server): Promise<string> {
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
  const plain = await answers(await listen(createServer(demoApp())));
  const adopted = await answers(await listen(createAppServer(demoApp())));
  expect(adopted).toEqual(plain);
  // What the demo promises, so that the comparison is between working answers.
  expect(plain).toContainEqual(expect.objectContaining({ method: 'GET', path: '/api/chat', status: 405, headers: expect.objectContaining({ allow: 'POST' }) }));
  expect(plain).toContainEqual(expect.objectContaining({ method: 'HEAD', path: '/', status: 200, headers: expect.objectContaining({ 'x-content-type-options': 'nosniff' }) }));
  expect(plain).toContainEqual(expect.objectContaining({ path: '/custom-fail', status: 418 }));
});
