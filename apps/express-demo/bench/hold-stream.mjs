// One held stream of the memory step (see `holdStreams` in run.mjs).
import http from 'node:http';

/**
 * Sends `body` to `url` (POST, JSON) and resolves, never rejects, once the stream is held or is not going to
 * be: `{ request }` once a `data:` frame came, `{ request, refused }` otherwise. A held stream keeps reading,
 * dropping what comes (a response whose `data` listener is removed stays flowing); `request.destroy()`
 * closes it. `refused` says why one is not held:
 *
 * - the status of an answer other than 200 (the relay's 504 when the upstream gave no headers within its
 *   timeout, its 408 when the body did not arrive within `bodyTimeoutMs`);
 * - the code of a connection error (`ECONNRESET`): on a machine too busy to keep up, a relay closing a
 *   connection after its 408 reset it, and the rejection this was then failed the whole benchmark with
 *   nothing written, where a refusal fails only the memory verdicts;
 * - `'closed'`: the connection closed before a data frame, with no error (the relay cut it), which left the
 *   step waiting for ever;
 * - `'error event'`: the first event was the relay's `event: error`, after which the stream ends;
 * - `'deadline'`: `signal` aborted first; the connection is closed.
 *
 * A refusal has a body too, and its idle keep-alive socket would pass for an open stream in the connection
 * count, so a stream counts as held only once a chunk came.
 */
export function holdStream(url, body, { agent, signal }) {
  if (signal?.aborted) return Promise.resolve({ refused: 'deadline' });
  return new Promise((resolve) => {
    let settled = false;
    const settle = (refused) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      resolve(refused === undefined ? { request } : { request, refused });
      // A refused stream's connection is of no more use (a relay's 408 closes it anyway).
      if (refused !== undefined) request.destroy();
    };
    const onAbort = () => settle('deadline');
    const request = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        settle(response.statusCode);
        return;
      }
      let seen = '';
      const onData = (bytes) => {
        seen += bytes.toString('latin1');
        const event = firstDataEvent(seen);
        if (event === undefined) return;
        response.off('data', onData);
        settle(/(^|\n)event: ?error(\r?\n|$)/.test(event) ? 'error event' : undefined);
      };
      response.on('data', onData);
      response.once('close', () => settle('closed'));
    });
    // Left on after the stream is held: an error of a held stream ends it, which the relay's connection
    // count shows; unhandled, it would crash the benchmark.
    request.on('error', (error) => settle(error.code ?? error.message));
    request.once('close', () => settle('closed'));
    signal?.addEventListener('abort', onAbort, { once: true });
    request.end(JSON.stringify(body));
  });
}

/** The lines of the first event with a `data:` line in `text`, up to that line; `undefined` while none came. */
function firstDataEvent(text) {
  const match = /(^|\n)data:/.exec(text);
  if (match === undefined || match === null) return undefined;
  return text.slice(text.lastIndexOf('\n\n', match.index) + 1, match.index);
}

/** `HTTP 504 ×2, HTTP 408, ECONNRESET`: each reason in `refused` (as `holdStream` gives them), with its count. */
export function describeRefused(refused) {
  const counts = new Map();
  for (const reason of refused) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => (typeof a === 'number' ? 0 : 1) - (typeof b === 'number' ? 0 : 1))
    .map(([reason, count]) => `${typeof reason === 'number' ? `HTTP ${reason}` : reason}${count > 1 ? ` ×${count}` : ''}`)
    .join(', ');
}
