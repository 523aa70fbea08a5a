import type { RequestListener } from 'node:http';
import express, { type RequestHandler } from 'express';
// Express 4 and its types (@types/express 4), installed beside Express 5 under these names.
import express4, { type RequestHandler as RequestHandler4 } from 'express-4';
import { expectTypeOf, test } from 'vitest';
import { createChatStreamMiddleware, Groq, type ChatStreamMiddleware, type PipeStreamResult } from './index.js';
import { pipeStreamToServerResponse } from './pipe-stream-to-server-response.js';

const middleware = createChatStreamMiddleware({ client: new Groq({ apiKey: 'test' }), model: 'llama-3.3-70b-versatile' });

test('the middleware is an Express 5 handler and a node:http listener, with no Express import', () => {
  expectTypeOf(middleware).toEqualTypeOf<ChatStreamMiddleware>();
  expectTypeOf(middleware).toExtend<RequestHandler>();
  expectTypeOf(middleware).toExtend<RequestListener>();
  const app = express();
  app.use(express.json());
  app.post('/api/chat', middleware);
  app.all('/api/chat', middleware);
});

test('the middleware is an Express 4 handler too, by the types of @types/express 4', () => {
  // The check that counts: app.post alone would take any one-parameter function (as an error handler).
  expectTypeOf(middleware).toExtend<RequestHandler4>();
  const app = express4();
  app.use(express4.json());
  app.post('/api/chat', middleware);
  app.all('/api/chat', middleware);
  app.post('/api/chat', express4.json(), middleware);
});

test('the pipe settles with a result and takes the options of toSSEReadableStream plus a signal', () => {
  expectTypeOf(pipeStreamToServerResponse).returns.resolves.toEqualTypeOf<PipeStreamResult>();
  expectTypeOf(pipeStreamToServerResponse).parameter(2).toExtend<
    { heartbeatMs?: number | undefined; signal?: AbortSignal | null | undefined; errorPayload?: ((error: unknown) => unknown) | undefined } | undefined
  >();
});

test('client is a Groq or a function of the request that gives one, now or later', () => {
  const groq = new Groq({ apiKey: 'test' });
  const model = 'llama-3.3-70b-versatile';
  createChatStreamMiddleware({ client: () => groq, model });
  createChatStreamMiddleware({ client: async () => groq.withOptions({ apiKey: 'team-key' }), model });
  // @ts-expect-error a key is not a client
  createChatStreamMiddleware({ client: 'gsk_key', model });
  // @ts-expect-error the function must give a client
  createChatStreamMiddleware({ client: () => 'gsk_key', model });
});
