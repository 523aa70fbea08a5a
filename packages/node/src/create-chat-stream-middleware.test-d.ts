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
