// Setup d: @groq-stream/web's relays as route handlers, served by node:http on 127.0.0.1 (see
// serve-fetch-handler.mjs), upstream the mock, browsers as in c: `createChatRouteHandler` (/api/chat), and
// a route of the app's own that answers `createSSEResponse`, half of them under a server-wide shutdown
// signal rather than the request's (/api/sse).
import { browserScenarios, model, streamTimings, upstreamClients } from './browser-scenarios.mjs';
import { connectionsOf, mockOpen, setupArguments, startMock } from './mock-probe.mjs';
import { serveFetchHandler } from './serve-fetch-handler.mjs';
import { soak } from './soak-loop.mjs';
import { importPackage } from './workspace.mjs';

const { Groq, createChatRouteHandler, createSSEResponse } = await importPackage('@groq-stream/web');

const mock = await startMock();
const clients = upstreamClients(new Groq({ apiKey: 'soak', baseURL: mock.url, maxRetries: 2, logLevel: 'off' }));
const clientOf = (request) => clients(request.headers.get('x-soak-upstream'));
const shutdown = new AbortController(); // the server's, never aborted: relays must not pile listeners on it

const chat = createChatRouteHandler({ client: clientOf, model, bodyTimeoutMs: 2000, ...streamTimings });
async function sse(request) {
  let body;
  try {
    body = await request.json();
  } catch {
    return new Response('not JSON', { status: 400 });
  }
  try {
    const stream = await clientOf(request).chat.completions.create({ model, messages: body.messages, stream: true }, { signal: request.signal });
    return createSSEResponse(stream, { signal: Math.random() < 0.5 ? shutdown.signal : request.signal, ...streamTimings });
  } catch (error) {
    return Response.json({ error: String(error.message) }, { status: error.status ?? 502 });
  }
}
const server = await serveFetchHandler((request) => (new URL(request.url).pathname === '/api/sse' ? sse(request) : chat(request)));

await soak({
  ...setupArguments(),
  label: 'd-web-route',
  scenarios: browserScenarios(`http://127.0.0.1:${server.address().port}`, ['/api/chat', '/api/chat', '/api/sse']),
  sharedSignal: shutdown.signal,
  probe: async () => ({ mockOpen: mockOpen(mock), relayConnections: await connectionsOf(server) }),
});
server.close();
await mock.close();
process.exit(0); // a leaked handle is in the verdict already; it must not keep this process waiting
