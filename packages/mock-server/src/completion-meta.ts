import type { ChatRequest } from './validate-chat-request.js';

/** What every chunk of one answer (and its non-streamed equivalent) repeats. */
export interface CompletionMeta {
  /** `chatcmpl-…` */
  id: string;
  /** Unix time in seconds. */
  created: number;
  /** The model the request named, echoed. */
  model: string;
  /** `fp_…` */
  systemFingerprint: string;
  /** `req_…`, also in the `x-request-id` header and `x_groq.id`. */
  requestId: string;
  /** `x_groq.seed`: the request's `seed` (a `bigint` past 2^53, written as its digits), or one derived from the prompt. */
  seed: number | bigint;
  /** The tier that served the answer: `flex` or `performance` when asked for, else `on_demand`. */
  serviceTier: ChatRequest['serviceTier'];
}
