import { createRandom, type Random } from './create-random.js';
import { createWords } from './transcript-words.js';

/** Token counts and timings (in seconds) that Groq sends at the end of a stream. */
export interface TranscriptUsage {
  /** Seconds the request waited in Groq's queue. */
  queue_time: number;
  /** Tokens of the prompt. */
  prompt_tokens: number;
  /** Seconds spent reading the prompt. */
  prompt_time: number;
  /** Tokens of the answer: here, one per generated word. */
  completion_tokens: number;
  /** Seconds spent generating the answer. */
  completion_time: number;
  /** `prompt_tokens + completion_tokens`. */
  total_tokens: number;
  /** `prompt_time + completion_time`. */
  total_time: number;
}

/** A tool call fragment in a delta; `id`, `type` and `name` come only in a call's first fragment. */
export interface TranscriptToolCallDelta {
  /** Which tool call of the message this fragment belongs to. */
  index: number;
  /** The call's id, e.g. `call_...`; first fragment only. */
  id?: string;
  /** Always `function`; first fragment only. */
  type?: 'function';
  /** The function being called. */
  function: {
    /** The function's name; first fragment only. */
    name?: string;
    /** The next piece of the JSON arguments; the pieces joined form the whole. */
    arguments: string;
  };
}

/** One `chat.completion.chunk` as Groq streams it. */
export interface TranscriptChunk {
  /** The completion's id, `chatcmpl-` and a UUID; the same in every chunk. */
  id: string;
  /** Always `chat.completion.chunk`. */
  object: 'chat.completion.chunk';
  /** When the completion was created, in Unix seconds; the same in every chunk. */
  created: number;
  /** The model that answered. */
  model: string;
  /** The backend configuration, `fp_...`; the same in every chunk. */
  system_fingerprint: string;
  /** One choice, at index 0. */
  choices: {
    /** The choice's position; always 0 here. */
    index: number;
    /** What this chunk adds to the message. */
    delta: {
      /** `assistant`, in the first chunk only. */
      role?: 'assistant';
      /** The next piece of text. */
      content?: string;
      /** The next fragments of tool calls. */
      tool_calls?: TranscriptToolCallDelta[];
    };
    /** Always `null` here. */
    logprobs: null;
    /** Why the answer ended, in the last chunk; `null` before. */
    finish_reason: TranscriptFinishReason | null;
  }[];
  /** Groq's extras, on the first and the last chunk. */
  x_groq?: {
    /** Groq's request id, `req_...`. */
    id: string;
    /** The sampling seed, on the first chunk. */
    seed?: number;
    /** Token counts and timings, on the last chunk when `withUsage` is on. */
    usage?: TranscriptUsage;
  };
  /** The same usage as `x_groq.usage`, at the top level, on the last chunk when `withUsage` is on. */
  usage?: TranscriptUsage;
}

/** Why the answer ended. */
export type TranscriptFinishReason = 'stop' | 'length' | 'tool_calls';

/** Options of {@link createChunkTranscript}. */
export interface ChunkTranscriptOptions {
  /** How many chunk objects in all, counting the first (role) and the last (finish) chunk; at least 2. */
  chunks: number;
  /** Same seed, same transcript. Default 1. */
  seed?: number | undefined;
  /** Default `llama-3.3-70b-versatile`. */
  model?: string | undefined;
  /**
   * Default `stop`. With `tool_calls` the middle chunks stream one call to `search` whose
   * `arguments`, joined, are a JSON object `{"query": "..."}`.
   */
  finishReason?: TranscriptFinishReason | undefined;
  /** Put `usage` (top level and in `x_groq`) on the last chunk. Default true. */
  withUsage?: boolean | undefined;
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
