// The three ways of reading a streamed response that the benchmark compares. Each one reads a
// `Response` and hands every parsed chunk to `tally`, the same small piece of work for all three.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createParser } from 'eventsource-parser';
import { Stream as GroqSdkStream } from 'groq-sdk/core/streaming';

/** Counts chunks and content length; with `verify`, also hashes the joined content. */
export function createTally(verify) {
  return { count: 0, contentLength: 0, hash: verify ? createHash('sha256') : undefined };
}

function tallyChunk(tally, chunk) {
  tally.count++;
  const content = chunk.choices[0]?.delta?.content;
  if (content) {
    tally.contentLength += content.length;
    tally.hash?.update(content);
  }
}

/** (a) groq-sdk 1.6.0: `Stream.fromSSEResponse(response, controller)` with `for await`. */
async function readWithGroqSdk(response, tally) {
  for await (const chunk of GroqSdkStream.fromSSEResponse(response, new AbortController())) tallyChunk(tally, chunk);
}

/** (b) The least a reader can do: getReader, streaming TextDecoder, eventsource-parser, JSON.parse. */
async function readBare(response, tally) {
  const reader = response.body.getReader();
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
}

/**
 * (d) floor, opt-in (`--only=bare,floor,ours`): the bare loop behind the least async iterator, a queue that
 * each read fills and `next()` drains with one resolved promise per chunk, as `for await` needs. No checks,
 * no error handling: it shows how much of the distance between bare and ours is the iterator protocol itself,
 * which no reader that `for await` reads can avoid, and how much is ours.
 */
class FloorIterator {
  #reader;
  #decoder = new TextDecoder();
  #queue = [];
  #head = 0;
  #done = false;
  #parser = createParser({
    onEvent: (event) => {
      if (event.data !== '[DONE]') this.#queue.push({ done: false, value: JSON.parse(event.data) });
    },
  });

  constructor(response) {
    this.#reader = response.body.getReader();
  }

  next() {
    return this.#head < this.#queue.length ? Promise.resolve(this.#take()) : this.#read();
  }

  #take() {
    const result = this.#queue[this.#head++];
    if (this.#head === this.#queue.length) {
      while (this.#queue.length > 0) this.#queue.pop();
      this.#head = 0;
    }
    return result;
  }

  #read() {
    if (this.#done) return Promise.resolve({ done: true, value: undefined });
    return this.#reader.read().then(({ done, value }) => {
      if (done) {
        this.#done = true;
        const rest = this.#decoder.decode();
        if (rest) this.#parser.feed(rest);
      } else {
        this.#parser.feed(this.#decoder.decode(value, { stream: true }));
      }
      return this.#head < this.#queue.length ? this.#take() : this.#read();
    });
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}

async function readFloor(response, tally) {
  for await (const chunk of new FloorIterator(response)) tallyChunk(tally, chunk);
}

/** Variants only `--only` runs. */
export const optInVariants = [{ name: 'floor', label: '(d) floor: bare behind an async iterator', read: readFloor }];

/**
 * The variants, in their table order. `ours` is present only when `Stream` is exported from
 * `oursModule` (a URL; default `../dist/index.js`); otherwise `oursMissing` says why it was left out.
 */
export async function loadVariants(oursModule = new URL('../dist/index.js', import.meta.url).href) {
  const variants = [
    { name: 'groq-sdk', label: '(a) groq-sdk 1.6.0', read: readWithGroqSdk },
    { name: 'bare', label: '(b) bare eventsource-parser', read: readBare },
  ];
  let oursMissing;
  try {
    const core = await import(oursModule);
    if (typeof core.Stream?.fromSSEResponse === 'function') {
      const { Stream } = core;
      variants.push({
        name: 'ours',
        label: '(c) ours (@groq-stream/core)',
        read: async (response, tally, options) => {
          for await (const chunk of Stream.fromSSEResponse(response, new AbortController(), options)) tallyChunk(tally, chunk);
        },
      });
    } else {
      oursMissing = `\`Stream.fromSSEResponse\` is not exported from ${displayPath(oursModule)} yet`;
    }
  } catch (error) {
    oursMissing = `${displayPath(oursModule)} failed to load (${error.message}); run \`pnpm build\``;
  }
  return { variants, oursMissing };
}

const displayPath = (url) => (url.startsWith('file:') ? fileURLToPath(url) : url);
