// One held stream of the memory step (see `holdStreams` in run.mjs).
import http from 'node:http';

/**
 * Sends `body` to `url` (POST, JSON) and resolves once a `data:` frame came, or a refusal: `{ request }`
 * for a held stream, `{ request, refused }` with the status of a refusal. A held stream keeps reading,
 * dropping what comes (a response whose `data` listener is removed stays flowing); `request.destroy()`
 * closes it.
 */
export function holdStream(url, body, { agent }) {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (response) => {
      // Held only once a chunk came: a refusal (the relay's 504 when the upstream gave no headers within its
      // timeout) has a body too, and its idle keep-alive socket would pass for an open stream in the
      // connection count.
      if (response.statusCode !== 200) {
        resolve({ request, refused: response.statusCode });
        response.resume();
        return;
      }
      let seen = '';
      const onData = (bytes) => {
        seen += bytes.toString('latin1');
        if (!/(^|\n)data:/.test(seen)) return;
        response.off('data', onData);
        resolve({ request });
      };
      response.on('data', onData);
    });
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}
