import { apiNotFound } from '../../../lib/api-not-found';

export const dynamic = 'force-dynamic';

// Every path under /api that the chat routes do not take, whatever the method: Next.js would answer a method
// that is not exported with an empty 405, and OPTIONS with a bare 204.
export { apiNotFound as DELETE, apiNotFound as GET, apiNotFound as HEAD, apiNotFound as OPTIONS, apiNotFound as PATCH, apiNotFound as POST, apiNotFound as PUT };
