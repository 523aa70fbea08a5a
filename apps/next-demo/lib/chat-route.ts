import { createChatRouteHandler } from '@groq-stream/web';
import { chatRelayOptions } from './groq';

/**
 * The chat relay's handlers, for both route files (Node.js and edge), which re-export them: Next.js takes a
 * route's handlers from its file's exports, and its `runtime` only from the file itself.
 */
const chat = createChatRouteHandler(chatRelayOptions);

export const POST = chat;
// Every other method gets the handler's JSON 405 with `allow: POST`, as from the Express relay. Not exported,
// Next.js answers them itself: a 405 with an empty body, and OPTIONS a bare 204.
export const GET = chat;
export const HEAD = chat;
export const OPTIONS = chat;
export const PUT = chat;
export const PATCH = chat;
export const DELETE = chat;
