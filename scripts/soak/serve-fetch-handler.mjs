// A fetch-style handler `(request: Request) => Promise<Response>` served by node:http on 127.0.0.1, as
// @hono/node-server and Next's node server do, in short: the browser leaving aborts `request.signal` and
// cancels the response body, which is what a web relay must release its upstream on.
import http from 'node:http';
import { Readable } from 'node:stream';

/** Resolves with the listening server. */
export function serveFetchHandler(handler) {
  const server = http.createServer(async (incoming, outgoing) => {
    const controller = new AbortController();
    outgoing.on('close', () => controller.abort());
    const request = new Request(`http://127.0.0.1${incoming.url}`, {
      method: incoming.method, headers: incoming.headers, body: Readable.toWeb(incoming), duplex: 'half', signal: controller.signal,
    });
    let response;
    try {
      response = await handler(request);
    } catch {
      outgoing.statusCode = 500;
      outgoing.end();
      return;
    }
    if (outgoing.destroyed) {
      await response.body?.cancel().catch(() => {});
      return;
    }
    outgoing.writeHead(response.status, [...response.headers].flat());
    if (response.body === null) {
      outgoing.end();
      return;
    }
    const reader = response.body.getReader();
    outgoing.on('close', () => void reader.cancel().catch(() => {}));
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (!outgoing.write(value)) await drainedOrClosed(outgoing);
        if (outgoing.destroyed) break;
      }
      outgoing.end();
    } catch {
      outgoing.destroy();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Resolves on 'drain' or 'close', whichever comes first, and removes both listeners. */
function drainedOrClosed(outgoing) {
  return new Promise((resolve) => {
    const done = () => {
      outgoing.off('drain', done);
      outgoing.off('close', done);
      resolve();
    };
    outgoing.on('drain', done);
    outgoing.on('close', done);
  });
}
