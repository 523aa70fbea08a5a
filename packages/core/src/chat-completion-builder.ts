import { chunkChoices, indexOf, listOf, objectOf, stringOf } from './chunk-choices.js';
import { listOfObjectsProblem } from './choice-field-problem.js';
import { completedChoice, emptyChoiceState, type ChoiceState } from './choice-state.js';
import { usageNumbers, usageProblem, xGroqUsageNumbers } from './chunk-field-problem.js';
import { StreamInvalidDataError } from './errors/stream-invalid-data-error.js';
import { extraFieldsOf, noteExtraFields } from './extra-fields.js';
import { invalidChunkField, noChatChunksError } from './invalid-chunk-field.js';
import { addLogprobLists } from './logprob-lists.js';
import { optional } from './optional.js';
import { serverError } from './server-error.js';
import type { ChatCompletion } from './types/chat-completion.js';
import type { ChatCompletionChunk, ChatCompletionChunkChoice, ChatCompletionChunkToolCallDelta } from './types/chat-completion-chunk.js';
import type { ServiceTier } from './types/chat-completion-create-params.js';
import type { CompletionUsage, UsageBreakdown } from './types/completion-usage.js';
import type { XGroqDebug } from './types/x-groq.js';
import type { ChatCompletionAccumulator } from './chat-completion-accumulator.js';

// The fields each part of a chunk has that the merge reads; any other is kept as it came (see `noteExtraFields`).
// `obfuscation` is read only to be left out: random padding an OpenAI-compatible server adds to each chunk,
// which a whole answer does not have. An `error` is no field of a completion: it stops the answer (see `stopped`).
const chunkFields = new Set(['id', 'object', 'created', 'model', 'system_fingerprint', 'choices', 'usage', 'service_tier', 'x_groq', 'obfuscation', 'error']);
const choiceFields = new Set(['index', 'delta', 'finish_reason', 'logprobs']);
// A delta's `channel` is read only to be left out too: gpt-oss's stream names on each reasoning delta the channel of
// its harmony format that it was written on (`analysis`), which a whole answer's message does not have, and which
// Groq refuses on an assistant message sent back (a 400, as it refuses every property its schema lacks): a tool
// loop that pushes the merged message into the next request would fail.
const deltaFields = new Set(['role', 'content', 'reasoning', 'refusal', 'tool_calls', 'executed_tools', 'annotations', 'function_call', 'channel']);
const toolCallFields = new Set(['index', 'id', 'type', 'function']);
// `usage` and `usage_breakdown` move to the completion's top level; an `error` fails the stream before any completion.
const xGroqFields = new Set(['id', 'seed', 'debug', 'usage', 'usage_breakdown', 'error']);

/**
 * The merge that {@link ChatCompletionAccumulator} documents, and what `Stream.finalChatCompletion()` uses. Apart
 * from that class so that the code `finalChatCompletion()` loads on first use does not import the module the
 * package's index exports: esbuild keeps such a module up front for every page that uses it lazily.
 */
export class ChatCompletionBuilder {
  /** The first chunk with a `choices` list: a chat completion chunk, whose id, model and time the completion takes. */
  private first: ChatCompletionChunk | undefined;
  /** An object without a `choices` list came. */
  private sawOther = false;
  private readonly choices = new Map<number, ChoiceState>();
  /** The latest top-level `usage`: the OpenAI-compatible field, and the one a whole answer has. */
  private usage: CompletionUsage | undefined;
  /** The latest `x_groq.usage`: Groq's own copy, used only when no chunk sent a top-level `usage`. */
  private xGroqUsage: CompletionUsage | undefined;
  private usageBreakdown: UsageBreakdown | undefined;
  private seed: number | undefined;
  private serviceTier: ServiceTier | undefined;
  private requestId: string | undefined;
  /**
   * The first chunk's `x_groq.id`: the completion's own `x_groq.id`, as a whole answer carries it. Not the
   * `x-request-id` header, which a proxy or gateway in between may have set to its own id.
   */
  private xGroqId: string | undefined;
  private debug: XGroqDebug | undefined;
  private readonly extras = new Map<string, unknown>();
  private readonly xGroqExtras = new Map<string, unknown>();
  /**
   * The first chunk that said the answer was stopped (an `error` member, or an `x_groq.error` with a reason),
   * what it said, and where. Core's `Stream` fails at such a chunk, but chunks added by hand may come from a
   * reader that passes it on (groq-sdk does, for `x_groq.error`): merged, the stopped answer would read as whole.
   */
  private stopped: { reason: unknown; member: 'error' | 'x_groq.error'; beforeFirstChunk: boolean } | undefined;

  /** Starts with no chunks; see {@link ChatCompletionAccumulator}'s constructor. */
  constructor(requestId?: string) {
    this.requestId = requestId;
  }

  /** See {@link ChatCompletionAccumulator.add}. */
  add(chunk: ChatCompletionChunk): void {
    // `?.`: a stream built by hand may yield `null`, which `chunkChoices` refuses, naming the request.
    const xGroq = (chunk as ChatCompletionChunk | null)?.x_groq;
    if (typeof xGroq?.id === 'string') {
      this.requestId ??= xGroq.id;
      if (xGroq.id !== '') this.xGroqId ??= xGroq.id;
    }
    const choices = chunkChoices(chunk, this.requestId);
    this.stopped ??= this.stopOf(chunk);
    if (Array.isArray(chunk.choices)) {
      // Azure's OpenAI service opens with a content-filter chunk whose id and model are empty: the answer's
      // own come with the next.
      if (this.first === undefined || (this.first.id === '' && this.first.model === '')) this.first = chunk;
      noteExtraFields(this.extras, chunk, chunkFields);
      // Kept as it came, as the completion's own `mcp_list_tools`, which its type says is a list of objects: checked
      // as a whole answer's is (the stream does not look at it: no chunk type declares it).
      const { mcp_list_tools: mcpListTools } = chunk as { mcp_list_tools?: unknown };
      if (mcpListTools !== undefined && mcpListTools !== null) {
        const problem = listOfObjectsProblem(mcpListTools, 'mcp_list_tools', false);
        if (problem !== undefined) throw invalidChunkField(problem.field, problem.expected, problem.value, { requestId: this.requestId });
      }
    } else {
      this.sawOther = true;
    }
    // Each is kept on its own (a `null` erases neither): which one the completion takes is decided at the end,
    // whatever order they came in (see `toChatCompletion`).
    // Kept whole as the completion's usage, so checked as the stream checks it (chunks added by hand were not).
    const usage = checkedUsage(chunk.usage, 'usage', usageNumbers, this.requestId);
    if (usage) this.usage = usage;
    const xGroqUsage = checkedUsage(xGroq?.usage, 'x_groq.usage', xGroqUsageNumbers, this.requestId);
    if (xGroqUsage) this.xGroqUsage = xGroqUsage;
    const breakdown = objectOf(xGroq?.usage_breakdown, 'x_groq', '.usage_breakdown', this.requestId);
    if (breakdown) this.usageBreakdown = breakdown;
    // Checked only: a chunk's own breakdown is kept as the other fields the merge does not read (a `null` too, as a
    // whole answer carries it), and x_groq's, set after those, wins when both came.
    objectOf(chunk.usage_breakdown, 'usage_breakdown', '', this.requestId);
    const debug = objectOf(xGroq?.debug, 'x_groq', '.debug', this.requestId);
    if (debug) this.debug = debug;
    if (typeof xGroq?.seed === 'number') this.seed ??= xGroq.seed;
    if (typeof xGroq === 'object' && xGroq !== null) noteExtraFields(this.xGroqExtras, xGroq, xGroqFields);
    if (typeof chunk.service_tier === 'string') this.serviceTier = chunk.service_tier;
    for (let position = 0; position < choices.length; position++) this.addChoice(choices[position]!, `choices[${position}]`);
  }

  /** Merges one choice of a chunk; `at` is where it sits (`choices[0]`), for messages. */
  private addChoice(choice: ChatCompletionChunkChoice, at: string): void {
    const state = this.choice(indexOf(choice.index ?? 0, at, '.index', this.requestId));
    const delta = objectOf(choice.delta, at, '.delta', this.requestId) ?? {};
    noteExtraFields(state.choiceExtras, choice, choiceFields);
    noteExtraFields(state.messageExtras, delta, deltaFields);
    const content = stringOf(delta.content, at, '.delta.content', this.requestId);
    if (content !== undefined) state.content = (state.content ?? '') + content;
    const reasoning = stringOf(delta.reasoning, at, '.delta.reasoning', this.requestId);
    if (reasoning !== undefined) state.reasoning = (state.reasoning ?? '') + reasoning;
    // An OpenAI-compatible server streams a refusal in pieces, as it does content: joined, not its last piece.
    // Text or `null`, as content: anything else is bad data, not a piece to leave out.
    const { refusal } = delta as { refusal?: string | null };
    const piece = stringOf(refusal, at, '.delta.refusal', this.requestId);
    if (piece !== undefined) state.refusal = (state.refusal ?? '') + piece;
    else if (refusal === null) state.refusal ??= null;
    const calls = listOf(delta.tool_calls, at, '.delta.tool_calls', this.requestId);
    for (let position = 0; position < calls.length; position++) this.addToolCall(state, calls[position]!, `${at}.delta.tool_calls[${position}]`);
    // Unlike a tool call, an executed tool comes whole in each sighting (its arguments are complete JSON),
    // so a later sighting of the same index, e.g. one that adds the output, updates that tool in place. As
    // with every other field, a later `null` (an `output: null` once the output came) erases nothing.
    const tools = listOf(delta.executed_tools, at, '.delta.executed_tools', this.requestId);
    for (let position = 0; position < tools.length; position++) {
      const tool = tools[position]!;
      const index = tool.index === undefined || tool.index === null ? state.executedTools.size : indexOf(tool.index, `${at}.delta.executed_tools[${position}]`, '.index', this.requestId);
      const previous = state.executedTools.get(index) ?? { index, type: '', arguments: '' };
      state.executedTools.set(index, { ...previous, ...sentFields(tool, previous), index });
    }
    // One by one: `push(...list)` passes the list as arguments, which overflows the stack from about 100,000 items.
    for (const annotation of listOf(delta.annotations, at, '.delta.annotations', this.requestId)) state.annotations.push(annotation);
    const functionCall = objectOf(delta.function_call, at, '.delta.function_call', this.requestId);
    if (functionCall) {
      const name = stringOf(functionCall.name, at, '.delta.function_call.name', this.requestId);
      const args = stringOf(functionCall.arguments, at, '.delta.function_call.arguments', this.requestId);
      const merged = (state.functionCall ??= { name: '', arguments: '' });
      if (name) merged.name = name;
      if (args) merged.arguments += args;
    }
    const finishReason = stringOf(choice.finish_reason, at, '.finish_reason', this.requestId);
    if (finishReason) state.finishReason = finishReason;
    const logprobs = objectOf(choice.logprobs, at, '.logprobs', this.requestId);
    if (logprobs) {
      // Every list in it is joined; `content`, the one typed, must be a list of objects or `null`.
      listOf(logprobs.content, at, '.logprobs.content', this.requestId);
      state.logprobLists = addLogprobLists(state.logprobLists, logprobs);
    }
  }

  /** Merges one piece of a tool call into the call with the same index; `at` is where it sits, for messages. */
  private addToolCall(state: ChoiceState, call: ChatCompletionChunkToolCallDelta, at: string): void {
    const id = stringOf(call.id, at, '.id', this.requestId);
    const sentIndex: unknown = call.index;
    const index = sentIndex === undefined || sentIndex === null ? unindexedCall(state, id) : indexOf(sentIndex, at, '.index', this.requestId);
    state.lastToolCall = index;
    const type = stringOf(call.type, at, '.type', this.requestId);
    const fields = objectOf(call.function, at, '.function', this.requestId);
    // Strings only: `+=` on a list nested deep, or an object whose `toString` is not a function, throws.
    const name = stringOf(fields?.name, at, '.function.name', this.requestId);
    const args = stringOf(fields?.arguments, at, '.function.arguments', this.requestId);
    let entry = state.toolCalls.get(index);
    if (entry === undefined) state.toolCalls.set(index, (entry = { call: { id: '', type: 'function', function: { name: '', arguments: '' } }, extras: new Map() }));
    noteExtraFields(entry.extras, call, toolCallFields);
    const merged = entry.call;
    if (id) merged.id = id;
    if (type) merged.type = type;
    // A name comes whole (Groq and OpenAI send it once, in the call's first piece); a server that repeats it
    // in later pieces must not double it, so the latest one is kept, as openai's accumulator does.
    if (name) merged.function.name = name;
    if (args) merged.function.arguments += args;
  }

  /** See {@link ChatCompletionAccumulator.toChatCompletion}. */
  toChatCompletion(): ChatCompletion {
    const stopped = this.stopped;
    if (stopped !== undefined) throw serverError(stopped.reason, { requestId: this.requestId }, stopped);
    const first = this.first;
    if (first === undefined) {
      if (this.sawOther) throw noChatChunksError({ requestId: this.requestId });
      // The server's doing, not the caller's: Groq sends at least one chunk before `[DONE]`.
      throw new StreamInvalidDataError('No chunks were received, so there is no completion to build: the stream ended before its first chunk', {
        requestId: this.requestId,
        hint: 'Groq always sends chunks before [DONE]; check baseURL and any proxy in between.',
      });
    }
    const choices = [...this.choices.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, state]) => completedChoice(index, state));
    // Groq's whole answer has `x_groq` only with its id, which every Groq stream sends: the id the chunks
    // carry, else (a server that sends none) the request id the stream was given.
    const id = this.xGroqId ?? this.requestId;
    const xGroq = id === undefined ? undefined : { ...extraFieldsOf(this.xGroqExtras), id, ...optional('seed', this.seed), ...optional('debug', this.debug) };
    return {
      ...extraFieldsOf(this.extras),
      id: first.id,
      object: 'chat.completion',
      created: first.created,
      model: first.model,
      ...optional('system_fingerprint', first.system_fingerprint),
      choices,
      // A whole answer from Groq has only the top-level `usage` (what groq-sdk's and openai's readers read), so
      // that one wins; `x_groq.usage` stands in for it from a server that sends only Groq's copy.
      ...optional('usage', this.usage ?? this.xGroqUsage),
      ...optional('usage_breakdown', this.usageBreakdown),
      ...optional('service_tier', this.serviceTier),
      ...optional('x_groq', xGroq),
    };
  }

  /**
   * What `chunk` says stopped the answer, as `ChunkParser` reads it: an `error` member, or an `x_groq.error`
   * that gives a reason. An empty one is none: a serialiser may write every unset field as `""`.
   */
  private stopOf(chunk: ChatCompletionChunk): ChatCompletionBuilder['stopped'] {
    const beforeFirstChunk = this.first === undefined && !Array.isArray(chunk.choices);
    const { error } = chunk as { error?: unknown };
    if (error !== undefined && error !== null) return { reason: error, member: 'error', beforeFirstChunk };
    const reason = chunk.x_groq?.error;
    if (reason === undefined || reason === null || (typeof reason === 'string' && reason.trim() === '')) return undefined;
    return { reason, member: 'x_groq.error', beforeFirstChunk };
  }

  private choice(index: number): ChoiceState {
    let state = this.choices.get(index);
    if (state === undefined) this.choices.set(index, (state = emptyChoiceState()));
    return state;
  }
}

/**
 * A usage a chunk carries at `at`, as `usageProblem` checks it (an object whose `numbers` and token details
 * have their types or none), or `undefined` for `null` or nothing; anything else is bad data.
 */
function checkedUsage(value: CompletionUsage | null | undefined, at: string, numbers: readonly string[], requestId: string | undefined): CompletionUsage | undefined {
  if (value === undefined || value === null) return undefined;
  const problem = usageProblem(value, at, numbers);
  if (problem !== undefined) throw invalidChunkField(problem.field, problem.expected, problem.value, { requestId });
  return value;
}

/**
 * Where a piece of a tool call without `index` goes (some OpenAI-compatible servers leave it out). By its
 * `id`, not by its position in `tool_calls`: such servers send one call per delta, so every call's pieces sit
 * at position 0, and by position the second call's arguments would be joined onto the first's. A piece with an
 * `id` starts a new call after the others (or goes on with the call that has that id, from a server that
 * repeats it on every piece); one without an `id` goes on with the call a piece last added to. Several
 * whole calls in one delta each have their `id`, so they stay apart too.
 */
function unindexedCall(state: ChoiceState, id: string | undefined): number {
  if (!id) return state.lastToolCall ?? 0;
  let next = 0;
  for (const [index, { call }] of state.toolCalls) {
    if (call.id === id) return index;
    if (index >= next) next = index + 1;
  }
  return next;
}

/**
 * The fields of a later sighting `value` that change `previous`: not `undefined`, and `null` only where
 * `previous` has no value yet, so that a later, partial sighting keeps earlier values.
 */
function sentFields<T extends object>(value: T, previous: object): Partial<T> {
  const earlier = previous as Record<string, unknown>;
  return Object.fromEntries(Object.entries(value).filter(([key, field]) => field !== undefined && (field !== null || earlier[key] === undefined || earlier[key] === null))) as Partial<T>;
}
