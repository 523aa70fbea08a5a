import { createChatRouteHandler } from '@groq-stream/web';
import { chatRelayOptions } from '../../../../lib/groq';

export const runtime = 'edge';
export const dynamic = 'force-dynamic';

const chat = createChatRouteHandler(chatRelayOptions);

export const POST = chat;
// Every other method gets the handler's JSON 405 with `allow: POST`, as on the Node.js route (see there).
export const GET = chat;
export const HEAD = chat;
export const OPTIONS = chat;
export const PUT = chat;
export const PATCH = chat;
export const DELETE = chat;
