import type { IncomingMessage, RequestListener } from 'node:http';
import { createServer as createHttp2Server, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import { createChatRouteHandler } from '@groq-stream/web';
import express, { type RequestHandler } from 'express';
// Express 4 and its types (@types/express 4), installed beside Express 5 under these names.
import express4, { type RequestHandler as RequestHandler4 } from 'express-4';
import { describe, expectTypeOf, test } from 'vitest';
import {
  ChatRequestError,
  createChatStreamMiddleware,
  Groq,
  type ChatCompletionCreateParamsStreaming,
  type ChatRelayOptions,
  type ChatStreamMiddleware,
  type PipeStreamResult,
} from './index.js';
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

describe('the request that createChatStreamMiddleware hands to client and prepare', () => {
  const groq = new Groq({ apiKey: 'test' });
  const model = 'llama-3.3-70b-versatile';

  test('is the Node request, with the body a body parser may have set: its headers are read without a cast', () => {
    createChatStreamMiddleware({
      client: (request) => {
        expectTypeOf(request).toEqualTypeOf<IncomingMessage & { body?: unknown }>();
        const team = request.headers['x-team'];
        if (typeof team !== 'string') throw new ChatRequestError('Sign in to chat.', { status: 401, code: 'unauthenticated' });
        return groq.withOptions({ defaultHeaders: { 'x-team': team } });
      },
      model,
      prepare: (params, request) => {
        expectTypeOf(request.headers['x-team']).toEqualTypeOf<string | string[] | undefined>();
        expectTypeOf(request.body).toEqualTypeOf<unknown>();
        return { ...params, user: request.socket.remoteAddress };
      },
    });
  });

  test('the middleware stays an Express handler and a node:http listener with functions that read the request', () => {
    const typed = createChatStreamMiddleware({ client: (request) => (request.headers['x-team'] === undefined ? groq : groq), model });
    expectTypeOf(typed).toEqualTypeOf<ChatStreamMiddleware>();
    expectTypeOf(typed).toExtend<RequestHandler>();
    expectTypeOf(typed).toExtend<RequestHandler4>();
    expectTypeOf(typed).toExtend<RequestListener>();
  });

  test('code written for `unknown` still compiles, and options typed ChatRelayOptions serve both relays', () => {
    createChatStreamMiddleware({ client: (request: unknown) => (request === null ? groq : groq), model, prepare: (params, request: unknown) => (request === null ? params : params) });
    const shared: ChatRelayOptions = { client: async (request) => (request === undefined ? groq : groq), model, prepare: (params) => params };
    createChatStreamMiddleware(shared);
    createChatRouteHandler(shared);
    const prepare: ChatRelayOptions['prepare'] = async (params: ChatCompletionCreateParamsStreaming, request: unknown) => (request === undefined ? params : params);
    createChatStreamMiddleware({ client: groq, models: [model], prepare });
  });

  test('is not any, nor a web Request', () => {
    // @ts-expect-error the middleware passes a Node request, whose headers have no get()
    createChatStreamMiddleware({ client: groq, model, prepare: (params, request: Request) => (request.headers.get('x') === null ? params : params) });
    // @ts-expect-error nor does a client function get a number
    createChatStreamMiddleware({ client: (request: number) => (request > 0 ? groq : groq), model });
  });
});

test('the HTTP/2 compatibility API is refused, as the README says: the relay reads what its response lacks', () => {
  const groq = new Groq({ apiKey: 'test' });
  const relay = createChatStreamMiddleware({ client: groq, model: 'llama-3.3-70b-versatile' });
  expectTypeOf<Http2ServerRequest>().not.toExtend<Parameters<ChatStreamMiddleware>[0]>();
  expectTypeOf<Http2ServerResponse>().not.toExtend<Parameters<ChatStreamMiddleware>[1]>();
  expectTypeOf<Http2ServerResponse>().not.toExtend<Parameters<typeof pipeStreamToServerResponse>[1]>();
  // @ts-expect-error an http2 server's request listener gets Http2ServerRequest and Http2ServerResponse
  createHttp2Server(relay);
});
