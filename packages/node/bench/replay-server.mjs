// A server that replays what the mock answered, byte for byte, doing no work per chunk: the first
// request for a given body and `x-mock-tokens` is forwarded to the mock and its answer recorded; every
// later one gets the recording, in 64 KB writes that wait for `drain` like the mock's. With it the
// server is no longer what limits the benchmark (`--replay`, a diagnostic; see BENCHMARKS.md).
import { once } from 'node:events';
import { createServer } from 'node:http';

const SLICE_BYTES = 64 * 1024;

/** Starts the replay server on 127.0.0.1 in front of `upstreamUrl`. Returns `{ url, stats(), close() }`. */
export async function startReplayServer(upstreamUrl) {
  const recordings = new Map();
  const stats = { requests: 0, streamsStarted: 0, streamsCompleted: 0, streamsAborted: 0, streamsFailed: 0 };

  async function record(request, body) {
    const headers = { ...request.headers };
    delete headers.host;
    delete headers.connection;
    delete headers['content-length'];
    const upstream = await fetch(upstreamUrl + request.url, { method: request.method, headers, body });
    const bytes = Buffer.from(await upstream.arrayBuffer());
    const kept = ['content-type', 'cache-control', 'x-request-id'];
    return { status: upstream.status, headers: Object.fromEntries(kept.map((name) => [name, upstream.headers.get(name) ?? ''])), bytes };
  }

  async function replay(request, response) {
    const pieces = [];
    for await (const piece of request) pieces.push(piece);
    const body = Buffer.concat(pieces);
    const key = `${request.method} ${request.url} ${request.headers['x-mock-tokens']} ${body.toString('utf8')}`;
    let recording = recordings.get(key);
    if (recording === undefined) {
      recording = record(request, body);
      recordings.set(key, recording);
      // A failed recording is not kept: the next request tries again.
      recording.catch(() => recordings.delete(key));
    }
    const { status, headers, bytes } = await recording;
    stats.streamsStarted += 1;
    let ended = false;
    const gone = new AbortController();
    response.once('close', () => {
      gone.abort();
      if (!ended) stats.streamsAborted += 1;
    });
    // No content-length: chunked, as the mock sends it.
    response.writeHead(status, headers);
    for (let start = 0; start < bytes.length; start += SLICE_BYTES) {
      if (!response.write(bytes.subarray(start, start + SLICE_BYTES))) await once(response, 'drain', { signal: gone.signal });
    }
    ended = true;
    stats.streamsCompleted += 1;
    response.end();
  }

  const server = createServer((request, response) => {
    stats.requests += 1;
    replay(request, response).catch((error) => {
      if (response.destroyed) return;
      if (response.headersSent) {
        response.destroy(error);
      } else {
        response.writeHead(502, { 'content-type': 'text/plain' }).end(`replay server: ${error.message}\n`);
      }
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    stats: () => ({ ...stats }),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
