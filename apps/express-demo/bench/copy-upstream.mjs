// The floors a relay is measured against: node:http handlers that fetch the mock's stream and pass it to the
// browser doing as little as a relay can. `bytes`: the upstream's bytes copied unparsed, the least any relay on
// the same transport costs. `events`: each event decoded, split off and its JSON parsed before it is written as
// a frame of its own (a string, as the demo's relay writes), the least a relay that reads the chunks costs.
import { once } from 'node:events';
import { defaultModel } from '../dist/server.js';

/**
 * A request handler that streams `url`'s chat completion through `fetch`, with the headers `headersOf(request)`
 * gives added, and copies it as `kind` says.
 */
export function createCopyUpstream({ fetch, url, headersOf, kind = 'bytes' }) {
  if (kind !== 'bytes' && kind !== 'events') throw new Error(`a copy is of bytes or events, not ${kind}`);
  return async (request, response) => {
    request.resume();
    const controller = new AbortController();
    response.once('close', () => controller.abort());
    try {
      const upstream = await fetch(`${url}/openai/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer bench', 'content-type': 'application/json', ...headersOf(request) },
        body: JSON.stringify({ model: defaultModel, messages: [{ role: 'user', content: 'Benchmark' }], stream: true }),
        signal: controller.signal,
      });
      response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
      response.flushHeaders();
      if (kind === 'bytes') {
        for await (const bytes of upstream.body) if (!response.write(bytes)) await once(response, 'drain');
      } else {
        const decoder = new TextDecoder();
        let rest = '';
        for await (const bytes of upstream.body) {
          const events = (rest + decoder.decode(bytes, { stream: true })).split('\n\n');
          rest = events.pop();
          for (const event of events) {
            if (!event.startsWith('data: ')) continue;
            const data = event.slice(6);
            if (data !== '[DONE]') JSON.parse(data);
            if (!response.write(`data: ${data}\n\n`)) await once(response, 'drain');
          }
        }
      }
      response.end();
    } catch {
      response.destroy();
    }
  };
}
