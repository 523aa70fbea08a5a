import type { RequestListener } from 'node:http';
import type { RequestHandler } from 'express';
import { expectTypeOf, test } from 'vitest';
import { createChatStreamMiddleware, Groq, type ChatStreamMiddleware, type PipeStreamResult } from './index.js';
import { pipeStreamToServerResponse } from './pipe-stream-to-server-response.js';

const middleware = createChatStreamMiddleware({ client: new Groq({ apiKey: 'test' }), model: 'llama-3.3-70b-versatile' });

test('the middleware is an Express 5 handler and a node:http listener, with no Express import', () => {
  expectTypeOf(middleware).toEqualTypeOf<ChatStreamMiddleware>();
  expectTypeOf(middleware).toExtend<RequestHandler>();
  expectTypeOf(middleware).toExtend<RequestListener>();
});

test('the pipe settles with a result and takes the options of toSSEReadableStream plus a signal', () => {
  expectTypeOf(pipeStreamToServerResponse).returns.resolves.toEqualTypeOf<PipeStreamResult>();
  expectTypeOf(pipeStreamToServerResponse).parameter(2).toExtend<
    { heartbeatMs?: number | undefined; signal?: AbortSignal | undefined; errorPayload?: ((error: unknown) => unknown) | undefined } | undefined
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
