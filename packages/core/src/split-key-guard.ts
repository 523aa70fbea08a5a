import { isRecord } from './is-object.js';
import { follow, groqKeyShape, keyFirsts, keyPrefixLength, keyWordShape, lookBack, mayStartKey } from './follow-key.js';
import { redactKnownKeys } from './redact-secrets.js';

type Fields = Record<string, unknown>;

const fieldsOf = (value: unknown): Fields | undefined => (isRecord(value) ? (value as Fields) : undefined);

/** The texts of a choice's delta that a browser joins piece by piece (`refusal`: an OpenAI-compatible server's). */
const textFields = ['content', 'reasoning', 'refusal'] as const;

/** Whether the redaction of a chunk takes `text` for a key (or holds one in it). */
const isKey = (text: string): boolean => redactKnownKeys(text) !== text;

/**
 * What the guard keeps of one text: the end it holds back, and the end of what went out when that end may
 * begin a key (too few of its characters to hold; else empty).
 */
interface TextState {
  held: string;
  sent: string;
}

/**
 * A relay's guard against a Groq key that an echo spreads over several chunks. The redaction of each chunk
 * (`chunkJSON`) finds a key only whole in one chunk; a browser joins the pieces of an answer, so a key that
 * arrives as `gsk_ab` and `cd…` would reach it whole. So, for each text that the browser joins (a choice's
 * `content`, `reasoning` and `refusal`, each tool call's `arguments`, a legacy `function_call`'s
 * `arguments`), an end that holds a Groq key's whole prefix `gsk_` (and what follows it in a key's shape) is
 * held back until a later piece shows whether it is one: then the redaction sees the key whole. A key that
 * began in what went out before (`gs`, then `k_…`) goes on as `[redacted]`. At most 512 characters are held,
 * and never past the choice's last chunk, which carries whatever is still held.
 *
 * Only the shape decides, never a key this process remembers (see `follow-key.ts`): what is held shows in the
 * chunks, and must tell a browser nothing about a key it does not already hold whole.
 *
 * Returns each chunk as it is when nothing moved (so its text can pass on as the server sent it), else a
 * copy; the chunk itself is never changed.
 */
export class SplitKeyGuard {
  /** Each text, by choice and name: `0 content`, `0 reasoning`, `0 refusal`, `0 tool 1` (tool call 1's arguments), `0 function`. */
  readonly #texts = new Map<string, TextState>();
  /** The last chunk, whose fields the chunk that {@link end} makes repeats. */
  #last: Fields | undefined;
  /**
   * What names each tool call in a piece made for its held text (`{ index }`, or `{ id }` for a call sent
   * without `index`), by the text's name.
   */
  readonly #toolCalls = new Map<string, Fields>();
  /** By choice, the `id` of the latest tool call sent without `index`: where such a piece without `id` goes on. */
  readonly #lastUnindexed = new Map<number, string>();

  /** The chunk to send in place of `chunk`: the same one, or a copy with text moved. */
  pass(chunk: unknown): unknown {
    const fields = fieldsOf(chunk);
    if (fields === undefined || !Array.isArray(fields.choices)) return chunk;
    this.#last = fields;
    const original: unknown[] = fields.choices;
    let choices: unknown[] | undefined;
    // A loop, not `forEach` and its closure: this runs for every chunk a relay passes on. A hole reads as
    // `undefined`, which passes unchanged, as `forEach` skipping it left it.
    for (let position = 0, count = original.length; position < count; position++) {
      const choice = original[position];
      const passed = this.#passChoice(choice);
      if (passed !== choice) (choices ??= [...original])[position] = passed;
    }
    return choices === undefined ? chunk : { ...fields, choices };
  }

  /**
   * `result` as it is when nothing moved (a reader's result keeps the text its chunk came from, which then
   * passes on as the server sent it), else a result with the copy, which `chunkJSONOf` serialises.
   */
  passResult(result: IteratorYieldResult<unknown>): IteratorYieldResult<unknown> {
    const passed = this.pass(result.value);
    return passed === result.value ? result : { value: passed, done: false };
  }

  /**
   * A last chunk with what is still held (for choices whose stream ended without a `finish_reason`), or
   * `undefined`: held text is a part of the answer, and must not be lost at its end.
   */
  end(): Fields | undefined {
    const deltas = new Map<number, Fields>();
    for (const [name, state] of [...this.#texts]) {
      if (state.held === '') continue;
      // As on a choice's last chunk: the rest of a key whose start went out goes as `[redacted]`, not as it was held.
      const held = this.#through(name, '', true);
      const [index, field, tool] = name.split(' ');
      const delta = deltas.get(Number(index)) ?? {};
      deltas.set(Number(index), delta);
      if (field === 'function') delta.function_call = { arguments: held };
      else if (tool === undefined) delta[field!] = held;
      else delta.tool_calls = [...((delta.tool_calls as unknown[] | undefined) ?? []), { ...this.#toolCalls.get(name), function: { arguments: held } }];
    }
    this.#texts.clear();
    this.#toolCalls.clear();
    if (deltas.size === 0) return undefined;
    const meta = Object.fromEntries(['id', 'object', 'created', 'model', 'system_fingerprint'].filter((name) => this.#last?.[name] !== undefined).map((name) => [name, this.#last![name]]));
    return { ...meta, choices: [...deltas].map(([index, delta]) => ({ index, delta, logprobs: null, finish_reason: null })) };
  }

  #passChoice(value: unknown): unknown {
    const choice = fieldsOf(value);
    if (choice === undefined) return value;
    const index = typeof choice.index === 'number' ? choice.index : 0;
    // The choice's last chunk: nothing is held past it. Only a reason ends a choice, as for the SDK's readers
    // (see ChoiceTracker): a sloppy server's `""` on every chunk would otherwise let every key through.
    const finished = typeof choice.finish_reason === 'string' && choice.finish_reason !== '';
    const delta = fieldsOf(choice.delta);
    if (delta === undefined && !(finished && this.#holdsFor(`${index} `))) return value;
    // Made only once a text moves, and each text's name only when it is looked up: most chunks move nothing,
    // and this runs for every choice of every chunk a relay passes on.
    let changed: Fields | undefined;
    for (let position = 0; position < textFields.length; position++) {
      const field = textFields[position]!;
      const piece = delta?.[field];
      if (typeof piece === 'string') {
        // Most pieces: nothing held or begun for any text, and no character a key starts with (as in `through`).
        if (this.#texts.size === 0 && !mayStartKey.test(piece)) continue;
        const text = this.#through(`${index} ${field}`, piece, finished);
        if (text !== piece) (changed ??= {})[field] = text;
      } else if ((piece === undefined || piece === null) && finished && this.#holdsFor(`${index} ${field}`)) {
        (changed ??= {})[field] = this.#through(`${index} ${field}`, '', true);
      }
    }
    const toolCalls = this.#passToolCalls(index, delta?.tool_calls, finished);
    if (toolCalls !== delta?.tool_calls) (changed ??= {}).tool_calls = toolCalls;
    const functionCall = this.#passFunctionCall(index, delta?.function_call, finished);
    if (functionCall !== delta?.function_call) (changed ??= {}).function_call = functionCall;
    return changed !== undefined ? { ...choice, delta: { ...delta, ...changed } } : value;
  }

  /** An OpenAI-compatible server's legacy `function_call`, whose `arguments` readers join as a tool call's. */
  #passFunctionCall(index: number, value: unknown, finished: boolean): unknown {
    // Most deltas have none: no name is made for them.
    if (value === undefined && !finished) return value;
    const name = `${index} function`;
    const call = fieldsOf(value);
    if (typeof call?.arguments === 'string') {
      const text = this.#through(name, call.arguments, finished);
      return text === call.arguments ? value : { ...call, arguments: text };
    }
    return finished && this.#holdsFor(name) ? { ...call, arguments: this.#through(name, '', true) } : value;
  }

  #passToolCalls(index: number, toolCalls: unknown, finished: boolean): unknown {
    if (toolCalls === undefined && !(finished && this.#texts.size > 0)) return toolCalls;
    let passed = Array.isArray(toolCalls) ? toolCalls : undefined;
    const seen = new Set<string>();
    passed?.forEach((item, position) => {
      const call = fieldsOf(item);
      const name = call === undefined ? undefined : this.#toolCallName(index, call);
      const fn = fieldsOf(call?.function);
      if (name === undefined || fn === undefined || typeof fn.arguments !== 'string') return;
      seen.add(name);
      const text = this.#through(name, fn.arguments, finished);
      if (text === fn.arguments) return;
      if (passed === toolCalls) passed = [...passed!];
      passed![position] = { ...call, function: { ...fn, arguments: text } };
    });
    if (!finished) return passed ?? toolCalls;
    // What the choice's last chunk does not continue goes out with it, as a call's next piece.
    const rest = [...this.#texts].filter(([name, { held }]) => held !== '' && name.startsWith(`${index} tool `) && !seen.has(name));
    if (rest.length === 0) return passed ?? toolCalls;
    const added = rest.map(([name]) => ({ ...this.#toolCalls.get(name), function: { arguments: this.#through(name, '', true) } }));
    return [...(passed ?? []), ...added];
  }

  /**
   * The name of a tool call's arguments: by its `index`, or, sent without one (as some OpenAI-compatible servers
   * do, one call per delta, each at position 0), by its `id` as `ChatCompletionAccumulator` merges it: a piece
   * with an `id` is that call, one without goes on with the latest. By position, the text held at the end of
   * one call would go out at the start of the next.
   */
  #toolCallName(choice: number, call: Fields): string {
    if (typeof call.index === 'number') {
      const name = `${choice} tool ${call.index}`;
      if (!this.#toolCalls.has(name)) this.#toolCalls.set(name, { index: call.index });
      return name;
    }
    const id = typeof call.id === 'string' && call.id !== '' ? call.id : (this.#lastUnindexed.get(choice) ?? '');
    this.#lastUnindexed.set(choice, id);
    // `#`: never a number, so never the name of an indexed call. The id may hold spaces; it ends the name.
    const name = `${choice} tool #${id}`;
    if (!this.#toolCalls.has(name)) this.#toolCalls.set(name, id === '' ? {} : { id });
    return name;
  }

  /**
   * The text to send for `piece`, with what was held before it. Holds back a new end that holds a key's whole
   * prefix; and when a key began in what already went out (too little of it to hold), the rest of it goes out
   * as `[redacted]`.
   */
  #through(name: string, piece: string, finished: boolean): string {
    const state = this.#texts.get(name);
    // Most pieces: nothing held or begun before, and no character a key starts with.
    if (state === undefined && !mayStartKey.test(piece)) return piece;
    const held = state?.held ?? '';
    const sent = state?.sent ?? '';
    const text = sent + held + piece;
    const boundary = sent.length;
    let holdFrom = text.length;
    let redactTo = boundary;
    let beginsAt = text.length;
    // Where a key that the choice's last text ends in, redacted to that end, began: it may go on (see below).
    let goesOnFrom: number | undefined;
    // What went out, then the window before the end of what did not.
    const windowStart = Math.max(boundary, text.length - lookBack);
    for (let at = boundary > 0 ? 0 : windowStart; at < text.length; at = at + 1 === boundary ? windowStart : at + 1) {
      if (!keyFirsts.includes(text[at]!)) continue;
      const groq = follow(text, at, groqKeyShape);
      const word = follow(text, at, keyWordShape);
      // A key whole, begun in what went out: a Groq key's shape, or a word the redaction takes for a key (one
      // it remembers, whole: nothing a browser could learn a key from). Not the word while the Groq key may still
      // go on past a separator (`gsk_<30>\n<22>`, one key to the redaction): ended at the word, the pieces after the
      // line break went out as they came. It is held instead (below), until the pieces make 52 or cannot.
      // On the choice's last text, a word that runs to its end ends there: `gs`, then `k_` and 30 letters last, went out as
      // they came, where the whole text's redaction hides them.
      const groqGoesOn = groq.kind === 'partial' && !finished;
      const wordEnd = word.kind === 'whole' ? word.end : finished && word.kind === 'partial' ? text.length : undefined;
      const endOfKey = at >= boundary ? undefined : groq.kind === 'whole' ? groq.end : !groqGoesOn && wordEnd !== undefined && wordEnd > boundary && isKey(text.slice(at, wordEnd)) ? wordEnd : undefined;
      if (endOfKey !== undefined && endOfKey > boundary) {
        redactTo = endOfKey;
        // Ended by the choice's last text only, not by its shape: a server that goes on with the choice after its
        // finish_reason would send the rest as it came, unless the key's start is remembered as gone out.
        if (finished && endOfKey === text.length && groq.kind !== 'whole') goesOnFrom = at;
        at = Math.max(endOfKey, windowStart) - 1;
        continue;
      }
      // A Groq key whole goes out: the redaction of its chunk sees it. Not with the start of another key glued
      // to it (`gsk_<30>\n<22>gsk`): that chunk's redaction took the `gsk` as letters of the last piece, which
      // then made 55, no key, and showed the 22 (the whole text's ends the piece where `gsk_` and twenty letters
      // begin). The chunk ends with the key; what may start the next is held, as a key's start is (below).
      if (!finished && groq.kind === 'whole' && at >= boundary && keyFirsts.includes(text[groq.end] ?? '') && follow(text, groq.end, groqKeyShape).kind === 'partial') {
        holdFrom = Math.max(groq.end, redactTo);
        break;
      }
      if (groq.kind === 'whole') continue;
      if (groq.kind !== 'partial' && word.kind !== 'partial') continue;
      beginsAt = Math.min(beginsAt, at);
      // The choice's last text holds nothing back, but what of a key went out with it is remembered, as a start
      // too short to hold is: a server that goes on with the choice after its finish_reason (the SDK's readers take
      // that for the choice going on, and a browser joins the text) sent the rest of the key as it came.
      if (finished) continue;
      const count = Math.max(groq.kind === 'partial' ? groq.count : 0, word.kind === 'partial' ? word.count : 0);
      // A whole prefix, `gsk_`: fewer would hold back every word that ends in g, and change the chunks of answers
      // that hold no key. What goes out before says nothing of a key (`gsk` is public), and the rest of a key that
      // begins there is redacted as it comes (above).
      if (count >= keyPrefixLength) {
        holdFrom = Math.max(at, redactTo);
        break;
      }
    }
    const out = redactTo === boundary ? text.slice(boundary, holdFrom) : `[redacted]${text.slice(redactTo, holdFrom)}`;
    const nowHeld = text.slice(holdFrom);
    // A key that began before and was redacted leaves nothing of its start behind.
    const tailFrom = goesOnFrom ?? (redactTo > boundary ? Math.max(beginsAt, redactTo) : beginsAt);
    const nowSent = tailFrom < holdFrom ? text.slice(tailFrom, holdFrom) : '';
    if (nowHeld === '' && nowSent === '') this.#texts.delete(name);
    else this.#texts.set(name, { held: nowHeld, sent: nowSent });
    return out;
  }

  /** Whether text is held for `prefix`: a text's name, or a choice's (`0 `). */
  #holdsFor(prefix: string): boolean {
    for (const [name, { held }] of this.#texts) if (held !== '' && name.startsWith(prefix)) return true;
    return false;
  }
}
