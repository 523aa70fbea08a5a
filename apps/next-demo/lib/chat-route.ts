import { createChatRouteHandler } from '@groq-stream/web';
import { chatRelayOptions } from './groq';
import { refuseForeignRequest } from './refuse-foreign-request';

/**
 * The chat relay's handlers, for both route files (Node.js and edge), which re-export them: Next.js takes a
 * route's handlers from its file's exports, and its `runtime` only from the file itself.
 */
const relay = createChatRouteHandler(chatRelayOptions);

/** The relay, for requests addressed to this demo from its own page (or from no page, as curl): a 403 for others. */
const chat = async (request: Request): Promise<Response> => refuseForeignRequest(request) ?? relay(request);

export const POST = chat;
// Every other method gets the handler's JSON 405 with `allow: POST`, as from the Express relay. Not exported,
// Next.js answers them itself: a 405 with an empty body, and OPTIONS a bare 204.
export const GET = chat;
export const HEAD = chat;
export const OPTIONS = chat;
export const PUT = chat;
export const PATCH = chat;
export const DELETE = chat;
