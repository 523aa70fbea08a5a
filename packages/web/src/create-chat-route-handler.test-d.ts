import { describe, expectTypeOf, test } from 'vitest';
import { ChatRequestError, createChatRouteHandler, Groq, type ChatCompletionCreateParamsStreaming, type ChatRelayOptions } from './index.js';

const groq = new Groq({ apiKey: 'test' });
const model = 'llama-3.3-70b-versatile';

describe('the request that createChatRouteHandler hands to client and prepare', () => {
  test('is the web Request: its headers are read without a cast', () => {
    createChatRouteHandler({
      client: (request) => {
        expectTypeOf(request).toEqualTypeOf<Request>();
        const team = request.headers.get('x-team');
        if (team === null) throw new ChatRequestError('Sign in to chat.', { status: 401, code: 'unauthenticated' });
        return groq.withOptions({ defaultHeaders: { 'x-team': team } });
      },
      model,
      prepare: (params, request) => {
        expectTypeOf(request).toEqualTypeOf<Request>();
        return { ...params, user: request.headers.get('x-user') ?? undefined };
      },
    });
  });

  test('code written for `unknown` still compiles: annotated functions and options typed ChatRelayOptions', () => {
    createChatRouteHandler({ client: (request: unknown) => (request === null ? groq : groq), model, prepare: (params, request: unknown) => (request === null ? params : params) });
    const shared: ChatRelayOptions = { client: async (request) => (request === undefined ? groq : groq), model, prepare: (params) => params };
    expectTypeOf(shared.prepare).parameter(1).toEqualTypeOf<unknown>();
    createChatRouteHandler(shared);
    const prepare: ChatRelayOptions['prepare'] = async (params: ChatCompletionCreateParamsStreaming, request: unknown) => (request === undefined ? params : params);
    createChatRouteHandler({ client: groq, models: [model], prepare });
  });

  test('is not any: a function that needs another request is refused', () => {
    // @ts-expect-error the route handler passes a Request, which has no `socket`
    createChatRouteHandler({ client: groq, model, prepare: (params, request: { socket: unknown }) => (request.socket === null ? params : params) });
    // @ts-expect-error nor does a client function get a number
    createChatRouteHandler({ client: (request: number) => (request > 0 ? groq : groq), model });
    expectTypeOf<Parameters<NonNullable<ChatRelayOptions<Request>['prepare']>>[1]>().toEqualTypeOf<Request>();
  });
});
