/**
 * A citation attached to a span of the answer's text, when `citation_options` is `enabled`. Exactly
 * the field named by `type` is set.
 */
export interface ChatCompletionAnnotation {
  /** Which kind of citation this is. */
  type: 'document_citation' | 'function_citation';
  /** Set when `type` is `document_citation`. */
  document_citation?: ChatCompletionDocumentCitation;
  /** Set when `type` is `function_citation`. */
  function_citation?: ChatCompletionFunctionCitation;
}

/** A span of the answer that cites one of the request's `documents`. */
export interface ChatCompletionDocumentCitation {
  /** The `id` of the cited document. */
  document_id: string;
  /** Character index in the message content where the span begins. */
  start_index: number;
  /** Character index in the message content where the span ends. */
  end_index: number;
}

/** A span of the answer that cites the result of a tool call. */
export interface ChatCompletionFunctionCitation {
  /** The `id` of the cited tool call. */
  tool_call_id: string;
  /** Character index in the message content where the span begins. */
  start_index: number;
  /** Character index in the message content where the span ends. */
  end_index: number;
}

/** groq-sdk's nested names for the parts of an annotation, such as `ChatCompletionMessage.Annotation.DocumentCitation`. */
export declare namespace ChatCompletionAnnotation {
  /** {@link ChatCompletionDocumentCitation}, under groq-sdk's name. */
  export type DocumentCitation = ChatCompletionDocumentCitation;
  /** {@link ChatCompletionFunctionCitation}, under groq-sdk's name. */
  export type FunctionCitation = ChatCompletionFunctionCitation;
}
