/** Log probabilities of a choice's output tokens (only when requested with `logprobs: true`). */
export interface ChatCompletionChoiceLogprobs {
  /** One entry per token of the message content, in order. */
  content: ChatCompletionTokenLogprob[] | null;
}

/** One output token and how likely it was. */
export interface ChatCompletionTokenLogprob {
  /** The token's text. */
  token: string;
  /** Natural log of the token's probability; `-9999.0` when it was not among the 20 most likely. */
  logprob: number;
  /**
   * The token's UTF-8 bytes. Join the bytes of consecutive tokens to rebuild characters that span
   * several tokens. `null` when the token has no byte form.
   */
  bytes: number[] | null;
  /** The most likely tokens at this position, most likely first; may hold fewer than `top_logprobs`. */
  top_logprobs: ChatCompletionTopLogprob[];
}

/** groq-sdk's nested name for the most likely tokens, `ChatCompletionTokenLogprob.TopLogprob`. */
export declare namespace ChatCompletionTokenLogprob {
  /** {@link ChatCompletionTopLogprob}, under groq-sdk's name. */
  export type TopLogprob = ChatCompletionTopLogprob;
}

/** One of the most likely tokens at a position. */
export interface ChatCompletionTopLogprob {
  /** The token's text. */
  token: string;
  /** Natural log of the token's probability; `-9999.0` when it was not among the 20 most likely. */
  logprob: number;
  /** The token's UTF-8 bytes, or `null` when it has no byte form. */
  bytes: number[] | null;
}
