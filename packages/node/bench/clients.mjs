// The clients the benchmark compares. Each one sends the same chat-completion request to the mock and
// hands every chunk, as it arrives, to the same tiny tally. Each uses its default transport: Node's global
// `fetch` (undici, bundled with Node) for groq-sdk, bare and bytes only, node:http (`createNodeHttpFetch`)
// for ours. Every run starts from fresh connection pools: see BENCHMARKS.md.
import http from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import GroqSdk from 'groq-sdk';

const apiKey = 'gsk_bench_not_a_real_key';
const model = 'llama-3.3-70b-versatile';
/** The prompt of every request: the mock derives the answer from it, so every stream carries the same text. */
export const prompt = 'Explain quantum computing to a loopback benchmark';
const body = { model, messages: [{ role: 'user', content: prompt }], stream: true };
const mockHeaders = (tokens) => ({ 'x-mock-tokens': String(tokens) });
const doneFrame = new TextEncoder().encode('data: [DONE]\n\n');

/**
 * What one stream delivered: chunks, the joined `delta.content` (string concatenation is cheap; it is
 * compared after the timing), when the response headers had arrived (the client handed back its stream)
 * and when the first chunk arrived in the loop (both `performance.now()`). The bytes-only reader fills
 * `bytes` and `endedWithDone` instead of `count` and `content`.
 */
/**
 * Connection pools other than undici's global one, each as a function that replaces it with an empty one;
 * `freshConnectionPool()` (measure.mjs) calls them before every run.
 */
export const connectionPoolResets = [];

export function createTally() {
  return { count: 0, content: '', headersAt: undefined, firstChunkAt: undefined, bytes: 0, endedWithDone: false };
}

function tallyChunk(tally, chunk) {
  if (tally.count++ === 0) tally.firstChunkAt = performance.now();
  const content = chunk.choices[0]?.delta?.content;
  if (content) tally.content += content;
}

// eventsource-parser is a dependency of @groq-stream/core, not of this package: take core's copy
// (the very one our client runs on) rather than adding a dependency for the benchmark.
async function importEventSourceParser() {
  const requireFromCore = createRequire(fileURLToPath(import.meta.resolve('@groq-stream/core')));
  const parser = await import(pathToFileURL(requireFromCore.resolve('eventsource-parser')).href);
  return { createParser: parser.createParser, version: requireFromCore('eventsource-parser/package.json').version };
}

/**
 * The clients, in table order, each `{ name, label, read(tokens, tally, signal) }` where `read` sends
 * one streamed request for `tokens` content tokens and resolves once the stream has ended. `bytesOnly`
 * marks the reader that parses nothing (its tally holds bytes, not chunks).
 */
export async function loadClients(baseURL, oursModule = new URL('../dist/index.js', import.meta.url).href) {
  const groqSdk = new GroqSdk({ apiKey, baseURL, maxRetries: 0 });
  const { createParser, version: parserVersion } = await importEventSourceParser();
  const { Groq, createNodeHttpFetch } = await import(oursModule);
  const oursOptions = { apiKey, baseURL, maxRetries: 0 };
  if (createNodeHttpFetch !== undefined) {
    // `Groq`'s default transport in Node, but with a pool of its own that every run replaces, as undici's
    // is replaced for the others (the default pool is shared by the whole process and cannot be reset).
    const newPool = () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, timeout: 4_000 });
      return { agent, fetch: createNodeHttpFetch({ httpAgent: agent }) };
    };
    let pool = newPool();
    connectionPoolResets.push(() => {
      const old = pool;
      pool = newPool();
      old.agent.destroy();
    });
    oursOptions.fetch = (input, init) => pool.fetch(input, init);
  }
  const ours = new Groq(oursOptions);
  const url = `${baseURL}/openai/v1/chat/completions`;

  // What groq-sdk and ours send too, minus their extra headers (user agent, x-stainless-*, ...).
  async function postChat(tokens, tally, signal) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', accept: 'text/event-stream', ...mockHeaders(tokens) },
      body: JSON.stringify(body),
      signal,
    });
    tally.headersAt = performance.now();
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
    return response.body.getReader();
  }

  return [
    {
      name: 'groq-sdk',
      label: '(a) groq-sdk 1.6.0',
      async read(tokens, tally, signal) {
        const stream = await groqSdk.chat.completions.create(body, { headers: mockHeaders(tokens), signal });
        tally.headersAt = performance.now();
        for await (const chunk of stream) tallyChunk(tally, chunk);
      },
    },
    {
      name: 'bare',
      label: `(b) bare fetch + eventsource-parser ${parserVersion}`,
      // The floor of a parsing client: no error handling, no [DONE] or truncation checks, no async iterator.
      async read(tokens, tally, signal) {
        const reader = await postChat(tokens, tally, signal);
        const decoder = new TextDecoder();
        const parser = createParser({
          onEvent(event) {
            if (event.data !== '[DONE]') tallyChunk(tally, JSON.parse(event.data));
          },
        });
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parser.feed(decoder.decode(value, { stream: true }));
        }
        const rest = decoder.decode();
        if (rest) parser.feed(rest);
      },
    },
    {
      name: 'ours',
      label: '(c) ours (@groq-stream/node)',
      async read(tokens, tally, signal) {
        const stream = await ours.chat.completions.create(body, { headers: mockHeaders(tokens), signal });
        tally.headersAt = performance.now();
        for await (const chunk of stream) tallyChunk(tally, chunk);
      },
    },
    {
      name: 'bytes',
      label: '(d) bytes only: fetch + read(), nothing decoded',
      bytesOnly: true,
      // Not a client: the floor of the transport (mock, loopback, undici), to tell it from parsing.
      // Its "first chunk" is the first read with bytes in it; the stream is checked to end with [DONE].
      async read(tokens, tally, signal) {
        const reader = await postChat(tokens, tally, signal);
        let tail = new Uint8Array(0);
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (value.length === 0) continue;
          if (tally.bytes === 0) tally.firstChunkAt = performance.now();
          tally.bytes += value.length;
          // The last bytes seen, however the reads split them.
          tail = value.length >= doneFrame.length ? value : Uint8Array.of(...tail.subarray(-doneFrame.length), ...value).subarray(-doneFrame.length);
        }
        tally.endedWithDone = tail.length >= doneFrame.length && doneFrame.every((byte, index) => tail[tail.length - doneFrame.length + index] === byte);
      },
    },
  ];
}
