import type { AnswerDelta } from './answer-deltas.js';
import type { CompletionMeta } from './completion-meta.js';

/** Turns one delta (and the extras of the first or last chunk) into a complete `data: …\n\n` event. */
export type ChunkSerializer = (
  delta: AnswerDelta | Record<string, never> | { role: 'assistant'; content: '' },
  finishReason?: string | null,
  extras?: { x_groq: Record<string, unknown>; usage?: unknown },
) => string;

/**
 * Serializes chunks of one answer in Groq's key order. The part every chunk shares is stringified once:
 * unthrottled streams of 100,000 tokens spend their time here, so only the delta is stringified per chunk.
 */
export function createChunkSerializer(meta: CompletionMeta): ChunkSerializer {
  const prefix =
    `data: {"id":${JSON.stringify(meta.id)},"object":"chat.completion.chunk","created":${meta.created},` +
    `"model":${JSON.stringify(meta.model)},"system_fingerprint":${JSON.stringify(meta.systemFingerprint)},` +
    `"choices":[{"index":0,"delta":`;
  return (delta, finishReason = null, extras) => {
    let event = `${prefix}${JSON.stringify(delta)},"logprobs":null,"finish_reason":${JSON.stringify(finishReason)}}]`;
    if (extras !== undefined) {
      event += `,"x_groq":${JSON.stringify(extras.x_groq)}`;
      if (extras.usage !== undefined) event += `,"usage":${JSON.stringify(extras.usage)}`;
    }
    return `${event}}\n\n`;
  };
}
