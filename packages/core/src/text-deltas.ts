import { chunkChoices, objectOf, stringOf } from './chunk-choices.js';
import { noChatChunksError } from './invalid-chunk-field.js';
import { leavingAtOnce } from './leaving-at-once.js';
import type { ChatCompletionChunk } from './types/chat-completion-chunk.js';

/**
 * `stream.textDeltas()`: the non-empty `delta.content` of the choice with `index` 0, as they come, from the
 * chunks of the iterator `open` gives (the stream's), called on the first `next()`. Its `return()` and
 * `throw()` release the connection at once, also while a `next()` waits for the next chunk (see
 * `leavingAtOnce`), as leaving the stream's own iterator does.
 */
export function textDeltasOf(open: () => AsyncIterator<ChatCompletionChunk>, requestId: string | undefined): AsyncGenerator<string, void, undefined> {
  // The stream's iterator, once the generator has started it (on its first `next()`, as before: a stream read
  // already throws `StreamConsumedError` from there).
  let chunks: AsyncIterator<ChatCompletionChunk> | undefined;
  const source: AsyncIterable<ChatCompletionChunk> = { [Symbol.asyncIterator]: () => (chunks = open()) };
  return leavingAtOnce(
    (hasLeft) => textDeltas(source, requestId, hasLeft),
    () => chunks?.return?.(),
  );
}

async function* textDeltas(chunks: AsyncIterable<ChatCompletionChunk>, requestId: string | undefined, hasLeft: () => boolean): AsyncGenerator<string, void, undefined> {
  // As `finalChatCompletion()`: objects none of which is a chunk are bad data, not an empty answer.
  let sawChunk = false;
  let sawOther = false;
  try {
    for await (const chunk of chunks) {
      if (hasLeft()) return;
      const choices = chunkChoices(chunk, requestId);
      if (Array.isArray(chunk.choices)) sawChunk = true;
      else sawOther = true;
      // With `n` above 1, each chunk carries the choice it continues, with its index: only index 0 is the first
      // answer's text. Taking the list's first item would interleave the other answers' text into it.
      let position = 0;
      while (position < choices.length && (choices[position]!.index ?? 0) !== 0) position++;
      // Checked as `finalChatCompletion()` checks them: a `delta` that is not an object, or `content` that is not text, is bad data.
      const at = `choices[${position}]`;
      const content = stringOf(objectOf(choices[position]?.delta, at, '.delta', requestId)?.content, at, '.delta.content', requestId);
      if (content) yield content;
    }
  } catch (error) {
    // What the wait ended with once the caller left (a source whose `return()` fails the read): nobody to tell.
    if (hasLeft()) return;
    throw error;
  }
  // The caller left while a chunk was awaited: the end that brought is theirs, not a stream without chunks.
  if (hasLeft()) return;
  if (sawOther && !sawChunk) throw noChatChunksError({ requestId });
}
