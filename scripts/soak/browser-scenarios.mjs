// Simulated browsers against a relay (setups c and d) at `url`: they POST { messages } and read all, or
// leave at any point (before the answer, mid-upload, part-way, by stopping to read). Each leaving must
// release the relay's upstream stream and its connection. The relay picks its upstream client by the
// `x-soak-upstream` header (see upstreamClients). The scenarios catch what a leaving browser sees itself,
// so any error they throw is unexpected.
import http from 'node:http';
import { pick, rand } from './random.mjs';
import { importPackage } from './workspace.mjs';

const { Stream } = await importPackage('@groq-stream/node');
const body = JSON.stringify({ messages: [{ role: 'user', content: 'Tell me about soaking things' }] });
const keepAlive = new http.Agent({ keepAlive: true });

/** The mock headers of each upstream behaviour. */
const upstreamHeaders = {
  fast: { 'x-mock-tokens': '40', 'x-mock-tokens-per-second': '0' },
  slow: { 'x-mock-tokens': '150', 'x-mock-tokens-per-second': '100' },
  huge: { 'x-mock-tokens': '60000', 'x-mock-tokens-per-second': '0' },
  stall: { 'x-mock-scenario': 'stall' },
  'rate-limit': { 'x-mock-scenario': 'rate-limit' },
  'mid-stream-error': { 'x-mock-scenario': 'mid-stream-error' },
  drop: { 'x-mock-scenario': 'drop' },
  'slow-headers': { 'x-mock-scenario': 'slow-headers', 'x-mock-ttft-ms': '400' },
};
const upstreams = ['fast', 'fast', 'fast', 'slow', 'slow', 'stall', 'rate-limit', 'mid-stream-error', 'drop', 'slow-headers'];

/** One client per upstream behaviour, from `base` (a Groq on the mock), and `clientOf(name)` to pick one. */
export function upstreamClients(base) {
  const clients = Object.fromEntries(Object.entries(upstreamHeaders).map(([name, headers]) =>
    [name, base.withOptions({ defaultHeaders: headers, streamIdleTimeout: name === 'stall' ? 300 : undefined })]));
  return (name) => clients[name] ?? clients.fast;
}

export const model = 'llama-3.3-70b-versatile';
/** Every relay's stream settings: heartbeats, and a browser that stops reading is dropped after 2 s. */
export const streamTimings = { heartbeatMs: 200, stallTimeoutMs: 2000 };

export function browserScenarios(url, paths) {
  const path = () => pick(paths);
  // Half on a keep-alive agent (the relay's sockets outlive the answer), half on a fresh connection each.
  const post = (upstream, payload = body) => http.request(`${url}${path()}`, {
    method: 'POST',
    agent: pick([keepAlive, undefined]),
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'x-soak-upstream': upstream },
  });
  const send = (request, payload = body) => new Promise((resolve, reject) => {
    request.on('response', resolve);
    request.on('error', reject);
    request.end(payload);
  });
  /** Reads the response, calling `onData(count)` per piece; resolves when it ends or closes. */
  const drain = (response, onData) => new Promise((resolve) => {
    let count = 0;
    response.on('data', () => onData?.(++count));
    response.on('end', () => resolve('end'));
    response.on('close', () => resolve('close'));
    response.on('error', () => resolve('error'));
  });
  const postFetch = (upstream, signal) => fetch(`${url}${path()}`, {
    method: 'POST', body, signal, headers: { 'content-type': 'application/json', 'x-soak-upstream': upstream },
  });

  return {
    httpFull: {
      weight: 10,
      async run() {
        const response = await send(post(pick(upstreams)));
        return `${response.statusCode}:${await drain(response)}`;
      },
    },
    httpLeaveAfterK: {
      weight: 6,
      async run() {
        const request = post(pick(['fast', 'slow', 'slow']));
        const response = await send(request);
        const k = rand(1, 6);
        await drain(response, (count) => count >= k && request.destroy());
        return 'left';
      },
    },
    httpLeaveBeforeHeaders: {
      weight: 4,
      async run() {
        const request = post(pick(['slow-headers', 'rate-limit', 'slow', 'stall']));
        request.on('error', () => {});
        request.end(body);
        await sleep(rand(0, 300));
        request.destroy();
        return 'left';
      },
    },
    httpLeaveMidUpload: {
      weight: 2,
      async run() {
        const request = post('fast');
        request.on('error', () => {});
        request.write(body.slice(0, 10));
        await sleep(rand(0, 50));
        request.destroy();
        return 'left';
      },
    },
    // Stops reading a big answer, then leaves a while later (or the relay's stall timeout drops it first).
    httpStopReading: {
      weight: 1,
      async run() {
        const request = post('huge');
        const response = await send(request);
        response.pause();
        await sleep(rand(500, 3500));
        request.destroy();
        return 'left';
      },
    },
    httpBadBody: {
      weight: 1,
      async run() {
        const payload = pick(['{"messages": 5}', 'not json', '{"messages":[{"role":"robot","content":"x"}]}']);
        const response = await send(post('fast', payload), payload);
        await drain(response);
        return String(response.statusCode);
      },
    },
    fetchAbortMid: {
      weight: 5,
      async run() {
        const controller = new AbortController();
        const response = await postFetch(pick(['slow', 'stall', 'rate-limit', 'slow-headers']), controller.signal).catch((error) => error);
        if (response instanceof Error) return 'aborted-early';
        setTimeout(() => controller.abort(), rand(0, 400));
        try {
          const reader = response.body.getReader();
          while (!(await reader.read()).done);
        } catch {
          return 'aborted';
        }
        return 'ended';
      },
    },
    fetchAbortBeforeHeaders: {
      weight: 3,
      async run() {
        const controller = new AbortController();
        setTimeout(() => controller.abort(), rand(0, 600));
        try {
          const response = await postFetch(pick(['slow-headers', 'rate-limit']), controller.signal);
          await response.arrayBuffer();
          return String(response.status);
        } catch {
          return 'aborted';
        }
      },
    },
    fetchCancel: {
      weight: 5,
      async run() {
        const reader = (await postFetch(pick(['fast', 'slow']))).body.getReader();
        for (let i = rand(0, 5); i > 0; i--) await reader.read();
        await reader.cancel();
        return 'cancelled';
      },
    },
    // The SDK's own reader of a relayed answer (what a browser app uses), left with break.
    fetchStreamBreak: {
      weight: 6,
      async run() {
        const stream = Stream.fromSSEResponse(await postFetch(pick(['fast', 'slow', 'mid-stream-error', 'stall'])));
        const k = rand(1, 20);
        let n = 0;
        try {
          for await (const _ of stream) if (n++ >= k) break;
        } catch (error) {
          return error.name; // the relay's error event, as the browser's reader reports it
        }
        return 'ok';
      },
    },
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
