import { createChatRouteHandler } from '@groq-stream/web';
import { chatRelayOptions } from '../../../../lib/groq';

export const runtime = 'edge';
export const dynamic = 'force-dynamic';

export const POST = createChatRouteHandler(chatRelayOptions);
