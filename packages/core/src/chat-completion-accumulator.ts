import { ChatCompletionBuilder } from './chat-completion-builder.js';
import type { StreamInvalidDataError } from './errors/stream-invalid-data-error.js';
import type { StreamServerError } from './errors/stream-server-error.js';
import type { ChatCompletion } from './types/chat-completion.js';
import type { ChatCompletionChunk } from './types/chat-completion-chunk.js';

// The merge is `ChatCompletionBuilder`'s, which `Stream.finalChatCompletion()` loads on first use: esbuild puts a
// module up front for a page that uses it only through `import()` when the package's index exports it, as it
// exports this class. A page that uses neither this class nor `finalChatCompletion()` then has none of it up front.
/**
 * Merges the chunks of one streamed answer into the `ChatCompletion` a non-streaming call would have
 * returned: content, reasoning and an OpenAI-compatible server's `refusal` concatenated per choice, tool calls merged by index with their argument
 * strings joined (a name is taken whole, once; a piece without `index` goes by its `id`), the tools a Compound model ran (`executed_tools`, by index),
 * annotations, the finish reason of each choice, the token lists of `logprobs` joined (`content`, and any
 * other; one only ever sent as `null` stays `null`), usage (the top-level `usage`, as a whole answer has it, or
 * `x_groq.usage` when no chunk sent that; and Compound's `usage_breakdown`), the service tier, the seed,
 * the request id and Groq's debug tokens (`x_groq.debug`). Any other field of a chunk, its `x_groq`, a choice, a delta or a tool call
 * (one newer than this package, a proxy's own) is kept as it came, the latest value of each (a later `null`
 * does not replace an earlier value; text such a field sends in pieces is not joined: how is not known), but
 * for a chunk's `obfuscation` padding and a delta's `channel` (gpt-oss's `analysis`, on its reasoning), which are
 * left out: a whole answer has neither, and Groq refuses a `channel` on an assistant message sent back.
 */
export class ChatCompletionAccumulator {
  // Not a `#` field: an accumulator a reactive store wraps in a Proxy (Vue's reactive(), MobX) is called with the
  // Proxy as `this`, where a private field is not found.
  private readonly builder: ChatCompletionBuilder;

  /**
   * Starts with no chunks.
   *
   * @param requestId - Groq's request id (`x-request-id`), when known, for error messages; otherwise the first
   *   chunk's `x_groq.id` is used. The completion's `x_groq.id` is the chunks' own, and this only when none has one.
   */
  constructor(requestId?: string) {
    this.builder = new ChatCompletionBuilder(requestId);
  }

  /**
   * Adds the next chunk of the stream.
   *
   * @throws {@link StreamInvalidDataError} when the chunk is not an object, or a field the merge reads has the
   * wrong type (a list that is not a list of objects, a piece of text or a name that is not a string, an index
   * that is not a whole number from 0); the message names the field.
   */
  add(chunk: ChatCompletionChunk): void {
    this.builder.add(chunk);
  }

  /**
   * The merged completion.
   *
   * @throws {@link StreamInvalidDataError} when no chat completion chunk (one with a `choices` list) was
   * added: the stream ended (`[DONE]`) before its first chunk, or gave only other objects.
   * @throws {@link StreamServerError} when a chunk added said the answer was stopped: an `error` member, or an
   * `x_groq.error` that gives a reason (an empty one is none). Core's `Stream` fails at such a chunk; a reader
   * that passes it on (groq-sdk's, for `x_groq.error`) would otherwise have its stopped answer merged as a whole one.
   */
  toChatCompletion(): ChatCompletion {
    return this.builder.toChatCompletion();
  }
}
