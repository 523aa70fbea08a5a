import { createChatRouteHandler } from '@groq-stream/web';
import { chatRelayOptions } from '../../../lib/groq';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

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
