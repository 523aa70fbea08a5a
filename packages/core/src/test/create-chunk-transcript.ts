import { createRandom, type Random } from './create-random.js';
import { createWords } from './transcript-words.js';

/** Token counts and timings (in seconds) that Groq sends at the end of a stream. */
export interface TranscriptUsage {
  queue_time: number;
  prompt_tokens: number;
  prompt_time: number;
  completion_tokens: number;
  completion_time: number;
  total_tokens: number;
  total_time: number;
}

/** A tool call fragment in a delta; `id`, `type` and `name` come only in a call's first fragment. */
export interface TranscriptToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function: { name?: string; arguments: string };
}

/** One `chat.completion.chunk` as Groq streams it (see GROQ-WIRE.md). */
export interface TranscriptChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  system_fingerprint: string;
  choices: {
    index: number;
    delta: { role?: 'assistant'; content?: string; tool_calls?: TranscriptToolCallDelta[] };
    logprobs: null;
    finish_reason: TranscriptFinishReason | null;
  }[];
  x_groq?: { id: string; seed?: number; usage?: TranscriptUsage };
  usage?: TranscriptUsage;
}

/** Why the answer ended. */
export type TranscriptFinishReason = 'stop' | 'length' | 'tool_calls';

/** Options of {@link createChunkTranscript}. */
export interface ChunkTranscriptOptions {
  /** How many chunk objects in all, counting the first (role) and the last (finish) chunk; at least 2. */
  chunks: number;
  /** Same seed, same transcript. Default 1. */
  seed?: number;
  /** Default `llama-3.3-70b-versatile`. */
  model?: string;
  /**
   * Default `stop`. With `tool_calls` the middle chunks stream one call to `search` whose
   * `arguments`, joined, are a JSON object `{"query": "..."}`.
   */
  finishReason?: TranscriptFinishReason;
  /** Put `usage` (top level and in `x_groq`) on the last chunk. Default true. */
  withUsage?: boolean;
}

const HEX = '0123456789abcdef';
const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

const roundTime = (seconds: number): number => Math.round(seconds * 1e9) / 1e9;

function createUsage(random: Random, completionTokens: number): TranscriptUsage {
  const promptTokens = random.int(20, 2000);
  const promptTime = roundTime(promptTokens / random.int(5000, 15000));
  const completionTime = roundTime(completionTokens / random.int(200, 800));
  return {
    queue_time: roundTime(0.01 + random.next() * 0.05),
    prompt_tokens: promptTokens,
    prompt_time: promptTime,
    completion_tokens: completionTokens,
    completion_time: completionTime,
    total_tokens: promptTokens + completionTokens,
    total_time: roundTime(promptTime + completionTime),
  };
}

/**
 * Creates a realistic Groq chat-completion transcript: a first chunk with
 * `delta: { role: 'assistant', content: '' }` and `x_groq: { id, seed }`, content chunks of 1–6
 * words (with accents, CJK, emoji, typographic quotes, and `"`, `\`, line breaks and tabs that
 * JSON must escape), and a last chunk with `delta: {}`, `finish_reason` and the usage.
 * Deterministic: the same options give the same chunks.
 *
 * @example
 * const chunks = createChunkTranscript({ chunks: 50, seed: 7 });
 * const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
 */
export function createChunkTranscript(options: ChunkTranscriptOptions): TranscriptChunk[] {
  const { chunks: count, seed = 1, model = 'llama-3.3-70b-versatile', finishReason = 'stop' } = options;
  if (!Number.isInteger(count) || count < 2) {
    throw new RangeError(`createChunkTranscript: chunks must be an integer >= 2 (first and last chunk), got ${count}`);
  }
  const random = createRandom(seed);
  const r = random.chars;
  const id = `chatcmpl-${r(HEX, 8)}-${r(HEX, 4)}-4${r(HEX, 3)}-${r('89ab', 1)}${r(HEX, 3)}-${r(HEX, 12)}`;
  const requestId = `req_01${r(CROCKFORD, 24)}`;
  const envelope = {
    id,
    object: 'chat.completion.chunk' as const,
    created: 1_700_000_000 + random.int(0, 99_999_999),
    model,
    system_fingerprint: `fp_${r(HEX, 10)}`,
  };
  const chunk = (delta: TranscriptChunk['choices'][0]['delta'], finish: TranscriptFinishReason | null = null): TranscriptChunk => ({
    ...envelope,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });

  const transcript: TranscriptChunk[] = [
    { ...chunk({ role: 'assistant', content: '' }), x_groq: { id: requestId, seed: random.int(0, 2 ** 31 - 1) } },
  ];
  const middle = count - 2;
  let completionTokens = 0;
  const nextWords = (): string => {
    const words = random.int(1, 6);
    completionTokens += words;
    return createWords(random, words);
  };
  if (finishReason === 'tool_calls') {
    for (let i = 0; i < middle; i++) {
      let piece = i === 0 ? '{"query":"' : JSON.stringify(nextWords()).slice(1, -1);
      if (i === middle - 1) piece += '"}';
      const call: TranscriptToolCallDelta =
        i === 0
          ? { index: 0, id: `call_${r(CROCKFORD, 24)}`, type: 'function', function: { name: 'search', arguments: piece } }
          : { index: 0, function: { arguments: piece } };
      transcript.push(chunk({ tool_calls: [call] }));
    }
  } else {
    for (let i = 0; i < middle; i++) transcript.push(chunk({ content: nextWords() }));
  }

  const last = chunk({}, finishReason);
  if (options.withUsage ?? true) {
    const usage = createUsage(random, completionTokens);
    last.x_groq = { id: requestId, usage };
    last.usage = usage;
  } else {
    last.x_groq = { id: requestId };
  }
  transcript.push(last);
  return transcript;
}
