import { choiceFieldProblem } from './choice-field-problem.js';

/** {@link ChoiceTracker.track}'s answer for a list that holds something other than an object. */
export const notObjects = -2;

/** How many unfinished choices a truncation names: the message of a request with a huge `n` stays short. */
const namedChoices = 5;

/**
 * Which choices of a streamed answer have finished, and whether its usage came: what tells the reader
 * whether a stream that ends without `[DONE]` has lost anything.
 */
export class ChoiceTracker {
  /** A chunk carried the usage (`usage` or `x_groq.usage`). */
  sawUsage = false;
  #sawFinish = false;
  readonly #unfinishedChoices = new Set<number>();
  /** The choice the last chunk continued, known to be in `unfinishedChoices` (-1: none). */
  #lastUnfinished = -1;

  /** @param expectedChoices - how many choices the request asked for; see `ChunkReaderOptions.expectedChoices`. */
  constructor(expectedChoices: number) {
    for (let index = 0; index < expectedChoices; index++) this.#unfinishedChoices.add(index);
  }

  /**
   * Notes which choices have finished, in the same pass checking that each is an object and that its fields
   * have the types `ChatCompletionChunkChoice` gives them (see `choiceFieldProblem`): the `delta.content` that
   * `textDeltas()` hands out, the `delta.reasoning` and tool call pieces that every reader appends, which a
   * number or an object there would turn into a type lie in the caller's loop, so bad data refused here once
   * rather than by each reader. Returns `notObjects` when any choice is not an object, else the position of
   * the first choice with such a field, or -1 (choices after it go unnoted: the reader fails on it). One pass
   * per chunk: this runs for every chunk of every stream. An encoder, which checks nothing, uses {@link note}.
   */
  track(choices: unknown[]): number {
    let badChoice = -1;
    for (let position = 0; position < choices.length; position++) {
      const choice = choices[position] as object | null;
      if (typeof choice !== 'object' || choice === null) return notObjects;
      if (badChoice !== -1) continue;
      if (choiceFieldProblem(choice) !== undefined) {
        badChoice = position;
        continue;
      }
      this.#note(choice);
    }
    return badChoice;
  }

  /**
   * Notes which choices have finished, checking nothing: for chunks that an encoder passes on as it was given
   * them, a reader's (checked once already) or a `Stream` built by hand (not ours to check: the reader on the
   * other side refuses a field of the wrong type). A choice beside such a field is noted all the same, so its
   * end is never lost or made up. What is no object is skipped.
   */
  note(choices: unknown[]): void {
    for (let position = 0; position < choices.length; position++) {
      const choice = choices[position] as object | null;
      if (typeof choice === 'object' && choice !== null) this.#note(choice);
    }
  }

  #note(choice: { index?: unknown; finish_reason?: unknown }): void {
    const index = typeof choice.index === 'number' ? choice.index : 0;
    // Only a reason ends a choice: `""`, `false` or `0` from a sloppy server do not make a cut-off answer complete.
    if (typeof choice.finish_reason !== 'string' || choice.finish_reason === '') {
      // Most chunks continue the choice the one before continued: no set operation for them.
      if (index !== this.#lastUnfinished) {
        this.#unfinishedChoices.add(index);
        this.#lastUnfinished = index;
      }
    } else {
      this.#unfinishedChoices.delete(index);
      if (index === this.#lastUnfinished) this.#lastUnfinished = -1;
      this.#sawFinish = true;
    }
  }

  /** The index of each choice that came (or was expected) and has no `finish_reason` yet, lowest first. */
  unfinishedChoices(): number[] {
    return [...this.#unfinishedChoices].sort((a, b) => a - b);
  }

  allChoicesFinished(): boolean {
    return this.#sawFinish && this.#unfinishedChoices.size === 0;
  }

  /**
   * Every choice has finished and the usage has come: Groq sends nothing after that chunk but `[DONE]`, so a
   * connection that breaks or stalls now has lost nothing. Without the usage, an OpenAI-style usage chunk
   * may still be on its way: a break or a stall is then an error.
   */
  onlyDoneLeft(): boolean {
    return this.sawUsage && this.allChoicesFinished();
  }

  /**
   * The message of the `StreamTruncatedError` for a stream that ended before every choice finished, or
   * `undefined` for its default ("no finish_reason"), which is true when no choice had one. When some did,
   * it names the choices that did not (the lowest few, and how many more), so that a cut-off answer with
   * `n > 1` does not read as though no choice finished.
   */
  truncationMessage(): string | undefined {
    const count = this.#unfinishedChoices.size;
    if (!this.#sawFinish || count === 0) return undefined;
    // The lowest few in one pass, not a sort: `expectedChoices` may put a great many in the set.
    const lowest: number[] = [];
    for (const index of this.#unfinishedChoices) {
      if (lowest.length === namedChoices && !(index < lowest[namedChoices - 1]!)) continue;
      let at = lowest.length;
      while (at > 0 && index < lowest[at - 1]!) at--;
      lowest.splice(at, 0, index);
      if (lowest.length > namedChoices) lowest.pop();
    }
    const more = count - lowest.length;
    const list = more > 0 ? `${lowest.join(', ')} and ${more} more` : count > 1 ? `${lowest.slice(0, -1).join(', ')} and ${lowest[count - 1]!}` : String(lowest[0]);
    return `The stream ended before it was complete (no [DONE], and ${count > 1 ? 'choices' : 'choice'} ${list} did not end with a finish_reason).`;
  }
}
