import type { AnswerDelta } from './answer-deltas.js';
import type { CompletionMeta } from './completion-meta.js';
import type { JsonStringFrame } from './sse-batch.js';
import { stringifyGroqJson } from './stringify-groq-json.js';

/** A delta whose only member is a string: what almost every chunk of an answer carries. */
export type TextDeltaKind = 'content' | 'reasoning';

/**
 * The models whose reasoning deltas carry `channel: "analysis"` after `reasoning`: gpt-oss writes its reasoning on
 * harmony's analysis channel, and Groq's stream names it on each reasoning delta (recorded for both: pydantic-ai's
 * gpt-oss-120b cassettes, a live gpt-oss-20b capture), not on content or tool call deltas, nor in a whole answer's
 * message. Other reasoning models' deltas (qwen3's, recorded too) carry none.
 */
const ANALYSIS_CHANNEL_MODELS: ReadonlySet<string> = new Set(['openai/gpt-oss-20b', 'openai/gpt-oss-120b']);

/** Serializes the chunks of one answer; from {@link createChunkSerializer}. */
export interface ChunkSerializer {
  /** One chunk (any delta, with the extras of the first or last chunk) as a complete `data: …\n\n` event. */
  event(
    delta: AnswerDelta | Record<string, never> | { role: 'assistant'; content: '' },
    finishReason?: string | null,
    extras?: { x_groq: Record<string, unknown>; usage?: object },
  ): string;
  /**
   * The chunk that `stream_options.include_usage` adds after the last one, as Groq (and OpenAI) send it:
   * no choices, the usage of the whole request, and the tier that served it.
   */
  usageEvent(usage: object): string;
  /**
   * The bytes around the text of a `{ [kind]: text }` delta (`{ reasoning: text, channel: "analysis" }` for gpt-oss,
   * see {@link ANALYSIS_CHANNEL_MODELS}): the event of a text chunk is these with `JSON.stringify(text)` between
   * them, exactly as `event` would write that delta.
   */
  textFrame(kind: TextDeltaKind): JsonStringFrame;
}

/**
 * Serializes chunks of one answer in Groq's key order. The part every chunk shares is stringified once;
 * for text deltas, so is everything but the text: unthrottled streams of 100,000 tokens spend their time
 * here, so a content chunk costs one `JSON.stringify` of its token.
 */
export function createChunkSerializer(meta: CompletionMeta): ChunkSerializer {
  const head =
    `data: {"id":${JSON.stringify(meta.id)},"object":"chat.completion.chunk","created":${meta.created},` +
    `"model":${JSON.stringify(meta.model)},"system_fingerprint":${JSON.stringify(meta.systemFingerprint)},"choices":[`;
  const prefix = `${head}{"index":0,"delta":`;
  const event: ChunkSerializer['event'] = (delta, finishReason = null, extras) => {
    let text = `${prefix}${JSON.stringify(delta)},"logprobs":null,"finish_reason":${JSON.stringify(finishReason)}}]`;
    if (extras !== undefined) {
      // The usage times go out as floats (`1.0`), as Groq sends them, even when they are whole.
      text += `,"x_groq":${stringifyGroqJson(extras.x_groq)}`;
      if (extras.usage !== undefined) text += `,"usage":${stringifyGroqJson(extras.usage)}`;
    }
    return `${text}}\n\n`;
  };
  const frames = new Map<TextDeltaKind, JsonStringFrame>();
  return {
    event,
    usageEvent: (usage) => `${head}],"usage":${stringifyGroqJson(usage)},"service_tier":${JSON.stringify(meta.serviceTier)}}\n\n`,
    textFrame(kind) {
      let frame = frames.get(kind);
      if (frame === undefined) {
        // Cut from a real event around a marker, so that the frame cannot drift from `event`. The last
        // occurrence is the delta's: only constant text follows it, while the model name is the client's.
        const marker = JSON.stringify('\u0000');
        const delta = kind === 'reasoning' && ANALYSIS_CHANNEL_MODELS.has(meta.model) ? { reasoning: '\u0000', channel: 'analysis' as const } : ({ [kind]: '\u0000' } as AnswerDelta);
        const text = event(delta);
        const at = text.lastIndexOf(marker);
        frame = { prefix: Buffer.from(text.slice(0, at)), suffix: Buffer.from(text.slice(at + marker.length)) };
        frames.set(kind, frame);
      }
      return frame;
    },
  };
}
