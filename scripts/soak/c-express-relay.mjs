// Setup c: @groq-stream/node's relays in Express on 127.0.0.1, upstream the mock, browsers simulated by
// node:http and fetch: `createChatStreamMiddleware` (/api/chat), and a route of the app's own that pipes
// a stream with `pipeStreamToServerResponse` under a server-wide shutdown signal (/api/pipe).
import { browserScenarios, model, streamTimings, upstreamClients } from './browser-scenarios.mjs';
import { connectionsOf, mockOpen, setupArguments, startMock } from './mock-probe.mjs';
import { soak } from './soak-loop.mjs';
import { importPackage, requirePackage } from './workspace.mjs';

const { Groq, createChatStreamMiddleware, pipeStreamToServerResponse } = await importPackage('@groq-stream/node');
const express = requirePackage('express');

const mock = await startMock();
const clients = upstreamClients(new Groq({ apiKey: 'soak', baseURL: mock.url, maxRetries: 2, logLevel: 'off' }));
const clientOf = (request) => clients(request.headers['x-soak-upstream']);
const shutdown = new AbortController(); // the server's, never aborted: relays must not pile listeners on it

const app = express();
app.post('/api/chat', createChatStreamMiddleware({ client: clientOf, model, bodyTimeoutMs: 2000, ...streamTimings }));
app.post('/api/pipe', express.json(), async (request, response) => {
  const left = new AbortController();
  response.on('close', () => left.abort());
  let stream;
  try {
    stream = await clientOf(request).chat.completions.create({ model, messages: request.body.messages, stream: true }, { signal: left.signal });
  } catch (error) {
    if (!response.headersSent && !response.destroyed) response.status(error.status ?? 502).json({ error: String(error.message) });
    return;
  }
  await pipeStreamToServerResponse(stream, response, { signal: shutdown.signal, ...streamTimings });
});
// express.json()'s errors (a body that is not JSON) answer 400 instead of Express's HTML page.
app.use((error, request, response, next) => void (response.headersSent ? next(error) : response.status(400).end()));
const server = await new Promise((resolve) => {
  const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
});

await soak({
  ...setupArguments(),
  label: 'c-express-relay',
  scenarios: browserScenarios(`http://127.0.0.1:${server.address().port}`, ['/api/chat', '/api/chat', '/api/pipe']),
  sharedSignal: shutdown.signal,
  probe: async () => ({ mockOpen: mockOpen(mock), relayConnections: await connectionsOf(server) }),
});
server.close();
await mock.close();
process.exit(0); // a leaked handle is in the verdict already; it must not keep this process waiting
